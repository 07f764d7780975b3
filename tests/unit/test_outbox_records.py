"""The relay's Kafka records equal the envelopes' own binary form, byte for byte, and go to
the partitions Kafka's own partitioner would choose."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any
from uuid import NAMESPACE_URL, uuid4, uuid5

import pytest
from aiokafka.partitioner import DefaultPartitioner
from aiokafka.partitioner import murmur2 as aiokafka_murmur2

from lianfang_shared.contracts.registry import DepartmentCreated, DepartmentRenamed
from lianfang_shared.outbox import Outbox, envelope_id
from lianfang_shared.partitioner import murmur2, partition_index
from lianfang_shared.persistence import META_KEY

pytestmark = pytest.mark.unit


def domain_event(meta: dict[str, str] | None, timestamp: datetime) -> Any:
    event = SimpleNamespace(originator_id=uuid4(), originator_version=3, timestamp=timestamp)
    if meta is not None:
        setattr(event, META_KEY, meta)
    return event


@pytest.mark.parametrize(
    ("meta", "timestamp"),
    [
        (None, datetime(2026, 6, 30, 8, 0, tzinfo=UTC)),
        ({"actor": "admin-1"}, datetime(2026, 6, 30, 8, 0, 1, 250, tzinfo=UTC)),
        (
            {
                "actor": "",
                "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "tracestate": "k=v",
            },
            datetime(2026, 6, 30, 8, 0, tzinfo=timezone(timedelta(hours=8))),
        ),
    ],
)
def test_record_is_the_envelopes_kafka_form(
    meta: dict[str, str] | None, timestamp: datetime
) -> None:
    outbox = Outbox("registry", app=None, translate=lambda e: None)  # type: ignore[arg-type]
    event = domain_event(meta, timestamp)
    for body in (
        DepartmentCreated(department_id=event.originator_id, code="CW", name='财务部"\\'),
        DepartmentRenamed(department_id=event.originator_id, name="纪检监察部"),
    ):
        record = outbox.record(body, event, 42)
        key, value, headers = outbox.wrap(body, event, 42).to_kafka()
        assert record.key == key
        assert record.value == value  # no floats here: byte for byte
        assert json.loads(record.value) == json.loads(value)
        assert record.headers == [(k, v.encode()) for k, v in headers.items()]
        assert record.traceparent == (meta or {}).get("traceparent", "")
        assert record.tracestate == (meta or {}).get("tracestate", "")


def test_envelope_id_is_uuid5() -> None:
    for _ in range(200):
        dept, version = uuid4(), 7
        expected = str(uuid5(NAMESPACE_URL, f"lianfang:registry:{dept}:{version}"))
        assert envelope_id("registry", dept, version) == expected


def test_records_go_to_the_partition_kafkas_own_partitioner_chooses() -> None:
    rng = random.Random(7)
    keys = [b"", b"a", b"ab", b"abc", b"abcd", str(uuid4()).encode()]
    keys += [rng.randbytes(rng.randrange(0, 70)) for _ in range(2000)]
    for key in keys:
        assert murmur2(key) == aiokafka_murmur2(key), key
        for count in (1, 3, 12):
            partitions = list(range(count))
            expected = DefaultPartitioner()(key, partitions, partitions)
            assert partition_index(key, count) == expected, (key, count)
