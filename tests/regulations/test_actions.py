"""Registry actions: validated, atomic writes that publish a revision and log the reason."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry, Revision

from regulations.actions import (
    regulation_add_relation,
    regulation_change_relation,
    regulation_create,
    regulation_update,
)
from regulations.choices import RelationType
from regulations.models import Regulation, RegulationRelation
from tests.regulations.factories import RegulationFactory, RegulationRelationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def counts():
    return (
        Regulation.objects.count(),
        RegulationRelation.objects.count(),
        Revision.objects.count(),
        ModelLogEntry.objects.count(),
    )


def pmk(number, year=2020, **fields):
    return regulation_create(
        reason="uji",
        type="PMK",
        number=number,
        year=year,
        unit="PMK.03",
        title=f"PMK {number}",
        **fields,
    )


def test_create_publishes_with_a_revision_and_logs_the_reason(admin_user):
    regulation = regulation_create(
        user=admin_user,
        reason="Salinan JDIH Kemenkeu",
        type="PMK",
        number=81,
        year=2024,
        title="Ketentuan Perpajakan dalam rangka Pelaksanaan Sistem Inti Administrasi Perpajakan",
        signed_on=D(2024, 10, 14),
        promulgated_on=D(2024, 10, 18),
        effective_on=D(2025, 1, 1),
        subjects=["Coretax", "NPWP"],
    )
    regulation.refresh_from_db()
    assert regulation.live and regulation.revisions.count() == 1
    assert sorted(regulation.subjects.names()) == ["Coretax", "NPWP"]
    create = ModelLogEntry.objects.get(
        object_id=str(regulation.pk), action="wagtail.create"
    )
    publish = ModelLogEntry.objects.get(
        object_id=str(regulation.pk), action="wagtail.publish"
    )
    assert create.data == {"reason": "Salinan JDIH Kemenkeu"}
    assert create.user == admin_user and create.uuid == publish.uuid
    assert create.timestamp <= publish.timestamp


def test_update_saves_a_new_revision_and_keeps_relations(admin_user):
    amended = pmk(86, effective_on=D(2020, 7, 16))
    regulation_add_relation(
        source=pmk(110, effective_on=D(2020, 8, 14)),
        type=RelationType.AMENDS,
        target=amended,
        reason="relasi",
    )
    source = Regulation.objects.get(number=110)
    updated = regulation_update(
        regulation=source, user=admin_user, reason="Koreksi judul", title="Baru"
    )
    assert updated.title == "Baru"
    assert updated.revisions.count() == 3
    assert updated.relations.get().target == amended
    assert (
        ModelLogEntry.objects.filter(object_id=str(source.pk), action="wagtail.edit")
        .latest("timestamp")
        .data["reason"]
        == "Koreksi judul"
    )


def test_add_relation_is_stored_and_changes_the_target_status():
    amended = pmk(86, effective_on=D(2020, 7, 16))
    relation = regulation_add_relation(
        source=pmk(110, effective_on=D(2020, 8, 14)),
        type=RelationType.AMENDS,
        target=amended,
        reason="BN 2020 No. 918",
    )
    assert relation.pk and relation.effective_date == D(2020, 8, 14)
    assert amended.status_on(on=D(2020, 8, 13)).value == "berlaku"
    assert amended.status_on(on=D(2020, 8, 14)).value == "berlaku_dengan_perubahan"


def test_change_relation_corrects_the_date():
    amended = pmk(86, effective_on=D(2020, 7, 16))
    relation = regulation_add_relation(
        source=pmk(110, effective_on=D(2020, 8, 14)),
        type=RelationType.AMENDS,
        target=amended,
        reason="x",
    )
    changed = regulation_change_relation(
        relation=relation, effective_on=D(2020, 9, 1), note="Koreksi", reason="y"
    )
    assert changed.pk == relation.pk
    assert (changed.effective_on, changed.note) == (D(2020, 9, 1), "Koreksi")


def _refused(call, field, message):
    before = counts()
    with pytest.raises(ValidationError) as err:
        call()
    assert err.value.message_dict[field] == [message]
    assert counts() == before


def test_relation_that_closes_a_cycle_is_refused_and_nothing_saved():
    a = pmk(86, effective_on=D(2020, 7, 16))
    b = pmk(110, effective_on=D(2020, 8, 14))
    c = pmk(9, year=2021, effective_on=D(2021, 2, 2))
    regulation_add_relation(source=b, type=RelationType.AMENDS, target=a, reason="x")
    regulation_add_relation(source=c, type=RelationType.REPLACES, target=b, reason="x")
    _refused(
        lambda: regulation_add_relation(
            source=a, type=RelationType.AMENDS, target=c, reason="x"
        ),
        "target",
        "Hubungan ini membentuk lingkaran perubahan: PMK 9/PMK.03/2021 sudah "
        "(langsung atau tidak langsung) mengubah atau mencabut PMK 86/PMK.03/2020.",
    )


@pytest.mark.parametrize(
    ("kind", "label"),
    [(RelationType.AMENDS, "mengubah"), (RelationType.REVOKES, "mencabut")],
)
def test_regulation_acting_on_itself_is_refused(kind, label):
    a = pmk(86, effective_on=D(2020, 7, 16))
    _refused(
        lambda: regulation_add_relation(source=a, type=kind, target=a, reason="x"),
        "target",
        f"PMK 86/PMK.03/2020 tidak dapat {label} dirinya sendiri. Pilih peraturan lain.",
    )


def test_revocation_before_the_target_took_effect_is_refused():
    target = pmk(23, effective_on=D(2020, 3, 23))
    source = pmk(44, effective_on=D(2020, 4, 27))
    _refused(
        lambda: regulation_add_relation(
            source=source,
            type=RelationType.REVOKES,
            target=target,
            effective_on=D(2020, 3, 1),
            reason="x",
        ),
        "effective_on",
        "Pencabutan berlaku 2020-03-01, sebelum PMK 23/PMK.03/2020 mulai berlaku "
        "(2020-03-23). Periksa tanggal berlaku hubungan ini.",
    )


def test_partial_revocation_needs_the_provision():
    target = pmk(1, effective_on=D(2020, 3, 31))
    source = pmk(2, effective_on=D(2021, 10, 29))
    _refused(
        lambda: regulation_add_relation(
            source=source,
            type=RelationType.REVOKES_PART,
            target=target,
            reason="x",
        ),
        "provision",
        'Sebutkan Pasal yang dicabut, mis. "Pasal 5 ayat (1) huruf b".',
    )


def test_in_force_date_before_signing_is_refused():
    _refused(
        lambda: pmk(3, signed_on=D(2022, 1, 21), effective_on=D(2022, 1, 1)),
        "effective_on",
        "Tanggal mulai berlaku (2022-01-01) sebelum tanggal ditetapkan (2022-01-21). "
        "Periksa kembali kedua tanggal.",
    )


def test_duplicate_citation_is_refused():
    pmk(23)
    _refused(
        lambda: pmk(23),
        "number",
        "PMK 23/PMK.03/2020 sudah terdaftar. Buka peraturan yang ada untuk mengubahnya.",
    )


def test_duplicate_relation_is_refused():
    target = pmk(86, effective_on=D(2020, 7, 16))
    source = pmk(110, effective_on=D(2020, 8, 14))
    regulation_add_relation(
        source=source, type=RelationType.AMENDS, target=target, reason="x"
    )
    _refused(
        lambda: regulation_add_relation(
            source=source, type=RelationType.AMENDS, target=target, reason="x"
        ),
        "target",
        "PMK 110/PMK.03/2020 sudah tercatat mengubah PMK 86/PMK.03/2020. "
        "Ubah hubungan yang ada, jangan menambah yang sama.",
    )


def test_a_reason_is_required():
    _refused(
        lambda: regulation_create(
            reason="  ", type="PMK", number=5, year=2020, title="Tanpa alasan"
        ),
        "change_reason",
        "Tuliskan alasan perubahan (mis. nomor nota dinas atau sumber data) agar "
        "tercatat di riwayat peraturan.",
    )


def test_users_outside_the_legal_team_may_not_write(django_user_model):
    editor = django_user_model.objects.create_user(username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    before = counts()
    with pytest.raises(PermissionDenied):
        regulation_create(
            user=editor, reason="x", type="PMK", number=5, year=2020, title="T"
        )
    assert counts() == before
    legal = django_user_model.objects.create_user(username="hukum")
    legal.groups.add(Group.objects.get(name="Tim Hukum"))
    regulation = regulation_create(
        user=legal, reason="x", type="PMK", number=5, year=2020, title="T"
    )
    assert regulation.live


def test_pending_draft_blocks_scripted_updates():
    regulation = RegulationFactory(has_unpublished_changes=True)
    with pytest.raises(ValidationError) as err:
        regulation_update(regulation=regulation, reason="x", title="Baru")
    assert "punya draf yang belum diterbitkan" in err.value.messages[0]
    regulation.refresh_from_db()
    assert regulation.title != "Baru"


def test_status_queryset_twins_agree_on_a_small_graph():
    base = RegulationFactory(
        signed_on=None, effective_on=D(2020, 1, 1), ends_on=D(2020, 12, 31)
    )
    RegulationRelationFactory(
        source=RegulationFactory(effective_on=D(2020, 6, 1)),
        target=base,
        type=RelationType.AMENDS,
    )
    RegulationRelationFactory(
        source=RegulationFactory(effective_on=D(2020, 9, 1)),
        target=base,
        type=RelationType.REVOKES_PART,
        provision="Pasal 2",
    )
    for day in [
        D(2019, 12, 31),
        D(2020, 1, 1),
        D(2020, 6, 1),
        D(2020, 9, 1),
        D(2021, 1, 1),
    ]:
        annotated = Regulation.objects.with_status(on=day).get(pk=base.pk)
        assert annotated.status_code == base.status_on(on=day).value
