"""Service catalogue API: readiness for automation (public read) and switches (token write).

    GET  /api/services/<slug>/readiness/?on=YYYY-MM-DD[&to=automated|contact_center]
    POST /api/services/<slug>/switch/   {"to": "<state>", "on": "YYYY-MM-DD", "reason": "…"}

The switch endpoint authenticates with a Wagtail API token (``Authorization: Bearer …``,
created under Settings → API tokens) and needs permission to publish the service page.
Both answer in JSON, never with a 500 for bad input.
"""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from wagtail.api.v3.auth import BearerTokenAuth

from catalogue.actions import service_switch_state
from catalogue.choices import GATED_STATES, ChangeSource, ServiceState
from catalogue.gatekeeping import GateRefusal, automation_readiness
from catalogue.models import ServicePage
from ingest import DateField


class ReadinessForm(forms.Form):
    on = DateField(required=False)
    to = forms.ChoiceField(
        required=False,
        choices=[(state, state) for state in sorted(GATED_STATES)],
        error_messages={
            "invalid_choice": gettext_lazy(
                "Status %(value)s tidak memerlukan dasar hukum; pilih automated atau "
                "contact_center."
            )
        },
    )


class SwitchForm(forms.Form):
    to = forms.ChoiceField(
        choices=ServiceState.choices,
        error_messages={
            "required": gettext_lazy("Isi status tujuan (to)."),
            "invalid_choice": gettext_lazy(
                "Status %(value)s tidak dikenal; pilih automated, contact_center, "
                "kpp_kanwil, other_process atau removed."
            ),
        },
    )
    on = DateField(required=False)
    reason = forms.CharField(required=False, max_length=1000)


def _form_error(form: forms.Form) -> JsonResponse:
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    first_field, messages = next(iter(errors.items()))
    return JsonResponse(
        {"error": messages[0], "field": first_field, "errors": errors}, status=400
    )


def _not_found(slug: str) -> JsonResponse:
    return JsonResponse(
        {"error": _("Layanan %(slug)s tidak ditemukan.") % {"slug": slug}}, status=404
    )


@never_cache
@require_GET
def readiness(request: HttpRequest, slug: str) -> JsonResponse:
    """May the service move to `to` (automated by default) on `on` (default today),
    and what holds it back."""
    form = ReadinessForm(request.GET)
    if not form.is_valid():
        return _form_error(form)
    service = ServicePage.objects.live().public().with_basis().filter(slug=slug).first()
    if service is None:
        return _not_found(slug)
    on = form.cleaned_data["on"] or timezone.localdate()
    to_state = form.cleaned_data["to"] or ServiceState.AUTOMATED
    return JsonResponse(automation_readiness(service, on=on, to_state=to_state))


def _payload(request: HttpRequest) -> dict[str, object] | None:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            return None
        return data if isinstance(data, dict) else None
    return request.POST.dict()


@csrf_exempt  # token-authenticated only: session cookies are never accepted here
@require_POST
def switch(request: HttpRequest, slug: str) -> JsonResponse:
    """Switch the service's state through the gate; 409 with the gate's reason when refused."""
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not BearerTokenAuth().authenticate(
        request, token.strip()
    ):
        return JsonResponse(
            {"error": _("Perlu token API yang sah (Authorization: Bearer …).")},
            status=401,
        )
    data = _payload(request)
    if data is None:
        return JsonResponse(
            {"error": _("Badan permintaan harus berupa objek JSON yang sah.")},
            status=400,
        )
    form = SwitchForm(data)
    if not form.is_valid():
        return _form_error(form)
    service = ServicePage.objects.filter(slug=slug).first()
    if service is None:
        return _not_found(slug)
    on = form.cleaned_data["on"] or timezone.localdate()
    try:
        change = service_switch_state(
            service=service,
            to_state=form.cleaned_data["to"],
            on=on,
            user=request.user,
            reason=form.cleaned_data["reason"],
            source=ChangeSource.API,
        )
    except PermissionDenied as err:
        return JsonResponse({"error": str(err)}, status=403)
    except GateRefusal as err:
        return JsonResponse(
            {
                "error": err.message_text,
                "field": "current_state",
                "blockers": [b.as_dict() for b in err.result.blockers],
                "allowed_from": err.result.allowed_from.isoformat()
                if err.result.allowed_from
                else None,
            },
            status=409,
        )
    except ValidationError as err:
        field, messages = next(iter(err.message_dict.items()))
        return JsonResponse({"error": messages[0], "field": field}, status=400)
    return JsonResponse(
        {
            "service": service.slug,
            "state": form.cleaned_data["to"],
            "on": on.isoformat(),
            "changed": change is not None,
        }
    )


app_name = "catalogue_api"
urlpatterns = [
    path("<slug:slug>/readiness/", readiness, name="service_readiness"),
    path("<slug:slug>/switch/", switch, name="service_switch"),
]
