"""Indonesian analysis: the same terms for documents and queries (no database needed)."""

import pytest

from search.analysis import (
    Speller,
    SynonymTable,
    analyse,
    normalise,
    parse_terms,
    plan_query,
    stem,
    tokenise,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("e-Faktur, e - Bupot dan e faktur", ["efaktur", "ebupot", "dan", "efaktur"]),
        ("PPh21 dan PPh 21", ["pph", "21", "dan", "pph", "21"]),
        ("NPWP non-aktif", ["npwp", "nonaktif"]),
        ("SPT 1770 S dan 1721-A1", ["spt", "1770s", "dan", "1721a1"]),
        ("PER-04/PJ/2020", ["per", "4", "pj", "2020"]),
        ("kata-kata", ["kata"]),
        ("Caf\u00e9 \uff2e\uff30\uff37\uff30", ["cafe", "npwp"]),  # fullwidth NPWP
        ("😀 пажак 税 pajak", ["pajak"]),
        ("huruf e angka 3", ["huruf", "angka", "3"]),
    ],
)
def test_tokenise_makes_tax_compounds_regular(text, expected):
    assert tokenise(text) == expected


def test_normalise_keeps_only_lowercase_ascii_words():
    assert normalise("Ke-Beratan!\x00<b>") == "ke beratan   b "


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("keberatan", "keberatan"),
        ("keberatannya", "keberatan"),
        ("pengembalian", "pengembalian"),
        ("perpajakan", "pajak"),
        ("pemerintah", "pemerintah"),
        ("ketetapan", "ketetapan"),
        ("penetapan", "penetapan"),
        ("ditetapkan", "penetapan"),
        ("tetap", "tetap"),
        ("pendapatan", "pendapatan"),
        ("pemungutan", "pungut"),
        ("dipungut", "pungut"),
        ("melaporkan", "lapor"),
        ("pelaporan", "lapor"),
        ("karyawannya", "karyawan"),
        ("aktifin", "aktif"),
        ("nyetor", "setor"),
        ("npwp", "npwp"),
        # Both spoken affixes at once, and a standard form the -in rule must not take.
        ("nyetorin", "setor"),
        ("ngelaporin", "lapor"),
        ("dihapusin", "hapus"),
        ("terjamin", "jamin"),
        # Sastrawi reads the particle "-kah" in "menikah" and leaves "meni".
        ("menikah", "nikah"),
        ("pernikahan", "nikah"),
        # Updating data is "mutakhir" (pemutakhiran), not "baru" (new).
        ("memperbarui", "mutakhir"),
        ("pembaruan", "mutakhir"),
        ("pemutakhiran", "mutakhir"),
        ("terbaru", "baru"),
    ],
)
def test_stem_protects_tax_words_and_joins_word_forms(word, expected):
    assert stem(word) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp6.000", ["rp", "6ribu"]),
        ("10000", ["10ribu"]),
        ("10 rb", ["10ribu"]),
        ("Rp5.000.000", ["rp", "5juta"]),
        ("gaji 4 jt", ["gaji", "4juta"]),
        ("gaji 4 juta", ["gaji", "4juta"]),
        ("Rp4.800.000.000", ["rp", "4koma8miliar"]),
        ("4,8 M", ["4koma8miliar"]),
        ("4,8 milyar", ["4koma8miliar"]),
        ("Rp2.750.000", ["rp", "2koma75juta"]),
        # A unit word without a number is a word.
        ("ribuan wajib pajak", ["ribu", "wajib", "pajak"]),
        # Not amounts: identifiers and years stay as written, form codes too.
        ("1.234.567", ["1234567"]),
        ("tahun 2024", ["tahun", "2024"]),
        ("luas 200 m2", ["luas", "200", "m2"]),
    ],
)
def test_amounts_read_as_they_are_said(text, expected):
    assert analyse(text) == expected


def test_analyse_drops_stop_words_and_maps_colloquial_forms():
    assert analyse("Gimana cara lapor SPT kalo ga punya NPWP?") == [
        "lapor",
        "spt",
        "tidak",
        "punya",
        "npwp",
    ]


def test_parse_terms_splits_on_commas_and_lines():
    assert parse_terms("NPWP,  nomor pokok\nwajib pajak; npwp ,NPWP") == [
        "NPWP",
        "nomor pokok",
        "wajib pajak",
        "npwp",
    ]


@pytest.fixture
def synonyms():
    return SynonymTable(
        [
            (["NPWP", "nomor pokok wajib pajak"], False),
            (["karyawan", "pegawai", "pekerja"], False),
            (["gaji", "penghasilan"], True),
        ]
    )


