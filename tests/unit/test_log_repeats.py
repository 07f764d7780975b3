"""A message the Kafka client repeats (every failed attempt to reach an absent broker, as an
error) is logged once per window, the next one saying how many were left out
(``telemetry.Repeats``); other loggers are untouched."""

from __future__ import annotations

import logging

import pytest

from lianfang_shared.telemetry import Repeats

pytestmark = pytest.mark.unit


def record(name: str, msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord(name, logging.ERROR, __file__, 1, msg, args, None)


def test_a_repeated_message_passes_once_per_window(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr("lianfang_shared.telemetry.time.monotonic", lambda: now[0])
    repeats = Repeats(("aiokafka",), window=10.0)
    unreachable = "Unable connect to node with id %s: %s"
    passed = []
    for _ in range(50):  # 50 failed attempts in 5 s
        r = record("aiokafka", unreachable, 111, "Connect call failed")
        if repeats.filter(r):
            passed.append(r.getMessage())
        now[0] += 0.1
    now[0] += 6.0  # past the window
    r = record("aiokafka", unreachable, 111, "Connect call failed")
    assert repeats.filter(r)
    passed.append(r.getMessage())
    assert passed == [
        "Unable connect to node with id 111: Connect call failed",
        "Unable connect to node with id 111: Connect call failed"
        " [49 more like it left out since the last]",
    ]


def test_other_messages_and_other_loggers_pass() -> None:
    repeats = Repeats(("aiokafka",), window=10.0)
    assert repeats.filter(record("aiokafka.consumer.fetcher", "Failed fetch messages from %s", 1))
    assert repeats.filter(record("aiokafka", "Unable to update metadata from %s", [111]))
    for _ in range(3):  # not the Kafka client's: every one
        assert repeats.filter(record("lianfang_shared.intake", "dead-letters %s", "x"))
