"""What the 3C newsletter (mid-2020) says, kept apart from what the catalogue's data
says, so the dashboard can show each figure beside its source and label the ones the
newsletter does not give as assumptions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SOURCE = _("Buletin 3C (pertengahan 2020)")
# The plan: services per target state, out of the whole catalogue.
TOTAL = 168
STATE_TARGETS = {
    "automated": 59,
    "contact_center": 50,
    "kpp_kanwil": 23,
    "other_process": 33,
    "removed": 3,
}
# Automation achieved by mid-2020: before 2020, and during 2020 (Covid-19 included).
AUTOMATED_MID_2020 = 39
AUTOMATED_BEFORE_2020 = 21
AUTOMATED_IN_2020 = 18
AUTOMATED_COVID19_2020 = 9
# Automation targets by year (2020: 21 Renstra + 7 extra effort).
YEAR_TARGETS = {2020: 28, 2021: 6, 2022: 4}
YEAR_2020_LINES = {"renstra": 21, "extra_effort": 7}
# The other groups have no year: the whole plan runs "hingga tahun 2024".
PLAN_HORIZON = 2024
# Regulation changes the plan requires, by kind.
REQUIRED_CHANGES = {"PP": 3, "PMK": 16, "KEP": 11, "PER": 13}
# Processes the newsletter names as handled by the contact center (PER-04/PJ/2020).
CONTACT_CENTER_PROCESSES = (
    "perubahan-data-wajib-pajak",
    "penetapan-wp-non-efektif",
    "pengaktifan-kembali-wp-non-efektif",
)

# What the catalogue shows that the newsletter does not say, and what it assumes.
ASSUMPTIONS = {
    "current_other_states": _(
        "Jumlah saat ini untuk contact center, KPP/Kanwil, proses lain dan dihapus: "
        "sumber tidak menyebutnya; angka ini dari riwayat status data katalog."
    ),
    "state_history": _(
        "Tanggal peralihan tiap layanan (riwayat status): sumber hanya memberi jumlah, "
        "bukan tanggal per layanan; tanggal di data demo adalah asumsi yang menjaga "
        "jumlah sumber (21 sebelum 2020, 18 pada semester I 2020)."
    ),
    "year_lines": _(
        "Pembagian Renstra/extra effort untuk target 2021 dan 2022, dan untuk kelompok "
        "selain otomasi: sumber tidak menyebutnya; angka dari data katalog."
    ),
    "no_year": _(
        'Layanan tanpa tahun target: sumber hanya menyebut "hingga tahun %(year)d" '
        "untuk kelompok selain otomasi, dan tidak memberi tahun target bagi 21 layanan "
        "yang sudah otomasi sebelum 2020."
    )
    % {"year": PLAN_HORIZON},
    "achieved_after_source": _(
        "Capaian sesudah pertengahan 2020 tidak ada di sumber; angka dari riwayat status."
    ),
    "draft_stage": _(
        "Tahap rancangan yang belum ditetapkan adalah tahap yang terakhir dicatat, bukan "
        "tahap pada tanggal yang dipilih; rancangan yang sudah ditetapkan dihitung dari "
        "status peraturannya pada tanggal itu."
    ),
}
