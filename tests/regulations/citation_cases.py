"""Real-world citation strings and what `find_citations` must read in them.

Written for these tests, modelled on how Indonesian tax texts cite regulations:
consideration clauses (Menimbang / Mengingat), PER and SE headers, closing provisions,
and articles in the style of pajak.go.id. Each case is (id, text, expected), where
expected lists (type, number, year, unit, provision) per citation, in order; an empty
list means "no match".
"""

Expected = tuple[str, int, int, str | None, str | None]


def c(
    kind: str,
    number: int,
    year: int,
    unit: str | None = None,
    provision: str | None = None,
) -> Expected:
    return (kind, number, year, unit, provision)


POSITIVE: list[tuple[str, str, list[Expected]]] = [
    # --- PMK ---------------------------------------------------------------------------
    (
        "pmk-long-new-format",
        "Peraturan Menteri Keuangan Nomor 81 Tahun 2024",
        [c("PMK", 81, 2024)],
    ),
    ("pmk-short-slash", "PMK 81/2024", [c("PMK", 81, 2024)]),
    ("pmk-no-th-abbreviations", "PMK No. 81 Th. 2024", [c("PMK", 81, 2024)]),
    ("pmk-no-without-dot", "PMK No 54 Tahun 2025", [c("PMK", 54, 2025)]),
    ("pmk-thn-abbreviation", "PMK Nomor 81 Thn 2024", [c("PMK", 81, 2024)]),
    ("pmk-nomer-typo", "PMK Nomer 81 Tahun 2024", [c("PMK", 81, 2024)]),
    ("pmk-spaces-around-slash", "PMK 81 / 2024", [c("PMK", 81, 2024)]),
    ("pmk-dash-short", "PMK-81/2024", [c("PMK", 81, 2024)]),
    ("pmk-lowercase", "pmk nomor 168 tahun 2023", [c("PMK", 168, 2023)]),
    (
        "pmk-header-caps-republik-indonesia",
        "PERATURAN MENTERI KEUANGAN REPUBLIK INDONESIA NOMOR 81 TAHUN 2024",
        [c("PMK", 81, 2024)],
    ),
    (
        "pmk-parenthetical-abbreviation",
        "Peraturan Menteri Keuangan (PMK) Nomor 66 Tahun 2023",
        [c("PMK", 66, 2023)],
    ),
    (
        "pmk-pdf-line-breaks",
        "Peraturan Menteri\nKeuangan Nomor 81\nTahun 2024",
        [c("PMK", 81, 2024)],
    ),
    ("pmk-non-breaking-space", "PMK\u00a081/2024", [c("PMK", 81, 2024)]),
    (
        "pmk-old-prefixed",
        "PMK-23/PMK.03/2020",
        [c("PMK", 23, 2020, "PMK.03")],
    ),
    ("pmk-old-bare-number", "23/PMK.03/2020", [c("PMK", 23, 2020, "PMK.03")]),
    (
        "pmk-nomor-old-number",
        "PMK Nomor 112/PMK.03/2022",
        [c("PMK", 112, 2022, "PMK.03")],
    ),
    (
        "pmk-long-old-number",
        "Peraturan Menteri Keuangan Nomor 147/PMK.03/2017",
        [c("PMK", 147, 2017, "PMK.03")],
    ),
    (
        "pmk-unit-keeps-zero-padding",
        "Peraturan Menteri Keuangan Nomor 34/PMK.010/2017",
        [c("PMK", 34, 2017, "PMK.010")],
    ),
    (
        "pmk-ortax-header-colon",
        "Peraturan Menteri Keuangan Nomor : 2/PMK.09/2023",
        [c("PMK", 2, 2023, "PMK.09")],
    ),
    (
        "pmk-permenkeu",
        "Permenkeu Nomor 9/PMK.03/2021",
        [c("PMK", 9, 2021, "PMK.03")],
    ),
    (
        "pmk-in-article-sentence",
        "Insentif tersebut diatur dalam PMK 3/PMK.03/2022 dan berlaku sampai Juni 2022.",
        [c("PMK", 3, 2022, "PMK.03")],
    ),
    (
        "pmk-old-number-spaces",
        "PMK 86 / PMK.03 / 2020",
        [c("PMK", 86, 2020, "PMK.03")],
    ),
    (
        "pmk-bare-number-after-nomor-dot",
        "No.44/PMK.03/2020",
        [c("PMK", 44, 2020, "PMK.03")],
    ),
    # --- KMK ---------------------------------------------------------------------------
    (
        "kmk-long",
        "Keputusan Menteri Keuangan Nomor 543/KMK.03/2002",
        [c("KMK", 543, 2002, "KMK.03")],
    ),
    (
        "kmk-short-nomor",
        "KMK Nomor 574/KMK.04/2000",
        [c("KMK", 574, 2000, "KMK.04")],
    ),
    ("kmk-bare-number", "1002/KMK.04/1984", [c("KMK", 1002, 1984, "KMK.04")]),
    (
        "kmk-kepmenkeu",
        "Kepmenkeu No. 604/KMK.04/1994",
        [c("KMK", 604, 1994, "KMK.04")],
    ),
    (
        "kmk-without-unit",
        "Keputusan Menteri Keuangan Nomor 12 Tahun 2024",
        [c("KMK", 12, 2024)],
    ),
    (
        "kmk-unit-wins-over-pmk-name",
        "PMK Nomor 543/KMK.03/2002",
        [c("KMK", 543, 2002, "KMK.03")],
    ),
    # --- PER / KEP / SE / ND Dirjen Pajak ----------------------------------------------
    ("per-zero-padded", "PER-04/PJ/2020", [c("PER", 4, 2020, "PJ")]),
    ("per-stray-spaces", "PER - 02/PJ/2020", [c("PER", 2, 2020, "PJ")]),
    ("per-lowercase-unit", "PER-7/Pj/2025", [c("PER", 7, 2025, "PJ")]),
    ("per-all-lowercase", "per-04/pj/2020", [c("PER", 4, 2020, "PJ")]),
    ("per-without-dash", "PER 04/PJ/2020", [c("PER", 4, 2020, "PJ")]),
    ("per-en-dash", "PER\u201304/PJ/2020", [c("PER", 4, 2020, "PJ")]),
    (
        "per-long",
        "Peraturan Direktur Jenderal Pajak Nomor PER-04/PJ/2020",
        [c("PER", 4, 2020, "PJ")],
    ),
    (
        "per-header-caps",
        "PERATURAN DIREKTUR JENDERAL PAJAK NOMOR PER-24/PJ/2017 TENTANG BENTUK DAN TATA CARA",
        [c("PER", 24, 2017, "PJ")],
    ),
    (
        "per-perdirjen",
        "Perdirjen Pajak PER-20/PJ/2013",
        [c("PER", 20, 2013, "PJ")],
    ),
    (
        "per-dirjen-short",
        "Peraturan Dirjen Pajak Nomor PER-11/PJ/2025",
        [c("PER", 11, 2025, "PJ")],
    ),
    (
        "per-prefix-implied-by-name",
        "Peraturan Direktur Jenderal Pajak Nomor 04/PJ/2020",
        [c("PER", 4, 2020, "PJ")],
    ),
    (
        "per-pajak-go-id-listing",
        "Peraturan Dirjen Pajak PER-10/PJ/2025",
        [c("PER", 10, 2025, "PJ")],
    ),
    ("kep-trailing-dot-unit", "KEP-161/PJ./2001", [c("KEP", 161, 2001, "PJ")]),
    (
        "kep-long",
        "Keputusan Direktur Jenderal Pajak Nomor KEP-161/PJ./2001",
        [c("KEP", 161, 2001, "PJ")],
    ),
    (
        "kep-kepdirjen",
        "Kepdirjen Pajak KEP-220/PJ/2019",
        [c("KEP", 220, 2019, "PJ")],
    ),
    ("se-basic", "SE-27/PJ/2020", [c("SE", 27, 2020, "PJ")]),
    (
        "se-long",
        "Surat Edaran Direktur Jenderal Pajak Nomor SE-44/PJ/2021",
        [c("SE", 44, 2021, "PJ")],
    ),
    (
        "se-dirjen-short",
        "SE Dirjen Pajak Nomor SE-08/PJ/2021",
        [c("SE", 8, 2021, "PJ")],
    ),
    ("se-old-directorate-unit", "SE-20/PJ.33/1998", [c("SE", 20, 1998, "PJ.33")]),
    (
        "se-old-single-digit-unit",
        "Surat Edaran Direktur Jenderal Pajak Nomor SE-06/PJ.4/1995",
        [c("SE", 6, 1995, "PJ.4")],
    ),
    (
        "se-prefix-wins-over-per-name",
        "Peraturan Dirjen Pajak Nomor SE-27/PJ/2020",
        [c("SE", 27, 2020, "PJ")],
    ),
    ("nd-basic", "ND-630/PJ.09/2020", [c("ND", 630, 2020, "PJ.09")]),
    (
        "nd-long",
        "Nota Dinas Nomor ND-12/PJ.02/2021",
        [c("ND", 12, 2021, "PJ.02")],
    ),
    # --- UU ----------------------------------------------------------------------------
    ("uu-nomor-tahun", "UU Nomor 7 Tahun 2021", [c("UU", 7, 2021)]),
    ("uu-slash", "UU 7/2021", [c("UU", 7, 2021)]),
    ("uu-long", "Undang-Undang Nomor 7 Tahun 2021", [c("UU", 7, 2021)]),
    (
        "uu-long-republik-indonesia",
        "Undang-Undang Republik Indonesia Nomor 36 Tahun 2008",
        [c("UU", 36, 2008)],
    ),
    (
        "uu-header-caps",
        "UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 7 TAHUN 2021",
        [c("UU", 7, 2021)],
    ),
    (
        "uu-lowercase-second-word",
        "Undang-undang nomor 28 tahun 2007",
        [c("UU", 28, 2007)],
    ),
    ("uu-without-hyphen", "Undang Undang No. 16 Tahun 2009", [c("UU", 16, 2009)]),
    ("uu-ri-short", "UU RI No. 7 Tahun 2021", [c("UU", 7, 2021)]),
    (
        "uu-parenthetical-abbreviation",
        "Undang-Undang (UU) Nomor 7 Tahun 2021",
        [c("UU", 7, 2021)],
    ),
    ("uu-no-dot-no-space", "UU No.7/2021", [c("UU", 7, 2021)]),
    # --- Perppu / PP / Perpres ---------------------------------------------------------
    ("perppu-slash", "Perppu 1/2020", [c("PERPPU", 1, 2020)]),
    ("perpu-single-p", "Perpu Nomor 1 Tahun 2020", [c("PERPPU", 1, 2020)]),
    (
        "perppu-long",
        "Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 Tahun 2020",
        [c("PERPPU", 1, 2020)],
    ),
    ("perppu-caps", "PERPPU NOMOR 2 TAHUN 2022", [c("PERPPU", 2, 2022)]),
    ("pp-tahun", "PP 9 Tahun 2021", [c("PP", 9, 2021)]),
    ("pp-slash", "PP 55/2022", [c("PP", 55, 2022)]),
    ("pp-long", "Peraturan Pemerintah Nomor 55 Tahun 2022", [c("PP", 55, 2022)]),
    ("pp-no-abbreviation", "PP No. 23 Tahun 2018", [c("PP", 23, 2018)]),
    (
        "pp-long-republik-indonesia",
        "Peraturan Pemerintah Republik Indonesia Nomor 50 Tahun 2022",
        [c("PP", 50, 2022)],
    ),
    ("pp-lowercase", "pp nomor 44 tahun 2022", [c("PP", 44, 2022)]),
    (
        "perpres-long",
        "Peraturan Presiden Nomor 33 Tahun 2012",
        [c("PERPRES", 33, 2012)],
    ),
    ("perpres-short", "Perpres 33/2012", [c("PERPRES", 33, 2012)]),
    # --- aliases -----------------------------------------------------------------------
    ("alias-kup", "UU KUP", [c("UU", 6, 1983)]),
    ("alias-pph", "UU PPh", [c("UU", 7, 1983)]),
    ("alias-ppn", "UU PPN", [c("UU", 8, 1983)]),
    ("alias-ppn-ppnbm", "UU PPN dan PPnBM", [c("UU", 8, 1983)]),
    ("alias-hpp", "UU HPP", [c("UU", 7, 2021)]),
    ("alias-cipta-kerja", "UU Cipta Kerja", [c("UU", 11, 2020)]),
    ("alias-perppu-cipta-kerja", "Perppu Cipta Kerja", [c("PERPPU", 2, 2022)]),
    ("alias-pbb", "UU PBB", [c("UU", 12, 1985)]),
    ("alias-bphtb", "UU BPHTB", [c("UU", 21, 1997)]),
    ("alias-bea-meterai", "UU Bea Meterai", [c("UU", 10, 2020)]),
    ("alias-pdrd", "UU PDRD", [c("UU", 28, 2009)]),
    ("alias-hkpd", "UU HKPD", [c("UU", 1, 2022)]),
    ("alias-pengadilan-pajak", "UU Pengadilan Pajak", [c("UU", 14, 2002)]),
    ("alias-pengampunan-pajak", "UU Pengampunan Pajak", [c("UU", 11, 2016)]),
    ("alias-lowercase", "uu hpp", [c("UU", 7, 2021)]),
    (
        "alias-long-pph",
        "Undang-Undang Pajak Penghasilan",
        [c("UU", 7, 1983)],
    ),
    (
        "alias-long-hpp",
        "Undang-Undang Harmonisasi Peraturan Perpajakan",
        [c("UU", 7, 2021)],
    ),
    (
        "alias-long-kup-with-tentang",
        "Undang-Undang tentang Ketentuan Umum dan Tata Cara Perpajakan",
        [c("UU", 6, 1983)],
    ),
    (
        "alias-explicit-number-wins",
        "UU PPh Nomor 36 Tahun 2008",
        [c("UU", 36, 2008)],
    ),
    ("alias-kup-explicit-number", "UU KUP No. 28 Tahun 2007", [c("UU", 28, 2007)]),
    # --- provisions --------------------------------------------------------------------
    (
        "provision-before-alias",
        "Pasal 4 ayat (2) huruf a UU PPh",
        [c("UU", 7, 1983, None, "Pasal 4 ayat (2) huruf a")],
    ),
    (
        "provision-before-pmk",
        "Pasal 7 ayat (1) PMK 81/2024",
        [c("PMK", 81, 2024, None, "Pasal 7 ayat (1)")],
    ),
    (
        "provision-after-pmk",
        "PMK 81/2024 Pasal 12",
        [c("PMK", 81, 2024, None, "Pasal 12")],
    ),
    (
        "provision-roman-amending-article",
        "Pasal I angka 3 UU HPP",
        [c("UU", 7, 2021, None, "Pasal I angka 3")],
    ),
    (
        "provision-letter-suffix",
        "Pasal 17C ayat (1) UU KUP",
        [c("UU", 6, 1983, None, "Pasal 17C ayat (1)")],
    ),
    (
        "provision-lowercase-normalised",
        "pasal 31e ayat (1) uu pph",
        [c("UU", 7, 1983, None, "Pasal 31E ayat (1)")],
    ),
    (
        "provision-ayat-without-parentheses",
        "Pasal 9 ayat 1 UU PPN",
        [c("UU", 8, 1983, None, "Pasal 9 ayat (1)")],
    ),
    (
        "provision-with-dari",
        "Pasal 21 ayat (1) dari UU PPh",
        [c("UU", 7, 1983, None, "Pasal 21 ayat (1)")],
    ),
    (
        "provision-ps-abbreviation",
        "Ps. 4 ayat (2) UU PPh",
        [c("UU", 7, 1983, None, "Pasal 4 ayat (2)")],
    ),
    (
        "provision-ayat-with-letter",
        "Pasal 2 ayat (1a) Undang-Undang Nomor 6 Tahun 1983",
        [c("UU", 6, 1983, None, "Pasal 2 ayat (1a)")],
    ),
    (
        "provision-huruf-long-form",
        "Pasal 185 huruf b Undang-Undang Nomor 11 Tahun 2020",
        [c("UU", 11, 2020, None, "Pasal 185 huruf b")],
    ),
    (
        "provision-after-alias",
        "UU PPh Pasal 21 ayat (1)",
        [c("UU", 7, 1983, None, "Pasal 21 ayat (1)")],
    ),
    (
        "provision-after-per",
        "PER-7/PJ/2025 Pasal 3",
        [c("PER", 7, 2025, "PJ", "Pasal 3")],
    ),
    (
        "provision-messy-spacing-and-case",
        "Pasal  4  ayat(2)  huruf A  UU PPh",
        [c("UU", 7, 1983, None, "Pasal 4 ayat (2) huruf a")],
    ),
    (
        "provision-angka-pmk",
        "Pasal 1 angka 12 PMK 81/2024",
        [c("PMK", 81, 2024, None, "Pasal 1 angka 12")],
    ),
    (
        "provision-perppu-partial-revocation",
        "Pasal 5 ayat (1) huruf b Perppu 1/2020",
        [c("PERPPU", 1, 2020, None, "Pasal 5 ayat (1) huruf b")],
    ),
    (
        "provision-after-then-full-stop",
        "Lihat PMK 81/2024 Pasal 12. Pasal 13 mengatur hal lain.",
        [c("PMK", 81, 2024, None, "Pasal 12")],
    ),
    (
        "provision-after-at-end-of-text",
        "Berlaku ketentuan PMK 81/2024 Pasal 12 ",
        [c("PMK", 81, 2024, None, "Pasal 12")],
    ),
    # --- several citations in one sentence --------------------------------------------
    (
        "multi-covid-amendment-chain",
        "sebagaimana telah diubah dengan PMK-44/PMK.03/2020 dan terakhir dengan "
        "PMK 110/PMK.03/2020",
        [c("PMK", 44, 2020, "PMK.03"), c("PMK", 110, 2020, "PMK.03")],
    ),
    (
        "multi-mengingat-kup-with-lembaran-negara",
        "Undang-Undang Nomor 6 Tahun 1983 tentang Ketentuan Umum dan Tata Cara "
        "Perpajakan (Lembaran Negara Republik Indonesia Tahun 1983 Nomor 49, Tambahan "
        "Lembaran Negara Republik Indonesia Nomor 3262) sebagaimana telah beberapa kali "
        "diubah terakhir dengan Undang-Undang Nomor 7 Tahun 2021 tentang Harmonisasi "
        "Peraturan Perpajakan (Lembaran Negara Republik Indonesia Tahun 2021 Nomor 246, "
        "Tambahan Lembaran Negara Republik Indonesia Nomor 6736);",
        [c("UU", 6, 1983), c("UU", 7, 2021)],
    ),
    (
        "multi-menimbang-implementing-clause",
        "bahwa untuk melaksanakan ketentuan Pasal 2 ayat (11) Undang-Undang Nomor 6 "
        "Tahun 1983 tentang Ketentuan Umum dan Tata Cara Perpajakan sebagaimana telah "
        "beberapa kali diubah terakhir dengan Undang-Undang Nomor 7 Tahun 2021 tentang "
        "Harmonisasi Peraturan Perpajakan, perlu menetapkan Peraturan Menteri Keuangan "
        "tentang Nomor Pokok Wajib Pajak;",
        [c("UU", 6, 1983, None, "Pasal 2 ayat (11)"), c("UU", 7, 2021)],
    ),
    (
        "multi-penetapan-perppu",
        "Undang-Undang Nomor 2 Tahun 2020 tentang Penetapan Peraturan Pemerintah "
        "Pengganti Undang-Undang Nomor 1 Tahun 2020 tentang Kebijakan Keuangan Negara "
        "dan Stabilitas Sistem Keuangan untuk Penanganan Pandemi Corona Virus Disease "
        "2019 (COVID-19) menjadi Undang-Undang",
        [c("UU", 2, 2020), c("PERPPU", 1, 2020)],
    ),
    (
        "multi-closing-provision-revokes-per",
        "Dengan berlakunya Peraturan Direktur Jenderal Pajak ini, Peraturan Direktur "
        "Jenderal Pajak Nomor PER-20/PJ/2013 sebagaimana telah diubah dengan Peraturan "
        "Direktur Jenderal Pajak Nomor PER-02/PJ/2018, dicabut dan dinyatakan tidak "
        "berlaku.",
        [c("PER", 20, 2013, "PJ"), c("PER", 2, 2018, "PJ")],
    ),
    (
        "multi-se-implements-per",
        "SE-27/PJ/2020 merupakan petunjuk pelaksanaan PER-04/PJ/2020.",
        [c("SE", 27, 2020, "PJ"), c("PER", 4, 2020, "PJ")],
    ),
    (
        "multi-number-then-alias-in-parentheses",
        "UU Nomor 7 Tahun 2021 tentang Harmonisasi Peraturan Perpajakan (UU HPP)",
        [c("UU", 7, 2021), c("UU", 7, 2021)],
    ),
    (
        "multi-stdtd-abbreviation",
        "UU KUP s.t.d.t.d. UU HPP",
        [c("UU", 6, 1983), c("UU", 7, 2021)],
    ),
    (
        "multi-pp-implements-cipta-kerja",
        "PP 9/2021 melaksanakan Pasal 111 dan Pasal 185 huruf b UU 11/2020",
        [c("PP", 9, 2021), c("UU", 11, 2020, None, "Pasal 185 huruf b")],
    ),
    (
        "multi-coretax-revocations",
        "PMK 81/2024 mencabut PMK 147/PMK.03/2017, PMK 231/PMK.03/2019, dan PMK "
        "112/PMK.03/2022.",
        [
            c("PMK", 81, 2024),
            c("PMK", 147, 2017, "PMK.03"),
            c("PMK", 231, 2019, "PMK.03"),
            c("PMK", 112, 2022, "PMK.03"),
        ],
    ),
    (
        "multi-per-implements-pmk-with-date",
        "PER-7/PJ/2025 melaksanakan PMK 81/2024 dan mulai berlaku 21 Mei 2025.",
        [c("PER", 7, 2025, "PJ"), c("PMK", 81, 2024)],
    ),
    (
        "multi-registration-chain",
        "KEP-161/PJ./2001 dan PER-44/PJ/2008 diganti dengan PER-20/PJ/2013",
        [c("KEP", 161, 2001, "PJ"), c("PER", 44, 2008, "PJ"), c("PER", 20, 2013, "PJ")],
    ),
    (
        "multi-juncto",
        "PP 94/2010 jo. PP 45/2019",
        [c("PP", 94, 2010), c("PP", 45, 2019)],
    ),
    (
        "multi-provision-between-goes-to-second",
        "PMK 81/2024 Pasal 12 UU KUP",
        [c("PMK", 81, 2024), c("UU", 6, 1983, None, "Pasal 12")],
    ),
    (
        "multi-replacement-implements-pp",
        "PMK 167/PMK.03/2018 diganti dengan PMK Nomor 66 Tahun 2023 yang melaksanakan "
        "Pasal 31 PP 55/2022.",
        [
            c("PMK", 167, 2018, "PMK.03"),
            c("PMK", 66, 2023),
            c("PP", 55, 2022, None, "Pasal 31"),
        ],
    ),
    (
        "multi-tax-amnesty-amendments",
        "PMK 118/PMK.03/2016 diubah dengan PMK 141/PMK.03/2016, lalu dengan PMK "
        "165/PMK.03/2017",
        [
            c("PMK", 118, 2016, "PMK.03"),
            c("PMK", 141, 2016, "PMK.03"),
            c("PMK", 165, 2017, "PMK.03"),
        ],
    ),
    (
        "multi-unit-code-changes-in-chain",
        "PMK 54/PMK.09/2008 diubah terakhir dengan 18/PMK.01/2020 lalu diganti PMK "
        "2/PMK.09/2023",
        [
            c("PMK", 54, 2008, "PMK.09"),
            c("PMK", 18, 2020, "PMK.01"),
            c("PMK", 2, 2023, "PMK.09"),
        ],
    ),
    (
        "multi-article-with-noise",
        "Sejak 1 Januari 2025, ketentuan dalam PER-04/PJ/2020 digantikan oleh PMK "
        "81/2024 dan PER-7/PJ/2025; informasi lebih lanjut hubungi Kring Pajak 1500 200.",
        [c("PER", 4, 2020, "PJ"), c("PMK", 81, 2024), c("PER", 7, 2025, "PJ")],
    ),
    (
        "multi-fourth-amendment-of-pph",
        "UU Nomor 36 Tahun 2008 tentang Perubahan Keempat atas UU Nomor 7 Tahun 1983",
        [c("UU", 36, 2008), c("UU", 7, 1983)],
    ),
    (
        "multi-nik-as-npwp",
        "Pasal 2 ayat (1a) UU KUP sebagaimana diubah UU HPP mengatur NIK "
        "3171234567890001 sebagai NPWP.",
        [c("UU", 6, 1983, None, "Pasal 2 ayat (1a)"), c("UU", 7, 2021)],
    ),
    (
        "multi-pmk-implements-kup-article",
        "PMK 112/PMK.03/2022 melaksanakan Pasal 44E ayat (2) huruf a UU KUP",
        [
            c("PMK", 112, 2022, "PMK.03"),
            c("UU", 6, 1983, None, "Pasal 44E ayat (2) huruf a"),
        ],
    ),
    (
        "multi-cipta-kerja-enactment",
        "terakhir dengan Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan "
        "Pemerintah Pengganti Undang-Undang Nomor 2 Tahun 2022 tentang Cipta Kerja "
        "menjadi Undang-Undang",
        [c("UU", 6, 2023), c("PERPPU", 2, 2022)],
    ),
    (
        "multi-faktur-and-npwp-noise",
        "Faktur Pajak 010.000-24.12345678 tanggal 21/04/2024 untuk NPWP "
        "01.234.567.8-901.000 dibuat sesuai PER-03/PJ/2022.",
        [c("PER", 3, 2022, "PJ")],
    ),
    (
        "multi-mengingat-title-names-alias-words",
        "Undang-Undang Nomor 7 Tahun 1983 tentang Pajak Penghasilan sebagaimana telah "
        "beberapa kali diubah terakhir dengan Undang-Undang Nomor 7 Tahun 2021 tentang "
        "Harmonisasi Peraturan Perpajakan",
        [c("UU", 7, 1983), c("UU", 7, 2021)],
    ),
    (
        "pp-title-mentions-pph-pasal-21",
        "PP Nomor 58 Tahun 2023 tentang Tarif Pemotongan Pajak Penghasilan Pasal 21 "
        "atas Penghasilan sehubungan dengan Pekerjaan",
        [c("PP", 58, 2023)],
    ),
    (
        "pmk-article-sentence-full-stop",
        "Ketentuan tarif efektif rata-rata diatur dalam PMK Nomor 168 Tahun 2023.",
        [c("PMK", 168, 2023)],
    ),
    (
        "multi-stdtd-numbered",
        "UU No. 6 Tahun 1983 s.t.d.t.d. UU No. 7 Tahun 2021",
        [c("UU", 6, 1983), c("UU", 7, 2021)],
    ),
    (
        "multi-newline-separated-list",
        "Mengingat:\n1. Undang-Undang Nomor 7 Tahun 1983;\n2. Peraturan Pemerintah "
        "Nomor 55 Tahun 2022;\n3. Peraturan Menteri Keuangan Nomor 118/PMK.01/2021;",
        [c("UU", 7, 1983), c("PP", 55, 2022), c("PMK", 118, 2021, "PMK.01")],
    ),
]

