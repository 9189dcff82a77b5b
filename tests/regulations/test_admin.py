"""Admin of the registry: who may write, the required change reason, inline relation errors."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import ModelLogEntry, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from regulations.choices import RelationType
from regulations.models import Regulation, RegulationRelation
from tests.regulations.factories import RegulationFactory, RegulationRelationFactory

pytestmark = pytest.mark.django_db

URL = "wagtailsnippets_regulations_regulation"


def url(name, *args):
    return reverse(f"{URL}:{name}", args=args)


def form_data(**overrides):
    data = {
        "type": "PMK",
        "number": "81",
        "year": "2024",
        "unit": "",
        "title": "Ketentuan Perpajakan dalam rangka Pelaksanaan Sistem Inti Administrasi Perpajakan",
        "subjects": "Coretax",
        "signed_on": "2024-10-14",
        "promulgated_on": "2024-10-18",
        "effective_on": "2025-01-01",
        "ends_on": "",
        "publication": "",
        "abstract": "",
        "source_url": "",
        "verification_note": "",
        "relations": inline_formset([]),
        "periods": inline_formset([]),
        "change_reason": "Input awal dari salinan JDIH Kemenkeu",
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.fixture
def legal_user(django_user_model):
    user = django_user_model.objects.create_user(username="hukum", password="x")
    user.groups.add(Group.objects.get(name="Tim Hukum"))
    return user


@pytest.fixture
def editor_user(django_user_model):
    user = django_user_model.objects.create_user(username="editor", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_legal_team_and_workflow_are_created_by_migration():
    legal = Group.objects.get(name="Tim Hukum")
    codenames = set(legal.permissions.values_list("codename", flat=True))
    assert {
        "add_regulation",
        "change_regulation",
        "delete_regulation",
        "publish_regulation",
        "lock_regulation",
    } <= codenames
    for name in ("Editors", "Moderators"):
        editor_codes = set(
            Group.objects.get(name=name)
            .permissions.filter(codename__endswith="_regulation")
            .values_list("codename", flat=True)
        )
        assert editor_codes == {"view_regulation"}
    workflow = Regulation().get_workflow()
    assert workflow is not None and workflow.name == "Tinjauan Hukum"
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Tim Hukum"]


def test_editor_cannot_create_a_regulation(client, editor_user):
    client.force_login(editor_user)
    assert client.get(url("add")).status_code in {302, 403}
    response = client.post(url("add"), form_data())
    assert response.status_code in {302, 403}
    assert not Regulation.objects.exists()


def test_editor_cannot_edit_but_may_list(client, editor_user):
    regulation = RegulationFactory(title="Judul asli")
    client.force_login(editor_user)
    assert client.get(url("list")).status_code == 200
    assert client.get(url("edit", regulation.pk)).status_code in {302, 403}
    response = client.post(
        url("edit", regulation.pk), form_data(title="Diubah editor", number="200")
    )
    assert response.status_code in {302, 403}
    regulation.refresh_from_db()
    assert regulation.title == "Judul asli"
    assert not Revision.objects.filter(object_id=str(regulation.pk)).exists()


def test_legal_member_creates_a_draft_and_the_reason_is_logged(client, legal_user):
    client.force_login(legal_user)
    assert client.get(url("add")).status_code == 200
    response = client.post(url("add"), form_data())
    assert response.status_code == 302
    regulation = Regulation.objects.get(type="PMK", number=81, year=2024)
    assert regulation.live is False  # a draft until published or approved
    entry = ModelLogEntry.objects.get(
        object_id=str(regulation.pk), action="wagtail.create"
    )
    assert entry.user == legal_user
    assert entry.data["reason"] == "Input awal dari salinan JDIH Kemenkeu"
    assert entry.revision_id == regulation.latest_revision_id


def test_publishing_from_admin_logs_edit_reason_and_history_shows_it(
    client, legal_user
):
    regulation = RegulationFactory(type="PMK", number=81, year=2024, unit="")
    client.force_login(legal_user)
    response = client.post(
        url("edit", regulation.pk),
        form_data(
            title="Judul yang dibetulkan",
            change_reason="Koreksi judul sesuai BN 2024",
            **{"action-publish": "action-publish"},
        ),
    )
    assert response.status_code == 302
    regulation.refresh_from_db()
    assert regulation.title == "Judul yang dibetulkan"
    entry = ModelLogEntry.objects.get(
        object_id=str(regulation.pk), action="wagtail.edit"
    )
    assert entry.data == {"reason": "Koreksi judul sesuai BN 2024"}
    assert ModelLogEntry.objects.filter(
        object_id=str(regulation.pk), action="wagtail.publish"
    ).exists()
    history = client.get(url("history", regulation.pk))
    assert history.status_code == 200
    assert "Koreksi judul sesuai BN 2024" in history.content.decode()


def test_saving_without_a_reason_is_refused_on_the_field(client, legal_user):
    client.force_login(legal_user)
    response = client.post(url("add"), form_data(change_reason=""))
    assert response.status_code == 200
    assert response.context["form"].errors["change_reason"] == [
        "Tuliskan alasan perubahan agar tercatat di riwayat peraturan."
    ]
    assert not Regulation.objects.exists()


def test_admin_reports_dates_out_of_order_on_the_field(client, legal_user):
    client.force_login(legal_user)
    response = client.post(
        url("add"),
        form_data(
            signed_on="2024-10-14",
            effective_on="2024-10-01",
            **{"action-publish": "action-publish"},
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["effective_on"] == [
        "Tanggal mulai berlaku (2024-10-01) sebelum tanggal ditetapkan (2024-10-14). "
        "Periksa kembali kedua tanggal."
    ]


def test_admin_refuses_a_duplicate_citation_on_the_number(client, legal_user):
    RegulationFactory(type="PMK", number=81, year=2024, unit="")
    client.force_login(legal_user)
    response = client.post(url("add"), form_data())
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == [
        "PMK 81/2024 sudah terdaftar. Buka peraturan yang ada untuk mengubahnya."
    ]
    assert Regulation.objects.count() == 1


def _relation_errors(response):
    return response.context["form"].formsets["relations"].forms[0].errors


def test_inline_relation_to_itself_is_refused_on_the_target(client, legal_user):
    regulation = RegulationFactory(type="PMK", number=81, year=2024, unit="")
    client.force_login(legal_user)
    response = client.post(
        url("edit", regulation.pk),
        form_data(
            relations=inline_formset(
                [
                    {
                        "type": RelationType.REVOKES,
                        "target": regulation.pk,
                        "provision": "",
                        "effective_on": "",
                        "note": "",
                    }
                ]
            )
        ),
    )
    assert response.status_code == 200
    assert _relation_errors(response)["target"] == [
        "PMK 81/2024 tidak dapat mencabut dirinya sendiri. Pilih peraturan lain."
    ]
    assert not RegulationRelation.objects.exists()


def test_inline_relation_closing_a_cycle_is_refused_on_the_target(client, legal_user):
    amended = RegulationFactory(number=86, year=2020)
    amending = RegulationFactory(number=110, year=2020)
    RegulationRelationFactory(source=amending, target=amended)
    client.force_login(legal_user)
    response = client.post(
        url("edit", amended.pk),
        form_data(
            type="PMK",
            number="86",
            year="2020",
            unit="PMK.03",
            signed_on="",
            promulgated_on="",
            effective_on="2020-07-16",
            relations=inline_formset(
                [
                    {
                        "type": RelationType.AMENDS,
                        "target": amending.pk,
                        "provision": "",
                        "effective_on": "",
                        "note": "",
                    }
                ]
            ),
        ),
    )
    assert response.status_code == 200
    assert _relation_errors(response)["target"] == [
        "Hubungan ini membentuk lingkaran perubahan: PMK 110/PMK.03/2020 sudah "
        "(langsung atau tidak langsung) mengubah atau mencabut PMK 86/PMK.03/2020."
    ]
    assert RegulationRelation.objects.count() == 1


def test_inline_revocation_before_the_target_took_effect_is_refused_on_its_date(
    client, legal_user
):
    target = RegulationFactory(
        number=23, year=2020, effective_on=datetime.date(2020, 3, 23)
    )
    regulation = RegulationFactory(type="PMK", number=81, year=2024, unit="")
    client.force_login(legal_user)
    response = client.post(
        url("edit", regulation.pk),
        form_data(
            relations=inline_formset(
                [
                    {
                        "type": RelationType.REVOKES,
                        "target": target.pk,
                        "provision": "",
                        "effective_on": "2020-01-01",
                        "note": "",
                    }
                ]
            )
        ),
    )
    assert response.status_code == 200
    assert _relation_errors(response)["effective_on"] == [
        "Pencabutan berlaku 2020-01-01, sebelum PMK 23/PMK.03/2020 mulai berlaku "
        "(2020-03-23). Periksa tanggal berlaku hubungan ini."
    ]


def test_listing_shows_status_today_with_a_constant_number_of_queries(
    client, legal_user, django_assert_max_num_queries
):
    def build(n):
        for _ in range(n):
            target = RegulationFactory()
            RegulationRelationFactory(target=target, source=RegulationFactory())

    client.force_login(legal_user)
    build(2)
    client.get(url("list"))  # warm caches (content types, permissions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        response = client.get(url("list"))
    assert response.status_code == 200
    assert "Status hari ini" in response.content.decode()
    build(10)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url("list"))
    assert len(response.context["object_list"]) == 24
    assert len(many) == len(few)


def test_listing_filters_by_status_today(client, legal_user):
    revoked = RegulationFactory(number=44, year=2020)
    RegulationRelationFactory(
        source=RegulationFactory(
            number=86, year=2020, effective_on=datetime.date(2020, 7, 16)
        ),
        target=revoked,
        type=RelationType.REVOKES,
    )
    client.force_login(legal_user)
    response = client.get(url("list"), {"status": "dicabut"})
    assert [r.pk for r in response.context["object_list"]] == [revoked.pk]
    assert ContentType.objects.get_for_model(Regulation)


def test_revert_logs_the_reason(client, legal_user):
    client.force_login(legal_user)
    client.post(url("add"), form_data(title="Versi pertama"))
    regulation = Regulation.objects.get()
    first = regulation.latest_revision
    client.post(
        url("edit", regulation.pk), form_data(title="Versi kedua", change_reason="Ubah")
    )
    response = client.post(
        url("revisions_revert", regulation.pk, first.pk),
        form_data(title="Versi pertama", change_reason="Kembali ke versi awal"),
    )
    assert response.status_code == 302
    entry = ModelLogEntry.objects.get(
        object_id=str(regulation.pk), action="wagtail.revert"
    )
    assert entry.data["reason"] == "Kembali ke versi awal"
    assert entry.data["revision"]["id"] == first.pk


def test_legal_member_submits_to_the_legal_review_workflow(client, legal_user):
    client.force_login(legal_user)
    response = client.post(url("add"), form_data(**{"action-submit": "action-submit"}))
    assert response.status_code == 302
    regulation = Regulation.objects.get()
    assert regulation.workflow_in_progress
    assert regulation.current_workflow_task.name == "Tinjauan Tim Hukum"
    assert not regulation.live


def test_listing_search_finds_by_title_and_citation(client, legal_user):
    RegulationFactory(number=86, title="Insentif pajak pandemi")
    RegulationFactory(number=147, year=2017, title="Tata cara pendaftaran")
    client.force_login(legal_user)
    by_title = client.get(url("list"), {"q": "pendaftaran"})
    assert [r.number for r in by_title.context["object_list"]] == [147]
    by_citation = client.get(url("list"), {"q": "86/PMK.03/2020"})
    assert [r.number for r in by_citation.context["object_list"]] == [86]
