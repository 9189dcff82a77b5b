"""The pipeline of regulation changes: drafts, enactment without retyping, followers
notified of a stage or expected-date change, the legal team's permissions, periods."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError

from regulations.actions import draft_enact, draft_follow, draft_save
from regulations.choices import DraftStage, NotificationKind
from regulations.importing import import_regulations
from regulations.models import Regulation, RegulationDraft, RegulationNotification

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def follower(django_user_model):
    return django_user_model.objects.create_user(
        "pengikut", email="pengikut@example.com", password="x"
    )


def test_followers_hear_of_a_stage_and_expected_date_change_once(follower):
    draft = RegulationDraft(type="PMK", title="Layanan X", stage=DraftStage.PROPOSED)
    draft_save(draft=draft)
    draft_follow(user=follower, draft=draft)
    before = (draft.stage, draft.expected_on)
    draft.stage, draft.expected_on = DraftStage.HARMONISING, D(2027, 3, 1)
    assert draft_save(draft=draft, before=before, today=D(2026, 12, 6)) == 1
    note = RegulationNotification.objects.get(user=follower)
    assert note.kind == NotificationKind.DRAFT_CHANGED
    assert "tahap usulan → harmonisasi" in note.message
    assert "perkiraan berlaku - → 2027-03-01" in note.message
    assert len(mail.outbox) == 1
    # Saving again without a change tells nobody.
    assert draft_save(draft=draft, before=(draft.stage, draft.expected_on)) == 0


def test_enacting_registers_the_regulation_from_the_draft(follower):
    draft = RegulationDraft(type="PER", title="Petunjuk Teknis Y", stage="harmonisasi")
    draft_save(draft=draft)
    regulation = draft_enact(
        draft=draft,
        number=12,
        year=2027,
        unit="PJ",
        effective_on=D(2027, 7, 1),
        reason="Salinan resmi diterima",
        today=D(2027, 6, 1),
    )
    assert (regulation.type, regulation.title) == ("PER", "Petunjuk Teknis Y")
    draft.refresh_from_db()
    assert draft.regulation == regulation
    assert draft.stage == DraftStage.PROMULGATED
    assert draft.label == "PER-12/PJ/2027"
    with pytest.raises(ValidationError) as err:
        draft_enact(draft=draft, number=13, year=2027, reason="lagi")
    assert "sudah ditetapkan sebagai PER-12/PJ/2027" in str(err.value)


def test_expected_dates_out_of_order_are_refused_in_indonesian():
    draft = RegulationDraft(
        type="PMK",
        title="Z",
        expected_signed_on=D(2027, 3, 1),
        expected_on=D(2027, 2, 1),
    )
    with pytest.raises(ValidationError) as err:
        draft_save(draft=draft)
    assert err.value.message_dict["expected_on"] == [
        "Perkiraan mulai berlaku (2027-02-01) sebelum perkiraan ditetapkan "
        "(2027-03-01). Periksa kembali kedua tanggal."
    ]


def test_legal_team_writes_drafts_and_editors_only_view():
    legal = set(
        Group.objects.get(name="Tim Hukum").permissions.values_list(
            "codename", flat=True
        )
    )
    assert {"add_regulationdraft", "change_regulationdraft"} <= legal
    editors = set(
        Group.objects.get(name="Editors")
        .permissions.filter(codename__endswith="_regulationdraft")
        .values_list("codename", flat=True)
    )
    assert editors == {"view_regulationdraft"}


def test_import_writes_periods_and_clears_a_wrong_end():
    line = (
        '{"type": "PMK", "number": 86, "year": 2020, "unit": "PMK.03", "title": "Insentif",'
        ' "effective_on": "2020-07-16", "ends_on": %s, "periods": %s}'
    )
    first = import_regulations(
        [line % ('"2020-12-31"', "[]")], filename="a.jsonl", reason="uji"
    )
    assert first.created == 1
    periods = '[{"label": "Masa insentif", "starts_on": "2020-04-01", "ends_on": "2020-12-31"}]'
    second = import_regulations(
        [line % ("null", periods)], filename="a.jsonl", reason="uji"
    )
    assert second.updated == 1
    regulation = Regulation.objects.get(number=86, year=2020)
    assert regulation.ends_on is None
    assert [p.key[:4] for p in regulation.periods.all()] == [
        ("Masa insentif", "", D(2020, 4, 1), D(2020, 12, 31))
    ]
    again = import_regulations(
        [line % ("null", periods)], filename="a.jsonl", reason="uji"
    )
    assert again.unchanged == 1
    bad = import_regulations(
        [
            line
            % (
                "null",
                '[{"label": "X", "starts_on": "2020-05-01", "ends_on": "2020-04-01"}]',
            )
        ],
        filename="b.jsonl",
        reason="uji",
    )
    assert "hari terakhir (2020-04-01) sebelum hari pertama (2020-05-01)" in str(
        bad.rejected[0]
    )
