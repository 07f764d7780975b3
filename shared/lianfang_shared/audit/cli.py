"""``lianfang audit ...`` and ``lianfang replay ...``: the auditor's and operator's commands.

lianfang audit verify [--service S] [--kafka]       the live logs (exit 1 on any difference)
lianfang audit verify --file x.jsonl [--public-key operator.pem]   an export, offline
lianfang audit export --service S [--subject ID] [--format jsonl|xlsx] -o FILE
lianfang audit checkpoint --service S               chain what is new and sign a checkpoint now
lianfang audit public-key | keygen                  the key auditors verify with | a new key
lianfang replay --service S --projection P [--verify] [--switch]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lianfang_shared.audit.log import EventLog, events_table
from lianfang_shared.audit.signing import Signer, generate_private_pem, public_pem
from lianfang_shared.audit.verify import Report
from lianfang_shared.persistence import Database, eventsourcing_env
from lianfang_shared.settings import SERVICE_NAMES, PlatformSettings


@contextmanager
def opened(name: str, platform: PlatformSettings, with_app: bool = False) -> Iterator[Any]:
    """A service's spec, database, event log and (if asked) Application, closed afterwards."""
    from lianfang_shared.cli import load_spec

    spec = load_spec(name)
    if spec.application_cls is None:
        raise SystemExit(f"the {name} service keeps no event log")
    schema = spec.settings_cls().db_schema
    db = Database(platform.database_url, schema, 2)
    db.open()
    app = None
    if with_app:
        env = eventsourcing_env(platform.database_url, schema, 2)
        app = spec.application_cls(env=env)
    try:
        yield spec, db, EventLog(name, schema, events_table(app or spec.application_cls)), app
    finally:
        if app is not None:
            app.close()
        db.close()


def _with_log(name: str) -> bool:
    from lianfang_shared.cli import load_spec

    return load_spec(name).application_cls is not None


def print_report(report: Report, as_json: bool) -> None:
    """A verification report for people (or as JSON)."""
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    found = report.to_json()
    status = (
        "OK" if report.ok else f"NOT OK, first difference at position {found['first']['position']}"
    )
    print(
        f"{report.service}: {report.events} events, {report.chained} chained, "
        f"{report.pending} not yet chained, {report.checkpoints} checkpoints: {status}"
    )
    for f in found["findings"]:
        print(f"  {f['kind']:<20} position {f['position']}: {f['detail']}")
    for note in report.notes:
        print(f"  note: {note}")


def cmd_verify(args: argparse.Namespace) -> None:
    """Verify live logs or an exported file; exit 1 when anything differs."""
    if args.file:
        from lianfang_shared.audit.offline import Unreadable, verify_file

        keys = Path(args.public_key).read_text() if args.public_key else None
        try:
            reports = [verify_file(Path(args.file).read_bytes(), keys)]
        except (Unreadable, OSError) as e:
            raise SystemExit(f"cannot verify {args.file}: {e}") from None
    else:
        reports = [_verify_live(name, args.kafka) for name in _services(args.service)]
    for report in reports:
        print_report(report, args.json)
    sys.exit(0 if all(r.ok for r in reports) else 1)


def _services(chosen: list[str] | None) -> list[str]:
    return chosen or [n for n in SERVICE_NAMES if _with_log(n)]


def _verify_live(name: str, kafka: bool) -> Report:
    import asyncio

    from lianfang_shared.audit.checkpoint import published
    from lianfang_shared.audit.verify_db import verify_log

    platform = PlatformSettings()
    found = asyncio.run(published(platform, name)) if kafka else []
    with opened(name, platform) as (_, db, log, _app):
        return verify_log(db, log, platform, found)


def cmd_checkpoint(args: argparse.Namespace) -> None:
    """Chain everything stored so far and sign a checkpoint of the head."""
    from lianfang_shared.audit import checkpoint

    platform = PlatformSettings()
    for name in _services(args.service):
        with opened(name, platform) as (_, db, log, _app):
            while True:
                with db.transaction() as conn:
                    if not log.extend(conn):
                        break
            with db.transaction() as conn:
                made = checkpoint.make(conn, log, Signer.from_settings(platform))
        print(f"{name}: " + (f"checkpoint at position {made.position}" if made else "unchanged"))


def cmd_public_key(args: argparse.Namespace) -> None:
    """Print the public key of the configured signing key (give it to auditors)."""
    signer = Signer.from_settings(PlatformSettings())
    print(f"# key id {signer.key_id}")
    print(public_pem(signer.public), end="")


def cmd_keygen(args: argparse.Namespace) -> None:
    """Print a new private key for LIANFANG_AUDIT_SIGNING_KEY."""
    print(generate_private_pem(), end="")
