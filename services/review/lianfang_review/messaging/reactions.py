"""Registry events in: the organisation replica, and the reactions that flag risk points.

A change under a risk point (its power amended or retired, its process step changed or
removed, its person transferred or re-ranked) marks the point "needs re-review"; an approved
or submitted point is reopened. The new events are saved with the inbox record in one
transaction (``consumer.processes``). Before that, each reaction brings the replica up to date
in its own transaction: those writes are idempotent (guarded by revision or source position),
so applying them again after a crash changes nothing. ``subscribe.register`` wires them, with
the duties of ``duties`` (briefings owed, commitments stale) saved in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from lianfang_review.application import Review
from lianfang_review.domain.vocab import rank_label
from lianfang_review.org import replica as org
from lianfang_shared.contracts import registry as r
from lianfang_shared.envelope import Envelope
from lianfang_shared.persistence import Database

POWER_FIELDS = {
    "name": "职权名称",
    "category": "职权类别",
    "content": "职权内容",
    "basis": "制度依据",
    "handling_department": "办理部门",
    "subject": "主体",
    "conditions": "条件",
    "procedure": "程序",
    "time_limit": "时限",
    "responsibility": "责任",
    "supervision": "监督方式",
}


class Reactions:
    """The reactions of one review Application (``when_<event>_<action>``)."""

    def __init__(self, app: Review, db: Database) -> None:
        self.app = app
        self.db = db

    def _replica(self, write: Callable[..., None], e: Any, env: Envelope) -> None:
        with self.db.transaction() as conn:
            write(conn, e, env)

    def _name(self, table: str, row_id: Any) -> str:
        with self.db.transaction() as conn:
            row = conn.execute(f"SELECT * FROM {table} WHERE id = %s", (row_id,)).fetchone()
        if row is None:
            return str(row_id)
        if table == "org_powers":  # a power by code and name, as in its catalogue
            return f"{row['code']} {row['name']}"
        return str(row["name"])

    def when_power_amended_flag_points(self, e: r.PowerAmended, env: Envelope) -> Sequence[Any]:
        self._replica(org.amend_power, e, env)
        fields = "、".join(POWER_FIELDS.get(f, f) for f in e.changed)
        reason = f"职权“{self._name('org_powers', e.power_id)}”修订为第{e.revision}版"
        reason += f"（{fields}）：{e.reason}" if e.reason else f"（{fields}）"
        points = self.app.affected("power_id", e.power_id)
        return self.app.flag(points, "power_amended", reason, env.id)

    def when_power_retired_flag_points(self, e: r.PowerRetired, env: Envelope) -> Sequence[Any]:
        self._replica(org.retire_power, e, env)
        reason = f"职权“{self._name('org_powers', e.power_id)}”已废止：{e.reason}"
        points = self.app.affected("power_id", e.power_id)
        return self.app.flag(points, "power_retired", reason, env.id)

    def when_step_changed_flag_points(
        self, e: r.ProcessStepChanged, env: Envelope
    ) -> Sequence[Any]:
        before = self._name("org_steps", e.step_id)
        self._replica(org.change_step, e, env)
        post = self._name("org_posts", e.post_id)
        reason = f"业务环节“{before}”已变更为“{e.name}”（岗位：{post}）"
        points = self.app.affected("step_id", e.step_id)
        return self.app.flag(points, "step_changed", reason, env.id)

    def when_step_removed_flag_points(
        self, e: r.ProcessStepRemoved, env: Envelope
    ) -> Sequence[Any]:
        self._replica(org.remove_step, e, env)
        reason = f"业务环节“{self._name('org_steps', e.step_id)}”已从流程中删除"
        points = self.app.affected("step_id", e.step_id)
        return self.app.flag(points, "step_removed", reason, env.id)

    def when_person_transferred_flag_points(
        self, e: r.PersonTransferred, env: Envelope
    ) -> Sequence[Any]:
        self._replica(org.transfer, e, env)
        reason = (
            f"{self._name('org_persons', e.person_id)}于{e.effective_on.isoformat()}由"
            f"“{self._name('org_posts', e.from_post_id)}”调任“"
            f"{self._name('org_posts', e.to_post_id)}”"
        )
        points = self.app.affected("person_id", e.person_id)
        return self.app.flag(points, "person_transferred", reason, env.id)

    def when_rank_changed_flag_points(self, e: r.PersonRankChanged, env: Envelope) -> Sequence[Any]:
        self._replica(org.set_rank, e, env)
        reason = f"{self._name('org_persons', e.person_id)}的职级变为{rank_label(e.rank)}"
        points = self.app.affected("person_id", e.person_id)
        return self.app.flag(points, "person_rank_changed", reason, env.id)
