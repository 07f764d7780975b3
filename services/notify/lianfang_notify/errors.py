"""Notify's domain errors (mapped to HTTP by the platform)."""

from __future__ import annotations

from lianfang_shared.errors import Conflict, DomainError, NotFound


class RuleNotFound(NotFound):
    """No rule has this id."""


class TemplateNotFound(NotFound):
    """No template has this key."""


class InvalidTemplate(DomainError):
    """A template does not compile, or uses a name its rules do not provide."""


class InvalidRule(DomainError):
    """A rule refers to a template that does not exist, or cannot be rendered."""


class DefaultCannotBeDeleted(Conflict):
    """A shipped default has no custom version to delete; disable it instead."""


class ContactPointNotFound(NotFound):
    """No contact point has this id."""


class DuplicateContactPoint(Conflict):
    """The same address already has this channel and target."""


class NotificationNotFound(NotFound):
    """No notification has this id (or it is not the caller's)."""


class DeliveryNotFound(NotFound):
    """No delivery has this id."""


class DeliveryNotFailed(Conflict):
    """Only a failed delivery can be retried."""
