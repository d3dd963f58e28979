from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import audit


class Command(BaseCommand):
    help = (
        "审计记录：fazhi audit verify 校验哈希链及其锚点，发现被改动、删除或成批改写的记录；"
        "fazhi audit anchor 把链尾(条数与哈希)追加到锚点文件"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "anchor"])
        parser.add_argument(
            "--count", type=int, help="另行核对的锚点：印发的年度报告所载审计链条数"
        )
        parser.add_argument("--hash", help="另行核对的锚点：该条记录的哈希(至少前16位)")
        parser.add_argument(
            "--anchor-file",
            type=Path,
            help="锚点文件(默认为 FAZHI_AUDIT_ANCHOR_FILE)，如从只追加存储取回的副本",
        )

    def handle(self, *args, **options):
        path = options["anchor_file"] or audit.anchor_path()
        if options["action"] == "anchor":
            self._anchor(path)
        else:
            self._verify(path, self._given_anchor(options))

    def _anchor(self, path: Path) -> None:
        try:
            anchor = audit.write_anchor("fazhi audit anchor", path)
        except OSError as error:
            raise CommandError(f"锚点未能写入 {path}：{error}") from error
        self.stdout.write(f"已写入锚点：审计链共 {anchor.count} 条，链尾哈希 {anchor.hash}")
        self.stdout.write(f"锚点文件：{path}")

    def _given_anchor(self, options) -> audit.Anchor | None:
        count, hash_text = options["count"], options["hash"]
        if count is None and hash_text is None:
            return None
        if count is None or hash_text is None:
            raise CommandError("--count 与 --hash 须同时给出(见年度报告所载“审计链锚点”)")
        try:
            return audit.make_anchor(count, hash_text, "命令行给出")
        except ValueError as error:
            raise CommandError(str(error)) from error

    def _verify(self, path: Path, given: audit.Anchor | None) -> None:
        anchors, problems = audit.read_anchors(path)
        if given is not None:
            anchors.append(given)
        problems += audit.verify(anchors)
        if problems:
            for p in problems:
                self.stderr.write(f"{p.where}：{p.reason}")
            raise CommandError(f"审计链校验失败：发现 {len(problems)} 处问题。")
        count, _ = audit.snapshot_head()
        self.stdout.write(f"审计链完整：{count} 条记录与哈希一致，与 {len(anchors)} 个锚点相符。")
