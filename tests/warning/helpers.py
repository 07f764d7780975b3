"""Helpers of the warning tests: the factory, review's risk points, calls, Kafka and scans."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from lianfang_shared.bus import events_topic
from lianfang_shared.contracts import review as r
from lianfang_shared.envelope import Envelope
from lianfang_shared.outbox import envelope_id
from lianfang_shared.settings import PlatformSettings
from lianfang_warning.clock import CLOCK
from lianfang_warning.config import WarningSettings
from tests.registry.factory import Factory, bearer, register_organisation
from tests.support import System, eventually

API = "/api/v1/warning"


def today() -> date:
    """Today as the warning service sees it (its clock, its time zone)."""
    return CLOCK.today(WarningSettings().zone)


@dataclass
class World:
    """The factory (ids by code) and review's risk points (ids by key)."""

    f: Factory
    risk_points: dict[str, str]

    def dept(self, code: str) -> str:
        return self.f.departments[code]

    def person(self, staff_no: str) -> str:
        return self.f.persons[staff_no]


def office(s: System, user: str = "office-1") -> dict[str, str]:
    return bearer(s, "office", user=user)


def head(s: System, w: World, code: str = "WZ", user: str = "head-wz") -> dict[str, str]:
    return bearer(s, "dept_head", user=user, department_id=w.dept(code))


async def call(
    s: System, method: str, path: str, headers: dict[str, str], expect: int = 200, **kw: Any
) -> httpx.Response:
    """A request to the warning API that must answer ``expect``."""
    r_ = await s.http.request(method, f"{API}{path}", headers=headers, **kw)
    assert r_.status_code == expect, f"{method} {path}: {r_.status_code} {r_.text}"
    return r_


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def stored(s: System) -> int:
    """How many events the warning service has stored."""
    return s.services["warning"].app.recorder.max_notification_id() or 0


RISK_POINTS = {  # key: (owner department, post, description, grade)
    "supplier": ("WZ", "WZ.CGY", "供应商选择中收受回扣、指定供应商", "high"),
    "acceptance": ("WZ", "WZ.BGY", "物资验收把关不严、以次充好", "medium"),
}


def review_envelopes(w: World) -> list[Envelope]:
    """What review publishes when it proposes and grades the procurement risk points."""
    found = []
    position = 0
    for key, (dept, post, text, grade) in RISK_POINTS.items():
        rp = uuid.uuid5(uuid.NAMESPACE_URL, f"rp-{key}-{w.dept(dept)}")
        w.risk_points[key] = str(rp)
        owner = r.Owner(department_id=w.dept(dept), post_id=w.f.posts[post], scope="post")
        for version, body in enumerate(
            (
                r.RiskPointProposed(
                    risk_point_id=rp, owner=owner, category="business_process", description=text
                ),
                r.RiskPointGraded(
                    risk_point_id=rp, owner=owner, grade=grade, reason="评审确定", model_version=1
                ),
            ),
            start=1,
        ):
            position += 1
            found.append(
                Envelope(
                    id=envelope_id("review", rp, version),
                    source="/lianfang/review",
                    type=body.event_type,
                    subject=str(rp),
                    time=datetime.now(UTC),
                    sourceposition=position,
                    data=body.model_dump(mode="json"),
                )
            )
    return found


async def publish(platform: PlatformSettings, service: str, envelopes: list[Envelope]) -> None:
    """Put envelopes on a service's topic, as its relay would."""
    producer = AIOKafkaProducer(bootstrap_servers=platform.kafka_bootstrap_servers)
    await producer.start()
    try:
        for env in envelopes:
            key, value, headers = env.to_kafka()
            await producer.send_and_wait(
                events_topic(platform, service),
                value,
                key=key,
                headers=[(k, v.encode()) for k, v in headers.items()],
            )
    finally:
        await producer.stop()


async def build_world(s: System) -> World:
    """Register the factory, publish the risk points, wait until warning knows them all."""
    w = World(await register_organisation(s), {})
    await publish(s.platform, "review", review_envelopes(w))
    db = s.services["warning"].db

    def known() -> bool:
        with db.transaction() as conn:
            row = conn.execute(
                "SELECT (SELECT count(*) FROM persons) AS p, "
                "(SELECT count(*) FROM risk_points WHERE grade IS NOT NULL) AS rp, "
                "(SELECT count(*) FROM leaders_in_charge) AS l, "
                "(SELECT count(*) FROM appointments) AS a, "
                "(SELECT count(*) FROM departments) AS d"
            ).fetchone()
        return row == {"p": 7, "rp": 2, "l": 2, "a": 6, "d": 4}

    await eventually(lambda: asyncio.to_thread(known), timeout=60)
    return w


async def read_prefix(platform: PlatformSettings) -> list[Any]:
    """Every record of every topic of the test's prefix, from the beginning."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=platform.kafka_bootstrap_servers, enable_auto_commit=False
    )
    await consumer.start()
    records: list[Any] = []
    try:
        topics = [t for t in await consumer.topics() if t.startswith(f"{platform.topic_prefix}.")]
        partitions = [
            TopicPartition(t, p) for t in topics for p in consumer.partitions_for_topic(t) or ()
        ]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        while True:
            batch = await consumer.getmany(timeout_ms=1500)
            if not batch:
                break
            records += [rec for recs in batch.values() for rec in recs]
    finally:
        await consumer.stop()
    return records


def record_text(record: Any) -> str:
    """Key, value and headers of a Kafka record as text (for scanning)."""
    parts = [record.key or b"", record.value or b""]
    parts += [v for _, v in record.headers or ()]
    return "\n".join(p.decode("utf-8", "replace") for p in parts)


async def assessed_case(s: System, w: World, department: str = "WZ") -> str:
    """A case from one audit signal, assessed: issue a warning."""
    me = office(s)
    signal = await call(
        s,
        "POST",
        "/signals",
        me,
        201,
        json={
            "channel": "audit",
            "received_on": str(today()),
            "summary": "审计发现采购比价不规范",
            "content": "若干采购合同未按规定比价。",
            "department_ids": [w.dept(department)],
        },
    )
    case = str(signal.json()["case_id"])
    await call(
        s,
        "POST",
        f"/cases/{case}/assessments",
        me,
        201,
        json={
            "severity": "medium",
            "decision": "warn",
            "reasoning": "需要预警",
        },
    )
    return case


async def issued_warning(
    s: System, w: World, respond_days: int = 2, rectify_days: int = 10, **more: Any
) -> tuple[str, str]:
    """An assessed case and a warning issued to the purchasing department: (case, warning)."""
    case = await assessed_case(s, w)
    day = today()
    body = {
        "department_id": w.dept("WZ"),
        "summary": "采购比价预警",
        "content": "请规范采购比价。",
        "respond_by": str(day + timedelta(days=respond_days)),
        "rectify_by": str(day + timedelta(days=rectify_days)),
        **more,
    }
    r_ = await call(s, "POST", f"/cases/{case}/warnings", office(s), 201, json=body)
    return case, str(r_.json()["id"])
