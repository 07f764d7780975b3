"""The router: every consumed event, in the consumer's inbox transaction, becomes notifications (one
per rule and address), deliveries (one per contact point) and reminder/escalation stages.

Only the fields a rule names are read into a message; the rest of the body is never stored.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import psycopg

from lianfang_notify.config import NotifySettings
from lianfang_notify.routing.data import deadline, get, ids, iso_duration, keep
from lianfang_notify.routing.recipients import named, resolve
from lianfang_notify.rules import book
from lianfang_notify.rules.model import Deadline, RuleRecord
from lianfang_notify.store import notifications, schedules
from lianfang_notify.store.memory import recall, remember
from lianfang_notify.store.organisation import department_name, person_name
from lianfang_notify.templates.message import ORIGINAL
from lianfang_shared.consumer import transaction_memo
from lianfang_shared.envelope import Envelope

log = logging.getLogger(__name__)
Conn = psycopg.Connection[Any]


def key_of(d: Deadline, env: Envelope) -> str:
    """What a deadline is of: the values of its ``key_fields`` in the event, else the subject."""
    if not d.key_fields:
        return env.subject.lower()
    return "|".join(",".join(ids(env.data, path)) for path in d.key_fields)


def shifted(due: datetime, delta: timedelta, deadline: str, key: str) -> datetime | None:
    """``due`` + ``delta``, or None (logged) if that is outside the years Python can hold: a
    stage of a deadline at the end of the calendar (the log may hold one) is skipped."""
    try:
        return due + delta
    except OverflowError:
        log.warning("deadline %s of %s: no stage %s from %s", deadline, key, delta, due.date())
        return None


class Router:
    """Applies the rules in force to each event (an observer of notify's consumer)."""

    def __init__(self, settings: NotifySettings) -> None:
        self.zone = settings.zone
        self.deadline_time = settings.deadline_time

    def __call__(self, conn: Conn, env: Envelope) -> None:
        """Close the deadlines the event closes, then apply each matching rule."""
        memo = transaction_memo()  # the rule book read once per transaction of the consumer
        if "rules" not in memo:
            memo["rules"] = [r for r in book.load(conn).values() if r.enabled]
        rules: list[RuleRecord] = memo["rules"]
        closes = {
            (d.name, key_of(d, env)) for r in rules for d in r.deadlines if env.type in d.cancel_on
        }
        for deadline_name, key in sorted(closes):
            schedules.close(conn, deadline_name, key, env)
        for rule in rules:
            if rule.event_type == env.type and rule.matches(env.data):
                self.apply(conn, rule, env)

    def apply(self, conn: Conn, rule: RuleRecord, env: Envelope) -> None:
        """File the rule's notifications and plan its deadlines."""
        context = self.context(conn, rule, env)
        if rule.template is None:  # a rule that only remembers
            return
        dues = [(d, self.due(d, env)) for d in rule.deadlines]
        if rule.notify:
            template = rule.template
            first_due = next((due for _, due in dues if due is not None), None)
            for address in resolve(conn, named(rule.recipients, env.data)):
                notifications.defer(  # filed with the run's others before its commit
                    conn,
                    notifications.Notification(
                        event_id=env.id,
                        event_type=env.type,
                        rule_id=rule.id,
                        stage="event",
                        address=address,
                        template=template,
                        context=context,
                        subject=env.subject,
                        channels=list(rule.channels),
                        due_at=first_due,
                    ),
                )
        for d, due in dues:
            if due is not None:
                self.plan(conn, rule, d, due, context, env)

    def context(self, conn: Conn, rule: RuleRecord, env: Envelope) -> dict[str, Any]:
        """The rule's fields of the event, what was remembered of its subject, and the names
        of the departments and persons."""
        if rule.remember:
            remember(conn, env, keep(env.data, rule.remember))
        context = {**recall(conn, env.subject, rule.recall), **keep(env.data, rule.fields)}
        for name, path in rule.departments.items():
            found = ids(env.data, path)
            context[name] = department_name(conn, found[0]) if found else ""
        for name, path in rule.persons.items():
            found = ids(env.data, path)
            context[name] = person_name(conn, found[0]) if found else ""
        context["occurred_at"] = env.time.isoformat()
        return context

    def due(self, d: Deadline, env: Envelope) -> datetime | None:
        """The deadline the event names, if it names one."""
        return deadline(get(env.data, d.field), self.zone, self.deadline_time)

    def plan(
        self,
        conn: Conn,
        rule: RuleRecord,
        d: Deadline,
        due: datetime,
        context: dict[str, Any],
        env: Envelope,
    ) -> None:
        """Reminders before ``due`` (those already past when the event happened are skipped)
        and escalations after it; nothing if the thing was closed since."""
        key = key_of(d, env)
        if schedules.closed_since(conn, d.name, key, env.time):
            return
        reminded = named(rule.recipients, env.data)
        stages: list[schedules.Stage] = []
        for b in d.remind_before:
            before = shifted(due, -b, d.name, key)  # None: before year 1, long past
            if before is not None and before > env.time:
                name = f"remind-{iso_duration(b)}"
                stages.append(schedules.Stage(name, "reminder", 0, before, reminded))
        for i, e in enumerate(d.escalations, start=1):
            after = shifted(due, e.after, d.name, key)  # None: after year 9999, never
            if after is not None:
                to = named(e.to, env.data)
                stages.append(schedules.Stage(f"escalate-{i}", "escalation", i, after, to))
        p = schedules.Plan(
            rule_id=rule.id,
            deadline=d.name,
            key=key,
            key_field=",".join(d.key_fields) or None,
            due_at=due,
            context={**context, ORIGINAL: rule.template},
            channels=list(rule.channels),
            cancel_on=list(d.cancel_on),
        )
        schedules.plan(conn, p, stages, env)
