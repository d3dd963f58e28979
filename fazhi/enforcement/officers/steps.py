"""The transition tables of 执法队伍与执法人员.

- A department keeps its own teams and officers: its staff (or the coordinator of its government,
  who acts for every unit) register a 综合执法大队 and 撤销 it and register its officers (the
  coordinator also imports them); 调离 and 退休 are recorded by the officer's own unit's staff
  only, who alone see the officer's 身份证号 and phone unmasked.
- 执法证 are the government's: 发证, 换证, 暂扣, 发还 and 注销 are taken by the coordinator
  (统筹协调, the 司法行政部门 that administers 执法资格 for the government, 国办发〔2018〕118号
  (十九)) acting for the officer's unit; the tick marks a card past its 有效期 as 过期.
- Exam batches are recorded by the unit that organised them, trainings likewise; a batch or
  training recorded by mistake is 作废, never deleted.
"""

from fazhi.core.authority import ActsFor, Check, System
from fazhi.core.models import Role
from fazhi.core.steps import Step, Steps

from .models import (
    Certificate,
    CertificateStatus,
    ExamBatch,
    ExamStatus,
    Officer,
    OfficerStatus,
    Team,
    TeamStatus,
    Training,
    TrainingStatus,
)

T, OS, C = TeamStatus, OfficerStatus, CertificateStatus
SERVICES = "fazhi.enforcement.officers.services"
DEPARTMENT = ActsFor("unit", reason="只有该执法部门(或本级政府统筹协调人员)可以办理。")
CERTIFIER = ActsFor(
    "unit",
    roles=(Role.COORDINATOR,),
    reason="执法证由本级政府司法行政部门(统筹协调人员)办理发证、换证、暂扣、发还和注销。",
)
# An officer's own unit: its staff keep its officers' records (and only they see the 身份证号 and
# phone unmasked: the kernel reveals personal data to those who handle the record).
OWN_UNIT = ActsFor("unit", reason="只有执法人员所在单位的工作人员可以办理。") & Check(
    lambda user, officer: user.unit_id == officer.unit_id,
    reason="只有执法人员所在单位的工作人员可以办理。",
)
ORGANISER = ActsFor("unit", reason="只有组织单位(或本级政府统筹协调人员)可以办理。")

TEAM_STEPS = Steps(
    Team,
    SERVICES,
    [
        Step(
            "revoke_team",
            "撤销",
            "RevokeTeamForm",
            (T.ACTIVE,),
            (T.REVOKED,),
            DEPARTMENT,
            confirm="撤销后该队伍不再计入综合执法队伍",
        ),
    ],
    forms="fazhi.enforcement.officers.forms",
    creator=DEPARTMENT,
    reach=("unit",),
)

OFFICER_STEPS = Steps(
    Officer,
    SERVICES,
    [
        Step("transfer", "调离", "LeaveForm", (OS.IN_POST,), (OS.TRANSFERRED,), OWN_UNIT),
        Step("retire", "退休", "LeaveForm", (OS.IN_POST,), (OS.RETIRED,), OWN_UNIT),
    ],
    forms="fazhi.enforcement.officers.forms",
    creator=ActsFor("unit", reason="只能以您所在单位(或您统筹的政府所属单位)的名义登记执法人员。"),
    reach=("unit",),
)

CERTIFICATE_STEPS = Steps(
    Certificate,
    SERVICES,
    [
        Step(
            "renew",
            "换证",
            "RenewCertificateForm",
            (C.VALID, C.EXPIRED),
            (C.VALID,),
            CERTIFIER,
        ),
        Step("suspend", "暂扣", "SuspendForm", (C.VALID,), (C.SUSPENDED,), CERTIFIER),
        Step("restore", "发还", "RestoreForm", (C.SUSPENDED,), (C.VALID,), CERTIFIER),
        Step(
            "cancel",
            "注销",
            "CancelForm",
            (C.VALID, C.SUSPENDED, C.EXPIRED),
            (C.REVOKED,),
            CERTIFIER,
            confirm="注销后该执法证不能再使用，也不能换证",
        ),
        Step("expire", "过期", "OnForm", (C.VALID,), (C.EXPIRED,), System()),
    ],
    forms="fazhi.enforcement.officers.forms",
    creator=CERTIFIER,
    reach=("unit",),
)

EXAM_STEPS = Steps(
    ExamBatch,
    SERVICES,
    [
        Step(
            "void_exam",
            "作废",
            "VoidForm",
            (ExamStatus.RECORDED,),
            (ExamStatus.VOIDED,),
            ORGANISER,
            confirm="作废后该批次不计入考试统计",
        ),
    ],
    forms="fazhi.enforcement.officers.forms",
    creator=ORGANISER,
    reach=("unit",),
)

TRAINING_STEPS = Steps(
    Training,
    SERVICES,
    [
        Step(
            "void_training",
            "作废",
            "VoidForm",
            (TrainingStatus.RECORDED,),
            (TrainingStatus.VOIDED,),
            ORGANISER,
            confirm="作废后该次培训不计入培训统计和学时",
        ),
    ],
    forms="fazhi.enforcement.officers.forms",
    creator=ORGANISER,
    reach=("unit",),
)
