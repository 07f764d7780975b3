"""Column layout of the annexes, with headings in the seed's terms (and their translations)."""

from __future__ import annotations

from lianfang_shared.spreadsheets import Column


def _col(key: str, hans: str, hant: str, en: str, width: int = 18, **kw: object) -> Column:
    return Column(key, {"zh-Hans": hans, "zh-Hant": hant, "en": en}, width, **kw)  # type: ignore[arg-type]


SEQ = _col("seq", "序号", "序號", "No.", 6)
DEPARTMENT_CODE = _col(
    "department_code",
    "部门编码",
    "部門編碼",
    "Department code",
    10,
    required=True,
    max_length=32,
    is_code=True,
)
DEPARTMENT_NAME = _col("department_name", "部门名称", "部門名稱", "Department", 14)
CODE = _col(
    "code", "职权编码", "職權編碼", "Power code", 12, required=True, max_length=32, is_code=True
)
NAME = _col("name", "职权名称", "職權名稱", "Power", 24, required=True, max_length=200)
CATEGORY = _col("category", "职权类别", "職權類別", "Category", 10, required=True)

# Annex 1, 职权目录: the fields the seed names — 职权名称、内容、制度依据和办理部门; 主体、条件、
# 程序、时限、责任和监督方式.
DETAIL_COLUMNS = (
    NAME,
    CATEGORY,
    _col("content", "职权内容", "職權內容", "Content", 40, required=True),
    _col("basis", "制度依据", "制度依據", "Basis", 30),
    _col("handling_department", "办理部门", "辦理部門", "Handling department", 14, max_length=200),
    _col("subject", "主体", "主體", "Subject", 16),
    _col("conditions", "条件", "條件", "Conditions", 24),
    _col("procedure", "程序", "程序", "Procedure", 30),
    _col("time_limit", "时限", "時限", "Time limit", 12, max_length=200),
    _col("responsibility", "责任", "責任", "Responsibility", 24),
    _col("supervision", "监督方式", "監督方式", "Supervision", 20),
)
STATUS = _col("status", "状态", "狀態", "Status", 8)
REVISION = _col("revision", "版本", "版本", "Revision", 6)

ANNEX1 = (SEQ, DEPARTMENT_CODE, DEPARTMENT_NAME, CODE, *DETAIL_COLUMNS, STATUS, REVISION)
# The columns an import reads (the others are written by the export and ignored on import).
IMPORTED = (DEPARTMENT_CODE, CODE, *DETAIL_COLUMNS)

# Annex 2, 权力和责任清单: each power's responsibility items and who is accountable.
ANNEX2 = (
    SEQ,
    DEPARTMENT_CODE,
    DEPARTMENT_NAME,
    CODE,
    NAME,
    CATEGORY,
    _col("item", "责任事项", "責任事項", "Responsibility item", 40),
    _col("post_name", "责任岗位", "責任崗位", "Accountable post", 16),
    _col("key_post", "重点岗位", "重點崗位", "Key post", 8),
    _col("holders", "责任人", "責任人", "Holders", 16),
)

TITLES: dict[str, dict[str, str]] = {
    "annex1": {"zh-Hans": "职权目录", "zh-Hant": "職權目錄", "en": "Catalogue of powers"},
    "annex2": {
        "zh-Hans": "权力和责任清单",
        "zh-Hant": "權力和責任清單",
        "en": "Powers and responsibilities",
    },
}
YES_NO = {"zh-Hans": ("是", "否"), "zh-Hant": ("是", "否"), "en": ("yes", "no")}
