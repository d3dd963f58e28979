"""The written instruments of 依申请公开 (政府信息公开条例 arts. 30–39, 42): each step that tells
the applicant or a third party something in writing issues its 文书, signed by the agency the
request was made to; the reply's wording follows the situation it answers and carries the 救济途径
stored with it (行政复议法(2023) art. 23 for a 不予公开 answer)."""

from fazhi.core.instruments.kinds import Kind

from .models import Situation

ADDRESSEE = "{{申请人姓名/名称}}："
RECEIVED = (
    "本机关于{{收到申请日期}}收到你(单位)提出的政府信息公开申请(受理编号{{受理编号}})，"
    "申请获取“{{所需政府信息的名称、文号或描述}}”。"
)
AGENCY = "agency"

# What the reply says for each situation (条例 arts. 2, 35–39); the staff's note follows it.
REPLIES = {
    Situation.ALREADY_PUBLIC: (
        "经审查，你(单位)申请获取的政府信息已经主动公开，获取的方式、途径如下："
    ),
    Situation.DISCLOSE: (
        "经审查，你(单位)申请获取的政府信息属于公开范围，本机关予以提供(或获取的方"
        "式、途径和时间如下)："
    ),
    Situation.PARTIAL: (
        "经审查，你(单位)申请获取的政府信息中含有不应当公开的内容，但能够作区分处理"
        "，本机关向你(单位)提供可以公开的信息内容；对不予公开的内容，理由如下："
    ),
    Situation.WITHHOLD: (
        "经审查，你(单位)申请获取的政府信息属于不予公开的范围，本机关决定不予公开。理由及依据如下："
    ),
    Situation.NOT_EXIST: ("经检索，本机关没有你(单位)申请公开的信息，该政府信息不存在。"),
    Situation.NOT_OURS: (
        "经审查，你(单位)申请获取的政府信息不属于本机关负责公开。理由及负责公开该信"
        "息的机关和联系方式如下："
    ),
    Situation.REPEAT: (
        "本机关已就你(单位)申请公开的同一政府信息作出答复，你(单位)重复申请公开相"
        "同政府信息，本机关不予重复处理。"
    ),
    Situation.SPECIAL_RULES: (
        "你(单位)申请获取的信息，有关法律、行政法规对信息的获取有特别规定，请依照有关规定办理："
    ),
    Situation.NEEDS_PROCESSING: (
        "经审查，你(单位)申请获取的信息需要本机关对现有政府信息进行加工、分析，依照"
        "《中华人民共和国政府信息公开条例》第三十八条，本机关不予提供。"
    ),
    Situation.PETITION: (
        "经审查，你(单位)以政府信息公开申请的形式进行信访、投诉、举报等活动，依照《"
        "中华人民共和国政府信息公开条例》第三十九条第一款，本机关不作为政府信息公开申"
        "请处理，你(单位)可以通过相应渠道提出："
    ),
    Situation.PUBLICATION: ("你(单位)申请获取的信息为公开出版物，可以通过以下途径获取："),
    Situation.EXCESSIVE: (
        "你(单位)申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，所说"
        "明的理由不合理，依照《中华人民共和国政府信息公开条例》第三十五条，本机关不予"
        "处理。"
    ),
    Situation.NOT_GOVERNMENT_INFO: (
        "经审查，你(单位)申请获取的信息不属于行政机关在履行行政管理职能过程中制作或"
        "者获取的政府信息，不属于《中华人民共和国政府信息公开条例》所称的政府信息。"
    ),
}


def reply_kind(request) -> str:
    return f"reply_{request.situation}" if request.situation else ""


def _reply(situation: Situation, sentence: str) -> Kind:
    return Kind(
        f"reply_{situation.value}",
        "政府信息公开申请答复书",
        "公开答",
        f"""{ADDRESSEE}
{RECEIVED}现答复如下：
{sentence}
{{{{答复说明/理由}}}}
{{{{救济途径告知}}}}""",
        law="政府信息公开条例第三十六条至第三十九条",
        signer=AGENCY,
    )


INSTRUMENTS = [
    Kind(
        "correction_notice",
        "政府信息公开申请补正告知书",
        "公开补",
        f"""{ADDRESSEE}
{RECEIVED}经审查，你(单位)的申请内容不明确，请对以下事项作出补正(一次性告知)：
{{{{需要补正的事项(一次性载明)}}}}
请于{{{{补正期限}}}}前提交补正材料。答复期限自本机关收到补正的申请之日起计算；无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。""",
        law="政府信息公开条例第三十条",
        signer=AGENCY,
    ),
    Kind(
        "consultation_letter",
        "政府信息公开征求意见书",
        "公开征",
        """{{征求意见的对象}}：
本机关于{{收到申请日期}}收到{{申请人姓名/名称}}的政府信息公开申请(受理编号{{受理编号}})，申请获取“{{所需政府信息的名称、文号或描述}}”。该信息的公开可能损害你(单位)的合法权益(或需征求你机关意见)，现书面征求你(单位)的意见。
请自收到本征求意见书之日起15个工作日内提出意见。逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。""",
        law="政府信息公开条例第三十二条、第三十四条",
        signer=AGENCY,
    ),
    Kind(
        "extension_notice",
        "延期答复告知书",
        "公开延",
        f"""{ADDRESSEE}
{RECEIVED}因{{{{延期理由}}}}，本机关不能在规定期限内作出答复，经本机关政府信息公开工作机构负责人同意，答复期限延长{{{{延长的工作日数}}}}个工作日，至{{{{答复期限}}}}。
特此告知。""",
        law="政府信息公开条例第三十三条第二款",
        signer=AGENCY,
    ),
    Kind(
        "reasons_notice",
        "要求说明理由告知书",
        "公开理",
        f"""{ADDRESSEE}
{RECEIVED}经审查，你(单位)申请公开政府信息的数量、频次明显超过合理范围，请说明理由：
{{{{申请数量、频次明显超过合理范围的情况及需要说明的事项}}}}
本机关认为理由不合理的，将不予处理；理由合理但无法在规定期限内答复的，将确定延迟答复的合理期限并告知。""",
        law="政府信息公开条例第三十五条",
        signer=AGENCY,
    ),
    Kind(
        "delay_notice",
        "延迟答复告知书",
        "公开迟",
        f"""{ADDRESSEE}
{RECEIVED}你(单位)申请公开政府信息的数量、频次明显超过合理范围，经说明理由，本机关认为理由合理，但无法在规定期限内答复。因{{{{理由}}}}，本机关确定延迟答复的期限至{{{{延迟答复期限}}}}。
特此告知。""",
        law="政府信息公开条例第三十五条",
        signer=AGENCY,
    ),
    Kind(
        "fee_notice",
        "信息处理费收费通知书",
        "公开费",
        f"""{ADDRESSEE}
{RECEIVED}你(单位)申请公开政府信息的数量、频次明显超过一定限度，依照《政府信息公开信息处理费管理办法》，本机关按{{{{收费方式}}}}收取信息处理费人民币{{{{信息处理费(元)}}}}元。
请自收到本通知书的次日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。""",
        law="政府信息公开条例第四十二条；政府信息公开信息处理费管理办法(国办函〔2020〕109号)",
        signer=AGENCY,
    ),
    *[_reply(situation, sentence) for situation, sentence in REPLIES.items()],
]
