import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from fazhi.core import audit
from fazhi.demo import build, city, prefecture

# The options of the prefecture's records alone, with their defaults (counties None: all). The
# city demo (弥勒市, 2020—2021) is one fixed set of records: no year, volume or seed of its own.
PREFECTURE_OPTIONS = {"counties": None, "year": 2021, "scale": 1.0, "seed": 2021}
ONLY_WITH_PREFECTURE = "；仅与 --prefecture 同用"


class Command(BaseCommand):
    help = (
        "建立演示城市(弥勒市 2020—2021 年记录)，全部经由业务服务函数写入；--prefecture 再为红河州"
        "其余各县市建立一年的记录；--serve 随后启动网站。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--serve", action="store_true", help="建立后在 127.0.0.1:8000 启动网站")
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument(
            "--prefecture",
            action="store_true",
            help="再建立红河州各县市一年的记录(已有该年记录的县市跳过)，供州领导驾驶舱比较",
        )
        # No default here (None): one given without --prefecture is refused, not ignored.
        defaults = PREFECTURE_OPTIONS
        parser.add_argument(
            "--year",
            type=int,
            help=f"州演示记录的年度(默认 {defaults['year']}){ONLY_WITH_PREFECTURE}",
        )
        parser.add_argument(
            "--scale",
            type=float,
            help=f"记录量，1 为弥勒市的量按人口折算(默认 {defaults['scale']:g})"
            + ONLY_WITH_PREFECTURE,
        )
        parser.add_argument(
            "--seed",
            type=int,
            help=f"随机种子，同种子同结果(默认 {defaults['seed']}){ONLY_WITH_PREFECTURE}",
        )
        parser.add_argument(
            "--counties",
            help="只建立这些县市(代码或简称，以逗号分隔，如 蒙自,河口)；默认全部"
            + ONLY_WITH_PREFECTURE,
        )

    def handle(self, *args, serve: bool, addr: str, prefecture: bool, **options):
        # Refused before the city is built: a `--counties` list or a `--year` would otherwise be
        # dropped without a word after minutes of building, and what was asked for never made.
        given = [f"--{name}" for name in PREFECTURE_OPTIONS if options[name] is not None]
        if given and not prefecture:
            raise CommandError(
                f"{'、'.join(given)} 只能与 --prefecture 一起使用：它们只用于红河州各县市的演示"
                "记录；弥勒市演示城市的记录(2020—2021 年)是固定的。"
            )
        call_command("migrate", interactive=False, verbosity=0)
        if build.already_built():
            self.stdout.write(
                "演示城市已存在，跳过建立。(如需重建，请删除 var/fazhi.sqlite3 或清空数据库。)"
            )
        else:
            self._build()
        if prefecture:
            wanted = {
                name: default if options[name] is None else options[name]
                for name, default in PREFECTURE_OPTIONS.items()
            }
            only = [c.strip() for c in (wanted["counties"] or "").split(",") if c.strip()]
            self._build_prefecture(wanted["year"], wanted["scale"], wanted["seed"], only or None)
        self._print_logins(prefecture)
        if serve:
            # The production server (Granian), not Django's development server: the demo is
            # tried as it will run, static files and connection pool included.
            host, _, port = addr.rpartition(":")
            if not port.isdigit():
                raise CommandError(f"--addr 应为 主机:端口，例如 127.0.0.1:8000(收到 {addr})。")
            call_command("serve", host=host or "127.0.0.1", port=int(port))

    def _build(self):
        total = sum(m.STEPS for m in build.domain_modules())
        with tqdm(total=total, desc="建立演示城市", unit="步", disable=None) as bar:
            try:
                with transaction.atomic():
                    build.build(progress=bar.update)
            except Exception as exc:
                raise CommandError(f"演示城市建立失败，已全部回滚：{exc}") from exc
        # Anchored at once, so `fazhi audit verify` on a fresh demo has its first anchor.
        anchor = audit.write_anchor("demo")
        self.stdout.write(
            self.style.SUCCESS(
                f"演示城市已建立；审计链锚点：第{anchor.count}条 {anchor.hash[:16]}…"
            )
        )

    def _build_prefecture(self, year: int, scale: float, seed: int, only=None):
        if not 0 < scale <= 10:
            raise CommandError("--scale 应在 0 与 10 之间。")
        if year >= timezone.localdate().year:
            raise CommandError("--year 应为已过去的年度(一年的记录须在今天之前办结)。")
        try:
            total = prefecture.steps(only)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        started = time.monotonic()
        desc = f"建立红河州{year}年演示记录"
        with tqdm(total=total, desc=desc, unit="步", disable=None) as bar:
            try:
                with transaction.atomic():
                    done = prefecture.build(year, scale, seed, progress=bar.update, only=only)
            except Exception as exc:
                raise CommandError(f"红河州演示记录建立失败，已全部回滚：{exc}") from exc
        if done["skipped"]:
            self.stdout.write(f"已有{year}年记录，跳过：{'、'.join(done['skipped'])}")
        if done["built"]:
            anchor = audit.write_anchor("demo-prefecture")
            self.stdout.write(
                self.style.SUCCESS(
                    f"已为{len(done['built'])}个县市建立{year}年记录，用时"
                    f"{time.monotonic() - started:.0f}秒；审计链锚点：第{anchor.count}条"
                    f" {anchor.hash[:16]}…"
                )
            )

    def _print_logins(self, with_prefecture: bool = False):
        self.stdout.write(f"\n演示账号(密码均为 {city.DEMO_PASSWORD})：")
        for username, full_name, unit, role, _ in city.USERS:
            self.stdout.write(f"  {username:<12} {full_name}  {role}  {unit or '市政府'}")
        if with_prefecture:
            username, full_name = prefecture.PREFECTURE_LEADER
            self.stdout.write(f"  {username:<12} {full_name}  leader  州政府(驾驶舱比较各县市)")
            self.stdout.write(
                "  各县市司法局：<拼音>-coordinator、<拼音>-reviewer，如 gejiu-coordinator"
            )
