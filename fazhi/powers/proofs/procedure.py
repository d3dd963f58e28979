"""证明事项 and 告知承诺 as the kernel knows them: two declarations (fazhi.core.procedures) — the
证明事项清单 the government keeps, and the services its units handled on a pledge."""

from fazhi.core.masking import mask_name
from fazhi.core.procedures import Column, Creation, Duty, Ledger, Names, Procedure, ReportText

from . import queries
from .models import PledgeStatus, ProofStatus
from .steps import OFFICE, PLEDGE_STEPS, PROOF_STEPS

MENU = "政府职能"

PROOFS = Procedure(
    names=Names(
        "proofs", "证明事项清单", "证明事项", "zhengming/qingdan/", MENU, api_prefix="/proofs/items"
    ),
    steps=PROOF_STEPS,
    statuses=ProofStatus,
    visible=queries.visible_proofs,
    ledger=Ledger(
        columns=[
            Column("证明名称", "name", phone=True, link=True),
            Column.unit("索要单位", "unit"),
            Column("开具单位", "issuer"),
            Column("列入清单日期", "listed_on", sort="listed_on"),
            Column.status(),
        ],
        date_field="listed_on",
        filters=["unit"],
        search=["name"],
        search_label="证明名称",
        related=["unit"],
    ),
    facts_template="proofs/_proof_facts.html",
    creation=Creation(
        label="列入证明事项",
        form="fazhi.powers.proofs.forms.ProofForm",
        create="fazhi.powers.proofs.list_services.list_proof",
        form_args=lambda user: {"user": user},
        intro="证明事项须有法律、法规或国务院决定的设定依据(优化营商环境条例第四十四条)；清单之外不得"
        "索要证明。新增须按程序经本级人民政府同意后由清单管理单位列入。",
    ),
    duties=[Duty(OFFICE, "证明事项清单管理单位")],
    extra_urls="fazhi.powers.proofs.urls",
)

PLEDGES = Procedure(
    names=Names(
        "pledges", "告知承诺办件", "办件", "zhengming/", MENU, api_prefix="/proofs/pledges"
    ),
    steps=PLEDGE_STEPS,
    statuses=PledgeStatus,
    visible=queries.visible_pledges,
    ledger=Ledger(
        columns=[
            Column("办理事项", "matter", phone=True, link=True),
            Column("证明事项", lambda p: p.proof.name, reads=("proof__name",)),
            Column.unit("受理单位", "unit"),
            Column("申请人", lambda p: mask_name(p.applicant_name), reads=("applicant_name",)),
            Column("承诺受理日期", "received_on", sort="received_on"),
            Column.status(),
        ],
        date_field="received_on",
        filters=["unit", "applicant_kind"],
        search=["matter"],
        search_label="办理事项",
        related=["unit", "proof"],
    ),
    facts_template="proofs/_facts.html",
    creation=Creation(
        label="登记告知承诺办件",
        form="fazhi.powers.proofs.forms.PledgeForm",
        create="fazhi.powers.proofs.services.accept",
        form_args=lambda user: {"user": user},
        intro="申请人以书面承诺代替证明的办件：先书面告知证明义务和不实承诺的法律责任，申请人承诺后"
        "据承诺办理，事后核查。政务服务平台的办件可用“导入”。",
    ),
    personal={"applicant_name": mask_name},
    importers=["fazhi.powers.proofs.imports.PledgeImporter"],
    metrics="fazhi.powers.proofs.metrics",
    demo="fazhi.powers.proofs.demo",
    report=[
        ReportText(
            1,
            35,  # after the frame's (四) at 30, which says what the measure is
            '{{ year }}年，使用证明事项告知承诺制办理便民服务{% fig "cert.commitment.cases" %}，'
            '事后核查发现承诺不实{% fig "cert.commitment.false" %}，均已依法处理。',
        )
    ],
)

PROCEDURES = [PROOFS, PLEDGES]
