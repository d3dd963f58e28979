"""The report's prose templates: the `{% fig %}` tag, validation, and composition into paragraphs.

A part's body is Django template text in which a figure is written `{% fig "rec.accepted" %}`.
The tag does not format anything itself: it leaves a marker holding the figure id, and the
rendered text is then split into paragraphs of plain text and figure references. Each output
(HTML with links, DOCX, PDF) turns the references into its own form, and a reference to a figure
the platform does not compute becomes a visible marker and a problem, never a number.

The template language is a small safe subset: only the tags in ALLOWED_TAGS and the filters in
ALLOWED_FILTERS, no `{% load %}`, `{% include %}` or `{% url %}`, and an engine without loaders.
Its output is plain text (no autoescape here); the HTML output escapes it. Rendering is bounded:
a template is refused on save when it is too long or nests `{% for %}` deeper than
MAX_LOOP_DEPTH, and a render stops after MAX_LOOP_ITERATIONS loop rounds or MAX_PART_CHARS
characters (a template saved before these rules, or typed into the preview, cannot take the
report page down for seconds).

What the platform adds for the staff (a marker for a figure it does not hold, an unknown
variable, a template that failed) and what the coordinator marks as still to do (【待填写：…】,
【待补数据：…】) are problems of the consistency check. A published composition (an issued
report, the portal) leaves all of them out: an issued document never carries internal text.
"""

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.template import Context, Engine, Library, Node, Template, TemplateSyntaxError
from django.template.base import Lexer, TokenType
from django.template.defaulttags import do_for

from fazhi.core.masking import mask_text

register = Library()

# Private-use code points delimit a figure reference in rendered text: nobody types them.
FIG_OPEN, FIG_CLOSE = "\ue000", "\ue001"
FIG_REFERENCE = re.compile(f"{FIG_OPEN}([^{FIG_CLOSE}]*){FIG_CLOSE}")
FIGURE_ID = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*")
# Internal notes the platform writes into the rendered text (an unknown variable, a template
# that failed) are wrapped in two more private-use code points, so that a published rendering
# removes exactly them.
NOTE_OPEN, NOTE_CLOSE = "\ue002", "\ue003"
NOTE = re.compile(f"{NOTE_OPEN}[^{NOTE_CLOSE}]*{NOTE_CLOSE}")
# What the coordinator marks as still to write (【待填写：…】) and a part's figures the platform
# does not hold yet (【待补数据：…】): shown to the staff in a draft, left out when published.
MARKER = re.compile(r"【(待填写|待补数据)[:：]?([^】]*)】")
MARKER_CHECKS = {
    "待填写": ("todo", "报告尚有待填写的内容"),
    "待补数据": ("pending_data", "部分数据尚未纳入平台统计"),
}
UNKNOWN_VARIABLE = f"{NOTE_OPEN}【未知变量 %s】{NOTE_CLOSE}"
# GB/T 9704—2012 7.3.3: the second level of structure is numbered "（一）"; its sentence is the
# second-level heading, printed in 楷体 at the start of its paragraph.
LEAD = re.compile(r"^（[一二三四五六七八九十]+）[^。]*(?:。|$)")
ALLOWED_TAGS = frozenset(
    {"fig", "yoy", "if", "elif", "else", "endif", "for", "empty", "endfor", "with", "endwith"}
    | {"comment", "endcomment", "firstof", "now"}
)
# Filters that cannot blow up the output (ljust:"999999999", floatformat:"99999" and the like
# can); anything else is refused on save.
ALLOWED_FILTERS = frozenset(
    {"default", "default_if_none", "add", "cut", "date", "first", "last", "length", "lower"}
    | {"upper", "yesno"}
)
FILTER_USE = re.compile(r"\|\s*([A-Za-z_][A-Za-z0-9_]*)")
FIG_USAGE = '{% fig "指标编号" %}，例如 {% fig "rec.accepted" %}'
YOY_USAGE = '{% yoy "指标编号" %} 或 {% yoy "指标编号" "同比" %}'
# The year-on-year phrasings: the seed's "较去年增加87项" / "较去年的59.16%提高12.98个百分点"
# (LAST_YEAR), or "同比增长7.78%" (SAME_PERIOD).
LAST_YEAR, SAME_PERIOD = "去年", "同比"
MAX_TEMPLATE_CHARS = 20_000
MAX_LOOP_DEPTH = 2
MAX_LOOP_ITERATIONS = 1_000  # in one part's render, all loops together
MAX_PART_CHARS = 50_000


class RenderLimit(Exception):
    """A part's template went past a bound while rendering; the message says which, in Chinese."""


