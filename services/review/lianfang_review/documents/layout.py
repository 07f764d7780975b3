"""Headings of the commitment letter, the briefing record and the assessment table."""

from __future__ import annotations

from lianfang_review.domain.terms import Component, term
from lianfang_review.spreadsheets.layout import CATEGORY, DESCRIPTION, GRADE, SCOPE, SEQ, Column


def col(key: str, hans: str, hant: str, en: str, width: int = 14) -> Column:
    return Column(key, {"zh-Hans": hans, "zh-Hant": hant, "en": en}, width)


MEASURES = col("measures", "防控措施", "防控措施", "Control measures", 48)
LETTER_ITEMS = (SEQ, SCOPE, CATEGORY, DESCRIPTION, GRADE, MEASURES)
BRIEFING_ITEMS = LETTER_ITEMS

TITLES = {
    "briefing": {"zh-Hans": "廉洁风险交底表", "zh-Hant": "廉潔風險交底表",
                 "en": "Integrity risk briefing record"},
    "assessment": {"zh-Hans": "年度党风廉政建设责任制考核表",
                   "zh-Hant": "年度黨風廉政建設責任制考核表",
                   "en": " annual assessment of integrity responsibilities"},
    "letters": {"zh-Hans": "廉洁承诺书", "zh-Hant": "廉潔承諾書", "en": "Integrity commitments"},
}  # fmt: skip
FIELDS = {
    "level": {"zh-Hans": "交底层级", "zh-Hant": "交底層級", "en": "Level"},
    "held_on": {"zh-Hans": "交底日期", "zh-Hant": "交底日期", "en": "Held on"},
    "unit": {"zh-Hans": "项目/部门", "zh-Hant": "項目/部門", "en": "Unit / department"},
}


def _component_columns() -> tuple[Column, ...]:
    out = []
    for c in Component:
        names = {x: term(c.value, x) for x in ("zh-Hans", "zh-Hant", "en")}
        out.append(col(f"{c.value}_value", *(f"{n}" for n in names.values()), 12))
        points = ("得分", "得分", " points")
        out.append(
            col(
                f"{c.value}_points",
                *(f"{n}{p}" for n, p in zip(names.values(), points, strict=True)),
                12,
            )
        )
    return tuple(out)


ASSESSMENT = (
    SEQ,
    col("department_name", "部门", "部門", "Department", 16),
    *_component_columns(),
    col("computed", "计算得分", "計算得分", "Computed score", 12),
    col("score", "考核得分", "考核得分", "Score", 12),
    col("reason", "调整理由", "調整理由", "Reason of adjustment", 30),
)
