"""Make sure an administrator account exists and tell the person how to log in.

The password is never fixed: it comes from DJANGO_ADMIN_PASSWORD or is generated once
and kept in var/admin-password.txt (git-ignored) so later runs can print it again.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the administrator account if it is missing and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default="admin", help="Login name (default: admin)."
        )
        parser.add_argument(
            "--password-file",
            default=str(Path(settings.BASE_DIR) / "var" / "admin-password.txt"),
            help="Where a generated password is kept for the next runs.",
        )

    def handle(self, *args, username: str, password_file: str, **options):
        user_model = get_user_model()
        path = Path(password_file)
        if user_model.objects.filter(username=username).exists():
            hint = (
                f"the password in {path}" if path.exists() else "your existing password"
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Admin account '{username}' exists; log in with {hint}."
                )
            )
            return
        password = os.environ.get("DJANGO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        user_model.objects.create_superuser(
            username=username, email="", password=password
        )
        if not os.environ.get("DJANGO_ADMIN_PASSWORD"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(password + "\n")
            path.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created admin account '{username}' with password '{password}'"
                f" (kept in {path}). Log in at {settings.WAGTAILADMIN_BASE_URL}/admin/"
            )
        )
