"""A power's process flow as Mermaid flowchart text (业务工作运行流程图)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lianfang_shared.i18n import Locale, pick

END = {"zh-Hans": "结束", "zh-Hant": "結束", "en": "End"}
KEY_POST_STYLE = "classDef keyPost fill:#fde2e2,stroke:#c0392b,stroke-width:2px"


def _text(value: str) -> str:
    """Text safe inside a quoted Mermaid label."""
    return (
        value.replace("&", "#amp;")
        .replace('"', "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
        .replace("\n", " ")
    )


def mermaid(title: str, steps: Iterable[dict[str, Any]], locale: Locale = "zh-Hans") -> str:
    """Flowchart from a start node through each step (name, post) in order to an end node."""
    lines = ["flowchart TD", f'    start(["{_text(title)}"])']
    previous = "start"
    keyed = []
    for n, step in enumerate(steps, start=1):
        node = f"s{n}"
        post = step.get("post_name") or str(step["post_id"])
        where = f"{step['department_name']} · {post}" if step.get("department_name") else post
        lines.append(f'    {node}["{n}. {_text(step["name"])}<br/><small>{_text(where)}</small>"]')
        lines.append(f"    {previous} --> {node}")
        if step.get("key_post"):
            keyed.append(node)
        previous = node
    lines.append(f'    finish(["{pick(END, locale)}"])')
    lines.append(f"    {previous} --> finish")
    if keyed:
        lines.append(f"    {KEY_POST_STYLE}")
        lines.append(f"    class {','.join(keyed)} keyPost")
    return "\n".join(lines) + "\n"
