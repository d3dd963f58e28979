"""The verifiable random draw (fazhi.core.draws): determinism, verification that catches any change
of pool, parameters, seed or result, refusals that name the constraint, commit–reveal and public
sources, scope, audit rows, the command line, the standalone verifier and the portal's page."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from fazhi.core import draws
from fazhi.core.audit import Channel
from fazhi.core.draws import Draw, DrawKind, DrawStatus, Entry, selection
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal

SEED = "c0ffee-2021-案卷评查-seed"
STANDALONE = Path(__file__).resolve().parents[3] / "docs" / "draw_verify.py"


def case_pool() -> list[Entry]:
    """21 cases of three units: 10 of 公安局, 7 of 自然资源局, 4 of 市场监管局."""
    units = {"公安局": 10, "自然资源局": 7, "市场监管局": 4}
    return [
        Entry(f"弥{unit[:2]}罚〔2021〕{i}号", f"{unit}行政处罚案{i}", unit)
        for unit, count in units.items()
        for i in range(1, count + 1)
    ]


def commit(actor, unit, *, entries=None, seed=SEED, **parameters):
    parameters = parameters or {"per_stratum": {"公安局": 3, "自然资源局": 2, "市场监管局": 1}}
    return draws.commit(
        actor,
        Channel.WEB,
        unit=unit,
        purpose="2021年度行政执法案卷评查",
        kind=DrawKind.CASE_REVIEW,
        entries=case_pool() if entries is None else entries,
        seed_commitment=selection.seed_sha256(seed),
        **parameters,
    )


@pytest.fixture
def drawn(org, people):
    draw = commit(people["coordinator"], org["justice"])
    return draws.reveal_and_draw(people["coordinator"], Channel.WEB, draw, seed=SEED)


# --- determinism --------------------------------------------------------------------------------


def test_the_same_inputs_give_the_same_selection_whatever_the_order_of_the_pool(org, people):
    first = commit(people["coordinator"], org["justice"])
    second = commit(people["coordinator"], org["justice"], entries=case_pool()[::-1])
    for draw in (first, second):
        draws.reveal_and_draw(people["coordinator"], Channel.WEB, draw, seed=SEED)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.pool_sha256 == second.pool_sha256
    assert first.selection == second.selection
    assert [e.stratum for e in draws.selected(first)] == ["公安局"] * 3 + ["市场监管局"] + [
        "自然资源局"
    ] * 2


def test_the_selection_is_pinned_for_known_inputs(drawn):
    """A known-answer vector, computed once by a separate script straight from the description in
    the package's docstring: the algorithm and its canonical forms give it on both databases."""
    drawn.refresh_from_db()
    assert drawn.pool_sha256 == "159f090af0b7fa693d7b7f1b1e4e05492c4a959868806a4228f1812750cfe817"
    assert drawn.selection == [
        "弥公安罚〔2021〕8号",
        "弥公安罚〔2021〕4号",
        "弥公安罚〔2021〕7号",
        "弥市场罚〔2021〕1号",
        "弥自然罚〔2021〕5号",
        "弥自然罚〔2021〕7号",
    ]


# --- verification -------------------------------------------------------------------------------


def test_an_untouched_draw_verifies(drawn):
    assert draws.verify(drawn) == []
    assert draws.verify_export(draws.export(drawn)) == []


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d.pool.append(["弥公罚〔2021〕99号", "新增", "公安局"]), "名单哈希不符"),
        (
            lambda d: d.pool.__setitem__(0, [d.pool[0][0], d.pool[0][1], "市场监管局"]),
            "名单哈希不符",
        ),
        (lambda d: d.pool.__setitem__(0, [d.pool[0][0], "改过的名称", d.pool[0][2]]), "名称"),
        (lambda d: d.parameters["per_stratum"].__setitem__("公安局", 4), "抽取结果不符"),
        (lambda d: d.parameters.__setitem__("exclude", [d.selection[0]]), "抽取结果不符"),
        (lambda d: setattr(d, "seed", SEED + "x"), "随机种子与公示的承诺不符"),
        (lambda d: setattr(d, "selection", [*d.selection[:-1], d.pool[0][0]]), "抽取结果不符"),
    ],
    ids=["entry added", "stratum moved", "label changed", "count", "exclusion", "seed", "result"],
)
def test_any_change_of_pool_parameters_seed_or_result_fails_verification(drawn, change, expected):
    change(drawn)
    Draw.objects.filter(pk=drawn.pk).update(
        pool=drawn.pool, parameters=drawn.parameters, seed=drawn.seed, selection=drawn.selection
    )
    drawn.refresh_from_db()
    problems = draws.verify(drawn)
    assert any(expected in p for p in problems), problems


