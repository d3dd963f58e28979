"""Bulk steps on every declared ledger: the list shows a bulk step, with its form's fields, to
exactly the people whose rule allows them on a record of their own unit (the service still checks
each ticked record); a ledger without a bulk step shows no tick boxes."""

import pytest
from django.urls import reverse

from fazhi.core.ledger.views import _Prospective
from fazhi.core.procedures import all_procedures

from .test_transition_tables import _examples


@pytest.mark.django_db
def test_the_list_offers_each_bulk_step_with_its_form_to_those_who_may_take_it(org, people, client):
    list(_examples(org, people))  # one record in every ledger
    checked = 0
    for procedure in all_procedures():
        bulk = [step for step in procedure.steps if step.bulk]
        for user in people.values():
            client.force_login(user)
            page = client.get(reverse(f"{procedure.key}:list")).content.decode()
            if not procedure.visible(user).exists():
                continue
            offered = [s for s in bulk if s.who.allows(user, _Prospective(user))]
            assert ('name="ids"' in page) == bool(offered), (procedure.key, user.username)
            for step in bulk:
                action = reverse(f"{procedure.key}:bulk", args=[step.key])
                assert (action in page) == (step in offered), (procedure.key, step.key)
                if step in offered:
                    for name in step.form.base_fields:
                        assert f'name="{step.key}-{name}"' in page, (procedure.key, name)
                    checked += 1
    assert checked > 0  # 建议提案 交办 at least
