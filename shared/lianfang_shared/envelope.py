"""The integration-event envelope: CloudEvents 1.0, binary content mode on Kafka.

On Kafka the attributes travel as ``ce_*`` headers and the body is the contract's JSON.
On the HTTP feed the same envelope is served in CloudEvents' structured JSON form.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lianfang_shared.contracts import ContractError, IntegrationEvent, parse

SPECVERSION = "1.0"
CONTENT_TYPE = "application/json"
# Attributes carried as ce_<name> headers, in CloudEvents' own names.
_HEADER_ATTRS = (
    "id",
    "source",
    "specversion",
    "type",
    "time",
    "subject",
    "schemaversion",
    "actor",
    "sourceposition",
    "traceparent",
    "tracestate",
)


class EnvelopeError(ValueError):
    """A message is not a valid envelope (missing or malformed attributes or body)."""


class Envelope(BaseModel):
    """One integration event with its CloudEvents attributes."""

    model_config = ConfigDict(frozen=True)

    id: str
    source: str = Field(description="Producing service, e.g. /lianfang/registry")
    type: str
    subject: str = Field(description="Aggregate id; also the Kafka key")
    time: datetime
    specversion: str = SPECVERSION
    schemaversion: int = 1
    actor: str = ""
    sourceposition: int = Field(description="Position in the source service's event log")
    traceparent: str = ""
    tracestate: str = ""
    data: dict[str, Any]

    @property
    def service(self) -> str:
        """Name of the producing service (last part of ``source``)."""
        return self.source.rsplit("/", 1)[-1]

    def contract(self) -> IntegrationEvent:
        """The body parsed into its registered contract (raises UnknownEventType)."""
        return parse(self.type, self.schemaversion, self.data)

    def to_kafka(self) -> tuple[bytes, bytes, dict[str, str]]:
        """Return (key, value, headers) for a binary-mode Kafka record."""
        attrs = self.model_dump(mode="json", exclude={"data"})
        headers = {
            f"ce_{k}": str(attrs[k]) for k in _HEADER_ATTRS if attrs.get(k) not in ("", None)
        }
        headers["content-type"] = CONTENT_TYPE
        value = json.dumps(self.data, ensure_ascii=False, separators=(",", ":")).encode()
        return self.subject.encode(), value, headers

    @classmethod
    def from_kafka(
        cls, headers: Sequence[tuple[str, bytes]] | Mapping[str, Any], value: bytes | None
    ) -> Envelope:
        """Decode a binary-mode Kafka record; raise EnvelopeError if it is not one."""
        items = headers.items() if isinstance(headers, Mapping) else headers
        attrs: dict[str, Any] = {}
        for name, raw in items:
            if name.startswith("ce_"):
                try:
                    attrs[name[3:]] = raw.decode() if isinstance(raw, bytes) else raw
                except UnicodeDecodeError as e:
                    raise EnvelopeError(f"header {name} is not UTF-8: {e}") from e
        try:
            data = json.loads(value or b"")
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise EnvelopeError(f"body is not JSON: {e}") from e
        except RecursionError as e:
            raise EnvelopeError("body is not JSON: nested too deeply") from e
        if not isinstance(data, dict):
            raise EnvelopeError("body is not a JSON object")
        return cls._validated({**attrs, "data": data})

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> Envelope:
        """Decode CloudEvents structured JSON (the feed's form)."""
        return cls._validated(dict(obj))

    def to_json(self) -> dict[str, Any]:
        """CloudEvents structured JSON form."""
        out = self.model_dump(mode="json")
        out["datacontenttype"] = CONTENT_TYPE
        return out

    @classmethod
    def _validated(cls, attrs: dict[str, Any]) -> Envelope:
        attrs.pop("datacontenttype", None)
        if attrs.get("specversion") != SPECVERSION:
            raise EnvelopeError(f"unsupported specversion {attrs.get('specversion')!r}")
        try:
            return cls.model_validate(attrs)
        except ValidationError as e:
            raise EnvelopeError(f"invalid envelope: {e.errors(include_url=False)}") from e


__all__ = ["ContractError", "Envelope", "EnvelopeError"]
