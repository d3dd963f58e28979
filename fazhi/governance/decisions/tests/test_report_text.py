"""The paragraph 重大行政决策 gives part 二 of the annual report (the seed's 二.1 "一是积极推进行政
决策科学化、民主化、法治化…"): placed after the part's first paragraph and the 合法性审核 app's
sentence (开展合法性审核…), its figures registered."""

from fazhi.figures.registry import get
from fazhi.reports import prose
from fazhi.reports.parts import default_parts


def test_part_two_states_the_meetings_and_hearings_after_the_legality_sentence():
    part = next(p for p in default_parts() if p.number == 2)
    lines = part.body.split("\n")
    assert lines[0].startswith("（一）规范重大行政决策程序")
    ours = next(i for i, line in enumerate(lines) if "积极推进行政决策科学化" in line)
    assert "开展合法性审核" in lines[ours - 1] and ours == 2
    ids = prose.figure_ids_of(prose.compile_template(lines[ours]))
    assert ids == ["dec.executive_meetings", "dec.hearings", "dec.catalogue_coverage"]
    for figure_id in ids:
        assert get(figure_id).section == "二.1"
