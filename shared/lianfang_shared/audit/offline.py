"""Verifying an exported JSON Lines file offline, with the same verifier as the live log."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from lianfang_shared.audit.chain import Link, Row, digest
from lianfang_shared.audit.checkpoint import Checkpoint
from lianfang_shared.audit.export import FORMAT
from lianfang_shared.audit.jsonl import seal_message
from lianfang_shared.audit.signing import DEV_PREFIX, key_id, load_public_keys, signature_valid
from lianfang_shared.audit.verify import Actual, Report, Verifier


class Unreadable(ValueError):
    """The file is not an export this verifier reads."""


def _state(obj: dict[str, Any]) -> bytes | None:
    if "state" in obj:
        return str(obj["state"]).encode("utf-8")
    if "state_b64" in obj:
        return base64.b64decode(obj["state_b64"])
    return None


def _position(obj: dict[str, Any], actual: list[Actual], links: list[Link]) -> None:
    p = int(obj["position"])
    who = (str(obj.get("originator_id", "")), int(obj.get("originator_version", 0)))
    claimed = bytes.fromhex(obj["digest"]) if obj.get("digest") else None
    if obj.get("hash") and claimed is not None:
        links.append(Link(p, who[0], who[1], claimed, bytes.fromhex(obj["hash"])))
    if obj.get("absent"):
        return
    state = _state(obj)
    if state is not None:
        actual.append((p, digest(Row(p, who[0], who[1], str(obj["topic"]), state)), who))
    elif claimed is not None:  # withheld or another subject's: only its digest is known
        actual.append((p, claimed, who))


def _keys(head: dict[str, Any], given: str | None, report: Report) -> dict[str, Ed25519PublicKey]:
    pem = given if given is not None else str(head.get("public_key", ""))
    dev = str(head.get("key_id", "")).startswith(DEV_PREFIX)
    keys = {(DEV_PREFIX if dev else "") + key_id(k): k for k in load_public_keys(pem)}
    if dev:
        report.notes.append("signed with the development key: the signatures prove nothing")
    elif given is None:
        report.notes.append(
            f"checked with the key in the file ({head.get('key_id')}); compare it with the "
            "public key the operator publishes, or pass --public-key"
        )
    return keys


def verify_file(data: bytes, public_keys: str | None = None) -> Report:
    """Verify an export: its seal, its chain and its checkpoints."""
    lines = data.splitlines(keepends=True)
    try:
        objs = [json.loads(x) for x in lines if x.strip()]
    except json.JSONDecodeError as e:
        raise Unreadable(f"not JSON Lines: {e}") from None
    if not objs or objs[0].get("format") != FORMAT:
        raise Unreadable(f"not a {FORMAT} file")
    head, seal = objs[0], objs[-1]
    report = Report(str(head["service"]))
    keys = _keys(head, public_keys, report)
    _check_seal(b"".join(lines[:-1]), seal, keys, report)
    actual: list[Actual] = []
    links: list[Link] = []
    cps: list[Checkpoint] = []
    for obj in objs[1:-1]:
        if obj.get("kind") == "checkpoint":
            cps.append(Checkpoint.from_json(obj))
        elif obj.get("kind") in ("event", "link"):
            _position(obj, actual, links)
    start = (int(head["after"]), bytes.fromhex(head["previous"]), int(head["count"]))
    at = {link.digest: link.position for link in links}
    end = max((x.position for x in links), default=0)
    Verifier(report.service, cps, keys, end, at.get, start, report).run(actual, links)
    _check_ends(start, cps, links, report)
    return report


def _check_seal(body: bytes, seal: dict[str, Any], keys: Any, report: Report) -> None:
    if seal.get("kind") != "seal":
        report.add("file_altered", 0, "the seal line is missing: the file was cut short")
    elif hashlib.sha256(body).hexdigest() != seal.get("sha256"):
        report.add("file_altered", 0, "the file's bytes differ from what the seal covers")
    elif not signature_valid(
        keys,
        str(seal.get("key_id")),
        bytes.fromhex(seal["signature"]),
        seal_message(seal["sha256"]),
    ):
        report.add("bad_signature", 0, "the seal's signature does not verify")


def _check_ends(
    start: tuple[int, bytes, int], cps: list[Checkpoint], links: list[Link], report: Report
) -> None:
    after, previous, count = start
    anchors = [cp for cp in cps if (cp.position, cp.head, cp.count) == (after, previous, count)]
    if after and not anchors:
        report.add("unanchored", after, "the export starts at no signed checkpoint")
    last = max((cp.position for cp in cps), default=after)
    tail = [x for x in links if x.position > last]
    if tail:
        report.notes.append(f"{len(tail)} events after the last checkpoint rest on the seal only")
