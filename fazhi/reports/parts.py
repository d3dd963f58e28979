"""The default parts of a new annual report.

The structure follows the seed report (eight numbered parts), framed by an opening paragraph and a
closing that carries what 《法治政府建设与责任落实督察工作规定》 art. 25 requires besides the
measures and results: shortcomings and their causes (二), the principal leaders' performance of
their first-responsibility duties (三, in part 八) and next year's plans (四).

Template syntax (see fazhi.reports.prose): one line is one paragraph; a figure is written
`{% fig "<指标编号>" %}`; `{{ year }}`, `{{ next_year }}`, `{{ unit_name }}` and `{{ area }}`
("全市", "全县"…) are available. A paragraph that begins with "（一）…。" prints its first sentence
as a second-level heading. "【待填写：…】" marks text the coordinator must still write, and
"【待补数据：…】" a part whose figures the platform does not compute yet: both are problems of
the consistency check, shown in a draft and never printed in the issued document.

Only figures the platform computes are referenced; where a part's figures are not yet computed,
the text carries PENDING (a marker for the coordinator) instead of stating a number.
"""

from dataclasses import dataclass

PENDING = "【待补数据：本部分的数据尚未纳入平台统计，请写明数字或删去本标记】"
PENDING_ITEM = "【待补数据：本项数据尚未纳入平台统计，请写明数字或删去本标记】"


@dataclass(frozen=True)
class DefaultPart:
    number: int
    heading: str
    body: str


def _lines(*lines: str) -> str:
    return "\n".join(lines)


OPENING = DefaultPart(
    0,
    "导语",
    _lines(
        "{{ year }}年，{{ unit_name }}以习近平新时代中国特色社会主义思想为指导，深入学习贯彻"
        "习近平法治思想，按照上级关于法治政府建设的部署，把依法行政要求落实到政府工作各个环节，"
        "法治政府建设取得新的进展。现将{{ year }}年法治政府建设工作情况报告如下。"
    ),
)

NUMBERED = [
    DefaultPart(
        1,
        "依法全面履行政府职能",
        _lines(
            "（一）提升政务服务水平。推动线上线下政务服务融合，推进“一网通办”“跨省通办”和"
            "“一件事一次办”，用“好差评”的评价结果督促窗口改进服务。" + PENDING_ITEM,
            "（二）深化“放管服”改革，营造法治化营商环境。对不符合改革要求的规范性文件进行清理；"
            "为市场主体提供涉企法律服务。",
            "（四）推进证明事项清理和告知承诺制。除法律法规另有规定外不新增证明材料，对办事频次高"
            "的证明事项推行告知承诺。",
            "（五）加强事中事后监管。推进“证照分离”改革，落实“双随机、一公开”和“互联网+监管”，"
            "依法公示行政许可、行政处罚信息。" + PENDING_ITEM,
        ),
    ),
    DefaultPart(
        2,
        "推进科学民主依法决策",
        _lines(
            "（一）规范重大行政决策程序。落实公众参与、专家论证、风险评估、合法性审查和集体讨论"
            "决定等法定程序，提交政府常务会议审议的事项先行合法性审核。",
            "（二）加强行政规范性文件监督管理。以政府及其办公室名义发布的文件一律经过合法性审核，"
            "规范性文件按规定报送备案审查。",
            "（三）发挥政府法律顾问作用。各单位聘请法律顾问，参与重大决策、合同协议和执法决定的"
            "审核。",
            PENDING,
        ),
    ),
    DefaultPart(
        3,
        "深化行政执法体制改革",
        _lines(
            "围绕市场监管、生态环境、文化市场、交通运输、农业等领域综合行政执法改革，整合执法"
            "职责和执法队伍，理顺执法体制，推动综合执法、专业执法和区域执法相互衔接。",
            PENDING,
        ),
    ),
    DefaultPart(
        4,
        "全面推进严格规范公正文明执法",
        _lines(
            "（一）全面落实行政执法“三项制度”。依法公示执法信息，对执法全过程进行文字和音像"
            "记录，重大执法决定作出前进行法制审核，并组织行政执法案卷评查。",
            "（二）提升执法队伍素质。做好行政执法证件管理、资格考试和业务培训。",
            "（三）落实“谁执法谁普法”普法责任制。通过以案释法、旁听庭审、送法进乡村等方式开展"
            "法治宣传。",
            PENDING,
        ),
    ),
    DefaultPart(5, "强化行政权力制约和监督", ""),
    DefaultPart(6, "依法有效化解社会矛盾纠纷", ""),
    DefaultPart(
        7,
        "全面提高政府工作人员法治思维和依法行政能力",
        _lines(
            "落实领导干部学法用法制度和宪法宣誓制度，组织领导干部参加法治专题学习和考试，把法治"
            "素养和依法履职情况纳入干部考核考察内容。",
            PENDING,
        ),
    ),
    DefaultPart(
        8,
        "加强组织保障和工作落实",
        _lines(
            "（一）加强党对法治政府建设的领导。及时传达学习中央和上级关于法治建设的部署，研究"
            "解决法治政府建设中的重大问题。",
            # 督察工作规定 art. 25 (三): the principal leaders' first-responsibility duties.
            "（二）履行推进法治建设第一责任人职责。政府主要负责人带头研究部署法治政府建设工作，"
            "把法治建设任务纳入年度目标考核。"
            "【待填写：本年度党政主要负责人履行推进法治建设第一责任人职责的具体情况】",
            "（三）保障工作经费。将依法行政所需经费纳入年度预算。",
            "（四）营造良好氛围。利用报刊、电视、网络和新媒体宣传法治政府建设的做法和成效。",
            PENDING,
        ),
    ),
]

CLOSING = DefaultPart(
    9,
    "存在的不足和下一年度工作安排",
    _lines(
        # 督察工作规定 art. 25 (二) and (四).
        "{{ year }}年，{{ area }}法治政府建设仍存在一些不足：【待填写：本年度存在的不足及其原因】",
        "{{ next_year }}年，{{ area }}将继续以习近平法治思想为指导，落实法治政府建设实施纲要，"
        "重点做好以下工作：【待填写：下一年度推进法治政府建设的主要安排】",
    ),
)

FRAME: list[DefaultPart] = [OPENING, *NUMBERED, CLOSING]
GENERIC_STEP = 10  # the frame's own paragraphs stand at 10, 20, 30 … of their part


def default_parts() -> list[DefaultPart]:
    """The frame's parts with every procedure's paragraphs in place (Procedure.report): this
    module names no procedure and no figure of one."""
    contributed = _contributions()
    parts = []
    for part in FRAME:
        own = [(GENERIC_STEP * (i + 1), text) for i, text in enumerate(_paragraphs(part.body))]
        merged = sorted(own + contributed.get(part.number, []), key=lambda item: item[0])
        parts.append(DefaultPart(part.number, part.heading, _lines(*(t for _, t in merged))))
    return parts


def _paragraphs(body: str) -> list[str]:
    return [line for line in body.split("\n") if line.strip()]


def _contributions() -> dict[int, list[tuple[int, str]]]:
    from fazhi.core.procedures import all_procedures

    found: dict[int, list[tuple[int, str]]] = {}
    for procedure in all_procedures():
        for paragraph in procedure.report:
            found.setdefault(paragraph.part, []).append((paragraph.position, paragraph.text))
    return found
