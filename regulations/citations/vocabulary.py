"""The vocabulary of Indonesian regulation citations: the regulation types, their
families, and the statute aliases ("UU KUP", "UU HPP", …) mapped to the original acts.

Aliases map to the ORIGINAL act: "UU KUP" is UU 6/1983 even though UU 7/2021 last
amended it; resolving "as amended on a date" is the registry's job.
"""

from __future__ import annotations

TYPE_LABELS: dict[str, str] = {
    "UU": "Undang-Undang",
    "PERPPU": "Peraturan Pemerintah Pengganti Undang-Undang",
    "PP": "Peraturan Pemerintah",
    "PERPRES": "Peraturan Presiden",
    "PMK": "Peraturan Menteri Keuangan",
    "KMK": "Keputusan Menteri Keuangan",
    "PER": "Peraturan Direktur Jenderal Pajak",
    "KEP": "Keputusan Direktur Jenderal Pajak",
    "SE": "Surat Edaran Direktur Jenderal Pajak",
    "ND": "Nota Dinas",
}

# Label used in the canonical short form of the statute types.
SHORT_NAMES = {"UU": "UU", "PERPPU": "Perppu", "PP": "PP", "PERPRES": "Perpres"}
STATUTE_TYPES = frozenset(SHORT_NAMES)
MOF_TYPES = frozenset({"PMK", "KMK"})
DJP_TYPES = frozenset({"PER", "KEP", "SE", "ND"})

# Alias label -> (type, number, year) of the ORIGINAL act, plus the spellings people use
# after "UU"/"Undang-Undang" (or "Perppu"). Sources: the acts' own titles on
# peraturan.bpk.go.id.
ALIAS_TABLE: dict[str, tuple[tuple[str, int, int], tuple[str, ...]]] = {
    "UU KUP": (
        ("UU", 6, 1983),
        ("KUP", "Ketentuan Umum dan Tata Cara Perpajakan"),
    ),
    "UU PPh": (("UU", 7, 1983), ("PPh", "Pajak Penghasilan")),
    "UU PPN": (
        ("UU", 8, 1983),
        (
            "PPN",
            "PPN dan PPnBM",
            "PPN & PPnBM",
            "PPN dan PPN BM",
            "Pajak Pertambahan Nilai",
            "Pajak Pertambahan Nilai Barang dan Jasa dan Pajak Penjualan atas Barang Mewah",
        ),
    ),
    "UU PBB": (("UU", 12, 1985), ("PBB", "Pajak Bumi dan Bangunan")),
    "UU BPHTB": (
        ("UU", 21, 1997),
        ("BPHTB", "Bea Perolehan Hak atas Tanah dan Bangunan"),
    ),
    "UU PPSP": (("UU", 19, 1997), ("PPSP", "Penagihan Pajak dengan Surat Paksa")),
    "UU Pengadilan Pajak": (("UU", 14, 2002), ("Pengadilan Pajak",)),
    "UU PDRD": (("UU", 28, 2009), ("PDRD", "Pajak Daerah dan Retribusi Daerah")),
    "UU Pengampunan Pajak": (
        ("UU", 11, 2016),
        ("Pengampunan Pajak", "Tax Amnesty"),
    ),
    "UU Bea Meterai": (("UU", 10, 2020), ("Bea Meterai", "Bea Materai")),
    "UU Cipta Kerja": (("UU", 11, 2020), ("Cipta Kerja", "Ciptaker")),
    "UU HPP": (("UU", 7, 2021), ("HPP", "Harmonisasi Peraturan Perpajakan")),
    "UU HKPD": (
        ("UU", 1, 2022),
        (
            "HKPD",
            "Hubungan Keuangan antara Pemerintah Pusat dan Pemerintahan Daerah",
        ),
    ),
    "UU P2SK": (
        ("UU", 4, 2023),
        ("P2SK", "Pengembangan dan Penguatan Sektor Keuangan"),
    ),
    "UU Kepabeanan": (("UU", 10, 1995), ("Kepabeanan",)),
    "UU Cukai": (("UU", 11, 1995), ("Cukai",)),
    "Perppu Cipta Kerja": (("PERPPU", 2, 2022), ("Cipta Kerja", "Ciptaker")),
}

ALIASES: dict[str, tuple[str, int, int]] = {
    label: key for label, (key, _spellings) in ALIAS_TABLE.items()
}
