"""告知承诺办件 from XLSX or CSV — a year's export of the service platform, one row a service
handled on a pledge — checked row by row as one registered on its page (services.accept_many) and
written all or nothing, one insert per chunk. The proof a row names must be one of the importing
user's government under 告知承诺 on the row's date."""

from fazhi.core.audit import Channel
from fazhi.core.imports import (
    Column,
    Importer,
    RowWriteError,
    choice,
    date,
    text,
    unit_by_code,
)
from fazhi.core.workflow import RowRefusal

from . import services
from .models import ApplicantKind, ProofItem, ProofStatus


class PledgeImporter(Importer):
    """Every row is the importing user's own registration: a unit's staff import their unit's
    services, a coordinator any unit's of the government (the creator rule, row by row)."""

    kind = "pledges"
    label = "告知承诺办件"
    actor_needed = "办件由导入人以受理单位的名义登记。"
    checked_before_insert = True
    columns = [
        Column("受理单位代码", "unit", unit_by_code, example="532504-scjgj"),
        Column("证明事项", "proof", text(200), example="住所(经营场所)使用证明"),
        Column("承诺受理日期", "received_on", date, example="2021-03-05"),
        Column("办理事项", "matter", text(200), example="个体工商户设立登记"),
        Column("申请人类型", "applicant_kind", choice(ApplicantKind), example="个体工商户"),
        Column("申请人", "applicant_name", text(100), example="弥勒市某某小吃店"),
    ]

    def check_batch(self, rows):
        missing_actor = super().check_batch(rows)
        if missing_actor:
            return missing_actor
        proofs = self._proofs({row["proof"] for _, row in rows})
        return [
            (number, "证明事项", f"“{row['proof']}”不是本级政府实行告知承诺的证明事项")
            for number, row in rows
            if row["proof"].strip() not in proofs
        ]

    def write(self, rows: list[dict], actor) -> int:
        proofs = self._proofs({row["proof"] for row in rows})
        lines = [
            services.PledgeLine(
                unit=row["unit"],
                proof=_of_unit(proofs[row["proof"].strip()], row["unit"]),
                received_on=row["received_on"],
                matter=row["matter"],
                applicant_kind=row["applicant_kind"],
                applicant_name=row["applicant_name"],
            )
            for row in rows
        ]
        try:
            return len(services.accept_many(actor, self.channel or Channel.IMPORT, lines))
        except RowRefusal as exc:
            raise RowWriteError(exc.index, "；".join(exc.messages)) from exc

    def _proofs(self, names: set[str]) -> dict[str, list[ProofItem]]:
        found = ProofItem.objects.filter(
            government=self.actor.unit.government(),
            status=ProofStatus.PLEDGE,
            name__in={n.strip() for n in names},
        ).select_related("government")
        by_name: dict[str, list[ProofItem]] = {}
        for proof in found.order_by("pk"):
            by_name.setdefault(proof.name, []).append(proof)
        return by_name


def _of_unit(proofs: list[ProofItem], unit) -> ProofItem:
    """Of the proofs of that name (two units may ask for one by the same name), the receiving
    unit's own, else the first listed."""
    return next((p for p in proofs if p.unit_id == unit.pk), proofs[0])
