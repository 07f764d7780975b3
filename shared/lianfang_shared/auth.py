"""Authentication and authorisation: JWT bearer tokens, roles from DOMAIN.md, deny by default.

Every service router is mounted behind ``authenticated`` (see ``app.py``); a route narrows
access further with ``require(...)``. Development signs with an HS256 secret; production
verifies RS256 with a public key or a JWKS endpoint.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from lianfang_shared.context import set_actor
from lianfang_shared.settings import PlatformSettings


class Role(StrEnum):
    """Roles (DOMAIN.md), plus ``service`` for service-to-service calls."""

    office = "office"
    dept_head = "dept_head"
    dept_staff = "dept_staff"
    middle_cadre = "middle_cadre"
    leader = "leader"
    party_committee = "party_committee"
    party_secretary = "party_secretary"
    discipline = "discipline"
    auditor = "auditor"
    admin = "admin"
    service = "service"


class Principal(BaseModel):
    """The authenticated caller."""

    user_id: str
    roles: frozenset[Role]
    department_id: str | None = None
    person_id: str | None = None

    def has(self, *roles: Role) -> bool:
        """True if the caller holds any of ``roles``."""
        return bool(self.roles.intersection(roles))


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"}
    )


@lru_cache(maxsize=4)
def _jwks_client(url: str) -> jwt.PyJWKClient:
    return jwt.PyJWKClient(url, cache_keys=True)


def _verification_key(settings: PlatformSettings, token: str) -> Any:
    if settings.jwt_algorithm == "HS256":
        return settings.jwt_secret
    if settings.jwt_jwks_url:
        return _jwks_client(settings.jwt_jwks_url).get_signing_key_from_jwt(token).key
    return settings.jwt_public_key


# Tokens verified, until their expiry: (token, how it was verified) -> (exp, principal).
# A client sends the same token with each request; verifying its signature and claims again
# costs more than the rest of authentication. Bounded (least recently used goes first).
_VERIFIED: OrderedDict[tuple[str, ...], tuple[float, Principal]] = OrderedDict()
_VERIFIED_MAX = 1024
_VERIFIED_LOCK = threading.Lock()


def decode_token(settings: PlatformSettings, token: str) -> Principal:
    """Verify a bearer token and return its principal; raise HTTP 401 on any fault.

    A token verified before with the same settings (algorithm, key or JWKS URL, audience,
    issuer) is not verified again until its ``exp``: PyJWT would accept it until then too.
    """
    key = (
        token,
        settings.jwt_algorithm,
        settings.jwt_secret,
        settings.jwt_public_key,
        settings.jwt_jwks_url,
        settings.jwt_audience,
        settings.jwt_issuer,
    )
    with _VERIFIED_LOCK:
        hit = _VERIFIED.get(key)
        if hit is not None:
            if time.time() < hit[0]:
                _VERIFIED.move_to_end(key)
                return hit[1].model_copy()
            del _VERIFIED[key]
    principal, exp = _verify(settings, token)
    with _VERIFIED_LOCK:
        _VERIFIED[key] = (exp, principal)
        while len(_VERIFIED) > _VERIFIED_MAX:
            _VERIFIED.popitem(last=False)
    return principal.model_copy()


def _verify(settings: PlatformSettings, token: str) -> tuple[Principal, float]:
    try:
        claims = jwt.decode(
            token,
            _verification_key(settings, token),
            algorithms=[settings.jwt_algorithm],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": ["exp", "sub", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError:
        raise _unauthorized("token expired") from None
    except jwt.InvalidSignatureError:
        raise _unauthorized("token signature is invalid") from None
    except jwt.PyJWTError as e:
        raise _unauthorized(f"invalid token: {e}") from None
    try:
        roles = frozenset(Role(r) for r in claims.get("roles", []))
    except ValueError as e:
        raise _unauthorized(f"invalid token: {e}") from None
    principal = Principal(
        user_id=str(claims["sub"]),
        roles=roles,
        department_id=claims.get("department_id"),
        person_id=claims.get("person_id"),
    )
    return principal, float(claims["exp"])


def mint_token(
    settings: PlatformSettings,
    user_id: str,
    roles: list[str],
    *,
    department_id: str | None = None,
    person_id: str | None = None,
    ttl_seconds: int = 8 * 3600,
) -> str:
    """Sign an HS256 token (development, tests and in-cluster service calls)."""
    if settings.jwt_algorithm != "HS256":
        raise ValueError("tokens can only be minted with HS256; production uses its IdP")
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": user_id,
        "roles": [Role(r).value for r in roles],
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + ttl_seconds,
        "jti": uuid.uuid4().hex,
    }
    if department_id:
        claims["department_id"] = department_id
    if person_id:
        claims["person_id"] = person_id
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")


_bearer = HTTPBearer(auto_error=False)


async def authenticated(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller's principal; 401 without a valid bearer token."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("missing bearer token")
    settings: PlatformSettings = request.app.state.platform
    principal = decode_token(settings, credentials.credentials)
    request.state.principal = principal
    set_actor(principal.user_id)  # events saved for this request name their actor
    return principal


CurrentUser = Annotated[Principal, Depends(authenticated)]


def require(*roles: Role) -> Any:
    """A dependency that lets only callers holding one of ``roles`` through (else 403)."""

    async def check(user: CurrentUser) -> Principal:  # async: no worker thread for a check
        if not user.has(*roles):
            wanted = ", ".join(r.value for r in roles)
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"requires one of the roles: {wanted}")
        return user

    return Depends(check)
