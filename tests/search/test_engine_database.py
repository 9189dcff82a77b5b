"""The database engines: tier choice, facet counts and the state a rebuild leaves."""

from __future__ import annotations

import pytest
from django.db import connection

from search import queries
from search.analysis import analyse
from search.backends.base import EngineQuery, Filters, MatchGroup
from search.choices import DocumentKind
from search.models import SearchDocument
from tests.search.lexicons import lexicon_of

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: run with DATABASE_URL=postgres://...",
)


def word(text: str) -> EngineQuery:
    return EngineQuery((MatchGroup(((analyse(text)[0],),)),))


def holding(text: str) -> int:
    """Documents holding the index term of `text` in any field."""
    term = f" {analyse(text)[0]} "
    return sum(
        term in f" {row[0]} {row[1]} {row[2]} "
        for row in SearchDocument.objects.values_list(
            "title_terms", "keyword_terms", "body_terms"
        )
    )


def test_first_tier_with_enough_results_is_used_with_its_facets(corpus):
    engine = queries.engines()[0]
    tiers = [
        (word("zzqxv"), 1),  # matches nothing
        (word("paket"), 2),  # one document: not enough
        (word("efin"), 2),
        (word("pajak"), 0),
    ]

    chosen, retrieval = engine.retrieve_first(tiers, Filters(), limit=10)

    assert holding("paket") == 1
    assert chosen == tiers[2][0]
    assert retrieval.total == holding("efin") >= 2
    assert len(retrieval.candidates) == retrieval.total
    assert sum(retrieval.facets["type"].values()) == retrieval.total


def test_last_tier_is_used_even_when_it_finds_too_few(corpus):
    engine = queries.engines()[0]
    tiers = [(word("zzqxv"), 1), (word("paket"), 5)]

    chosen, retrieval = engine.retrieve_first(tiers, Filters(), limit=10)

    assert chosen == tiers[1][0]
    assert [c.slug for c in retrieval.candidates] == ["paket"]
    assert retrieval.total == 1


def test_tier_needing_more_results_than_fetched_is_judged_by_its_total(corpus):
    engine = queries.engines()[0]
    total = holding("efin")
    tiers = [(word("efin"), total), (word("pajak"), 0)]

    chosen, retrieval = engine.retrieve_first(tiers, Filters(), limit=1)

    assert chosen == tiers[0][0]
    assert retrieval.total == total
    assert len(retrieval.candidates) == 1


def test_filtered_facets_count_other_values_under_the_other_filters(corpus):
    engine = queries.engines()[0]
    everything = engine.retrieve(word("efin"), Filters(), limit=10)
    filtered = engine.retrieve(
        word("efin"), Filters(kinds=(DocumentKind.SERVICE,)), limit=10
    )

    assert filtered.total == everything.facets["type"][DocumentKind.SERVICE] == 1
    assert [c.kind for c in filtered.candidates] == [DocumentKind.SERVICE]
    assert filtered.facets["type"] == everything.facets["type"]


def test_rebuild_leaves_planner_statistics(corpus):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = 'search_searchdocument'"
            )
            assert cursor.fetchone()[0] == SearchDocument.objects.count()
        else:
            cursor.execute(
                "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'search_searchdocument'"
            )
            assert cursor.fetchone()[0] >= 1


@on_postgres
@pytest.mark.postgres
def test_document_rows_keep_long_text_out_of_line_and_what_ranking_reads_in():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'search_searchdocument'"
        )
        assert "toast_tuple_target=256" in cursor.fetchone()[0]
        # Out of line: long texts, body terms and vector. In the row: what every match
        # or every candidate reads.
        expected = {
            **{"body_terms": "x", "body_text": "x"},
            **{"rank_vector": "m", "key": "m", "kind": "m", "url": "m", "slug": "m"},
            **{"topic_ids": "m", "audiences": "m"},
            **{"title_terms": "m", "keyword_terms": "m"},
        }
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute"
            " WHERE attrelid = 'search_searchdocument'::regclass"
            " AND attname = ANY(%s)",
            [list(expected)],
        )
        assert dict(cursor.fetchall()) == expected


@on_postgres
def test_server_side_binding_sets_the_planner_hint_in_its_own_statement(
    corpus, monkeypatch
):
    """Prepared statements take one command each, so with `server_side_binding`
    the hint goes in its own statement; the answer is the same."""
    expected = queries.search("lupa efin", log=False)
    monkeypatch.setitem(
        connection.settings_dict["OPTIONS"], "server_side_binding", True
    )
    separate = queries.search("lupa efin", log=False)

    assert [hit.slug for hit in separate.hits] == [hit.slug for hit in expected.hits]
    assert separate.total == expected.total > 0
    assert separate.facets == expected.facets
    with connection.cursor() as cursor:  # the hint did not outlive the search
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


def test_common_words_find_too_when_at_most_one_rare_word_does():
    """ "zzqxv pernah lapor spt": the unknown word finds nothing and "pernah" few pages,
    so pages holding two of pernah/lapor/spt are tried after the any-word tier."""
    lexicon = lexicon_of(
        {"pernah": 5, "lapor": 60, "spt": 70, "denda": 10}, documents=100
    )
    tiers = queries.engine_queries(lexicon.plan("zzqxv pernah lapor spt"), lexicon)
    any_word, broad = tiers[-2], tiers[-1]
    assert any_word[1] == queries.FEW_ENOUGH
    assert [g.alternatives for g in any_word[0].groups] == [
        (("zzqxv",),),
        (("pernah",),),
    ]
    assert broad[1] == 0
    assert broad[0].minimum_match == 2
    assert {g.alternatives for g in broad[0].groups} == {
        (("pernah",),),
        (("lapor",),),
        (("spt",),),
    }
    # Two rare words that find: the common ones only narrow, as before.
    tiers = queries.engine_queries(lexicon.plan("pernah denda lapor spt"), lexicon)
    assert tiers[-1][1] == 0
    assert {g.alternatives for g in tiers[-1][0].groups} == {
        (("pernah",),),
        (("denda",),),
    }