NEGATIVE: list[tuple[str, str]] = [
    ("pph-21-with-year", "PPh 21 tahun 2024 dihitung ulang pada masa Desember."),
    ("pph-pasal-21", "PPh Pasal 21 atas gaji dipotong setiap bulan."),
    ("pph21-joined", "PPh21 tahun 2024"),
    ("pasal-alone", "Pasal 21"),
    ("provision-alone", "Pasal 17C ayat (1)"),
    ("ayat-huruf-alone", "ayat (2) huruf a"),
    ("ptkp-amount", "PTKP 54 juta setahun"),
    ("spt-form-number", "SPT 1770 S"),
    ("kring-pajak-phone", "Kring Pajak 1500 200"),
    ("jakarta-phone", "(021) 525-0208"),
    ("numeric-date", "21/04/2024"),
    ("written-date", "1 Januari 2025"),
    ("faktur-old-format", "010.000-24.12345678"),
    ("faktur-new-format", "04002400012345678"),
    ("npwp-15-digit", "01.234.567.8-901.000"),
    ("nik", "NIK 3171234567890001"),
    ("amount-miliar", "Rp4,8 miliar"),
    ("pp-means-round-trip", "tiket PP Jakarta\u2013Surabaya"),
    ("pp-profile-picture", "ganti foto PP akun"),
    ("pp-without-year", "PPh Final 0,5% ala PP 23"),
    ("pp-number-then-tahun-lalu", "PP 23 tahun lalu"),
    ("se-alone", "lihat SE terbaru"),
    ("se-dirjen-without-number", "SE Dirjen Pajak terbaru"),
    ("uu-alone", "menurut UU, Wajib Pajak wajib mendaftar"),
    ("year-alone", "2024"),
    ("tahun-year", "Tahun Pajak 2024"),
    ("tax-year-range", "tahun pajak 2024/2025"),
    ("nomor-tahun-without-type", "Nomor 81 Tahun 2024"),
    ("pmk-without-year", "PMK 81"),
    ("pmk-year-only", "PMK 2024"),
    ("lembaran-negara", "Lembaran Negara Republik Indonesia Tahun 2021 Nomor 246"),
    (
        "tambahan-lembaran-negara",
        "Tambahan Lembaran Negara Republik Indonesia Nomor 6736",
    ),
    ("berita-negara", "Berita Negara Republik Indonesia Tahun 2024 Nomor 723"),
    ("uud-1945", "UUD 1945"),
    (
        "undang-undang-dasar",
        "Undang-Undang Dasar Negara Republik Indonesia Tahun 1945",
    ),
    ("draft-ruu", "RUU HPP"),
    ("draft-rpmk", "RPMK 81/2024"),
    ("surat-s-number", "S-123/PJ/2020"),
    ("pengumuman-number", "PENG-2/PJ.09/2022"),
    ("customs-directorate-per", "PER-16/BC/2020"),
    ("regional-office-kep", "KEP-123/WPJ.07/2020"),
    ("minister-circular", "Surat Edaran Menteri Keuangan Nomor SE-2/MK.1/2021"),
    ("two-digit-year", "PER-04/PJ/20"),
    ("year-before-1945", "PMK 81/1899"),
    ("number-zero", "UU 0/2021"),
    ("five-digit-year", "PMK 81/20245"),
    ("five-digit-number", "12345/PMK.03/2020"),
    ("ppn-rate-with-date", "Pajak Pertambahan Nilai 11% mulai 1 April 2022"),
    ("ppn-12-percent", "PPN 12% paling lambat 1 Januari 2025"),
    ("npwp-words", "Nomor Pokok Wajib Pajak"),
    ("kup-without-uu", "sesuai ketentuan KUP"),
    ("hpp-accounting", "harga pokok penjualan (HPP)"),
    (
        "pmk-name-without-number",
        "Peraturan Menteri Keuangan tentang Nomor Pokok Wajib Pajak",
    ),
    ("perppu-without-number", "Perppu tentang kebijakan keuangan negara"),
    ("unit-without-number", "PMK.03/2020"),
    ("pj-unit-alone", "PJ.09/2020"),
    ("pajak-go-id-slug", "www.pajak.go.id/id/peraturan/per-04-pj-2020"),
    ("jdih-kemenkeu-slug", "jdih.kemenkeu.go.id/dok/114-pmk-03-2022/summary"),
    ("perda", "Peraturan Daerah Nomor 7 Tahun 2023"),
    ("peraturan-bupati", "Peraturan Bupati Nomor 12 Tahun 2024"),
    ("peraturan-desa", "Peraturan Desa Nomor 5 Tahun 2020"),
    ("keputusan-presiden", "Keputusan Presiden Nomor 12 Tahun 2020"),
    ("permendagri", "Peraturan Menteri Dalam Negeri Nomor 77 Tahun 2020"),
    ("pemerintahan-not-pemerintah", "Peraturan Pemerintahan Nomor 5 Tahun 2020"),
    ("perpustakaan", "Perpustakaan Nomor 5 Tahun 2020"),
]

# Pieces of citations and their surroundings, for property tests that join them at random.
TOKENS = [
    *["PMK", "KMK", "UU", "PP", "Perppu", "PER", "SE", "KEP", "ND", "PJ", "PJ."],
    *["Peraturan", "Menteri", "Keuangan", "Pemerintah", "Pengganti", "Undang-Undang"],
    *["Direktur", "Jenderal", "Pajak", "Republik", "Indonesia", "Nomor", "No."],
    *["Tahun", "Th.", "tentang", "HPP", "PPh", "PPN", "dan", "PPnBM", "&", "(PMK)"],
    *["Pasal", "17C", "I", "ayat", "(1)", "huruf", "a", "angka", "dari"],
    *[" ", "  ", "\n", "/", "-", ".", ":", "(", ")", "0", "04", "81", "2024", "1983"],
]
