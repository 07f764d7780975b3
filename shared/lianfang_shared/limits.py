"""Limits on requests (ASGI middleware), before any handler: oversize bodies get 413; deeply
nested JSON, and text PostgreSQL cannot store (NUL, unpaired surrogates), get 422."""

from __future__ import annotations

import json
import re
from itertools import accumulate

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(Exception):
    """The request body exceeded the limit."""


class BodySizeLimit:
    """Refuse bodies over ``max_bytes``: by Content-Length up front, else while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        await refuse(send, 413, f"request body larger than {self.max_bytes} bytes")


# A JSON string literal (escapes included), and one escape inside it.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_ESCAPE = re.compile(rb"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def json_depth(body: bytes) -> int:
    """How deeply ``body`` nests arrays and objects, found without parsing it (brackets
    outside string literals; malformed JSON gets a number too, and fails its parse later)."""
    brackets = _STRING.sub(b'""', body).translate(None, _NOT_BRACKETS)
    opening = brackets.count(b"[") + brackets.count(b"{")
    if opening <= 1:
        return opening
    return max(accumulate(map(_STEP.__getitem__, brackets)))


def json_text_problem(body: bytes) -> str | None:
    """Why the strings in a JSON body cannot be stored as text (PostgreSQL refuses NUL, and
    UTF-8 has no unpaired surrogates), or None. Looks at ``\\u`` escapes only: raw control
    characters and invalid UTF-8 already fail the JSON parse."""
    if b"\\u" not in body:
        return None
    high_ends = -1  # where an unpaired high surrogate's escape ended
    for m in _ESCAPE.finditer(body):
        hex_code = m.group(1)
        code = int(hex_code, 16) if hex_code is not None else -1
        if high_ends >= 0:
            if m.start() == high_ends and 0xDC00 <= code <= 0xDFFF:
                high_ends = -1
                continue
            return UNPAIRED
        if code == 0:
            return NUL
        if 0xD800 <= code <= 0xDBFF:
            high_ends = m.end()
        elif 0xDC00 <= code <= 0xDFFF:
            return UNPAIRED
    return UNPAIRED if high_ends >= 0 else None


NUL = "text must not contain NUL (\\u0000) characters"
UNPAIRED = "text must not contain unpaired UTF-16 surrogates (\\ud800-\\udfff)"


def _is_json(headers: dict[bytes, bytes]) -> bool:
    """Whether FastAPI would parse this body as JSON (no content type, or application/json
    or application/*+json)."""
    value = headers.get(b"content-type")
    if value is None:
        return True
    media = value.split(b";", 1)[0].strip().lower()
    main, _, sub = media.partition(b"/")
    return main == b"application" and (sub == b"json" or sub.endswith(b"+json"))


class InputGuard:
    """Refuse, with 422 and before any parsing or validation, what no handler should see:
    JSON bodies nested deeper than ``max_depth``, JSON strings holding NUL or unpaired
    surrogates, and NUL in the path or query. Sits inside ``BodySizeLimit``, which bounds
    what this buffers."""

    def __init__(self, app: ASGIApp, max_depth: int) -> None:
        self.app = app
        self.max_depth = max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope.get("path", "") or b"%00" in scope.get("query_string", b""):
            await refuse(send, 422, NUL)
            return
        headers = dict(scope.get("headers") or [])
        if not _is_json(headers):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        problem = None
        if body:
            if json_depth(body) > self.max_depth:
                problem = f"JSON nested deeper than {self.max_depth} levels"
            else:
                problem = json_text_problem(body)
        if problem:
            await refuse(send, 422, problem)
            return
        replay = {"type": "http.request", "body": body, "more_body": False}
        await self.app(scope, _replay([replay], receive), send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A receive that gives ``messages`` first, then whatever ``receive`` gives."""
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


async def refuse(send: Send, status: int, detail: str) -> None:
    """Answer ``{"detail": detail}`` with ``status``."""
    payload = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
