"""Someone of the public opens a draw on the portal without logging in, has it verified on the
server, and downloads the JSON that lets them verify it themselves — names masked throughout and
the page within the Content-Security-Policy."""

import json

import pytest

from fazhi.core import draws
from fazhi.core.audit import Channel
from fazhi.core.draws import DrawKind, Entry, selection

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

SEED = "浏览器测试的随机种子-8f3a"


def test_the_public_opens_verifies_and_downloads_a_draw(org, people, page, live_server):
    draw = draws.commit(
        people["coordinator"],
        Channel.WEB,
        unit=org["justice"],
        purpose="执法人员随机抽取",
        kind=DrawKind.INSPECTION_OFFICERS,
        entries=[Entry(f"YN-{i}", name, "执法一队") for i, name in enumerate(["张三丰", "李四"])],
        total=1,
        seed_commitment=selection.seed_sha256(SEED),
        labels_are_names=True,
    )
    draws.reveal_and_draw(people["coordinator"], Channel.WEB, draw, seed=SEED)
    page.goto(f"{live_server.url}/chouqu/")
    page.get_by_role("link", name=f"第{draw.pk}号").click()
    assert page.locator("#pool-hash").inner_text() == draw.pool_sha256
    assert page.locator("#seed").inner_text() == SEED
    assert "张三丰" not in page.content() and "李四" not in page.content()
    page.get_by_text("在服务器上重新计算核验").click()
    assert "核验通过" in page.locator("#verify-result").inner_text()
    with page.expect_download() as download:
        page.get_by_text("下载公示数据(JSON)").click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert draws.verify_export(data) == []
    assert {e["label"] for e in data["pool"]} == {"张**", "李*"}
