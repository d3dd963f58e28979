"""`fazhi due-date START LIMIT [--pause FROM..TO]... [--extend LIMIT]...`: print a clock's due date.

Prints the ISO date only, so that scripts can use it; a refusal (a day that does not exist, a limit
that cannot be read, a pause outside the clock, a year whose holiday notice is not entered) exits
non-zero with the reason in Chinese on stderr.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from fazhi.core.calendar import CalendarYearUnknown
from fazhi.core.clocks import ClockError, Limit, Pause, due_date, parse_date


class Command(BaseCommand):
    # A calculation that reads one table: it should answer even while unrelated URLs are broken.
    requires_system_checks = []
    help = '计算法定期限的届满日（ISO 日期），例如：fazhi due-date 2021-09-28 "20 工作日"'

    def add_arguments(self, parser):
        parser.add_argument("start", help="起算日（不计入期限），YYYY-MM-DD")
        parser.add_argument("limit", help="期限：“N 工作日”“N 日”或“N 月”")
        parser.add_argument(
            "--pause",
            action="append",
            default=[],
            metavar="FROM..TO",
            help="不计入期限的期间（补正、征求意见、中止），含首尾两日；可重复",
        )
        parser.add_argument(
            "--extend",
            action="append",
            default=[],
            metavar="LIMIT",
            help="经批准的延长期限，例如“20 工作日”；可重复",
        )

    def handle(self, *args, **options):
        try:
            due = due_date(
                parse_date(options["start"]),
                Limit.parse(options["limit"]),
                pauses=[Pause.parse(text) for text in options["pause"]],
                extensions=[Limit.parse(text) for text in options["extend"]],
            )
        except (ClockError, CalendarYearUnknown) as refusal:
            raise CommandError(str(refusal)) from refusal
        except DatabaseError as error:
            raise CommandError(
                f"无法读取节假日安排表（{error}）；请先运行 fazhi migrate"
            ) from error
        if due is None:  # only an open pause stops a clock, and the command line takes none
            raise CommandError("计时已暂停，尚无届满日")
        self.stdout.write(due.isoformat())
