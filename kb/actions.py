"""The knowledge base's write layer (Wagtail's word: actions): readers' feedback and
article read counts (buffered, written in batches)."""

from __future__ import annotations

import atexit
import ipaddress
import logging
import threading
import time
from collections import Counter
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from kb.models import ArticleDailyViews, ArticleFeedback, ArticlePage

logger = logging.getLogger(__name__)

FEEDBACK_FLOOD_ERROR = _(
    "Terlalu banyak umpan balik dari perangkat Anda dalam satu jam terakhir. Silakan coba lagi nanti."
)
FEEDBACK_DUPLICATE_ERROR = _(
    "Anda sudah memberi umpan balik untuk halaman ini. Terima kasih!"
)


def client_address(*, remote_addr: str, forwarded_for: str) -> str:
    """The visitor's address: REMOTE_ADDR, or behind KB_TRUSTED_PROXY_HOPS reverse
    proxies the address the outermost of them saw (the n-th X-Forwarded-For entry from
    the right; entries further left are whatever the client chose to send)."""
    hops = settings.KB_TRUSTED_PROXY_HOPS
    if hops > 0:
        entries = [entry.strip() for entry in forwarded_for.split(",") if entry.strip()]
        if len(entries) >= hops:
            candidate = entries[-hops]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                logger.warning("Unusable X-Forwarded-For entry %r", candidate[:60])
    return remote_addr


def client_fingerprint(*, address: str) -> str:
    """A keyed one-way hash of the visitor's address (Django's salted_hmac), so answers
    can be limited per visitor without storing addresses. The User-Agent is left out:
    changing it must not make a new visitor."""
    return salted_hmac("kb.feedback.visitor", address).hexdigest()


def feedback_submit(
    *, page: Page, helpful: bool, comment: str, client_hash: str, now=None
) -> ArticleFeedback:
    """Store one reader's answer, refusing floods and repeat answers on the same page.

    One answer per visitor, page and day is also a database constraint, so answers
    sent at the same moment store one row and the others get the duplicate message.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    recent = ArticleFeedback.objects.filter(
        client_hash=client_hash, created_at__gte=now - timedelta(hours=1)
    )
    duplicate = ValidationError(
        {"helpful": ValidationError(FEEDBACK_DUPLICATE_ERROR, code="duplicate")}
    )
    if ArticleFeedback.objects.filter(
        page=page, client_hash=client_hash, day=day
    ).exists():
        raise duplicate
    if recent.count() >= settings.KB_FEEDBACK_RATE_PER_HOUR:
        raise ValidationError(
            {"helpful": ValidationError(FEEDBACK_FLOOD_ERROR, code="flood")}
        )
    feedback = ArticleFeedback(
        page=page,
        helpful=helpful,
        comment=comment.strip(),
        client_hash=client_hash,
        created_at=now,
        day=day,
    )
    feedback.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError as err:
        raise duplicate from err
    return feedback


class _ReadBuffer:
    """Article reads counted in memory and written in batches, so serving a page never
    waits for a write (and a read-only database never breaks reading)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts: Counter[tuple[int, date]] = Counter()
        self.since = time.monotonic()
        self.flushing = False

    def add(self, page_id: int, day: date) -> bool:
        """Count a read; True when the buffer is due to be written."""
        with self.lock:
            self.counts[(page_id, day)] += 1
            due = (
                not self.flushing
                and time.monotonic() - self.since
                >= settings.KB_READ_COUNT_FLUSH_SECONDS
            )
            if due:
                self.flushing = True
            return due

    def take(self) -> Counter[tuple[int, date]]:
        with self.lock:
            counts, self.counts = self.counts, Counter()
            self.since = time.monotonic()
            return counts

    def done(self) -> None:
        with self.lock:
            self.flushing = False


_reads = _ReadBuffer()


def article_record_view(*, page_id: int, on: date | None = None) -> None:
    """Count one read of an article on `on` (today by default).

    The read is buffered; every KB_READ_COUNT_FLUSH_SECONDS the buffer is written by a
    background thread (at once when the setting is 0, as in tests). Ids that are not
    articles are dropped when the buffer is written, so counting costs no query.
    """
    if not _reads.add(page_id, on or timezone.localdate()):
        return
    if settings.KB_READ_COUNT_FLUSH_SECONDS <= 0:
        read_counts_flush()
    else:
        threading.Thread(target=read_counts_flush, daemon=True).start()


def read_counts_flush() -> int:
    """Write the buffered reads (one statement per batch); returns the reads written.

    A database that refuses the write (read-only, locked, gone) costs the buffered
    counts, logged as a warning, never the reader's page.
    """
    counts = _reads.take()
    try:
        if not counts:
            return 0
        live = set(
            ArticlePage.objects.filter(
                pk__in={page_id for page_id, _day in counts}
            ).values_list("pk", flat=True)
        )
        rows = [
            (page_id, day.isoformat(), count)
            for (page_id, day), count in sorted(counts.items())
            if page_id in live
        ]
        table = connection.ops.quote_name(ArticleDailyViews._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            for start in range(0, len(rows), 500):
                batch = rows[start : start + 500]
                values = ", ".join(["(%s, %s, %s)"] * len(batch))
                cursor.execute(
                    f"INSERT INTO {table} (page_id, day, count) VALUES {values} "  # noqa: S608 - table name from the model, values bound
                    f"ON CONFLICT (page_id, day) DO UPDATE "
                    f"SET count = {table}.count + excluded.count",
                    [value for row in batch for value in row],
                )
        return sum(count for *_rest, count in rows)
    except DatabaseError as err:
        logger.warning("Article reads not recorded (%s reads): %s", counts.total(), err)
        return 0
    finally:
        _reads.done()
        if threading.current_thread() is not threading.main_thread():
            connection.close()


# Reads still buffered when a worker stops are written on the way out.
atexit.register(read_counts_flush)