def test_plan_expands_abbreviations_and_spelled_out_phrases(synonyms):
    short = plan_query("daftar npwp", synonyms=synonyms)
    assert [c.label for c in short.concepts] == ["daftar", "npwp"]
    npwp = short.concepts[1]
    assert [alt.terms for alt in npwp.alternatives] == [
        ("npwp",),
        ("nomor", "pokok", "wajib", "pajak"),
    ]
    long = plan_query("daftar nomor pokok wajib pajak", synonyms=synonyms)
    assert [c.label for c in long.concepts] == ["daftar", "nomor pokok wajib pajak"]
    assert ("npwp",) in [alt.terms for alt in long.concepts[1].alternatives]


def test_one_way_synonym_expands_only_from_its_first_term(synonyms):
    gaji = plan_query("gaji", synonyms=synonyms).concepts[0]
    assert [alt.terms for alt in gaji.alternatives] == [("gaji",), ("hasil",)]
    income = plan_query("penghasilan", synonyms=synonyms).concepts[0]
    assert [alt.terms for alt in income.alternatives] == [("hasil",)]


def test_synonym_alternatives_weigh_less_than_the_typed_word(synonyms):
    concept = plan_query("pegawai", synonyms=synonyms).concepts[0]
    weights = {alt.terms: alt.weight for alt in concept.alternatives}
    assert weights[("pegawai",)] == 1.0
    assert weights[("karyawan",)] < 1.0


def test_phrase_synonym_is_not_found_across_a_dropped_word():
    table = SynonymTable(
        [
            (["company tax", "PPh badan"], True),
            (["tax number", "NPWP"], True),
            (["certificate of residence", "SKD"], True),
        ]
    )
    plan = plan_query("register a company for a tax number", synonyms=table)
    labels = [concept.label for concept in plan.concepts]
    assert "company tax" not in labels
    assert "tax number" in labels
    # Where the phrase itself has the stop word, the query may have it or leave it.
    for query in ["certificate of residence", "certificate residence"]:
        concept = plan_query(query, synonyms=table).concepts[0]
        assert ("skd",) in [alt.terms for alt in concept.alternatives], query


def test_a_synonym_never_makes_words_of_its_phrase_optional():
    table = SynonymTable([(["forgot efin", "lupa efin", "efin"], True)])
    concept = plan_query("forgot efin", synonyms=table).concepts[0]
    assert [alt.terms for alt in concept.alternatives] == [
        ("forgot", "efin"),
        ("lupa", "efin"),
    ]


def test_highlight_terms_leave_out_words_of_spelled_out_synonyms(synonyms):
    plan = plan_query("npwp", synonyms=synonyms)
    assert "pajak" in plan.terms
    assert plan.highlight_terms == {"npwp"}


def test_plan_corrects_unknown_words_and_suggests_the_query():
    speller = Speller({"tahunan": 12, "lapor": 30, "spt": 40})
    plan = plan_query(
        "cara lapor spt tahunam",
        speller=speller,
        is_known=lambda word, term: word in speller,
    )
    assert plan.corrections == (("tahunam", "tahunan"),)
    assert plan.suggestion == "cara lapor spt tahunan"
    assert [c.label for c in plan.concepts] == ["lapor", "spt", "tahunan"]


def test_plan_of_operators_and_markup_is_plain_words():
    plan = plan_query('"npwp AND (efin OR NOT spt*) <script>')
    # "and" and "or" are English stop words now (foreign taxpayers ask in English):
    # plain words dropped like "dan" and "atau", never operators.
    assert [c.label for c in plan.concepts] == [
        "npwp",
        "efin",
        "not",
        "spt",
        "script",
    ]


def test_plan_of_only_stop_words_or_symbols_is_empty():
    assert plan_query("yang dan di ??? !!!").is_empty
    assert plan_query("").is_empty


def test_plan_looks_at_a_bounded_number_of_words():
    plan = plan_query("pajak efin " * 5000 + "npwp")
    assert len(plan.tokens) == 32
    assert [c.label for c in plan.concepts] == ["pajak", "efin"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("pengembalan", "pengembalian"),  # missing letter
        ("pjaak", "pajak"),  # swapped letters
        ("keberatn", "keberatan"),
        ("efim", "efin"),
        ("spt", None),  # short codes are never "corrected"
        ("zzzzzz", None),
    ],
)
def test_speller_finds_the_closest_known_word(word, expected):
    speller = Speller({"pengembalian": 3, "pajak": 50, "keberatan": 4, "efin": 9})
    assert speller.correct(word) == expected


def test_speller_prefers_the_more_common_word_at_equal_distance():
    speller = Speller({"lapor": 40, "lapar": 2})
    assert speller.correct("lapir") == "lapor"
