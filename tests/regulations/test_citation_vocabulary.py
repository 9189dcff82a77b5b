"""The citation vocabulary: regulation types and statute aliases mapped to the original acts."""

from regulations.citations import ALIASES, TYPE_LABELS, canonical_key


def test_alias_table_maps_to_original_acts():
    assert ALIASES["UU KUP"] == ("UU", 6, 1983)
    assert ALIASES["UU PPh"] == ("UU", 7, 1983)
    assert ALIASES["UU PPN"] == ("UU", 8, 1983)
    assert ALIASES["UU HPP"] == ("UU", 7, 2021)
    assert ALIASES["UU Cipta Kerja"] == ("UU", 11, 2020)
    assert ALIASES["Perppu Cipta Kerja"] == ("PERPPU", 2, 2022)
    assert ALIASES["UU PBB"] == ("UU", 12, 1985)
    assert ALIASES["UU BPHTB"] == ("UU", 21, 1997)
    assert ALIASES["UU Bea Meterai"] == ("UU", 10, 2020)


def test_every_alias_label_is_itself_recognised():
    for label, key in ALIASES.items():
        assert canonical_key(label) == key, label


def test_type_labels_cover_every_type_in_indonesian():
    assert set(TYPE_LABELS) == {
        "UU",
        "PERPPU",
        "PP",
        "PERPRES",
        "PMK",
        "KMK",
        "PER",
        "KEP",
        "SE",
        "ND",
    }
    assert TYPE_LABELS["PMK"] == "Peraturan Menteri Keuangan"
    assert TYPE_LABELS["PER"] == "Peraturan Direktur Jenderal Pajak"
