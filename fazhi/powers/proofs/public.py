"""The public 证明事项清单 (优化营商环境条例 第四十四条: the list is published, and no proof may be
asked outside it): the proofs the portal's government's units still ask for — those under 告知承诺
first, with the proof each pledge replaces — and those cancelled, with the day. No login."""

from django.shortcuts import render

from fazhi.core.pages import portal_government

from .models import ProofItem, ProofStatus

SHOWN = 500  # a county keeps dozens of proofs; a list longer than this is cut, and says so


def proof_list(request):
    government = portal_government()
    proofs = ProofItem.objects.filter(government=government).select_related("unit")
    proofs = proofs.order_by("unit__path", "name", "pk")
    sections = [
        (label, list(proofs.filter(status=status)[: SHOWN + 1]))
        for status, label in (
            (ProofStatus.PLEDGE, "实行告知承诺的证明事项(可书面承诺代替证明)"),
            (ProofStatus.KEPT, "保留的证明事项(需提交证明)"),
            (ProofStatus.CANCELLED, "已取消的证明事项(不得再索要)"),
        )
    ]
    context = {"government": government, "sections": sections, "shown": SHOWN}
    return render(request, "proofs/public.html", context)
