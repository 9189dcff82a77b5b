"""The committed translation catalogues: each compiled .mo says what its .po says, so a
.po edited without `make compile-messages` cannot ship."""

import gettext
import json
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
_LINE = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$')


def translated_entries(po: Path) -> dict[str, str]:
    """{key as gettext stores it: msgid, or context\\x04msgid: first msgstr} of the
    translated, non-fuzzy entries of a .po file."""
    entries = {}
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        if "#, fuzzy" in block:
            continue
        fields: dict[str, str] = {}
        last = ""
        for line in block.splitlines():
            found = _LINE.match(line)
            if found:
                last = found.group(1)
                fields[last] = json.loads(found.group(2))
            elif line.startswith('"') and last:
                fields[last] += json.loads(line)
        msgid = fields.get("msgid")
        msgstr = fields.get("msgstr", fields.get("msgstr[0]", ""))
        if msgid and msgstr:
            context = fields.get("msgctxt")
            entries[f"{context}\x04{msgid}" if context else msgid] = msgstr
    return entries


@pytest.mark.parametrize(
    "po",
    sorted(LOCALE.glob("*/LC_MESSAGES/*.po")),
    ids=lambda p: str(p.relative_to(LOCALE)),
)
def test_compiled_catalogue_matches_its_source(po):
    with po.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    source = translated_entries(po)
    assert source  # the catalogue is not empty
    compiled_first = {
        (key[0] if isinstance(key, tuple) else key): value
        for key, value in catalogue.items()
        if key and (not isinstance(key, tuple) or key[1] == 0)
    }
    compiled_first.pop("", None)
    assert compiled_first == source
