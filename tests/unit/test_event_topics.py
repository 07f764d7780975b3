"""Every event type ever stored still resolves: stored events name their class by topic
(``module:Class.Event``, and a ``Created`` event its aggregate's ``module:Class``), and an
auditor replays years of them. ``docs/event-topics.txt``
lists every topic the services have written; a class that moves or is renamed must leave its
old topic resolvable (``eventsourcing.utils.register_topic``), and a new event type is added
to the list in the same change."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from eventsourcing.domain import (
    Aggregate,
    DecoratedFuncCaller,
    DomainEvent,
    decorated_func_callers,
    decorated_funcs,
)
from eventsourcing.utils import get_topic, resolve_topic

pytestmark = pytest.mark.unit

LISTED = Path(__file__).parents[2] / "docs" / "event-topics.txt"
PACKAGES = ("lianfang_shared", "lianfang_registry", "lianfang_review", "lianfang_warning")
PACKAGES += ("lianfang_notify",)


def listed() -> list[str]:
    """The topics in the list (comments and blank lines left out)."""
    lines = LISTED.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def current() -> set[str]:
    """The topics the services' code stores: each aggregate class (a ``Created`` event names
    the class it creates) with its event classes, and the class of each ``@event`` method,
    which is made where the method is written, so a mixin's method stores the mixin's event
    (``RiskPoint.add_measure`` stores ``MeasureHolder.MeasureAdded``)."""
    topics = set()
    for package in PACKAGES:
        root = importlib.import_module(package)
        for module in pkgutil.walk_packages(root.__path__, f"{package}."):
            for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
                mine = issubclass(cls, Aggregate) and cls.__module__.startswith("lianfang_")
                if mine and not cls.__subclasses__():  # a mixin alone is never stored
                    topics.add(get_topic(cls))
                    topics |= {
                        get_topic(event)
                        for event in vars(cls).values()
                        if inspect.isclass(event)
                        and issubclass(event, DomainEvent)
                        and replayable(event)  # not a copy of a mixin's @event, never raised
                    }
    topics |= {
        get_topic(event)
        for event in decorated_func_callers.values()
        if event.__module__.startswith("lianfang_")
    }
    return topics


def replayable(cls: type) -> bool:
    """An event class of an ``@event`` method applies through that method, which
    eventsourcing keeps for the class it made; a copy of it on a subclass has none."""
    return not issubclass(cls, DecoratedFuncCaller) or cls in decorated_funcs


def test_every_listed_topic_still_resolves_to_an_event_class() -> None:
    unresolved = []
    for topic in listed():
        try:
            cls = resolve_topic(topic)
        except Exception:  # each failure is reported below
            unresolved.append(topic)
            continue
        assert issubclass(cls, DomainEvent | Aggregate), topic
        assert replayable(cls), f"{topic} resolves to a class that cannot apply itself"
    assert not unresolved, (
        "stored events of these types could no longer be read; keep the old topic "
        f"resolvable with eventsourcing.utils.register_topic: {unresolved}"
    )


def test_every_event_class_is_listed() -> None:
    missing = sorted(current() - set(listed()))
    assert not missing, f"add the new event types to {LISTED.name}:\n" + "\n".join(missing)


def test_the_list_is_sorted_and_has_no_repeats() -> None:
    topics = listed()
    assert topics == sorted(set(topics))