class FigureNode(Node):
    def __init__(self, figure_id: str):
        self.figure_id = figure_id

    def render(self, context) -> str:
        return f"{FIG_OPEN}{self.figure_id}{FIG_CLOSE}"


@register.tag("fig")
def fig_tag(parser, token) -> FigureNode:
    bits = token.split_contents()
    if len(bits) != 2 or not _is_quoted(bits[1]):
        raise TemplateSyntaxError(f"fig 标签的写法是 {FIG_USAGE}")
    figure_id = bits[1][1:-1]
    if not FIGURE_ID.fullmatch(figure_id):
        raise TemplateSyntaxError(f"指标编号“{figure_id}”无效：应由小写字母、数字、下划线和点组成")
    return FigureNode(figure_id)


class LoopRoundCounter(Node):
    """Put first in every loop's body: counts the rounds of all loops of one render and stops it
    past MAX_LOOP_ITERATIONS (nested loops multiply; the count is what the render costs)."""

    def render(self, context) -> str:
        rounds = context.render_context.get("fazhi_loop_rounds", 0) + 1
        context.render_context["fazhi_loop_rounds"] = rounds
        if rounds > MAX_LOOP_ITERATIONS:
            raise RenderLimit(
                f"循环共超过 {MAX_LOOP_ITERATIONS} 次，已停止生成；请减少 {{% for %}} 的次数"
            )
        return ""


@register.tag("for")
def bounded_for(parser, token):
    """Django's {% for %}, with its rounds counted (see LoopRoundCounter)."""
    node = do_for(parser, token)
    node.nodelist_loop.insert(0, LoopRoundCounter())
    return node


class ComparisonNode(Node):
    """{% yoy "id" %}: the figure's change from the same period of the year before."""

    def __init__(self, figure_id: str, style: str):
        self.figure_id, self.style = figure_id, style

    def render(self, context) -> str:
        return f"{FIG_OPEN}{self.style}|{self.figure_id}{FIG_CLOSE}"


@register.tag("yoy")
def yoy_tag(parser, token) -> ComparisonNode:
    bits = token.split_contents()
    if len(bits) not in (2, 3) or not all(_is_quoted(b) for b in bits[1:]):
        raise TemplateSyntaxError(f"yoy 标签的写法是 {YOY_USAGE}")
    figure_id = bits[1][1:-1]
    style = bits[2][1:-1] if len(bits) == 3 else LAST_YEAR
    if not FIGURE_ID.fullmatch(figure_id):
        raise TemplateSyntaxError(f"指标编号“{figure_id}”无效：应由小写字母、数字、下划线和点组成")
    if style not in (LAST_YEAR, SAME_PERIOD):
        raise TemplateSyntaxError(f"yoy 标签的第二项只能是“{SAME_PERIOD}”：{YOY_USAGE}")
    return ComparisonNode(figure_id, style)


def comparison_text(entry, previous, style: str = LAST_YEAR) -> str:
    """The change from last year in words, or "" when the two cannot be compared.

    A rate changes in 百分点 ("较去年的59.16%提高12.98个百分点"); a count in its unit ("较去年增加
    87件") or, 同比, in percent of last year's count ("同比增长7.78%")."""
    if entry is None or previous is None or entry.value is None or previous.value is None:
        return ""
    current, before = Decimal(str(entry.value)), Decimal(str(previous.value))
    if entry.is_rate or entry.unit == "%":
        points = current - before
        if style == SAME_PERIOD:
            return _changed("同比提高", "同比下降", "同比持平", points, "个百分点")
        change = _changed("提高", "下降", "持平", points, "个百分点")
        return f"较去年的{previous.text}{change}"
    if style == SAME_PERIOD:
        if before == 0:
            return ""
        growth = (current - before) * 100 / before
        return _changed("同比增长", "同比下降", "同比持平", growth.quantize(Decimal("0.01")), "%")
    return "较去年" + _changed("增加", "减少", "持平", current - before, entry.unit)


def _changed(up: str, down: str, same: str, amount: Decimal, unit: str) -> str:
    if amount == 0:
        return same
    number = format(abs(amount).normalize(), "f")
    if "." in number and unit != "%":
        number = f"{abs(amount):.2f}"
    return f"{up if amount > 0 else down}{number}{unit}"


def _is_quoted(word: str) -> bool:
    return len(word) > 2 and word[0] == word[-1] and word[0] in ('"', "'")


@lru_cache(maxsize=1)
def engine() -> Engine:
    # No loaders and no libraries: a template cannot reach other templates or tag libraries.
    return Engine(
        loaders=[],
        libraries={},
        builtins=["fazhi.reports.prose"],
        autoescape=False,
        string_if_invalid=UNKNOWN_VARIABLE,
    )


