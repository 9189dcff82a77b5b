"""Property tests: whatever a line holds, the three importers report it and never fail.

For generated malformed files (tests/ingest/fuzz.py): no exception escapes, every
record is accounted for (created, updated, unchanged or rejected with its file and
line), and a file none of whose lines was written leaves every table unchanged.
One-line files check that last rule line by line; files of a few lines add repeated
keys, relations between lines and a byte-order mark past line 1. A longer run of the
same checks: bench/fuzz_imports.py.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.catalogue.fixtures import make_registry
from tests.ingest.fuzz import IMPORTERS, check_run, csv_files, jsonl_files

pytestmark = pytest.mark.django_db

EXAMPLES = {1: 150, 4: 50}  # 200 files per importer


def fuzz(max_examples: int):
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


@pytest.fixture
def fuzz_site(home_page):
    """The KB home and the regulations the service lines cite."""
    make_registry()
    return home_page


def check(name, tmp_path, content, suffix=".jsonl"):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(content)
    assert check_run(IMPORTERS[name], path, content) == []


@pytest.mark.parametrize("name", sorted(IMPORTERS))
@fuzz(EXAMPLES[1])
@given(data=st.data())
def test_one_malformed_line_is_reported_and_writes_nothing(
    fuzz_site, tmp_path, name, data
):
    check(name, tmp_path, data.draw(jsonl_files(IMPORTERS[name], max_lines=1)))


@pytest.mark.parametrize("name", sorted(IMPORTERS))
@fuzz(EXAMPLES[4])
@given(data=st.data())
def test_files_of_malformed_lines_are_reported_line_by_line(
    fuzz_site, tmp_path, name, data
):
    check(name, tmp_path, data.draw(jsonl_files(IMPORTERS[name], max_lines=4)))


@fuzz(EXAMPLES[4])
@given(content=csv_files())
def test_malformed_csv_rows_are_reported(fuzz_site, tmp_path, content):
    check("services", tmp_path, content, suffix=".csv")
