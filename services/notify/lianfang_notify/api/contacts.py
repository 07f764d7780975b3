"""Contact points: where an address's email and chat messages go (admins keep them)."""

from __future__ import annotations

from fastapi import APIRouter, status

from lianfang_notify.api.deps import ADMIN, OPS, DbDep, Limit, Offset, SettingsDep
from lianfang_notify.api.schemas import (
    ContactPointCreate,
    ContactPointList,
    ContactPointRead,
    ContactPointUpdate,
    Created,
    PushChannel,
    masked,
)
from lianfang_notify.store import contacts
from lianfang_shared.auth import CurrentUser

router = APIRouter(prefix="/contact-points", tags=["contact points"])


def _read(row: dict[str, object]) -> ContactPointRead:
    return ContactPointRead(**{**row, "target": masked(str(row["channel"]), str(row["target"]))})


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[ADMIN])
def add_contact_point(
    body: ContactPointCreate, user: CurrentUser, db: DbDep, settings: SettingsDep
) -> Created:
    """Register where an address's messages go through one channel."""
    with db.transaction() as conn:
        contact_id = contacts.add(conn, body.model_dump(), user.user_id, settings.sealer())
    return Created(id=contact_id)


@router.get("", dependencies=[OPS])
def list_contact_points(
    db: DbDep,
    address: str | None = None,
    channel: PushChannel | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ContactPointList:
    """Contact points in use (secrets never shown, webhook URLs masked)."""
    with db.transaction() as conn:
        rows, total = contacts.listing(conn, address, channel, limit, offset)
    return ContactPointList(items=[_read(r) for r in rows], total=total)


@router.get("/{contact_id}", dependencies=[OPS])
def get_contact_point(db: DbDep, contact_id: int) -> ContactPointRead:
    """One contact point."""
    with db.transaction() as conn:
        return _read(contacts.get(conn, contact_id))


@router.patch("/{contact_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[ADMIN])
def change_contact_point(
    db: DbDep, settings: SettingsDep, contact_id: int, body: ContactPointUpdate
) -> None:
    """Change the language, digest choice, label or secret (the target is fixed: add anew)."""
    changes = body.model_dump(exclude_unset=True)
    with db.transaction() as conn:
        contacts.update(conn, contact_id, changes, settings.sealer())


@router.delete("/{contact_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[ADMIN])
def remove_contact_point(db: DbDep, contact_id: int) -> None:
    """Stop sending to a contact point; what was sent stays on record."""
    with db.transaction() as conn:
        contacts.remove(conn, contact_id)
