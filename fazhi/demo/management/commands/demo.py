from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from fazhi.core import audit
from fazhi.demo import build, city


class Command(BaseCommand):
    help = "建立演示城市(弥勒市 2020—2021 年记录)，全部经由业务服务函数写入；--serve 随后启动网站。"

    def add_arguments(self, parser):
        parser.add_argument("--serve", action="store_true", help="建立后在 127.0.0.1:8000 启动网站")
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args, serve: bool, addr: str, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if build.already_built():
            self.stdout.write(
                "演示城市已存在，跳过建立。(如需重建，请删除 var/fazhi.sqlite3 或清空数据库。)"
            )
        else:
            self._build()
        self._print_logins()
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

    def _print_logins(self):
        self.stdout.write(f"\n演示账号(密码均为 {city.DEMO_PASSWORD})：")
        for username, full_name, unit, role, _ in city.USERS:
            self.stdout.write(f"  {username:<12} {full_name}  {role}  {unit or '市政府'}")