def test_a_row_rewritten_consistently_still_disagrees_with_its_audit_rows(drawn, org, people):
    """Someone who rewrites the draw with another seed and its matching selection and commitment
    is caught by the audit rows written at commit and draw."""
    other_seed = "another seed"
    pool = draws.entries_of(drawn)
    other = [e.key for e in selection.select(pool, drawn.parameters, other_seed)]
    assert other != drawn.selection
    Draw.objects.filter(pk=drawn.pk).update(
        seed=other_seed, selection=other, seed_commitment=selection.seed_sha256(other_seed)
    )
    drawn.refresh_from_db()
    assert draws.verify_export(draws.export(drawn)) == []  # the file alone is consistent …
    problems = draws.verify(drawn)  # … but not with what was published and audited
    assert any("与公示时的审计记录不符：种子承诺" in p for p in problems), problems
    assert any("与抽取时的审计记录不符：随机种子、抽取结果" in p for p in problems), problems


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "parameters, entries, expected",
    [
        (
            {"per_stratum": {"市场监管局": 5}},
            None,
            "分层“市场监管局”只有 4 个可抽取的条目，不能抽取 5 个",
        ),
        ({"per_stratum": {"环保局": 1}}, None, "分层“环保局”在抽取名单中没有可抽取的条目"),
        ({"per_stratum": {"公安局": 0}}, None, "分层“公安局”的抽取数量须大于零"),
        ({"total": -2}, None, "抽取总数须大于零"),
        ({"total": 22}, None, "抽取名单只有 21 个可抽取的条目，不能抽取 22 个"),
        (
            {"total": 2, "at_least_one_per_stratum": True},
            None,
            "“每层至少抽取一个”不能满足：共 3 层，抽取总数只有 2 个",
        ),
        (
            {"per_stratum": {"公安局": 1}, "at_least_one_per_stratum": True},
            None,
            "未给出分层“市场监管局、自然资源局”的抽取数量",
        ),
        ({"total": 1}, [], "抽取名单为空"),
        ({"total": 1}, [Entry("A1"), Entry("A1")], "条目编号“A1”重复"),
        ({"total": 1, "exclude": ["不存在"]}, None, "排除的条目不在抽取名单中：不存在"),
        (
            {"per_stratum": {"市场监管局": 4}, "exclude": ["弥市场罚〔2021〕1号"]},
            None,
            "分层“市场监管局”只有 3 个可抽取的条目",
        ),
        ({"total": 1, "per_stratum": {"公安局": 1}}, None, "二者择一"),
        ({"total": 10**9}, None, "不能抽取 1000000000 个"),
    ],
)
def test_a_draw_whose_constraints_cannot_be_met_is_refused_before_it_is_published(
    org, people, parameters, entries, expected
):
    with pytest.raises(Refusal) as refused:
        commit(people["coordinator"], org["justice"], entries=entries, **parameters)
    assert expected in " ".join(refused.value.messages)
    assert not Draw.objects.exists()
    assert not AuditEntry.objects.filter(object_type="core.Draw").exists()


# --- the seed -----------------------------------------------------------------------------------


def test_a_revealed_seed_that_does_not_match_the_commitment_is_refused(org, people):
    draw = commit(people["coordinator"], org["justice"])
    with pytest.raises(Refusal, match="揭示的随机种子与公示的承诺不符"):
        draws.reveal_and_draw(people["coordinator"], Channel.WEB, draw, seed=SEED + " ")
    draw.refresh_from_db()
    assert draw.status == DrawStatus.COMMITTED and draw.selection == [] and draw.seed == ""
    draws.reveal_and_draw(people["coordinator"], Channel.WEB, draw, seed=SEED)
    with pytest.raises(Refusal, match="已经抽取过"):
        draws.reveal_and_draw(people["coordinator"], Channel.WEB, draw, seed=SEED)


