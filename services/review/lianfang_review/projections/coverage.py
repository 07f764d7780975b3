"""Coverage (覆盖面) of a department on a day: how many of its people and posts risk
identification, commitments and briefings reached, and the checklist figures of an inspection.

People are those holding a post in the department that day. Identified: a risk point (not
merged) of their own or of a post they hold. Committed: a signed commitment in force (of those
who must commit: key-post staff, cadres, leaders, holders of key posts). Briefed: for every
post they hold there, a briefing covering it acknowledged in full, and no briefing owed.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from lianfang_review.domain.recipients import must_commit
from lianfang_shared.persistence import Database

CURRENT = "a.start_on <= %(on)s AND (a.end_on IS NULL OR a.end_on > %(on)s)"
SHARES = {  # share name → (reached, of)
    "people_identified": ("people_identified", "people"),
    "people_committed": ("people_committed", "people_to_commit"),
    "people_briefed": ("people_briefed", "people"),
    "posts_identified": ("posts_identified", "posts"),
    "posts_committed": ("posts_committed", "posts_to_commit"),
    "posts_briefed": ("posts_briefed", "posts_held"),
}


def _rows(conn: Any, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return list(conn.execute(sql, params).fetchall())


def figures(db: Database, department_id: UUID, on: date) -> dict[str, int]:
    """The department's counts on ``on``."""
    p = {"dept": department_id, "on": on}
    with db.transaction() as conn:
        held = _rows(conn, "SELECT a.person_id, a.post_id, pe.rank, po.key_post FROM "
                     "org_appointments a JOIN org_persons pe ON pe.id = a.person_id JOIN org_posts "
                     f"po ON po.id = a.post_id WHERE a.department_id = %(dept)s AND {CURRENT} "
                     "AND pe.left_on IS NULL", p)  # fmt: skip
        p |= {"persons": list({h["person_id"] for h in held})}
        posts = {r["id"] for r in _rows(conn, "SELECT id FROM org_posts WHERE department_id = "
                                        "%(dept)s", p)}  # fmt: skip
        points = _rows(conn, "SELECT person_id, post_id FROM risk_point_list WHERE status <> "
                       "'merged' AND (department_id = %(dept)s OR person_id = ANY(%(persons)s))",
                       p)  # fmt: skip
        signed = {r["person_id"] for r in _rows(
            conn, "SELECT person_id FROM commitment_list WHERE person_id = ANY(%(persons)s) AND "
            "status = 'signed' AND (valid_until IS NULL OR valid_until > %(on)s)", p)}  # fmt: skip
        stale = _rows(conn, "SELECT person_id FROM commitment_list WHERE person_id = "
                      "ANY(%(persons)s) AND status IN ('stale', 'required')", p)  # fmt: skip
        acks = _rows(conn, "SELECT ba.person_id, b.post_ids FROM briefing_audience ba JOIN "
                     "briefing_list b ON b.id = ba.briefing_id WHERE ba.complete AND "
                     "ba.person_id = ANY(%(persons)s)", p)  # fmt: skip
        owing = {r["person_id"] for r in _rows(
            conn, "SELECT person_id FROM briefing_due_list WHERE status IN ('owed', 'overdue') "
            "AND person_id = ANY(%(persons)s)", p)}  # fmt: skip
        work = _work(conn, p)
    return {
        **_people_and_posts(held, posts, points, signed, acks, owing),
        **work,
        "commitments_stale": len(stale),
    }


def _people_and_posts(
    held: list[dict[str, Any]],
    posts: set[UUID],
    points: list[dict[str, Any]],
    signed: set[UUID],
    acks: list[dict[str, Any]],
    owing: set[UUID],
) -> dict[str, int]:
    people = {h["person_id"] for h in held}
    key_holders = {h["person_id"] for h in held if h["key_post"]}
    rank = {h["person_id"]: h["rank"] for h in held}
    to_commit = {x for x in people if must_commit(rank[x], x in key_holders)}
    briefed_for = {(a["person_id"], post) for a in acks for post in a["post_ids"]}
    holds = {(h["person_id"], h["post_id"]) for h in held}
    briefed = {
        x for x in people
        if x not in owing and all((x, post) in briefed_for for y, post in holds if y == x)
    }  # fmt: skip
    point_posts = {r["post_id"] for r in points if r["post_id"]}
    identified = {x for x in people if any(r["person_id"] == x for r in points)} | {
        x for x, post in holds if post in point_posts
    }
    held_posts = {post for _, post in holds}
    commit_posts = {post for x, post in holds if x in to_commit}
    return {
        "people": len(people),
        "people_identified": len(identified),
        "people_to_commit": len(to_commit),
        "people_committed": len(to_commit & signed),
        "people_briefed": len(briefed),
        "posts": len(posts | held_posts),
        "posts_identified": len((posts | held_posts) & point_posts),
        "posts_held": len(held_posts),
        "posts_to_commit": len(commit_posts),
        "posts_committed": sum(
            1 for post in commit_posts
            if all(x in signed for x, q in holds if q == post and x in to_commit)
        ),
        "posts_briefed": sum(
            1 for post in held_posts if all(x in briefed for x, q in holds if q == post)
        ),
    }  # fmt: skip


def _work(conn: Any, p: dict[str, Any]) -> dict[str, int]:
    """Measures live and overdue; follow-ups of findings overdue; briefings owed overdue."""
    row = conn.execute(
        "SELECT count(*) FILTER (WHERE m.status <> 'cancelled') AS live, count(*) FILTER (WHERE "
        "m.status IN ('planned', 'in_progress') AND m.due_on < %(on)s) AS overdue "
        "FROM risk_point_measures m JOIN risk_point_list r ON r.id = m.risk_point_id "
        "WHERE r.status <> 'merged' AND r.department_id = %(dept)s", p,
    ).fetchone()  # fmt: skip
    late = conn.execute(
        "SELECT count(*) AS n FROM finding_list WHERE department_id = %(dept)s "
        "AND closed_on IS NULL AND due_on < %(on)s", p,
    ).fetchone()  # fmt: skip
    briefings = conn.execute(
        "SELECT count(*) AS n FROM briefing_due_list WHERE department_id = %(dept)s "
        "AND status IN ('owed', 'overdue') AND due_on < %(on)s", p,
    ).fetchone()  # fmt: skip
    return {
        "measures_live": row["live"],
        "measures_overdue": row["overdue"],
        "follow_ups_overdue": late["n"],
        "briefings_overdue": briefings["n"],
    }


def shares(counts: dict[str, int]) -> dict[str, float]:
    """Each share (0–1, two decimals; 1 when there is nobody to reach)."""
    return {
        name: round(counts[part] / counts[whole], 4) if counts[whole] else 1.0
        for name, (part, whole) in SHARES.items()
    }
