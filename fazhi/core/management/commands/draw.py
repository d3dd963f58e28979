"""`fazhi draw verify DRAW | --file draw.json`, `fazhi draw show DRAW`, `fazhi draw seed`.

verify recomputes a published random draw from its published inputs (the stored draw, or the JSON
the portal publishes, without the database) and exits non-zero with each difference; show prints
the inputs and the result; seed prints a fresh commit–reveal seed and its commitment.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import draws
from fazhi.core.draws import selection


class Command(BaseCommand):
    help = (
        "随机抽取：fazhi draw verify 编号(或 --file 公示的JSON) 按公示的输入重新计算并核对；"
        "fazhi draw show 编号 列出输入与结果；fazhi draw seed 生成随机种子及其承诺"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "show", "seed"])
        parser.add_argument("draw", nargs="?", type=int, help="抽取编号")
        parser.add_argument("--file", type=Path, help="门户网站公布的抽取 JSON 文件")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "seed":
            seed = draws.new_seed()
            self.stdout.write(f"随机种子(抽取前保密)：{seed}")
            self.stdout.write(f"种子承诺(公示时公布)：{selection.seed_sha256(seed)}")
            return
        if action == "verify" and options["file"]:
            self._verify_file(options["file"])
            return
        draw = self._draw(options["draw"])
        if action == "show":
            self._show(draw)
            return
        self._report(draws.verify(draw), f"随机抽取第{draw.pk}号")

    def _draw(self, pk: int | None) -> draws.Draw:
        if pk is None:
            raise CommandError("请给出抽取编号(或以 --file 给出公示的 JSON 文件)。")
        draw = draws.Draw.objects.select_related("unit", "government").filter(pk=pk).first()
        if draw is None:
            raise CommandError(f"没有编号为 {pk} 的随机抽取。")
        return draw

    def _verify_file(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"无法读取 {path}：{error}") from error
        if not isinstance(data, dict):
            raise CommandError(f"{path} 不是抽取公示数据。")
        self._report(draws.verify_export(data), f"{path}(随机抽取第{data.get('draw')}号)")

    def _report(self, problems: list[str], what: str) -> None:
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{what}核验未通过：发现 {len(problems)} 处不符。")
        self.stdout.write(f"{what}核验通过：按公示的名单、参数和随机种子重新计算，结果一致。")

    def _show(self, draw: draws.Draw) -> None:
        data = draws.export(draw)
        write = self.stdout.write
        write(f"随机抽取第{draw.pk}号 · {data['kind_label']} · {draw.get_status_display()}")
        write(f"抽取单位：{data['unit']}")
        write(f"抽取事由：{data['purpose']}")
        write(f"名单：{data['pool_size']} 条，SHA-256 {data['pool_sha256']}")
        for stratum, size in data["strata"].items():
            write(f"  {selection.stratum_name(stratum)}：{size} 条")
        write(f"参数：{json.dumps(data['parameters'], ensure_ascii=False, sort_keys=True)}")
        if draw.seed_method == draws.SeedMethod.COMMIT_REVEAL:
            write(f"种子承诺：{draw.seed_commitment}")
        else:
            write(f"公开随机源：{draw.public_source}(开奖日期 {draw.public_source_on:%Y-%m-%d})")
            if draw.public_values:
                write(f"开奖号码：{draw.public_values}")
        if draw.status != draws.DrawStatus.DRAWN:
            write("尚未抽取。")
            return
        write(f"随机种子：{draw.seed}")
        write(f"抽取结果({len(draw.selection)} 条)：")
        for entry in draws.selected(draw):
            stratum = selection.stratum_name(entry.stratum)
            write(f"  {entry.key}\t{draws.public_label(draw, entry.label)}\t{stratum}")
