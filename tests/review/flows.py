"""Steps of the review workflow as one-liners for tests that need points in some state."""

from __future__ import annotations

from typing import Any

from tests.review.org import Org, bearer, call
from tests.support import System

HIGH = {"importance": 5, "discretion": 4, "funds_flow": 5, "probability": 4, "concealment": 3,
        "harm": 4}  # fmt: skip


async def propose(s: System, who: dict[str, str], expect: int = 201, **body: Any) -> str:
    """Propose a risk point; its id (empty if refused)."""
    r = await call(s, "POST", "/review/risk-points", who, expect, json=body)
    return str(r.json().get("id", "")) if expect == 201 else ""


async def graded(
    s: System, point: str, who: dict[str, str], grade: str = "high", factors: Any = None
) -> None:
    """Self-assessed by ``who`` and graded by the office."""
    body = {"factors": factors or HIGH, "proposed_grade": grade}
    await call(s, "POST", f"/review/risk-points/{point}/self-assessment", who, 201, json=body)
    decision = {"grade": grade, "reason": "评审确定"}
    await call(
        s, "PUT", f"/review/risk-points/{point}/grade", bearer(s, "office"), 204, json=decision
    )


async def measured(s: System, point: str, who: dict[str, str], *kinds: str) -> None:
    """Measures of the given types."""
    for n, kind in enumerate(kinds or ("process", "supervision"), start=1):
        body = {"text": f"措施{n}", "type": kind, "stage": "prevention"}
        await call(s, "POST", f"/review/risk-points/{point}/measures", who, 201, json=body)


async def ready(s: System, point: str, who: dict[str, str], grade: str = "high") -> None:
    """Graded and measured enough to be submitted."""
    await graded(s, point, who, grade)
    await measured(s, point, who)


async def meeting(s: System, o: Org, head: dict[str, str]) -> str:
    """A valid meeting of 物资供应部 (all seven attend)."""
    attendees = [o.persons[n] for n in ("1001", "1002", "1003", "1004", "1005", "1006", "1007")]
    body = {"department_id": o.departments["WZ"], "held_on": "2026-01-15"}
    body |= {"attendee_ids": attendees}
    return str((await call(s, "POST", "/review/meetings", head, 201, json=body)).json()["id"])


async def approved_by_meeting(s: System, o: Org, point: str, head: dict[str, str]) -> None:
    """Submitted by the head and approved by the department's meeting."""
    await call(s, "POST", f"/review/risk-points/{point}/submission", head, 201)
    body = {"comment": "同意", "meeting_id": await meeting(s, o, head)}
    await call(s, "POST", f"/review/risk-points/{point}/approval", head, 201, json=body)
