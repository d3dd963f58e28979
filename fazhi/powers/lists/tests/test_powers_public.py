"""The public 权责清单: the version in force, by unit and type or searched, paged; a version being
compiled is never shown, and no login is needed."""

from django.core.cache import cache

from fazhi.powers.lists.models import Category

from .factories import D, draft, item, published

URL = "/quanze/gongshi/"


def test_the_public_reads_the_version_in_force_and_not_the_draft(org, people, client, settings):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    assert "尚未公布权责清单" in client.get(URL).content.decode()
    published(org, people, year=2019, on=D(2019, 6, 28), licensing=1, others=1)
    published(org, people, year=2021, on=D(2021, 7, 30), licensing=2, others=3)
    draft_version = draft(org, people["reviewer"], year=2022, title="2022年版(编制中)")
    item(org, people["reviewer"], draft_version, code="DRAFT-1", name="未公布的职权")
    page = client.get(URL).content.decode()
    assert "2021年版" in page and "2021年7月30日公布" in page and "共 5 项" in page
    assert "未公布的职权" not in page and "DRAFT-1" not in page and "2019年版" not in page


def test_the_public_filters_by_unit_and_type_and_searches(org, people, client, settings):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    cache.clear()  # the public searches' limit lives in the cache
    published(org, people, licensing=2, others=3)
    by_unit = client.get(URL, {"unit": org["miyang"].pk}).content.decode()
    assert "共 3 项" in by_unit and "XK-0" not in by_unit
    by_type = client.get(URL, {"category": Category.LICENSING}).content.decode()
    assert "共 2 项" in by_type and "CF-0" not in by_type
    searched = client.get(URL, {"q": "CF-1"}).content.decode()
    assert "共 1 项" in searched
    unknown = client.get(URL, {"unit": "999999", "category": "nonsense"}).content.decode()
    assert "共 5 项" in unknown  # a value the page does not offer filters nothing


def test_a_long_list_is_paged_and_a_forged_cursor_is_a_404(org, people, client, settings):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    published(org, people, licensing=60, others=60)
    first = client.get(URL)
    assert first.status_code == 200 and "下一页" in first.content.decode()
    cursor = first.context["page"].next_cursor
    second = client.get(URL, {"after": cursor}).content.decode()
    assert "上一页" in second
    assert client.get(URL, {"after": "garbage"}).status_code == 404