def compile_template(source: str) -> Template:
    """Compile a part's body, or raise ValidationError saying in Chinese what is wrong."""
    if any(mark in source for mark in (FIG_OPEN, FIG_CLOSE, NOTE_OPEN, NOTE_CLOSE)):
        raise ValidationError("正文模板含有不允许的控制字符（U+E000—U+E003）")
    if len(source) > MAX_TEMPLATE_CHARS:
        raise ValidationError(
            f"正文模板过长：{len(source)} 字，一个部分最多 {MAX_TEMPLATE_CHARS} 字"
        )
    depth = 0
    for token in Lexer(source).tokenize():
        if token.token_type not in (TokenType.BLOCK, TokenType.VAR):
            continue
        for name in FILTER_USE.findall(token.contents):
            if name not in ALLOWED_FILTERS:
                raise ValidationError(
                    f"正文模板不允许使用过滤器 |{name}（第 {token.lineno} 行）；"
                    f"可用的过滤器：{'、'.join(sorted(ALLOWED_FILTERS))}"
                )
        if token.token_type != TokenType.BLOCK:
            continue
        name = (token.contents.split() or [""])[0]
        if name not in ALLOWED_TAGS:
            raise ValidationError(f"正文模板不允许使用标签 {{% {name} %}}（第 {token.lineno} 行）")
        if name == "for":
            depth += 1
            if depth > MAX_LOOP_DEPTH:
                raise ValidationError(
                    f"正文模板的 {{% for %}} 嵌套超过 {MAX_LOOP_DEPTH} 层（第 {token.lineno} 行）："
                    "生成这样的正文耗时过长，请改写"
                )
        elif name == "endfor":
            depth = max(depth - 1, 0)
    try:
        return engine().from_string(source)
    except TemplateSyntaxError as error:
        raise ValidationError(f"正文模板语法错误：{error}") from error


def figure_ids_of(template: Template) -> list[str]:
    """The figures a compiled template references (inside loops and conditions too)."""
    nodes = template.nodelist.get_nodes_by_type(FigureNode)
    nodes += template.nodelist.get_nodes_by_type(ComparisonNode)
    return [node.figure_id for node in nodes]


COMPARED = re.compile(r"""{%\s*yoy\s+["']([^"']+)["']""")


def compared_ids(sources) -> list[str]:
    """The figures the texts compare with last year ({% yoy %}): only these are computed for
    the year before."""
    return list(dict.fromkeys(fid for text in sources for fid in COMPARED.findall(text)))


@dataclass
class Segment:
    """A run of plain text, or (figure_id set) a reference to a figure.

    `bare`: the text right after the figure begins with the figure's own unit ("{% fig "x" %}件"),
    so the figure is printed without it ("35件", not "35件件")."""

    text: str = ""
    figure_id: str = ""
    bare: bool = False
    comparison: str = ""  # {% yoy %}: LAST_YEAR or SAME_PERIOD; the change, not the figure


@dataclass
class Paragraph:
    segments: list[Segment]
    lead: str = ""  # a second-level heading "（一）…。" opening the paragraph


@dataclass
class ComposedPart:
    number: int
    heading: str  # "一、…" for the eight numbered parts, "" for the opening and the closing
    label: str  # how problems name the part
    paragraphs: list[Paragraph]


@dataclass
class Composition:
    parts: list[ComposedPart]
    figure_ids: list[str] = field(default_factory=list)  # referenced, in order of first use
    problems: list[dict] = field(default_factory=list)


def compose(
    parts,
    variables: dict,
    figures: dict,
    *,
    published: bool = False,
    previous: dict | None = None,
    whole_report: bool = True,
) -> Composition:
    """Render each part's template and split it into paragraphs; collect what is wrong.

    `figures` maps figure id → an entry with `.label`, `.unit`, `.text` and `.value` (see
    services.FigureEntry). `published`: the text as issued — every internal note and marker
    left out (the problems are listed all the same). `previous`: last year's figures, for
    {% yoy %}. `whole_report`: run the checks on the report as a whole (art. 25's content)."""
    composition = Composition(parts=[])
    published_texts = {}
    for part in parts:
        label = part.display_heading or part.heading
        text = _render(part, label, variables, composition.problems)
        _check_text(label, text, composition.problems)
        published_texts[part.number] = _published_text(text)
        text = published_texts[part.number] if published else text.translate(NOTE_DELIMITERS)
        paragraphs = [parse_paragraph(line.strip()) for line in text.splitlines() if line.strip()]
        composition.parts.append(ComposedPart(part.number, part.display_heading, label, paragraphs))
        _collect_figures(label, paragraphs, figures, composition, previous or {})
        _mark_units_in_text(paragraphs, figures)
    if whole_report:
        composition.problems.extend(required_content_problems(published_texts, variables))
    return composition


