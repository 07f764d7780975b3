"""The commitment template as shipped (version 1): fixed clauses (the tobacco monopoly law,
company rules), then the common and the individual risk points with their measures. The office
edits it by publishing a new version; these texts are jinja2 (Markdown once rendered)."""

from __future__ import annotations

ITEMS = """{% for item in ITEMS %}
{{ loop.index }}. {{ item.description }}<(>{{ item.scope }}<,>GRADE{{ item.grade }}<)>
{%- for m in item.measures %}
   - {{ m.text }}<(>{{ m.type }}<,>{{ m.stage }}<)>
{%- endfor %}
{%- else %}
NONE
{%- endfor %}"""


def _items(name: str, grade: str, none: str, en: bool = False) -> str:
    marks = (
        {"<(>": " (", "<,>": ", ", "<)>": ")"} if en else {"<(>": "（", "<,>": "，", "<)>": "）"}
    )
    text = ITEMS.replace("ITEMS", name).replace("GRADE", grade).replace("NONE", none)
    for mark, char in marks.items():
        text = text.replace(mark, char)
    return text


ZH_HANS = f"""# {{{{ title }}}}

本人{{{{ person.name }}}}（工号：{{{{ person.staff_no }}}}），{{{{ rank }}}}，现任{{{{ posts }}}}。\
为严格遵守党纪国法和企业规章制度，切实做到廉洁从业，现向{{{{ recipient }}}}郑重承诺：

一、严格遵守《中华人民共和国烟草专卖法》及其实施条例，依法从事烟草专卖品的生产经营活动，\
不参与、不纵容任何违反烟草专卖管理规定的行为。

二、严格遵守企业各项管理制度和规定，认真执行“三重一大”决策制度，不利用职务便利为本人或他人\
谋取利益，不收受管理和服务对象的礼品、礼金、有价证券和消费卡。

三、认真落实以下共性廉洁风险点的防控措施：
{_items("common_items", "风险等级：", "（无）")}

四、认真落实本人岗位个性廉洁风险点的防控措施：
{_items("own_items", "风险等级：", "（无）")}

五、自觉接受组织和群众监督。如有违反，自愿接受组织处理并承担相应责任。

承诺人：{{{{ person.name }}}}　　签订日期：{{{{ signed_on or "____年__月__日" }}}}

接收人：{{{{ recipient }}}}

（承诺书第{{{{ version }}}}版 · 模板第{{{{ template_version }}}}版 · \
内容摘要 {{{{ digest[:16] }}}}）
"""

ZH_HANT = f"""# {{{{ title }}}}

本人{{{{ person.name }}}}（工號：{{{{ person.staff_no }}}}），{{{{ rank }}}}，現任{{{{ posts }}}}。\
為嚴格遵守黨紀國法和企業規章制度，切實做到廉潔從業，現向{{{{ recipient }}}}鄭重承諾：

一、嚴格遵守《中華人民共和國煙草專賣法》及其實施條例，依法從事煙草專賣品的生產經營活動，\
不參與、不縱容任何違反煙草專賣管理規定的行為。

二、嚴格遵守企業各項管理制度和規定，認真執行「三重一大」決策制度，不利用職務便利為本人或他人\
謀取利益，不收受管理和服務對象的禮品、禮金、有價證券和消費卡。

三、認真落實以下共性廉潔風險點的防控措施：
{_items("common_items", "風險等級：", "（無）")}

四、認真落實本人崗位個性廉潔風險點的防控措施：
{_items("own_items", "風險等級：", "（無）")}

五、自覺接受組織和群眾監督。如有違反，自願接受組織處理並承擔相應責任。

承諾人：{{{{ person.name }}}}　　簽訂日期：{{{{ signed_on or "____年__月__日" }}}}

接收人：{{{{ recipient }}}}

（承諾書第{{{{ version }}}}版 · 模板第{{{{ template_version }}}}版 · \
內容摘要 {{{{ digest[:16] }}}}）
"""

EN = f"""# {{{{ title }}}}

I, {{{{ person.name }}}} (staff no. {{{{ person.staff_no }}}}), {{{{ rank }}}}, holding \
{{{{ posts }}}}, solemnly commit to {{{{ recipient }}}} to keep the Party's discipline, the law \
and the company's rules and to work with integrity:

1. I abide by the Tobacco Monopoly Law of the People's Republic of China and its implementing \
regulations, and take no part in, nor tolerate, any breach of the tobacco monopoly rules.

2. I abide by the company's rules and regulations, follow the collective decision rules for major \
matters, never use my position for my own or others' benefit, and accept no gifts, cash, \
securities or cards from those I manage or serve.

3. I carry out the control measures of these common integrity risk points:
{_items("common_items", "grade ", "(none)", en=True)}

4. I carry out the control measures of the individual risk points of my posts:
{_items("own_items", "grade ", "(none)", en=True)}

5. I accept the supervision of the organisation and the staff, and if I break this commitment I \
accept the consequences.

Signed: {{{{ person.name }}}}    Date: {{{{ signed_on or "____-__-__" }}}}

Received by: {{{{ recipient }}}}

(Commitment version {{{{ version }}}} · template version {{{{ template_version }}}} · digest \
{{{{ digest[:16] }}}})
"""

DEFAULT = {
    "title": {"zh-Hans": "廉洁承诺书", "zh-Hant": "廉潔承諾書", "en": "Integrity commitment"},
    "body": {"zh-Hans": ZH_HANS, "zh-Hant": ZH_HANT, "en": EN},
    "note": "初始模板",
}