def test_a_public_source_must_lie_ahead_and_is_drawn_only_once_published(org, people):
    today = timezone.localdate()

    def by_lottery(on):
        return draws.commit(
            people["coordinator"],
            Channel.WEB,
            unit=org["justice"],
            purpose="双随机抽查",
            kind=DrawKind.INSPECTION_OBJECTS,
            entries=case_pool(),
            total=5,
            public_source="中国福利彩票双色球第2021088期",
            public_source_on=on,
        )

    with pytest.raises(Refusal, match="早于今天"):
        by_lottery(today - dt.timedelta(days=1))
    tomorrow = by_lottery(today + dt.timedelta(days=1))
    with pytest.raises(Refusal, match="开奖后才能抽取"):
        draws.reveal_and_draw(people["coordinator"], Channel.WEB, tomorrow, public_values="1")
    tonight = by_lottery(today)
    with pytest.raises(Refusal, match="含有数字以外的字符"):
        draws.reveal_and_draw(people["coordinator"], Channel.WEB, tonight, public_values="红03")
    draws.reveal_and_draw(
        people["coordinator"], Channel.WEB, tonight, public_values="31 07 03 18 25 12 + 09"
    )
    tonight.refresh_from_db()
    assert tonight.seed == "3.7.12.18.25.31./9./"  # RFC 3797 section 4
    assert len(tonight.selection) == 5
    assert draws.verify(tonight) == [] and draws.verify_export(draws.export(tonight)) == []


def test_public_numbers_are_canonical_whatever_order_or_zeros_they_are_typed_in():
    assert selection.public_source_seed("03,07,12,18,25,31|09") == "3.7.12.18.25.31./9./"
    assert selection.public_source_seed("31 25 18 12 7 3 ＋ 9") == "3.7.12.18.25.31./9./"


# --- scope and audit ----------------------------------------------------------------------------


def test_only_staff_of_the_drawing_units_government_may_commit_or_draw(org, people):
    with pytest.raises(Refusal, match="无权以“弥勒市司法局”的名义进行随机抽取"):
        commit(people["kaiyuan_staff"], org["justice"])
    with pytest.raises(Refusal, match="无权"):
        commit(people["leader"], org["justice"])
    draw = commit(people["police_staff"], org["justice"])  # a department of the same city
    with pytest.raises(Refusal, match="无权"):
        draws.reveal_and_draw(people["kaiyuan_staff"], Channel.WEB, draw, seed=SEED)
    assert Draw.objects.get().status == DrawStatus.COMMITTED


def test_commit_and_draw_each_leave_an_audit_row_with_what_they_fixed(drawn, people):
    rows = list(
        AuditEntry.objects.filter(object_type="core.Draw", object_id=str(drawn.pk)).order_by("id")
    )
    assert [row.action for row in rows] == ["公示随机抽取", "随机抽取"]
    assert all(row.actor == people["coordinator"] for row in rows)
    assert rows[0].after["pool_sha256"] == drawn.pool_sha256
    assert rows[0].after["seed_commitment"] == selection.seed_sha256(SEED)
    assert rows[0].after["parameters"]["per_stratum"] == {
        "公安局": 3,
        "市场监管局": 1,
        "自然资源局": 2,
    }
    assert rows[1].after["seed"] == SEED and rows[1].after["selection"] == drawn.selection


# --- the command line ---------------------------------------------------------------------------


def test_fazhi_draw_verify_exits_zero_then_non_zero_once_the_selection_is_tampered(drawn, capsys):
    from fazhi.cli import main

    call_command("draw", "verify", str(drawn.pk))
    assert "核验通过" in capsys.readouterr().out
    Draw.objects.filter(pk=drawn.pk).update(selection=list(reversed(drawn.selection)))
    with pytest.raises(SystemExit) as exit_:
        main(["draw", "verify", str(drawn.pk)])
    assert exit_.value.code != 0
    err = capsys.readouterr().err
    assert "抽取结果不符：抽中条目相同而顺序不同" in err and "核验未通过" in err


def test_fazhi_draw_verify_file_needs_no_database_row(drawn, tmp_path, capsys):
    exported = tmp_path / "draw.json"
    exported.write_text(json.dumps(draws.export(drawn), ensure_ascii=False), encoding="utf-8")
    Draw.objects.filter(pk=drawn.pk).update(selection=[])  # the file alone is what is checked
    call_command("draw", "verify", "--file", str(exported))
    assert "核验通过" in capsys.readouterr().out
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["pool"].pop()
    exported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="核验未通过"):
        call_command("draw", "verify", "--file", str(exported))
    assert "名单哈希不符" in capsys.readouterr().err


def test_fazhi_draw_show_prints_inputs_and_result_with_names_masked(org, people, capsys):
    officers = [Entry(f"53250{i}", name, "执法一队") for i, name in enumerate(["张三丰", "李四"])]
    draw = commit(people["coordinator"], org["justice"], entries=officers, total=1)
    Draw.objects.filter(pk=draw.pk).update(labels_are_names=True)
    draws.reveal_and_draw(people["coordinator"], Channel.WEB, draw, seed=SEED)
    call_command("draw", "show", str(draw.pk))
    out = capsys.readouterr().out
    assert draw.pool_sha256 in out and f"随机种子：{SEED}" in out
    assert "张三丰" not in out and "李四" not in out
    assert "张**" in out or "李*" in out


