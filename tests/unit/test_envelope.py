"""The envelope: CloudEvents binary mode on Kafka, structured JSON on the feed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from lianfang_shared.contracts import (
    ContractError,
    IntegrationEvent,
    UnknownEventType,
    all_contracts,
    contract,
)
from lianfang_shared.contracts.registry import DepartmentCreated
from lianfang_shared.envelope import Envelope, EnvelopeError
from lianfang_shared.outbox import envelope_id

pytestmark = pytest.mark.unit


def make(**overrides: object) -> Envelope:
    dept = uuid4()
    values: dict[str, object] = {
        "id": envelope_id("registry", dept, 1),
        "source": "/lianfang/registry",
        "type": DepartmentCreated.event_type,
        "subject": str(dept),
        "time": datetime(2026, 6, 30, 8, 0, tzinfo=UTC),
        "actor": "admin-1",
        "sourceposition": 7,
        "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "data": {"department_id": str(dept), "code": "CW", "name": "财务部", "parent_id": None},
    }
    values.update(overrides)
    return Envelope.model_validate(values)


def test_kafka_binary_mode_round_trip() -> None:
    env = make()
    key, value, headers = env.to_kafka()
    assert key == env.subject.encode()
    assert headers["ce_specversion"] == "1.0"
    assert headers["ce_type"] == "lianfang.registry.department.created"
    assert headers["ce_schemaversion"] == "1"
    assert headers["ce_sourceposition"] == "7"
    assert headers["ce_actor"] == "admin-1"
    assert headers["content-type"] == "application/json"
    assert json.loads(value)["name"] == "财务部"  # the body is the contract alone
    back = Envelope.from_kafka([(k, v.encode()) for k, v in headers.items()], value)
    assert back == env
    assert isinstance(back.contract(), DepartmentCreated)


def test_structured_json_round_trip() -> None:
    env = make()
    assert Envelope.from_json(env.to_json()) == env


def test_envelope_ids_are_stable() -> None:
    dept = uuid4()
    assert envelope_id("registry", dept, 3) == envelope_id("registry", dept, 3)
    assert envelope_id("registry", dept, 3) != envelope_id("registry", dept, 4)


def test_unknown_type_is_rejected_clearly() -> None:
    with pytest.raises(UnknownEventType, match=r"lianfang\.nothing\.happened"):
        make(type="lianfang.nothing.happened").contract()
    with pytest.raises(UnknownEventType, match="v9"):
        make(schemaversion=9).contract()


def test_body_that_breaks_its_contract_is_rejected() -> None:
    with pytest.raises(ContractError, match="code"):
        make(data={"department_id": str(uuid4()), "name": "x"}).contract()


@pytest.mark.parametrize(
    ("headers", "value", "reason"),
    [
        ([], b"{}", "specversion"),
        ([("ce_specversion", b"1.0")], b"not json", "not JSON"),
        ([("ce_specversion", b"1.0")], b"[1]", "JSON object"),
        ([("ce_specversion", b"1.0"), ("ce_type", b"x")], b"{}", "invalid envelope"),
    ],
)
def test_malformed_records_are_rejected(headers: list, value: bytes, reason: str) -> None:
    with pytest.raises(EnvelopeError, match=reason):
        Envelope.from_kafka(headers, value)


def test_one_registry_of_contracts() -> None:
    contracts = all_contracts()
    assert contracts[("lianfang.registry.department.created", 1)] is DepartmentCreated
    with pytest.raises(ValueError, match="registered twice"):

        @contract("lianfang.registry.department.created")
        class Impostor(IntegrationEvent):
            pass
