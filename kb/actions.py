"""The knowledge base's write layer (Wagtail's word: actions): readers' feedback and
article read counts."""

from __future__ import annotations

import hashlib
import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
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


def client_fingerprint(*, ip: str, user_agent: str) -> str:
    """A salted one-way hash of the visitor, so flooding can be limited without storing IPs."""
    raw = f"{settings.SECRET_KEY}|{ip}|{user_agent[:200]}"
    return hashlib.sha256(raw.encode()).hexdigest()


def feedback_submit(
    *, page: Page, helpful: bool, comment: str, client_hash: str, now=None
) -> ArticleFeedback:
    """Store one reader's answer, refusing floods and repeat answers on the same page."""
    now = now or timezone.now()
    recent = ArticleFeedback.objects.filter(
        client_hash=client_hash, created_at__gte=now - timedelta(hours=1)
    )
    if recent.filter(page=page).exists():
        raise ValidationError(
            {"helpful": ValidationError(FEEDBACK_DUPLICATE_ERROR, code="duplicate")}
        )
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
    )
    feedback.full_clean()
    feedback.save()
    return feedback


def article_record_view(*, article: ArticlePage, on: date | None = None) -> None:
    """Count one read of an article on `on` (today by default)."""
    on = on or timezone.localdate()
    with transaction.atomic():
        updated = ArticleDailyViews.objects.filter(page=article, day=on).update(
            count=F("count") + 1
        )
        if not updated:
            _obj, created = ArticleDailyViews.objects.get_or_create(
                page=article, day=on, defaults={"count": 1}
            )
            if not created:
                ArticleDailyViews.objects.filter(pk=_obj.pk).update(
                    count=F("count") + 1
                )