def test_the_standalone_verifier_agrees_without_the_project(drawn, org, people, tmp_path):
    """docs/draw_verify.py, with the standard library only, verifies per-stratum, total and
    at-least-one draws, and fails a tampered one."""
    lottery = draws.commit(
        people["coordinator"],
        Channel.WEB,
        unit=org["justice"],
        purpose="双随机抽查",
        kind=DrawKind.INSPECTION_OBJECTS,
        entries=case_pool(),
        total=5,
        at_least_one_per_stratum=True,
        exclude=["弥公安罚〔2021〕1号"],
        public_source="中国福利彩票双色球第2021088期",
        public_source_on=timezone.localdate(),
    )
    draws.reveal_and_draw(people["coordinator"], Channel.WEB, lottery, public_values="1 2 3+4")
    for draw in (drawn, Draw.objects.get(pk=lottery.pk)):
        path = tmp_path / f"draw-{draw.pk}.json"
        path.write_text(json.dumps(draws.export(draw), ensure_ascii=False), encoding="utf-8")
        run = subprocess.run([sys.executable, "-I", STANDALONE, path], capture_output=True)
        assert run.returncode == 0, run.stdout + run.stderr
        data = draws.export(draw)
        data["selection"] = data["selection"][1:]
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        run = subprocess.run([sys.executable, "-I", STANDALONE, path], capture_output=True)
        assert run.returncode == 1 and b"selection differs" in run.stdout


# --- the portal ---------------------------------------------------------------------------------


@pytest.fixture
def officers_draw(org, people):
    officers = [
        Entry("YN-0001", "张三丰", "执法一队"),
        Entry("YN-0002", "李四", "执法一队"),
        Entry("YN-0003", "王五六", "执法二队"),
    ]
    return draws.commit(
        people["coordinator"],
        Channel.WEB,
        unit=org["justice"],
        purpose="执法人员随机抽取",
        kind=DrawKind.INSPECTION_OFFICERS,
        entries=officers,
        per_stratum={"执法一队": 2, "执法二队": 1},
        seed_commitment=selection.seed_sha256(SEED),
        labels_are_names=True,
    )


def test_the_portal_publishes_the_commitment_and_not_the_seed_before_the_draw(
    client, officers_draw
):
    page = client.get(reverse("draws:draw", args=[officers_draw.pk])).content.decode()
    assert officers_draw.pool_sha256 in page and selection.seed_sha256(SEED) in page
    assert SEED not in page and "尚未抽取" in page
    assert "张三丰" not in page


def test_the_portal_page_masks_names_and_verifies_on_the_server(client, officers_draw, people):
    draws.reveal_and_draw(people["coordinator"], Channel.WEB, officers_draw, seed=SEED)
    url = reverse("draws:draw", args=[officers_draw.pk])
    page = client.get(url, {"verify": 1}).content.decode()
    assert "核验通过" in page and SEED in page
    assert "张**" in page and "李*" in page and "王**" in page
    assert not any(name in page for name in ("张三丰", "李四", "王五六"))
    Draw.objects.filter(pk=officers_draw.pk).update(seed="guessed")
    page = client.get(url, {"verify": 1}).content.decode()
    assert "核验未通过" in page and "随机种子与公示的承诺不符" in page


def test_the_portal_json_is_masked_and_verifies_on_its_own(client, officers_draw, people):
    draws.reveal_and_draw(people["coordinator"], Channel.WEB, officers_draw, seed=SEED)
    response = client.get(reverse("draws:json", args=[officers_draw.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert [e["label"] for e in data["pool"]] == ["张**", "李*", "王**"]
    assert draws.verify_export(data) == []


def test_the_portal_list_reads_a_fixed_number_of_queries(
    client, org, people, django_assert_num_queries
):
    for _ in range(3):
        commit(people["coordinator"], org["justice"])
    with django_assert_num_queries(1):
        page = client.get(reverse("draws:list")).content.decode()
    assert page.count("<td>2021年度行政执法案卷评查</td>") == 3
    for _ in range(3):
        commit(people["coordinator"], org["police"])
    with django_assert_num_queries(1):
        page = client.get(reverse("draws:list")).content.decode()
    assert page.count("<td>2021年度行政执法案卷评查</td>") == 6 and "弥勒市公安局" in page
