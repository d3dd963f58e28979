"""信箱 pages: the letter list, the registration form, a letter with its steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.audit import Channel
from fazhi.core.exports import model_columns, xlsx_response
from fazhi.core.pages import filter_by_status, history_of, keyset_page, perform_step, visible_or_404

from . import services
from .actions import ACTIONS, form_for
from .forms import ReceiveForm
from .models import Letter, LetterStatus
from .queries import (
    can_manage_letter,
    can_register_letter,
    can_reply_letter,
    can_take,
    can_view_letter,
    visible_letters,
)


def _filtered(request):
    letters = visible_letters(request.user)
    letters = filter_by_status(letters, request, LetterStatus)
    if request.GET.get("overdue"):
        letters = letters.overdue()
    year = request.GET.get("year", "")
    if year.isdigit():
        letters = letters.filter(received_on__year=int(year))
    q = request.GET.get("q", "").strip()
    if q:
        letters = letters.filter(reference__startswith=q) | letters.filter(subject__contains=q)
    return letters


@login_required
def letter_list(request):
    """Keyset pagination on (received_on, id): constant cost on any page, no COUNT(*)."""
    letters = _filtered(request)
    rows, next_after, query = keyset_page(request, letters, "received_on")
    return render(
        request,
        "letters/letter_list.html",
        {
            "letters": rows,
            "next_after": next_after,
            "query": query,
            "statuses": LetterStatus.choices,
            "can_register": can_register_letter(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def letter_new(request):
    if not can_register_letter(request.user):
        raise PermissionDenied("只有工作人员可以登记信箱信件。")
    form = ReceiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.receive(
                request.user,
                Channel.WEB,
                organ=request.user.unit.government(),
                registrar=request.user.unit,
                letter=services.Incoming(**form.cleaned_data),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已登记信件 {letter.reference}。")
            return redirect(letter)
    return render(request, "letters/letter_new.html", {"form": form})


def _letter_or_404(request, pk) -> Letter:
    return visible_or_404(
        Letter.objects.select_related("unit", "registrar", "organ"),
        pk,
        can_view_letter,
        request.user,
        "信件",
    )


@login_required
def letter_detail(request, pk, forms=None, reveal=False):
    letter = _letter_or_404(request, pk)
    actions = [
        (a, (forms or {}).get(a.key) or form_for(a, letter))
        for a in ACTIONS.values()
        if a.offered(letter) and can_take(request.user, letter, a.key)
    ]
    history = history_of(letter)
    return render(
        request,
        "letters/letter_detail.html",
        {
            "letter": letter,
            "actions": actions,
            "can_reveal": can_manage_letter(request.user, letter)
            or can_reply_letter(request.user, letter),
            "history": history,
            "transfers": letter.transfers.select_related("from_unit", "to_unit"),
            "reveal": reveal,
        },
    )


@login_required
@require_POST
def letter_reveal(request, pk):
    """The writer's full name and phone, for those handling the letter; itself an audit row."""
    letter = _letter_or_404(request, pk)
    if not (can_manage_letter(request.user, letter) or can_reply_letter(request.user, letter)):
        raise PermissionDenied("只有办理人员可以查看来信人的完整信息。")
    services.record_personal_data_access(request.user, Channel.WEB, letter)
    return letter_detail(request, pk, reveal=True)


@login_required
@require_POST
def letter_action(request, pk, action):
    letter = _letter_or_404(request, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("未知的操作")
    if not can_take(request.user, letter, action):
        raise PermissionDenied("您无权办理该信件，或信件已办结(只读)。")
    form = form_for(spec, letter, request.POST)
    if perform_step(request, letter, spec, form):
        return redirect(letter)
    return letter_detail(request, pk, forms={action: form})


@login_required
def export(request):
    """The list as filtered, in Excel; personal data masked (fazhi.core.exports)."""
    records = _filtered(request).order_by("-received_on", "-id")
    return xlsx_response(records, model_columns(Letter), "信箱信件.xlsx", "信箱信件")