# 《法治政府建设与责任落实督察工作规定》 art. 25: the annual report states (一) the main measures
# and results, (二) the shortcomings and their causes, (三) how the principal leaders of the party
# committee and government performed their first-responsibility duties, (四) next year's plans.
# Each is looked for in the published text (markers left out): an element is present when a
# paragraph names it and says something — not only a lead-in ending in "：" before a marker.
REQUIRED_CONTENT = [
    ("art25:shortcomings", "存在的不足和原因（第二项）", ("不足", "问题和原因")),
    (
        "art25:first_responsibility",
        "党政主要负责人履行推进法治建设第一责任人职责情况（第三项）",
        ("第一责任人",),
    ),
    (
        "art25:next_year",
        "下一年度推进法治政府建设的主要安排（第四项）",
        ("{next_year}年", "下一年度", "明年"),
    ),
]
SAYS_SOMETHING = 8  # characters after a paragraph's last "：" (or in the whole paragraph)


def required_content_problems(published_texts: dict[int, str], variables: dict) -> list[dict]:
    found = []
    paragraphs = [line.strip() for text in published_texts.values() for line in text.splitlines()]
    measures = any(text.strip() for number, text in published_texts.items() if 1 <= number <= 8)
    if not measures:
        found.append(_content_problem("art25:measures", "法治政府建设的主要举措和成效（第一项）"))
    for check, element, keywords in REQUIRED_CONTENT:
        words = [k.format(next_year=variables.get("next_year", "")) for k in keywords]
        if not any(_says(p) for p in paragraphs if any(w in p for w in words)):
            found.append(_content_problem(check, element))
    return found


def _says(paragraph: str) -> bool:
    after = paragraph.rpartition("：")[2] if "：" in paragraph else paragraph
    return len(re.sub(r"[\s，。；、：]", "", after)) >= SAYS_SOMETHING


def _content_problem(check: str, element: str) -> dict:
    return {
        "check": check,
        "description": "报告缺少督察工作规定第二十五条要求的内容",
        "message": f"未写明{element}（《法治政府建设与责任落实督察工作规定》第二十五条）",
    }


NOTE_DELIMITERS = str.maketrans("", "", NOTE_OPEN + NOTE_CLOSE)


def _published_text(text: str) -> str:
    """The text without the platform's notes and the coordinator's markers."""
    return MARKER.sub("", NOTE.sub("", text))


def _render(part, label: str, variables: dict, problems: list[dict]) -> str:
    try:
        text = compile_template(part.body_template).render(Context(variables))
    except ValidationError as error:
        reason = "；".join(error.messages)
    except RenderLimit as error:
        reason = str(error)
    except Exception as error:  # a coordinator's template must never take the report down
        reason = f"{type(error).__name__}: {error}"
    else:
        if len(text) <= MAX_PART_CHARS:
            return text
        reason = f"生成的正文超过 {MAX_PART_CHARS} 字，已截断"
        problems.append(
            {"check": f"template:{part.number}", "description": "正文过长", "message": reason}
        )
        return text[:MAX_PART_CHARS] + f"{NOTE_OPEN}【{label}：{reason}】{NOTE_CLOSE}"
    problems.append(
        {
            "check": f"template:{part.number}",
            "description": "正文模板无法生成",
            "message": f"{label}：{reason}",
        }
    )
    return f"{NOTE_OPEN}【{label}的正文模板有误，无法生成：{reason}】{NOTE_CLOSE}"


def parse_paragraph(line: str) -> Paragraph:
    segments: list[Segment] = []
    position = 0
    for match in FIG_REFERENCE.finditer(line):
        if match.start() > position:
            segments.append(Segment(line[position : match.start()]))
        style, _, figure_id = match.group(1).rpartition("|")
        segments.append(Segment(figure_id=figure_id, comparison=style))
        position = match.end()
    if position < len(line):
        segments.append(Segment(line[position:]))
    lead = ""
    if segments and not segments[0].figure_id and (match := LEAD.match(segments[0].text)):
        lead = match.group(0)
        rest = segments[0].text[match.end() :]
        segments = ([Segment(rest)] if rest else []) + segments[1:]
    return Paragraph(segments, lead)


