"""The stored-event transcoder reads exactly what eventsourcing's own JSON decoder reads."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import JSONTranscoder
from hypothesis import given, settings
from hypothesis import strategies as st

from lianfang_shared.application import ServiceApplication
from lianfang_shared.transcoding import StoredJSON


def _pair() -> tuple[JSONTranscoder, StoredJSON]:
    app = ServiceApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    plain = JSONTranscoder()
    app.register_transcodings(plain)
    fast = app.mapper.transcoder
    assert isinstance(fast, StoredJSON)
    return plain, fast


PLAIN, FAST = _pair()

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False)
    | st.text()
    | st.uuids()
    | st.dates()
    | st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=8))]))
    | st.decimals(allow_nan=False, allow_infinity=False)
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def _same(a: Any, b: Any) -> None:
    assert type(a) is type(b), (a, b)
    if isinstance(a, dict):
        assert list(a) == list(b)
        for k in a:
            _same(a[k], b[k])
    elif isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            _same(x, y)
    elif isinstance(a, float) and math.isnan(a):
        assert math.isnan(b)
    else:
        assert a == b
        if isinstance(a, float):
            assert math.copysign(1, a) == math.copysign(1, b)  # -0.0 stays -0.0


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.text(), values, max_size=6))
def test_reads_what_eventsourcing_reads(state: dict[str, Any]) -> None:
    stored = PLAIN.encode(state)
    assert FAST.encode(state) == stored  # written as eventsourcing writes
    _same(FAST.decode(stored), PLAIN.decode(stored))


@pytest.mark.parametrize(
    "document",
    [
        b'{"a":NaN,"b":Infinity,"c":-Infinity}',  # what Python's encoder writes for them
        b'{"a":1,"a":2}',  # the last of a repeated key wins
        b'{"s":"\\u00e9\\n\\"\\\\\\ud83d\\ude00"}',
        b'[{"_type_":"uuid_hex","_data_":"' + UUID(int=7).hex.encode() + b'"}]',
        b'{"_type_":"date_iso","_data_":"2026-11-27"}',
        b'{"x":{"_type_":"decimal_str","_data_":"1.10"},"y":{"_type_":"nope"}}',
        b"12345678901234567890123456789",
        b'"text"',
        b"{}",
    ],
)
def test_edge_documents(document: bytes) -> None:
    _same(FAST.decode(document), PLAIN.decode(document))


def test_typed_values_come_back_as_objects() -> None:
    state = {"on": date(2026, 11, 27), "amount": Decimal("1.10"), "ids": [UUID(int=1)]}
    assert FAST.decode(PLAIN.encode(state)) == state
    when = datetime(2026, 11, 27, 8, tzinfo=UTC)
    assert FAST.decode(PLAIN.encode({"t": when}))["t"] == when


def test_refuses_what_eventsourcing_refuses() -> None:
    for broken in (b"{", b'{"a":}', b"\xff"):
        with pytest.raises(ValueError):
            PLAIN.decode(broken)
        with pytest.raises(ValueError):
            FAST.decode(broken)
