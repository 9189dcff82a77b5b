"""The final ranking on hand-made candidates (no database needed)."""

from __future__ import annotations

from search.analysis import SynonymTable, analyse
from search.backends.base import Candidate
from search.lexicon import Lexicon
from search.ranking import rank
from tests.search.lexicons import lexicon_of


def _candidate(slug: str, title: str, keywords: str = "", body: str = "") -> Candidate:
    return Candidate(
        key=slug,
        kind="artikel",
        title=title,
        url=f"/{slug}/",
        slug=slug,
        page_id=None,
        topic_id=None,
        summary="",
        title_terms=" ".join(analyse(title)),
        keyword_terms=" ".join(analyse(keywords)),
        body_terms=" ".join(analyse(body)),
        boost=1.0,
        engine_score=0.0,
    )


def _lexicon(candidates: list[Candidate], synonyms: SynonymTable) -> Lexicon:
    """Document frequencies counted over the candidates themselves."""
    frequencies: dict[str, int] = {}
    for candidate in candidates:
        terms = (
            f"{candidate.title_terms} {candidate.keyword_terms} {candidate.body_terms}"
        )
        for term in set(terms.split()):
            frequencies[term] = frequencies.get(term, 0) + 1
    return lexicon_of(
        frequencies,
        documents=len(candidates),
        synonyms=synonyms,
        average_lengths=(5.0, 10.0, 20.0),
    )


def test_a_typed_phrase_counts_where_a_field_holds_its_words_apart():
    """ "daftar npwp" is one concept (a synonym row names it); the page that says
    "mendaftarkan diri untuk memperoleh NPWP" answers it, the one that never
    speaks of registering does not."""
    synonyms = SynonymTable([(["daftar npwp", "bikin npwp"], False)])
    apart = _candidate(
        "batas-waktu",
        "Kapan orang pribadi harus mendaftarkan diri untuk NPWP",
        body="Orang pribadi wajib mendaftarkan diri untuk memperoleh NPWP.",
    )
    other = _candidate(
        "kartu",
        "Kartu NPWP hilang",
        body="Kartu NPWP yang hilang dapat dicetak ulang.",
    )
    filler = [
        _candidate(f"lain-{n}", f"Topik lain {n}", body="pajak") for n in range(8)
    ]
    candidates = [other, apart, *filler]
    lexicon = _lexicon(candidates, synonyms)
    plan = lexicon.plan("daftar npwp")
    assert [c.label for c in plan.concepts] == ["daftar npwp"]

    rank(plan, candidates, lexicon)

    assert candidates[0].slug == "batas-waktu"
    assert candidates[0].score > 0
    assert next(c for c in candidates if c.slug == "kartu").score == 0
