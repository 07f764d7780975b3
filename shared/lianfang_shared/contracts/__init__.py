"""Integration-event contracts: the only things that cross Kafka.

Each contract is a pydantic model registered under its CloudEvents ``type`` and schema version.
Domain events stay inside their service; a service's translator maps them to these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError


class UnknownEventType(LookupError):
    """A message names a type (or schema version) no contract is registered for."""


class ContractError(ValueError):
    """A message's body does not match its contract."""


class IntegrationEvent(BaseModel):
    """Base of every contract body."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1


C = TypeVar("C", bound=type[IntegrationEvent])

_REGISTRY: dict[tuple[str, int], type[IntegrationEvent]] = {}


def contract(event_type: str, version: int = 1) -> Callable[[C], C]:
    """Register a contract class under a CloudEvents type and schema version."""

    def register(cls: C) -> C:
        key = (event_type, version)
        if key in _REGISTRY and _REGISTRY[key] is not cls:
            raise ValueError(f"contract {event_type} v{version} registered twice")
        cls.event_type = event_type
        cls.schema_version = version
        _REGISTRY[key] = cls
        return cls

    return register


def contract_for(event_type: str, version: int) -> type[IntegrationEvent]:
    """Return the contract class, or raise UnknownEventType."""
    _load_all()
    try:
        return _REGISTRY[(event_type, version)]
    except KeyError:
        raise UnknownEventType(f"unknown event type {event_type!r} v{version}") from None


def parse(event_type: str, version: int, data: dict[str, Any]) -> IntegrationEvent:
    """Validate a body against its contract."""
    cls = contract_for(event_type, version)
    try:
        return cls.model_validate(data)
    except ValidationError as e:
        raise ContractError(f"{event_type} v{version}: {e.errors(include_url=False)}") from e


def all_contracts() -> dict[tuple[str, int], type[IntegrationEvent]]:
    """Every registered contract (for AsyncAPI and docs)."""
    _load_all()
    return dict(_REGISTRY)


def _load_all() -> None:
    from lianfang_shared.contracts import (
        registry,  # noqa: F401  (registers on import)
        review,  # noqa: F401
        warning,  # noqa: F401
    )
