"""Tokens and settings, without a server."""

from __future__ import annotations

import jwt
import pytest
from fastapi import HTTPException

from lianfang_shared.auth import Role, decode_token, mint_token
from lianfang_shared.i18n import label_of, negotiate, texts
from lianfang_shared.settings import PlatformSettings

pytestmark = pytest.mark.unit
SETTINGS = PlatformSettings(environment="test")


def test_minted_token_carries_the_claims() -> None:
    token = mint_token(SETTINGS, "u1", ["office", "auditor"], department_id="d1", person_id="p1")
    p = decode_token(SETTINGS, token)
    assert p.user_id == "u1"
    assert p.roles == {Role.office, Role.auditor}
    assert (p.department_id, p.person_id) == ("d1", "p1")


@pytest.mark.parametrize(
    ("token", "detail"),
    [
        (mint_token(SETTINGS, "u1", ["office"], ttl_seconds=-10), "token expired"),
        (
            jwt.encode(
                {"sub": "u1", "exp": 9999999999, "iss": "lianfang", "aud": "lianfang"},
                "another-secret-of-sufficient-length!!",
                algorithm="HS256",
            ),
            "signature",
        ),
        ("not.a.token", "invalid token"),
        (
            jwt.encode(
                {"sub": "u1", "iss": "lianfang", "aud": "lianfang"},
                SETTINGS.jwt_secret,
                algorithm="HS256",
            ),
            "exp",
        ),
        (
            jwt.encode(
                {
                    "sub": "u1",
                    "exp": 9999999999,
                    "iss": "lianfang",
                    "aud": "lianfang",
                    "roles": ["emperor"],
                },
                SETTINGS.jwt_secret,
                algorithm="HS256",
            ),
            "emperor",
        ),
    ],
)
def test_bad_tokens_are_refused(token: str, detail: str) -> None:
    with pytest.raises(HTTPException) as e:
        decode_token(SETTINGS, token)
    assert e.value.status_code == 401
    assert detail in e.value.detail


def test_unknown_role_cannot_be_minted() -> None:
    with pytest.raises(ValueError):
        mint_token(SETTINGS, "u1", ["emperor"])


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ValueError, match="LIANFANG_JWT_SECRET"):
        PlatformSettings(environment="production")
    with pytest.raises(ValueError, match="RS256"):
        PlatformSettings(environment="production", jwt_algorithm="RS256")
    PlatformSettings(environment="production", jwt_secret="a-real-secret-from-the-vault-xxxxxxxx")


def test_rs256_with_a_public_key() -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    settings = PlatformSettings(jwt_algorithm="RS256", jwt_public_key=public)
    claims = {
        "sub": "u9",
        "exp": 9999999999,
        "iss": "lianfang",
        "aud": "lianfang",
        "roles": ["auditor"],
    }
    token = jwt.encode(claims, key, algorithm="RS256")
    assert decode_token(settings, token).roles == {Role.auditor}
    with pytest.raises(HTTPException):  # an HS256 token is not accepted by an RS256 verifier
        decode_token(settings, mint_token(SETTINGS, "u9", ["admin"]))


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        (None, "zh-Hans"),
        ("zh-TW,zh;q=0.8", "zh-Hant"),
        ("en-US,en;q=0.9", "en"),
        ("fr", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
    ],
)
def test_language_negotiation(header: str | None, locale: str) -> None:
    assert negotiate(header) == locale


def test_a_verified_token_is_remembered_only_until_it_expires(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import lianfang_shared.auth as auth

    token = mint_token(SETTINGS, "u-exp", ["office"], ttl_seconds=60)
    exp = jwt.decode(token, options={"verify_signature": False})["exp"]
    assert decode_token(SETTINGS, token).user_id == "u-exp"
    assert decode_token(SETTINGS, token).user_id == "u-exp"  # from the cache
    monkeypatch.setattr(auth.time, "time", lambda: exp + 1.0)
    monkeypatch.setattr(jwt.api_jwt, "datetime", _Later(exp + 1.0))
    with pytest.raises(HTTPException) as e:
        decode_token(SETTINGS, token)
    assert e.value.detail == "token expired"


def test_the_cache_accepts_no_other_token_nor_other_settings() -> None:
    token = mint_token(SETTINGS, "u-other", ["office"])
    assert decode_token(SETTINGS, token).user_id == "u-other"
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    with pytest.raises(HTTPException):
        decode_token(SETTINGS, forged)
    elsewhere = PlatformSettings(environment="test", jwt_audience="another-audience")
    with pytest.raises(HTTPException):
        decode_token(elsewhere, token)
    rotated = PlatformSettings(
        environment="test", jwt_secret="a-rotated-secret-of-sufficient-len!!"
    )
    with pytest.raises(HTTPException):
        decode_token(rotated, token)


class _Later:
    """Stands in for ``datetime`` in PyJWT: ``now`` is a given POSIX time."""

    def __init__(self, at: float) -> None:
        self.at = at

    def now(self, tz: object = None) -> object:
        from datetime import UTC, datetime

        return datetime.fromtimestamp(self.at, tz=UTC)


def test_labels_in_each_language_and_codes_without_one() -> None:
    labels = {"approval": texts("审批权", "審批權", "Approval")}
    assert label_of(labels, "approval", "zh-Hans") == "审批权"
    assert label_of(labels, "approval", "zh-Hant") == "審批權"
    assert label_of(labels, "approval", "en") == "Approval"
    assert label_of(labels, "unheard_of", "en") == "unheard_of"  # the code itself
    assert label_of(labels, None, "zh-Hans") == ""  # not "None"
