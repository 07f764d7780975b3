"""The digest of content people sign or cite (a commitment version, a published list)."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def digest_of(content: dict[str, Any]) -> str:
    """SHA-256 of the content as canonical JSON."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
