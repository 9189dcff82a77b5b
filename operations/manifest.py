"""What a site holds, as counts and content hashes per kind of content, so a restored
database can be proved identical to the one backed up."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from django.db.models import Model, QuerySet
from wagtail.models import Page, Revision

from catalogue.models import ServiceStateChange
from kb.models import ArticlePage
from regulations.models import Regulation, RegulationRelation
from search.models import SearchDocument


def _rows_hash(rows: Iterable[tuple]) -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        digest.update(json.dumps(row, sort_keys=True, default=str).encode())
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def _model_rows(queryset: QuerySet[Model]) -> Iterable[tuple]:
    """Every concrete column of every row, in primary-key order."""
    fields = [field.attname for field in queryset.model._meta.concrete_fields]
    return queryset.order_by("pk").values_list(*fields).iterator(chunk_size=2000)


def content_manifest() -> dict[str, dict[str, object]]:
    """Counts and SHA-256 of pages, revisions, articles, regulations, relations, the
    service state history and the search documents (key and digest: what a reindex
    must reproduce)."""
    sources = {
        "pages": _model_rows(Page.objects.all()),
        "revisions": _model_rows(Revision.objects.all()),
        "articles": _model_rows(ArticlePage.objects.all()),
        "regulations": _model_rows(Regulation.objects.all()),
        "relations": _model_rows(RegulationRelation.objects.all()),
        "service_state_history": _model_rows(ServiceStateChange.objects.all()),
        "search_documents": SearchDocument.objects.order_by("key")
        .values_list("key", "digest")
        .iterator(chunk_size=5000),
    }
    manifest = {}
    for name, rows in sources.items():
        count, sha256 = _rows_hash(rows)
        manifest[name] = {"count": count, "sha256": sha256}
    return manifest


def manifest_differences(
    expected: dict[str, dict[str, object]], actual: dict[str, dict[str, object]]
) -> list[str]:
    """Kinds of content whose count or hash differ, described for a person."""
    problems = []
    for name, want in expected.items():
        got = actual.get(name)
        if got is None:
            problems.append(f"{name}: tidak ada di basis data hasil pemulihan")
        elif got["count"] != want["count"]:
            problems.append(f"{name}: {got['count']} baris, seharusnya {want['count']}")
        elif got["sha256"] != want["sha256"]:
            problems.append(
                f"{name}: jumlah sama ({want['count']}) tetapi isinya berbeda"
            )
    return problems
