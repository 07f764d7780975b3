"""Sealing at rest (``lianfang_shared.sealing``): bound to its owner, rotation, the
development key refused in production."""

from __future__ import annotations

import base64

import pytest

from lianfang_shared.sealing import Sealer, Unsealable, decode_key, keyring

pytestmark = pytest.mark.unit
OLD, NEW = bytes(range(32)), bytes(range(1, 33))


def test_a_sealed_value_opens_only_for_what_it_is_bound_to() -> None:
    sealer = Sealer([OLD], "webhook-secret")
    sealed = sealer.seal(b"SECx", b"dingtalk\nhttps://a")
    assert Sealer.is_sealed(sealed) and "SECx" not in sealed
    assert sealer.open(sealed, b"dingtalk\nhttps://a") == b"SECx"
    with pytest.raises(Unsealable):
        sealer.open(sealed, b"dingtalk\nhttps://b")
    with pytest.raises(Unsealable):
        sealer.open("SECx", b"dingtalk\nhttps://a")  # not sealed at all


def test_after_a_rotation_the_earlier_key_still_opens_and_the_new_one_seals() -> None:
    before = Sealer([OLD], "webhook-secret").seal(b"s", b"t")
    rotated = Sealer([NEW, OLD], "webhook-secret")
    assert rotated.open(before, b"t") == b"s"
    after = rotated.seal(b"s", b"t")
    assert Sealer([NEW], "webhook-secret").open(after, b"t") == b"s"
    with pytest.raises(Unsealable):
        Sealer([NEW], "webhook-secret").open(before, b"t")  # the old key was dropped


def test_keys_are_checked_and_the_development_key_is_refused_in_production(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert decode_key(base64.b64encode(OLD).decode()) == OLD
    assert len(decode_key("a passphrase of twenty-four or more")) == 32
    with pytest.raises(ValueError):
        decode_key("short")
    dev = base64.b64encode(NEW).decode()
    assert keyring(dev, base64.b64encode(OLD).decode(), dev, "X_KEY") == [NEW, OLD]
    monkeypatch.setenv("LIANFANG_ENVIRONMENT", "production")
    monkeypatch.setenv("LIANFANG_JWT_SECRET", "a production secret of some length")
    with pytest.raises(ValueError, match="X_KEY must be set in production"):
        keyring(dev, "", dev, "X_KEY")


def test_notify_does_not_start_with_the_development_secrets_key_in_production(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from lianfang_notify.main import register

    monkeypatch.setenv("LIANFANG_ENVIRONMENT", "production")
    monkeypatch.setenv("LIANFANG_JWT_SECRET", "a production secret of some length")
    with pytest.raises(ValueError, match="LIANFANG_NOTIFY_SECRETS_KEY must be set"):
        register(None)  # type: ignore[arg-type]  # refused before the consumer is used
