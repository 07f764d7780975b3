"""Layout of the review annexes, with headings in the seed's terms (and their translations)."""

from __future__ import annotations

from lianfang_shared.spreadsheets import Column


def _col(key: str, hans: str, hant: str, en: str, width: int = 14) -> Column:
    return Column(key, {"zh-Hans": hans, "zh-Hant": hant, "en": en}, width)


SEQ = _col("seq", "序号", "序號", "No.", 6)
DEPARTMENT = _col("department_name", "部门", "部門", "Department", 14)
OWNER = _col("owner", "岗位/人员", "崗位/人員", "Post / person", 16)
SCOPE = _col("scope", "风险点类别", "風險點類別", "Scope", 12)
CATEGORY = _col("category", "风险类型", "風險類型", "Risk category", 12)
POWER = _col("power", "涉及职权", "涉及職權", "Power", 22)
STEP = _col("step", "业务环节", "業務環節", "Process step", 14)
DESCRIPTION = _col("description", "风险点表现形式", "風險點表現形式", "How the risk shows", 40)
GRADE = _col("grade", "风险等级", "風險等級", "Grade", 8)
MEASURE = _col("measure", "防控措施", "防控措施", "Control measure", 40)
MEASURE_TYPE = _col("measure_type", "措施类型", "措施類型", "Measure type", 10)
STAGE = _col("stage", "防控阶段", "防控階段", "Stage", 10)
RESPONSIBLE = _col("responsible", "责任人", "責任人", "Responsible", 10)
DUE = _col("due_on", "完成时限", "完成時限", "Due", 12)
PROGRESS = _col("measure_status", "落实情况", "落實情況", "Progress", 10)
STATUS = _col("status", "审核状态", "審核狀態", "Approval", 10)

# Annex 3, 风险与措施清单: one row per measure; the point's cells span its measures.
ANNEX3 = (
    SEQ, DEPARTMENT, OWNER, SCOPE, CATEGORY, POWER, STEP, DESCRIPTION, GRADE,
    MEASURE, MEASURE_TYPE, STAGE, RESPONSIBLE, DUE, PROGRESS, STATUS,
)  # fmt: skip
ANNEX3_POINT_KEYS = {c.key for c in ANNEX3[:9]} | {"status"}

# Annexes 4, 5, 6, 廉洁风险点防控登记表: one sheet per person, one row per risk point.
FORM = (
    SEQ, SCOPE, CATEGORY, POWER, DESCRIPTION, GRADE,
    _col("measures", "防控措施", "防控措施", "Control measures", 48),
    STATUS,
    _col("approver", "审核", "審核", "Approved by", 22),
    _col("comment", "审核意见", "審核意見", "Comments", 24),
    _col("decided_on", "审核日期", "審核日期", "Date", 12),
)  # fmt: skip

FORM_FIELDS = {
    "name": {"zh-Hans": "姓名", "zh-Hant": "姓名", "en": "Name"},
    "staff_no": {"zh-Hans": "工号", "zh-Hant": "工號", "en": "Staff no."},
    "rank": {"zh-Hans": "职级", "zh-Hant": "職級", "en": "Rank"},
    "department": {"zh-Hans": "部门", "zh-Hant": "部門", "en": "Department"},
    "post": {"zh-Hans": "岗位", "zh-Hant": "崗位", "en": "Post"},
    "meeting": {"zh-Hans": "部门会议", "zh-Hant": "部門會議", "en": "Department meeting"},
    "attendees": {"zh-Hans": "参会人员", "zh-Hant": "參會人員", "en": "attendees"},
}

TITLES: dict[str, dict[str, str]] = {
    "annex3": {
        "zh-Hans": "风险与措施清单",
        "zh-Hant": "風險與措施清單",
        "en": "Risks and measures",
    },
    "annex4": {
        "zh-Hans": "重点岗位人员廉洁风险点防控登记表",
        "zh-Hant": "重點崗位人員廉潔風險點防控登記表",
        "en": "Integrity risk registration form: key-post staff",
    },
    "annex5": {
        "zh-Hans": "中层干部廉洁风险点防控登记表",
        "zh-Hant": "中層幹部廉潔風險點防控登記表",
        "en": "Integrity risk registration form: middle cadres",
    },
    "annex6": {
        "zh-Hans": "厂级领导廉洁风险点防控登记表",
        "zh-Hant": "廠級領導廉潔風險點防控登記表",
        "en": "Integrity risk registration form: factory leaders",
    },
}
# Which ranks each registration form is for.
ANNEX_RANKS: dict[int, tuple[str, ...]] = {
    4: ("staff", "key_post"),
    5: ("middle_cadre",),
    6: ("leader", "party_secretary"),
}


def annex_for(rank: str) -> int:
    """The registration form of a rank (4 key-post staff, 5 middle cadre, 6 leader)."""
    return next(n for n, ranks in ANNEX_RANKS.items() if rank in ranks)
