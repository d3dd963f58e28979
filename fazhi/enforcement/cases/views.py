"""The pages of 行政执法案件 the kernel's ledger does not build.

The public (no login): the 执法公示 — the basic information of published decisions (执法机关,
执法对象 (a natural person's name masked, no ID number or telephone), 执法类别, 执法结论, 决定
日期), searchable and keyset-paged (the partial index enf_published walks it), with the decisions
taken down and their explanation (行政处罚法第四十八条第二款); and the published
重大执法决定法制审核目录清单 (国办发〔2018〕118号 (十二)).

Staff: keeping the 目录清单 of one's unit, and the 全过程记录 checksum check."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from fazhi.core import ratelimit
from fazhi.core.audit import Channel
from fazhi.core.forms import date_field
from fazhi.core.ledger import keyset
from fazhi.core.masking import mask_name
from fazhi.core.models import OrgUnit, Role
from fazhi.core.pages import portal_government, search_param
from fazhi.core.permissions import unit_scope_q
from fazhi.core.validators import plain_int

from . import queries, services
from .models import Criterion, CriterionCategory, PartyKind, ProcessRecord

PAGE_SIZE = 20


def public_government() -> OrgUnit | None:
    return portal_government()


def public_row(case) -> dict:
    """What the public sees of one decision (国办发〔2018〕118号 (六): 执法机关、执法对象、
    执法类别、执法结论): never the ID number or telephone; a natural person's name masked."""
    person = case.party_kind == PartyKind.PERSON

    def shown(text: str) -> str:
        return queries.public_text(case, text)

    return {
        "agency": case.unit.name,
        "number": case.number,
        "title": shown(case.title),
        # An organisation's name is public, but what was typed into it is masked like all text.
        "target": mask_name(case.party_name) if person else shown(case.party_name),
        "kind": case.get_kind_display(),
        "conclusion": shown(case.conclusion),
        "outcome": case.get_outcome_display(),
        "decided_on": case.decided_on,
        "published_on": case.published_on,
        "withdrawn_on": case.withdrawn_on,
        "revocation": case.get_revocation_display(),
        "revocation_reason": shown(case.revocation_reason),
    }


def portal_index(request):
    government = public_government()
    if government is None:
        raise Http404("未配置本级政府")
    search = search_param(request, 50)
    if search and not ratelimit.public_search(request, "enforcement"):
        return render(request, "core/search_throttled.html", status=429)
    decisions = queries.public_decisions(government, search)  # each has its 公示日期
    page = keyset.requested_page(request, decisions, "-published_on", PAGE_SIZE, nulls=False)
    params = request.GET.copy()
    params.pop("after", None)
    withdrawn = queries.withdrawn_decisions(government).order_by("-withdrawn_on", "-id")[:10]
    context = {
        "government": government,
        "search": search,
        "rows": [public_row(case) for case in page.rows],
        "next_after": page.next_cursor,
        "query": params.urlencode(),
        "withdrawn": [public_row(case) for case in withdrawn],
    }
    return render(request, "enforcement/portal_index.html", context)


def portal_catalogue(request):
    government = public_government()
    if government is None:
        raise Http404("未配置本级政府")
    items = queries.published_criteria(government).order_by("unit__path", "category", "id")
    return render(
        request, "enforcement/portal_catalogue.html", {"government": government, "items": items}
    )


class CriterionForm(forms.Form):
    unit = forms.ModelChoiceField(label="执法部门", queryset=OrgUnit.objects.none())
    category = forms.ChoiceField(label="审核情形", choices=CriterionCategory.choices)
    description = forms.CharField(
        label="具体事项(类别、层级、领域、涉案金额等标准)", max_length=300
    )
    listed_on = date_field("列入日期")
    publish = forms.BooleanField(label="同时向社会公布", required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(unit_scope_q(user, "pk")).order_by(
            "path"
        )
        self.fields["unit"].initial = user.unit_id


def _staff(user) -> None:
    if user.role not in (Role.COORDINATOR, Role.REVIEWER, Role.STAFF, Role.LEADER):
        raise PermissionDenied("您的角色不能查看此页面。")


@login_required
def catalogue(request):
    """One's units' 目录清单, and adding an item (each an audited service call)."""
    _staff(request.user)
    form = CriterionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_criterion(request.user, Channel.WEB, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已列入重大执法决定法制审核目录清单。")
            return redirect("enforcement:catalogue")
    items = (
        Criterion.objects.filter(unit_scope_q(request.user, "unit"))
        .select_related("unit")
        .order_by("unit__path", "category", "id")
    )
    return render(request, "enforcement/catalogue.html", {"form": form, "items": items})


@login_required
def checksums(request):
    """全过程记录校验: recompute the SHA-256 of the files of the cases the user may see, a part
    of at most FAZHI_RECORD_CHECK_BYTES a request, each part continuing after the last."""
    _staff(request.user)
    result = None
    if request.method == "POST":
        cases = queries.visible_cases(request.user).values("pk")
        records = ProcessRecord.objects.filter(case_id__in=cases)
        after = plain_int(request.POST.get("after", "0"))
        if after is None:
            raise Http404("校验续传参数无效")
        result = services.verify_some(
            records, after=after, budget_bytes=settings.FAZHI_RECORD_CHECK_BYTES
        )
    return render(
        request,
        "enforcement/checksums.html",
        {"result": result, "checked": result is not None, "now": timezone.now()},
    )
