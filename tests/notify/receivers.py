"""Real receivers on loopback for the notify tests: an SMTP server (aiosmtpd) and an HTTP
server standing in for the chat robots and a JSON webhook, checking their signatures."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller

from lianfang_shared.embedded import free_port


class Mailbox:
    """An aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.raw.append(envelope.content)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        """Messages addressed to ``address``."""
        return [m for m in self.messages if m["To"] == address]


class SmtpServer:
    """aiosmtpd on a free loopback port."""

    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


@dataclass
class Call:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    status: int
    answer: dict[str, Any]

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Hook:
    """What one path answers: fail ``failures`` times (HTTP ``fail_status``), then succeed;
    a ``secret`` makes it check the robot's signature as the real robot would."""

    robot: str = "webhook"
    failures: int = 0
    fail_status: int = 500
    secret: str = ""
    calls: list[Call] = field(default_factory=list)

    @property
    def delivered(self) -> list[Call]:
        """Calls answered as a success."""
        return [c for c in self.calls if c.status == 200 and c.answer.get(self.code_field, 0) == 0]

    @property
    def code_field(self) -> str:
        return "code" if self.robot == "feishu" else "errcode"


def dingtalk_ok(secret: str, query: dict[str, str]) -> bool:
    timestamp, sign = query.get("timestamp", ""), query.get("sign", "")
    expected = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256)
    return base64.b64encode(expected.digest()).decode() == sign  # the query is decoded once


def feishu_ok(secret: str, body: dict[str, Any]) -> bool:
    key = f"{body.get('timestamp', '')}\n{secret}".encode()
    expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    return body.get("sign") == expected


def lianfang_ok(secret: str, headers: dict[str, str], raw: bytes) -> bool:
    signed = headers.get("x-lianfang-timestamp", "").encode() + b"." + raw
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return headers.get("x-lianfang-signature") == expected


class WebhookServer:
    """A threaded HTTP server; each path is a Hook."""

    def __init__(self) -> None:
        self.hooks: dict[str, Hook] = {}
        self.port = free_port()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                receiver.handle(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.lock = threading.Lock()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, hook: Hook) -> str:
        """Serve ``hook`` at ``path``; its URL (with a token query, as the robots have)."""
        self.hooks[path] = hook
        return self.url(path) + "?access_token=tok3n-abcd"

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        raw = request.rfile.read(int(request.headers.get("content-length", 0)))
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        headers = {k.lower(): v for k, v in request.headers.items()}
        with self.lock:
            hook = self.hooks.get(parts.path)
            status, answer = self.answer(hook, query, headers, raw)
            if hook is not None:
                hook.calls.append(Call(parts.path, query, headers, raw, status, answer))
        body = json.dumps(answer).encode()
        request.send_response(status)
        request.send_header("content-type", "application/json")
        request.send_header("content-length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    def answer(
        self, hook: Hook | None, query: dict[str, str], headers: dict[str, str], raw: bytes
    ) -> tuple[int, dict[str, Any]]:
        if hook is None:
            return 404, {"error": "no such hook"}
        if len(hook.calls) < hook.failures:
            return hook.fail_status, {"error": "receiver is down"}
        if hook.secret and hook.robot == "dingtalk" and not dingtalk_ok(hook.secret, query):
            return 200, {"errcode": 310000, "errmsg": "sign not match"}
        if hook.secret and hook.robot == "feishu" and not feishu_ok(hook.secret, json.loads(raw)):
            return 200, {
                "code": 19021,
                "msg": "sign match fail or timestamp is not within one hour",
            }
        if hook.secret and hook.robot == "webhook" and not lianfang_ok(hook.secret, headers, raw):
            return 401, {"error": "bad signature"}
        return 200, {"code": 0, "msg": "success"} if hook.robot == "feishu" else {"errcode": 0}

    def start(self) -> WebhookServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
