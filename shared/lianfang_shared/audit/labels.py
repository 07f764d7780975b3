"""Text of the audit exports for people: Simplified Chinese, Traditional Chinese, English."""

from __future__ import annotations

from lianfang_shared.i18n import Locale, pick
from lianfang_shared.i18n import texts as _t

T = dict[str, str]


TITLE = _t("事件日志", "事件日誌", "Event log")
CHECKPOINTS = _t("签名检查点", "簽名檢查點", "Signed checkpoints")
ABOUT = _t("说明", "說明", "About")

EVENT_COLUMNS: list[tuple[T, int]] = [
    (_t("序号", "序號", "No."), 6),
    (_t("日志位置", "日誌位置", "Position"), 10),
    (_t("时间", "時間", "Time"), 20),
    (_t("对象", "對象", "Aggregate"), 38),
    (_t("版本", "版本", "Version"), 6),
    (_t("事件", "事件", "Event"), 24),
    (_t("操作人", "操作人", "Actor"), 14),
    (_t("内容", "內容", "Content"), 60),
    (_t("已隐去字段", "已隱去欄位", "Withheld fields"), 16),
    (_t("链哈希", "鏈雜湊", "Chain hash"), 66),
]
CHECKPOINT_COLUMNS: list[tuple[T, int]] = [
    (_t("日志位置", "日誌位置", "Position"), 10),
    (_t("事件数", "事件數", "Events"), 10),
    (_t("链头哈希", "鏈頭雜湊", "Chain head"), 66),
    (_t("签名时间", "簽名時間", "Signed at"), 20),
    (_t("密钥标识", "密鑰標識", "Key id"), 22),
    (_t("签名", "簽名", "Signature"), 40),
]
SERVICE = _t("服务", "服務", "Service")
SUBJECT = _t("对象", "對象", "Subject")
WHOLE_LOG = _t("全部事件", "全部事件", "the whole log")
EXPORTED_AT = _t("导出时间", "匯出時間", "Exported at")
EXPORTED_BY = _t("导出人", "匯出人", "Exported by")
KEY = _t("签名密钥标识", "簽名密鑰標識", "Signing key id")
HOW_TO_VERIFY = _t(
    "本表供阅读。防篡改校验请使用 JSON Lines 导出文件：lianfang audit verify --file 文件名",
    "本表供閱讀。防篡改校驗請使用 JSON Lines 匯出檔案：lianfang audit verify --file 檔名",
    "For reading. To verify integrity use the JSON Lines export: lianfang audit verify --file NAME",
)

_EVENT_LABELS: dict[str, T] = {}


def register_event_labels(labels: dict[str, T]) -> None:
    """Names of event types for people, e.g. ``{"Power.Amended": {"zh-Hans": "职权修订", ...}}``."""
    _EVENT_LABELS.update(labels)


def event_label(event_type: str, locale: Locale) -> str:
    """The name of an event type in ``locale`` (its code when none was registered)."""
    texts = _EVENT_LABELS.get(event_type)
    return pick(texts, locale) if texts else event_type
