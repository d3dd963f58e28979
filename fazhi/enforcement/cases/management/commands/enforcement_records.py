"""`fazhi enforcement_records verify [--unit CODE]`: recompute the SHA-256 of every file of the
执法全过程记录 (of the unit's subtree) and list each missing or changed one; exit status 1 when
any is found."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.models import OrgUnit
from fazhi.core.permissions import subtree_ids
from fazhi.enforcement.cases.models import ProcessRecord
from fazhi.enforcement.cases.services import verify_process_records


class Command(BaseCommand):
    help = "校验执法全过程记录文件的SHA-256"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--unit", default="", help="只校验该单位(含下级)的案件")

    def handle(self, *args, **options):
        records = ProcessRecord.objects.all()
        if options["unit"]:
            unit = OrgUnit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"单位代码“{options['unit']}”不存在")
            records = records.filter(case__unit_id__in=subtree_ids(unit))
        problems = verify_process_records(records)
        for p in problems:
            r = p["record"]
            self.stdout.write(
                f"案件{r.case_id}《{r.case.title}》{r.get_step_display()}·{r.attachment.name}："
                f"{p['problem']}"
            )
        self.stdout.write(f"已校验{records.count()}个文件，问题{len(problems)}个")
        if problems:
            raise SystemExit(1)
