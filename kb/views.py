"""Thin public views of the knowledge base: feedback, read counts and error pages.

Public pages are cached for every reader, so they carry no CSRF token: the two
anonymous forms posted from them (feedback, the read beacon) are exempt from Django's
token check and refuse instead a browser request sent from another site (its
``Sec-Fetch-Site`` or ``Origin`` header), which is what the token guards against.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from kb.actions import (
    article_record_view,
    client_address,
    client_fingerprint,
    feedback_submit,
)
from kb.forms import FeedbackForm
from kb.i18n import url_in_language

logger = logging.getLogger(__name__)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


CROSS_SITE_ERROR = _(
    "Permintaan ini dikirim dari situs lain dan ditolak. Buka halaman ini langsung di "
    "situs Tax Knowledge Base lalu kirim lagi."
)


def cross_site(request: HttpRequest) -> bool:
    """Whether a browser sent this request from a page of another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site", "")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin", "")
    if not origin:
        return False  # not a browser's cross-site request (browsers send Origin)
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return False
    return urlsplit(origin).netloc != request.get_host()


@csrf_exempt
@require_POST
def read(request: HttpRequest, page_id: int) -> HttpResponse:
    """The read beacon an article page sends when a reader opens it (cached pages
    never reach the application, so their reads are counted here)."""
    if cross_site(request):
        return HttpResponse(CROSS_SITE_ERROR, status=403)
    article_record_view(page_id=page_id)
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def feedback(request: HttpRequest, page_id: int) -> HttpResponse:
    """Record "Apakah artikel ini membantu?" for a live content page (one whose type
    accepts feedback); JSON for scripts, redirect otherwise."""
    if cross_site(request):
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": CROSS_SITE_ERROR}, status=403)
        return HttpResponse(CROSS_SITE_ERROR, status=403)
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None or not getattr(page.specific_class, "accepts_feedback", False):
        raise Http404(_("Halaman tidak ditemukan."))
    form = FeedbackForm(request.POST)
    status, message = 200, _("Terima kasih atas umpan balik Anda.")
    if form.is_valid() and not form.cleaned_data["website"]:
        try:
            feedback_submit(
                page=page,
                helpful=form.cleaned_data["helpful"],
                comment=form.cleaned_data["comment"],
                client_hash=client_fingerprint(
                    address=client_address(
                        remote_addr=request.META.get("REMOTE_ADDR", ""),
                        forwarded_for=request.headers.get("X-Forwarded-For", ""),
                    )
                ),
            )
        except ValidationError as err:
            status = 429 if err.error_dict["helpful"][0].code == "flood" else 409
            message = err.error_dict["helpful"][0].messages[0]
        except DatabaseError as err:
            logger.warning("Feedback not stored for page %s: %s", page.pk, err)
            status = 503
            message = _(
                "Umpan balik Anda belum dapat disimpan saat ini. Silakan coba lagi "
                "beberapa saat lagi."
            )
    elif form.errors:
        status = 400
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if _wants_json(request):
        return JsonResponse({"ok": status == 200, "message": message}, status=status)
    request.session["kb_feedback_message"] = message
    return redirect(url_in_language(page.url + "#umpan-balik") if page.url else "/")


def page_not_found(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
