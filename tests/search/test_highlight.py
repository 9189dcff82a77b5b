"""Snippets and highlighted titles: escaped first, then marked."""

from search.highlight import highlight_text, snippet


def test_title_marks_every_form_of_the_query_word():
    html = highlight_text("Melaporkan SPT dan pelaporan lain", frozenset({"lapor"}))
    assert html == "<mark>Melaporkan</mark> SPT dan <mark>pelaporan</mark> lain"


def test_markup_in_text_is_escaped_before_marking():
    html = highlight_text('<script>alert("x")</script> pajak', frozenset({"pajak"}))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert html.endswith("<mark>pajak</mark>")


def test_query_terms_cannot_inject_markup():
    html = highlight_text("a <b>pajak</b>", frozenset({"pajak", "<b>"}))
    assert html == "a &lt;b&gt;<mark>pajak</mark>&lt;/b&gt;"


def test_snippet_shows_the_passage_with_the_most_query_terms():
    text = (
        "Pendahuluan umum tentang layanan. " * 20
        + "Untuk melaporkan SPT Tahunan, siapkan bukti potong. "
        + "Penutup tanpa kata penting. " * 20
    )
    html = snippet(text, frozenset({"lapor", "spt", "tahunan"}))
    assert "<mark>melaporkan</mark> <mark>SPT</mark> <mark>Tahunan</mark>" in html
    assert html.startswith("… ")
    assert html.endswith(" …")


def test_snippet_without_a_match_shows_the_start_of_the_fallback():
    html = snippet(
        "Isi tanpa kata yang dicari.",
        frozenset({"efin"}),
        fallback="Ringkasan <i>singkat</i>.",
    )
    assert html == "Ringkasan &lt;i&gt;singkat&lt;/i&gt;."


def test_snippet_of_empty_text_is_empty():
    assert snippet("", frozenset({"efin"})) == ""


def test_stems_found_only_inside_other_words_fall_back_to_the_start():
    # "npwp" occurs as a substring of a longer word (a product code here), far from
    # the start: the pre-scan points there, but no word there is "npwp". Scanning the
    # start instead used to recurse without end (a RecursionError, a 500 page).
    text = (
        "Layanan daring DJP untuk wajib pajak. " * 8
        + "Kode XNPWP01 dan XNPWP02 serta XNPWP03 dipakai sistem. " * 6
    )
    html = snippet(text, frozenset({"npwp"}), fallback="Ringkasan singkat.")
    assert "<mark>" not in html
    assert html == "Ringkasan singkat."


def test_snippet_in_a_long_text_marks_a_match_found_in_its_opening():
    text = "Daftar NPWP di awal. " + "Kode XNPWP01 tanpa arti. " * 30
    html = snippet(text, frozenset({"npwp"}))
    assert html.startswith("Daftar <mark>NPWP</mark> di awal.")
    assert html.endswith(" …")
