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
