"""The ``audit`` and ``replay`` subcommands of ``lianfang``: parsers, export and replay."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any
from uuid import UUID

from lianfang_shared.audit import cli
from lianfang_shared.audit.progress import Progress
from lianfang_shared.settings import SERVICE_NAMES, PlatformSettings


def cmd_export(args: argparse.Namespace) -> None:
    """Write the log (or a subject's part) as JSON Lines or XLSX."""
    from lianfang_shared.audit.history import History
    from lianfang_shared.audit.jsonl import export_jsonl
    from lianfang_shared.audit.signing import Signer
    from lianfang_shared.audit.when import local_zone
    from lianfang_shared.audit.xlsx import export_xlsx
    from lianfang_shared.i18n import negotiate

    platform = PlatformSettings()
    signer = Signer.from_settings(platform)
    with cli.opened(args.service, platform, with_app=True) as (_, db, log, app):
        history = History(app, db, log)
        out = Path(args.output)
        if args.format == "xlsx":
            about = {"exported_by": args.by, "key_id": signer.key_id}
            zone = local_zone(platform.audit_local_offset)
            data = export_xlsx(history, args.subject, None, negotiate(args.lang), zone, about)
            out.write_bytes(data)
        else:
            with out.open("wb") as f:
                for line in export_jsonl(history, args.subject, None, signer, args.by):
                    f.write(line)
    print(f"written {out}")


def cmd_replay(args: argparse.Namespace) -> None:
    """Rebuild a projection into fresh tables, compare with the live one, maybe switch."""
    from lianfang_shared.audit.replay import Rebuild

    platform = PlatformSettings()
    with cli.opened(args.service, platform, with_app=True) as (spec, _db, log, app):
        found = {p.name: p for p in spec.projections}
        if args.projection not in found:
            names = ", ".join(found) or "none"
            raise SystemExit(f"the {args.service} service has no projection {args.projection!r}; "
                             f"it has: {names}")  # fmt: skip
        rebuild = Rebuild(found[args.projection], app, platform.database_url, log.schema)
        head = app.recorder.max_notification_id() or 0
        outcome = rebuild.run(args.verify, args.switch, Progress(args.projection, head))
    report: dict[str, Any] = {
        "projection": outcome.projection,
        "position": outcome.position,
        "events": outcome.events,
        "seconds": round(outcome.seconds, 3),
        "events_per_second": round(outcome.rate),
        "equal": outcome.equal if (args.verify or args.switch) else None,
        "switched": outcome.switched,
        "tables": [d.to_json() for d in outcome.diffs],
    }
    _print_replay(report, args.json)
    sys.exit(1 if args.verify and not outcome.equal and not outcome.switched else 0)


def _print_replay(report: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        return
    print(
        f"{report['projection']}: rebuilt {report['events']:,} events up to position "
        f"{report['position']:,} in {report['seconds']} s "
        f"({report['events_per_second']:,} events/s)"
    )
    for t in report["tables"]:
        state = "equal" if t["equal"] else "DIFFERS"
        print(f"  {t['table']}: live {t['live_rows']} rows, rebuilt {t['rebuilt_rows']}: {state}")
        if not t["equal"]:
            what = t["note"] or "rows"
            print(f"    {what}: {t['live_only']} only live, {t['rebuilt_only']} only rebuilt")
        for kind, rows in t["sample"].items():
            for row in rows:
                print(f"    {kind}: {json.dumps(row, ensure_ascii=False, default=str)}")
    if report["switched"]:
        print("  switched: the rebuilt tables are live; the replaced ones are kept for inspection")


def add_commands(sub: Any) -> None:
    """Add ``audit`` and ``replay`` to the ``lianfang`` parser."""
    audit = sub.add_parser("audit", help="verify, checkpoint and export the event logs")
    a = audit.add_subparsers(dest="audit_command", required=True)
    verify = a.add_parser("verify", help="recompute the hash chains; exit 1 on any difference")
    verify.add_argument("--service", action="append", choices=SERVICE_NAMES)
    verify.add_argument("--file", help="an exported .jsonl file (offline, no database)")
    verify.add_argument("--public-key", help="PEM file of the operator's public key (--file)")
    verify.add_argument("--kafka", action="store_true", help="also compare with Kafka's copies")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=cli.cmd_verify)
    checkpoint = a.add_parser("checkpoint", help="chain what is new and sign a checkpoint now")
    checkpoint.add_argument("--service", action="append", choices=SERVICE_NAMES)
    checkpoint.set_defaults(func=cli.cmd_checkpoint)
    export = a.add_parser("export", help="the log or a subject's part as JSON Lines or XLSX")
    export.add_argument("--service", required=True, choices=SERVICE_NAMES)
    export.add_argument("--subject", type=UUID, help="one aggregate id (and what names it)")
    export.add_argument("--format", choices=("jsonl", "xlsx"), default="jsonl")
    export.add_argument("--lang", default="zh-Hans", help="zh-Hans, zh-Hant or en (xlsx)")
    export.add_argument("--by", default="cli", help="who exports (written into the file)")
    export.add_argument("-o", "--output", required=True)
    export.set_defaults(func=cmd_export)
    a.add_parser("public-key", help="the key auditors verify with").set_defaults(
        func=cli.cmd_public_key
    )
    a.add_parser("keygen", help="a new Ed25519 signing key (PEM)").set_defaults(func=cli.cmd_keygen)
    replay = sub.add_parser("replay", help="rebuild a projection from the event log")
    replay.add_argument("--service", required=True, choices=SERVICE_NAMES)
    replay.add_argument("--projection", required=True)
    replay.add_argument("--verify", action="store_true", help="compare with the live tables")
    replay.add_argument("--switch", action="store_true", help="swap the rebuilt tables in")
    replay.add_argument("--json", action="store_true")
    replay.set_defaults(func=cmd_replay)