def _check_text(label: str, text: str, problems: list[dict]) -> None:
    for line in text.splitlines():
        # The item's own heading ("（一）提升政务服务水平。") says where, within the part.
        where = label + (lead.group(0).rstrip("。") if (lead := LEAD.match(line.strip())) else "")
        for match in MARKER.finditer(line):
            check, description = MARKER_CHECKS[match.group(1)]
            problems.append(
                {
                    "check": check,
                    "description": description,
                    "message": f"{where}：{match.group(2) or match.group(1)}",
                }
            )
    if mask_text(text) != text:
        problems.append(
            {
                "check": "personal_data",
                "description": "正文含有身份证号或手机号",
                "message": f"{label}：公开的报告中将遮蔽显示（如“138****5678”），"
                "请确认是否确需写入（政府信息公开条例第十五条：个人隐私不予公开）",
            }
        )
    if "【未知变量" in text:
        problems.append(
            {
                "check": "variable",
                "description": "正文模板引用了不存在的变量",
                "message": f"{label}：可用变量为 year、next_year、unit_name、area",
            }
        )


def _collect_figures(
    label: str, paragraphs, figures: dict, composition: Composition, previous: dict
) -> None:
    for paragraph in paragraphs:
        for segment in paragraph.segments:
            figure_id = segment.figure_id
            entry = figures.get(figure_id)
            if segment.comparison and entry is not None:
                said = comparison_text(entry, previous.get(figure_id), segment.comparison)
                if not said:
                    composition.problems.append(comparison_problem(label, entry))
            if not figure_id or figure_id in composition.figure_ids:
                continue
            composition.figure_ids.append(figure_id)
            entry = figures.get(figure_id)
            if entry is None:
                composition.problems.append(missing_problem(label, figure_id))
            elif entry.value is None:
                composition.problems.append(empty_problem(entry))


def _mark_units_in_text(paragraphs, figures: dict) -> None:
    """A figure followed by its own unit in the text ("{% fig "x" %}件") prints without it."""
    for paragraph in paragraphs:
        for segment, following in zip(paragraph.segments, paragraph.segments[1:], strict=False):
            plain = segment.figure_id and not segment.comparison
            entry = figures.get(segment.figure_id) if plain else None
            if entry is None or not entry.unit or following.figure_id:
                continue
            segment.bare = following.text.startswith(entry.unit) and entry.text.endswith(entry.unit)


def figure_text(entry, bare: bool = False) -> str:
    """A figure as printed: "35件", or "35" when the text supplies the unit."""
    if bare and entry.unit and entry.text.endswith(entry.unit):
        return entry.text[: -len(entry.unit)]
    return entry.text


def comparison_problem(label: str, entry) -> dict:
    return {
        "check": f"yoy:{entry.id}",
        "description": "指标无法与上年比较",
        "message": f"{label}：{entry.label}（{entry.id}）没有可比较的上年数据，同比表述未生成",
    }


def comparison_marker(figure_id: str) -> str:
    return f"【指标 {figure_id} 无法与上年比较】"


def missing_marker(figure_id: str) -> str:
    return f"【指标 {figure_id} 尚未纳入平台】"


def missing_problem(label: str, figure_id: str) -> dict:
    return {
        "check": f"missing:{figure_id}",
        "description": "报告引用的指标尚未纳入平台",
        "message": f"{label}引用的指标 {figure_id} 尚未纳入平台统计，报告中显示为"
        f"“{missing_marker(figure_id)}”",
    }


def empty_problem(entry) -> dict:
    return {
        "check": f"empty:{entry.id}",
        "description": "指标没有可计算的数据",
        "message": f"{entry.label}（{entry.id}）没有可计算的数据（如分母为0），报告中显示为“—”",
    }


# --- the public text --------------------------------------------------------------------------


def masked(composition: Composition) -> Composition:
    """The composition as the public reads it: every ID and mobile number in its text masked.

    A report is published (《法治政府建设与责任落实督察工作规定》 art. 24), and information on
    a person's privacy is not (政府信息公开条例 art. 15): what a coordinator pasted from a case
    or a request is masked. Figures are numbers the platform formats and are left alone.
    """
    return replace(
        composition,
        parts=[
            replace(part, paragraphs=[_masked_paragraph(p) for p in part.paragraphs])
            for part in composition.parts
        ],
        problems=[
            problem | {"message": mask_text(problem["message"])} for problem in composition.problems
        ],
    )


def _masked_paragraph(paragraph: Paragraph) -> Paragraph:
    segments = [
        segment if segment.figure_id else Segment(mask_text(segment.text))
        for segment in paragraph.segments
    ]
    return Paragraph(segments, mask_text(paragraph.lead))
