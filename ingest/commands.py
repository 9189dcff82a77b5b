"""What the import commands share: quiet page logs, the report on the command's
output, and options and paths turned into CommandErrors."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ingest.dates import date_error, parse_date
from ingest.problems import Report

# Wagtail and django-tasks log one INFO line per saved page or task; on a bulk import
# those lines bury the progress report, so they are raised to WARNING unless -v 2.
NOISY_LOGGERS = ("wagtail", "django_tasks")


@contextmanager
def quiet_page_logs(*, verbosity: int) -> Iterator[None]:
    """Silence per-page INFO log lines while importing, unless verbosity >= 2."""
    if verbosity >= 2:
        yield
        return
    loggers = [logging.getLogger(name) for name in NOISY_LOGGERS]
    levels = [item.level for item in loggers]
    for item in loggers:
        item.setLevel(max(item.getEffectiveLevel(), logging.WARNING))
    try:
        yield
    finally:
        for item, level in zip(loggers, levels, strict=True):
            item.setLevel(level)


def report_write(
    command: BaseCommand, report: Report, *, label: str, fail: bool = True
) -> None:
    """Write an import's warnings (stderr) and counts (stdout); then, when lines were
    rejected and `fail`, raise the CommandError listing them as ``file:line: reason``."""
    for warning in report.warnings:
        command.stderr.write(command.style.WARNING(str(warning)))
    style = command.style.WARNING if report.rejected else command.style.SUCCESS
    command.stdout.write(style(report.summary(label)))
    if report.rejected and fail:
        raise CommandError(report.rejection_text())


def date_option(value: str | None, *, option: str = "--on") -> date:
    """A YYYY-MM-DD option, or today when it is absent."""
    if not value:
        return timezone.localdate()
    try:
        return parse_date(value)
    except ValidationError as err:
        raise CommandError(f"{option}: {date_error(value)}") from err
