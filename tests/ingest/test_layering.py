"""The import core sits below every app: it imports none of them."""

import ast
from pathlib import Path

import ingest

APPS = {"catalogue", "config", "kb", "regulations", "search"}


def test_ingest_imports_no_app():
    imported = set()
    for path in Path(ingest.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {(path.name, alias.name) for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add((path.name, node.module))
    assert [
        (name, module) for name, module in imported if module.split(".")[0] in APPS
    ] == []
