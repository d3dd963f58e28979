"""`fazhi import KIND FILE [--dry-run] [--user USERNAME]`: all-or-nothing import of a ledger."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from fazhi.core.audit import Channel
from fazhi.core.imports import ImportResult, UnknownImportKind, all_importers, run_import

MAX_SHOWN_ERRORS = 50
STAGES = {"validate": "校验", "write": "写入"}


class Command(BaseCommand):
    help = "导入台账(CSV 或 XLSX)：逐行校验，全部通过才写入，任何一行有错则不写入任何数据。"

    def add_arguments(self, parser):
        kinds = "、".join(f"{i.kind}({i.label})" for i in all_importers())
        parser.add_argument("kind", help=f"导入类型：{kinds}")
        parser.add_argument("file", help="CSV 或 XLSX 文件")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--user", help="以该用户名义导入(记入审计)；缺省为“系统”")

    def handle(self, *args, kind, file, dry_run, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        actor = self._actor(user)
        bars = ProgressBars(self.stderr)
        try:
            result = run_import(
                kind, path, path.name, actor, Channel.IMPORT, dry_run=dry_run, progress=bars
            )
        except UnknownImportKind as exc:
            raise CommandError(str(exc)) from None
        finally:
            bars.close()
        self._report(result)

    def _actor(self, username: str | None):
        if username is None:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"用户不存在：{username}") from None

    def _report(self, result: ImportResult) -> None:
        if not result.ok:
            for error in result.errors[:MAX_SHOWN_ERRORS]:
                self.stderr.write(str(error))
            hidden = result.error_count - min(len(result.errors), MAX_SHOWN_ERRORS)
            if hidden:
                self.stderr.write(f"另有{hidden}条错误")
            raise CommandError(
                f"{result.label}：共 {result.total_rows} 行，发现 {result.error_count} 条错误，"
                "未写入任何数据。"
            )
        if result.dry_run:
            self.stdout.write(
                f"{result.label}：共 {result.total_rows} 行，校验通过(仅校验，未写入)。"
            )
        else:
            self.stdout.write(
                f"{result.label}：共 {result.total_rows} 行，已全部导入 {result.written} 行。"
            )


class ProgressBars:
    """One tqdm bar per stage (校验, 写入), fed by run_import's progress callback."""

    def __init__(self, stderr):
        self.stream = _RawStream(stderr)
        self.bars: dict[str, tqdm] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        bar = self.bars.get(stage)
        if bar is None:
            self.close()  # the previous stage is over: freeze its bar's time and rate
            # disable=None: bars only on a terminal, so logs and pipes stay clean.
            bar = tqdm(desc=STAGES.get(stage, stage), unit="行", file=self.stream, disable=None)
            self.bars[stage] = bar
        bar.total = total
        bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


class _RawStream:
    """Django's OutputWrapper ends every write with a newline; tqdm redraws with bare '\\r'."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        # Unstyled: on a terminal Django paints all of stderr red.
        self.wrapper.write(text, style_func=str, ending="")

    def flush(self) -> None:
        self.wrapper.flush()

    def isatty(self) -> bool:
        return self.wrapper.isatty()
