"""`manage.py search_eval`: metrics on a judgment file, clear errors on a bad one."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from search.evaluation import Judgment, QueryResult, evaluate

pytestmark = pytest.mark.django_db


def test_metrics_follow_their_definitions():
    judgments = [
        Judgment("a", "q1", frozenset({"x"})),
        Judgment("b", "q2", frozenset({"y", "z"})),
        Judgment("c", "q3", frozenset({"w"})),
    ]
    rankings = {"q1": ["x", "x", "k"], "q2": ["k", "z", "y"], "q3": ["k"] * 3}
    report = evaluate(judgments, rankings.__getitem__)
    assert report.results[0].ranked == ["x", "k"]  # a slug counts once
    metrics = report.metrics()
    assert metrics["MRR@10"] == pytest.approx((1 + 0.5 + 0) / 3)
    assert metrics["success@1"] == pytest.approx(1 / 3)
    assert metrics["success@3"] == pytest.approx(2 / 3)
    assert metrics["success@10"] == pytest.approx(2 / 3)
    second = QueryResult(judgments[1], ["k", "z", "y"]).ndcg
    assert second == pytest.approx((1 / 1.5849625 + 1 / 2) / (1 + 1 / 1.5849625))
    assert metrics["nDCG@10"] == pytest.approx((1 + second + 0) / 3)


def test_command_prints_the_four_metrics(corpus, tmp_path):
    path = tmp_path / "judgments.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(line)
            for line in [
                {"qid": "1", "text": "lupa efin", "relevant": ["lupa-efin"]},
                {"qid": "2", "text": "daftar npwp", "relevant": ["daftar-npwp"]},
                {"qid": "3", "text": "kucing", "relevant": ["paket"]},
            ]
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("search_eval", str(path), "--show-misses", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("3 queries, backend default")
    assert "MRR@10      0.667" in lines
    assert "success@1   0.667" in lines
    assert "success@10  0.667" in lines
    assert lines[-1].startswith("3 rank=- 'kucing'")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"qid": 1, "text": "x"}\n', "line 1: expected"),
        ("not json\n", "line 1: expected"),
        ('{"qid": 1, "text": "x", "relevant": []}\n', "'relevant' is empty"),
        ("\n# only a comment\n", "holds no judgments"),
    ],
)
def test_bad_judgment_file_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("search_eval", str(path), stdout=io.StringIO())


def test_missing_file_and_unknown_backend_are_clear_errors(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("search_eval", str(tmp_path / "nope.jsonl"), stdout=io.StringIO())
    path = tmp_path / "ok.jsonl"
    path.write_text('{"qid": 1, "text": "x", "relevant": ["a"]}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="Unknown backend 'elastic'"):
        call_command(
            "search_eval", str(path), "--backend", "elastic", stdout=io.StringIO()
        )
