"""Chat robots and a generic JSON webhook, with the signatures their receivers check.

WeCom (企业微信) group robot: ``{"msgtype": "text", ...}``, answer ``errcode`` 0.
DingTalk (钉钉) robot: optional signature ``timestamp`` and ``sign`` in the query string, where
sign = urlencode(base64(HMAC-SHA256(key=secret, msg=timestamp + "\\n" + secret))).
Feishu (飞书) robot: optional ``timestamp`` and ``sign`` in the body, where
sign = base64(HMAC-SHA256(key=timestamp + "\\n" + secret, msg="")); answer ``code`` 0.
Generic: the message as JSON; with a secret, ``X-Lianfang-Timestamp`` and
``X-Lianfang-Signature: sha256=<hex HMAC-SHA256(key=secret, msg=timestamp + "." + body)>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import quote_plus

import httpx

from lianfang_notify.channels import Message, SendFailed, Target


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature of a request (already URL-encoded)."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256)
    return quote_plus(base64.b64encode(digest.digest()).decode())


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu's signature of a request."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256)
    return base64.b64encode(digest.digest()).decode()


def lianfang_sign(secret: str, timestamp_s: int, body: bytes) -> str:
    """The generic webhook's signature header: HMAC-SHA256 of ``<timestamp>.<body>``."""
    signed = str(timestamp_s).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


async def _post(
    http: httpx.AsyncClient, url: str, body: bytes, headers: dict[str, str] | None = None
) -> httpx.Response:
    try:
        response = await http.post(
            url, content=body, headers={"content-type": "application/json", **(headers or {})}
        )
    except httpx.TimeoutException as e:
        raise SendFailed(f"no answer in time from {httpx.URL(url).host}") from e
    except httpx.HTTPError as e:
        raise SendFailed(f"cannot reach {httpx.URL(url).host}: {type(e).__name__}: {e}") from e
    if response.status_code >= 400:
        permanent = response.status_code < 500 and response.status_code not in (408, 429)
        raise SendFailed(f"HTTP {response.status_code}: {response.text[:300]}", permanent)
    return response


def _json(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode()


def _robot_answer(response: httpx.Response, field: str, robot: str) -> str:
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    code = answer.get(field, answer.get("StatusCode", 0)) if isinstance(answer, dict) else 0
    if code not in (0, None):
        message = answer.get("errmsg") or answer.get("msg") or ""
        raise SendFailed(f"{robot} answered {field} {code}: {message}")
    return f"HTTP {response.status_code}"


async def wecom(http: httpx.AsyncClient, target: Target, message: Message) -> str:
    body = _json({"msgtype": "text", "text": {"content": message.text}})
    return _robot_answer(await _post(http, target.target, body), "errcode", "WeCom")


async def dingtalk(http: httpx.AsyncClient, target: Target, message: Message) -> str:
    url = target.target
    if target.secret:
        timestamp = int(time.time() * 1000)
        sign = dingtalk_sign(target.secret, timestamp)
        url += ("&" if "?" in url else "?") + f"timestamp={timestamp}&sign={sign}"
    body = _json({"msgtype": "text", "text": {"content": message.text}})
    return _robot_answer(await _post(http, url, body), "errcode", "DingTalk")


async def feishu(http: httpx.AsyncClient, target: Target, message: Message) -> str:
    payload: dict[str, Any] = {"msg_type": "text", "content": {"text": message.text}}
    if target.secret:
        timestamp = int(time.time())
        payload = {
            "timestamp": str(timestamp),
            "sign": feishu_sign(target.secret, timestamp),
            **payload,
        }
    return _robot_answer(await _post(http, target.target, _json(payload)), "code", "Feishu")


async def generic(http: httpx.AsyncClient, target: Target, message: Message) -> str:
    body = _json(
        {
            "delivery_id": message.delivery_id,
            "event_type": message.event_type,
            "subject": message.subject,
            "stage": message.stage,
            "address": message.address,
            "locale": message.locale,
            "title": message.title,
            "body": message.body,
            "link": message.link,
        }
    )
    headers = {"X-Lianfang-Delivery": str(message.delivery_id)}
    if target.secret:
        timestamp = int(time.time())
        headers["X-Lianfang-Timestamp"] = str(timestamp)
        headers["X-Lianfang-Signature"] = lianfang_sign(target.secret, timestamp, body)
    response = await _post(http, target.target, body, headers)
    return f"HTTP {response.status_code}"


SENDERS = {"wecom": wecom, "dingtalk": dingtalk, "feishu": feishu, "webhook": generic}
