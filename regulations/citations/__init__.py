"""Find Indonesian regulation citations (UU, PP, PMK, PER Dirjen Pajak, …) in free text.

Pure Python, no database: the registry and the ``citations`` command build on
:func:`find_citations`, :func:`parse_one` and :attr:`Citation.key`.

Recognised forms (any letter case, stray spaces, "Nomor"/"Nomer"/"No."/"Nr."):

* long names: "Peraturan Menteri Keuangan Nomor 81 Tahun 2024", "Undang-Undang
  Republik Indonesia Nomor 7 Tahun 2021", "Peraturan Direktur Jenderal Pajak Nomor
  PER-04/PJ/2020", "Keputusan Menteri Keuangan Nomor 543/KMK.03/2002";
* short names: "PMK 81/2024", "PMK No. 81 Th. 2024", "UU 7/2021", "Perpu 1/2020",
  "PP 9 Tahun 2021", "Perdirjen Pajak PER-…";
* numbers that carry their issuer: "23/PMK.03/2020", "PMK-23/PMK.03/2020",
  "PER-04/PJ/2020", "KEP-161/PJ./2001", "SE-27/PJ/2020", "ND-630/PJ.09/2020";
* statute aliases ("UU KUP", "UU HPP", "Undang-Undang Pajak Penghasilan", …), see
  :data:`ALIASES`;
* a provision written just before or just after a citation ("Pasal 4 ayat (2)
  huruf a UU PPh", "PMK 81/2024 Pasal 12") becomes ``Citation.provision``.

Decisions (documented for the registry):

* The natural key is ``(type, number, year)``; the unit code ("PMK.03", "PJ.09") is
  kept as an attribute, normalised to upper case without a trailing dot.
* Dirjen instruments (PER, KEP, SE, ND) are recognised only with a DJP unit ("PJ",
  "PJ.nn"): other directorates (BC, PB, …) and regional offices (WPJ) number their
  instruments in their own sequences, and would collide with DJP keys.
* Aliases map to the ORIGINAL act: "UU KUP" is UU 6/1983 even though UU 7/2021 last
  amended it; resolving "as amended on a date" is the registry's job.
  "UU Cipta Kerja" is UU 11/2020; "Perppu Cipta Kerja" is Perppu 2/2022 (which
  revoked UU 11/2020 and was itself enacted by UU 6/2023).
* When an alias is followed by an explicit number ("UU PPh Nomor 36 Tahun 2008"),
  the number wins and ``alias`` records the name used.
* An explicit issuer in the number wins over the name in front of it:
  "Peraturan Dirjen Pajak Nomor SE-27/PJ/2020" is an SE, "PMK Nomor 543/KMK.03/2002"
  a KMK.
* "UU Bea Meterai" is UU 10/2020, which replaced (did not amend) UU 13/1985.
* Canonical form (``Citation.canonical()``), read back by ``parse_one`` to the same key
  and unit: "UU 7/2021", "Perppu 1/2020", "PP 55/2022", "Perpres 12/2025",
  "23/PMK.03/2020" (or "PMK 81/2024" without a unit), "543/KMK.03/2002" (or
  "KMK 12/2024"), "PER-4/PJ/2020", "KEP-161/PJ/2001", "SE-27/PJ/2020",
  "ND-630/PJ.09/2020". Numbers lose their zero padding; unit codes keep theirs.
* Not citations: a bare number and year ("Nomor 81 Tahun 2024"), a name without year
  ("PMK 81", "PP 23", "PPh Pasal 21"), a provision alone ("Pasal 21"), drafts ("RUU",
  "RPMK"), Lembaran Negara references, and lists that share one name ("UU Nomor 6, 7,
  dan 8 Tahun 1983" yields only what the grammar can attach a name to: nothing).
"""

from regulations.citations.matcher import (
    Citation,
    canonical_key,
    find_citations,
    parse_one,
)
from regulations.citations.vocabulary import ALIASES, TYPE_LABELS

__all__ = [
    "ALIASES",
    "TYPE_LABELS",
    "Citation",
    "canonical_key",
    "find_citations",
    "parse_one",
]
