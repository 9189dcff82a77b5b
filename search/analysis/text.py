"""Indonesian text analysis: the same tokens for documents and queries on every backend.

The pipeline is: normalise (Unicode, case, accents) -> tokenise (tax compounds such as
"e-Faktur" and "PPh21" made regular) -> colloquial forms -> stop words -> stemming.
Stemming uses PySastrawi (Nazief-Adriani with the Sastrawi root dictionary) plus:

* protected tax words that the stemmer would turn into an unrelated root
  ("keberatan" -> "berat", "ketetapan" -> "tetap", "pendapatan" -> "dapat");
* a few corrections of its output ("pemungutan" -> "mungut" but "dipungut" -> "pungut").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

__all__ = [
    "COLLOQUIAL",
    "PROTECTED",
    "STOPWORDS",
    "analyse",
    "analyse_tokens",
    "analyse_with_gaps",
    "analyse_with_words",
    "is_dictionary_word",
    "normalise",
    "stem",
    "term_for",
    "tokenise",
]

# Function words and question words that say nothing about the topic of a question.
# Negation ("tidak", "belum") is kept: "npwp tidak aktif" is not "npwp aktif".
STOPWORDS = frozenset(
    [
        "ada",
        "adakah",
        "adalah",
        "agar",
        "akan",
        "aku",
        "anda",
        "apa",
        "apakah",
        "apabila",
        "atas",
        "atau",
        "bagaimana",
        "bagaimanakah",
        "bagi",
        "bahwa",
        "beberapa",
        "begitu",
        "bisakah",
        "boleh",
        "bukan",
        "cara",
        "caranya",
        "dalam",
        "dan",
        "dapatkah",
        "demikian",
        "dengan",
        "di",
        "dia",
        "dimana",
        "dong",
        "dulu",
        "hal",
        "harus",
        "ini",
        "itu",
        "ia",
        "ingin",
        "jadi",
        "jika",
        "juga",
        "kah",
        "kak",
        "kalau",
        "kami",
        "kamu",
        "kapan",
        "karena",
        "ke",
        "kenapa",
        "kepada",
        "ketika",
        "kita",
        "lagi",
        "lah",
        "mana",
        "mau",
        "maupun",
        "mengapa",
        "menjadi",
        "mereka",
        "mohon",
        "nya",
        "oleh",
        "pada",
        "para",
        "per",
        "perlu",
        "pula",
        "pun",
        "sama",
        "saat",
        "saja",
        "saya",
        "sebagai",
        "sebelum",
        "secara",
        "sedang",
        "seharusnya",
        "sehingga",
        "sejak",
        "selama",
        "sementara",
        "seperti",
        "serta",
        "sesudah",
        "setelah",
        "si",
        "sih",
        "silakan",
        "supaya",
        "tanya",
        "tentang",
        "terhadap",
        "tersebut",
        "tolong",
        "untuk",
        "yaitu",
        "yakni",
        "yang",
        "ya",
        # English function words (foreign taxpayers ask in English; none is an
        # Indonesian word).
        "about",
        "and",
        "are",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "get",
        "has",
        "have",
        "how",
        "into",
        "is",
        "it",
        "its",
        "me",
        "much",
        "my",
        "need",
        "of",
        "on",
        "or",
        "our",
        "please",
        "should",
        "that",
        "the",
        "this",
        "to",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)

# Informal spellings and chat abbreviations -> the standard word.
COLLOQUIAL: dict[str, str] = {
    "gimana": "bagaimana",
    "gmn": "bagaimana",
    "bgmn": "bagaimana",
    "gak": "tidak",
    "ga": "tidak",
    "gk": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "enggak": "tidak",
    "engga": "tidak",
    "tdk": "tidak",
    "tak": "tidak",
    "blm": "belum",
    "udah": "sudah",
    "udh": "sudah",
    "sdh": "sudah",
    "yg": "yang",
    "dgn": "dengan",
    "utk": "untuk",
    "untk": "untuk",
    "sy": "saya",
    "gw": "saya",
    "gue": "saya",
    "aja": "saja",
    "kalo": "kalau",
    "klo": "kalau",
    "krn": "karena",
    "karna": "karena",
    "tgl": "tanggal",
    "bln": "bulan",
    "thn": "tahun",
    "th": "tahun",
    "dapet": "dapat",
    "bikin": "buat",
    "bikinin": "buat",
    "ngisi": "isi",
    "ngurus": "urus",
    "ngelapor": "lapor",
    "nyetor": "setor",
    "nyari": "cari",
    "telat": "terlambat",
    "pw": "password",
    "pass": "password",
    "pwd": "password",
    "lg": "lagi",
    "trs": "terus",
    "dr": "dari",
    "dri": "dari",
    "pd": "pada",
    "hrs": "harus",
    "bs": "bisa",
    "bsa": "bisa",
    "materai": "meterai",
    "kadaluarsa": "kedaluwarsa",
    "kadaluwarsa": "kedaluwarsa",
    "daluwarsa": "kedaluwarsa",
    "ijin": "izin",
    "aktip": "aktif",
    "nonaktip": "nonaktif",
    "pake": "pakai",
    "make": "pakai",
    "brp": "berapa",
    "bgt": "banget",
    "trus": "terus",
    "sampe": "sampai",
    "gede": "besar",
    "kepotong": "dipotong",
    "bener": "benar",
    "emang": "memang",
    "kayak": "seperti",
    "ngitung": "hitung",
    "itung": "hitung",
    "gmana": "bagaimana",
    "knp": "kenapa",
    "napa": "kenapa",
    "bnyk": "banyak",
    "skrg": "sekarang",
    "skr": "sekarang",
    # "pas" is spoken "when" ("pas isi spt"), as "saat" is.
    "pas": "saat",
    "milyar": "miliar",
    # Jakarta-style verbs whose root the affix rules below cannot tell apart
    # ("ngurangin" could be urang or kurang).
    "ngurangin": "kurang",
    "ngurangi": "kurang",
    "nambahin": "tambah",
    "nambah": "tambah",
    "nanya": "tanya",
    "nanyain": "tanya",
    "nunggu": "tunggu",
    "nungguin": "tunggu",
    "nulis": "tulis",
    "nyimpen": "simpan",
    "ngasih": "kasih",
    "ngirim": "kirim",
    "ngirimin": "kirim",
    "ngecek": "cek",
    "benerin": "benar",
}

# Words kept whole (or mapped) because the stemmer's root changes their meaning.
PROTECTED: dict[str, str] = {
    "keberatan": "keberatan",  # tax objection, not "berat" (heavy)
    "pengembalian": "pengembalian",  # refund, not "kembali" (again)
    "perpajakan": "pajak",  # Sastrawi yields "paja"
    "pemerintah": "pemerintah",  # government, not "perintah" (order)
    "pemerintahan": "pemerintah",
    "pengusaha": "pengusaha",  # as in Pengusaha Kena Pajak, not "usaha"
    "ketetapan": "ketetapan",  # surat ketetapan, not "tetap" (permanent employee)
    # Determination (penetapan WP non-efektif), not "tetap" as in aset/pegawai tetap.
    "penetapan": "penetapan",
    "menetapkan": "penetapan",
    "ditetapkan": "penetapan",
    "tetapkan": "penetapan",
    "pendapatan": "pendapatan",  # income, not "dapat" (can)
    "pekerjaan": "pekerjaan",  # as in pekerjaan bebas (freelance)
    "pekerja": "pekerja",
    "masukan": "masukan",  # pajak masukan (input tax), not "masuk" (log in)
    "keluaran": "keluaran",  # pajak keluaran (output tax)
    "tahunan": "tahunan",  # SPT Tahunan, not every "tahun"
    "bulanan": "bulanan",
    "pengurangan": "pengurangan",  # reduction of sanctions, not "kurang" bayar
    "pengadilan": "pengadilan",
    "penyidikan": "sidik",  # Sastrawi yields "sidi"
    "persetujuan": "setuju",  # Sastrawi yields "tuju"
    "keterangan": "keterangan",  # surat keterangan
    "pemberitahuan": "pemberitahuan",
    "kedaluwarsa": "kedaluwarsa",
    "bendahara": "bendahara",
    "bendaharawan": "bendahara",
    "karyawan": "karyawan",
    "pajak": "pajak",
    "pajaknya": "pajak",
    "wajib": "wajib",
    "terlambat": "lambat",
    "pemungut": "pungut",
    "aktivasi": "aktif",  # activation = (meng)aktif(kan)
    "validasi": "valid",
    # Submitting a return is "lapor" to taxpayers; the root "sampai" also means "until".
    "menyampaikan": "lapor",
    "penyampaian": "lapor",
    "disampaikan": "lapor",
    "sampaikan": "lapor",
    "disampaikannya": "lapor",
    "menikah": "nikah",  # Sastrawi reads the particle "kah" and yields "meni"
    # To update (data) is "mutakhir", as in pemutakhiran data, not "baru" (new).
    "perbarui": "mutakhir",
    "memperbarui": "mutakhir",
    "diperbarui": "mutakhir",
    "pembaruan": "mutakhir",
    "perbaharui": "mutakhir",
    "memperbaharui": "mutakhir",
    "diperbaharui": "mutakhir",
    "pembaharuan": "mutakhir",
}

# Corrections applied to the stemmer's output.
_POST_STEM = {"mungut": "pungut", "paja": "pajak", "sidi": "sidik"}

# Roots missing from Sastrawi's dictionary that tax texts inflect ("karyawannya").
_EXTRA_ROOTS = [
    "karyawan",
    "efin",
    "npwp",
    "efaktur",
    "ebupot",
    "bupot",
    "coretax",
    "billing",
    "online",
    "daring",
    "login",
    "unggah",
    "password",
    "restitusi",
    "faktur",
    "meterai",
    "umkm",
    "sertifikat",
    "aktivasi",
    "verifikasi",
    "validasi",
    "registrasi",
    "konfirmasi",
    "upload",
    "download",
    "email",
]

# e-services: "e-Faktur", "e faktur" and "efaktur" are one word.
_E_SERVICES = frozenset(
    [
        "faktur",
        "bupot",
        "billing",
        "filing",
        "form",
        "spt",
        "nofa",
        "reg",
        "registration",
        "phtb",
        "sertifikat",
        "meterai",
        "objection",
    ]
)

# Suffix particles that may follow a protected word ("keberatannya").
_PARTICLES = ("nya", "lah", "kah", "pun")

_ALPHA_DIGITS = re.compile(r"^([a-z]{2,})([0-9]{1,3})$")
_FORM_NUMBER = re.compile(r"^17[0-9]{2}$")
_FORM_SUFFIXES = frozenset({"s", "ss", "a1", "a2"})
_MAX_TOKEN = 40
# Every ASCII byte that is not a letter or digit separates tokens.
_SEPARATORS = bytes(
    c if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256)
)


# Codes and numbers that must stay one word to be told apart: family-status codes
# ("K/1", "TK/0", "K/I/3" -> k1, tk0, ki3), decimals ("4,8", "0,5%", "2.4" -> 4koma8,
# 0koma5, 2koma4; three digits after the mark are thousands, see _GROUPED) and amounts
# glued to "Rp" ("Rp4,8 miliar" reads as "rp 4,8 miliar").
_STATUS_CODE = re.compile(r"\b(tk|k|hb)\s*/\s*(?:(i)\s*/\s*)?(\d)\b")
_DECIMAL = re.compile(r"(?<![\d.,])(\d+)[,.](\d{1,2})(?!\d|[.,]\d)")
_RUPIAH = re.compile(r"\brp\.?(?=\d)")
_STATUS_TOKEN = re.compile(r"^(?:tk|ki|hb|k)[0-3]$")
# Amounts are read the way they are said, as one word: "Rp10.000", "10000", "10 rb" and
# "10 ribu" are all 10ribu; "Rp4.800.000.000", "4,8 M" and "4,8 miliar" are all
# 4koma8miliar. One word, so that "10" alone does not find "Layanan 10".
_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d{5,})(?![\d]|[.,]\d)")
_UNIT = re.compile(r"(\d)\s*(m|jt|rb|ribu|juta|miliar|milyar)\b")
_UNITS = (("miliar", 10**9), ("juta", 10**6), ("ribu", 10**3))
_UNIT_WORDS = {
    "m": "miliar",
    "jt": "juta",
    "rb": "ribu",
    "ribu": "ribu",
    "juta": "juta",
    "miliar": "miliar",
    "milyar": "miliar",
}


def _spoken_amount(match: re.Match) -> str:
    """ "4.800.000.000" -> "4koma8miliar"; a number not round to two decimals of its
    unit (an NPWP, "1.234.567") stays whole, separators dropped."""
    digits = match.group(1).replace(".", "")
    value = int(digits)
    if "." not in match.group(1) and value % 1000:
        return digits  # a long plain number is an identifier, not an amount
    for unit, size in _UNITS:
        if value >= size:
            whole, rest = divmod(value, size)
            hundredths, remainder = divmod(rest * 100, size)
            if remainder:
                break
            if not hundredths:
                return f"{whole}{unit}"
            return f"{whole}koma{f'{hundredths:02d}'.rstrip('0')}{unit}"
    return digits


def normalise(text: str) -> str:
    """Lower case ASCII letters, digits and spaces: accents dropped, other scripts removed."""
    folded = unicodedata.normalize("NFKD", text).casefold()
    if any(char.isdigit() for char in folded):
        folded = _STATUS_CODE.sub(lambda m: "".join(m.groups(default="")), folded)
        folded = _GROUPED.sub(_spoken_amount, folded)
        folded = _DECIMAL.sub(r"\1koma\2", folded)
        folded = _UNIT.sub(lambda m: f"{m.group(1)}{_UNIT_WORDS[m.group(2)]}", folded)
        folded = _RUPIAH.sub("rp ", folded)
    return folded.encode("ascii", "ignore").translate(_SEPARATORS).decode()


def _split(token: str) -> tuple[str, ...]:
    """Surface words of one raw token: "04" -> 4, "pph21" -> pph 21, "x" -> nothing."""
    if len(token) > _MAX_TOKEN:
        return ()
    if token.isdigit():
        return (token.lstrip("0") or "0",)  # PER-04 and PER 4 match
    if _STATUS_TOKEN.match(token):
        return (token,)
    split = _ALPHA_DIGITS.match(token)
    if split:
        return (split.group(1), split.group(2).lstrip("0") or "0")
    return (token,) if len(token) > 1 else ()


# Raw token -> (surface words, index terms); documents repeat their words, so analysing
# each distinct token once keeps indexing fast.
_TOKEN_CACHE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
_TOKEN_CACHE_LIMIT = 500_000


def _analysed(token: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    cached = _TOKEN_CACHE.get(token)
    if cached is None:
        words = _split(token)
        cached = (words, tuple(t for t in map(term_for, words) if t))
        if len(_TOKEN_CACHE) < _TOKEN_CACHE_LIMIT:
            _TOKEN_CACHE[token] = cached
    return cached


# Tokens that may start or end a compound written apart ("e faktur", "1770 S").
_JOINERS = frozenset({"e", "non", *_FORM_SUFFIXES})


def _raw_tokens(text: str) -> list[str]:
    """Raw tokens, with tax compounds written apart joined ("e faktur", "non aktif",
    "1770 S") and reduplicated words ("kata-kata") counted once."""
    raw = normalise(text).split()
    if _JOINERS.isdisjoint(raw):  # most texts: only repeated words to drop
        return [
            token
            for token, previous in zip(raw, ["", *raw], strict=False)
            if token != previous
        ]
    joined: list[str] = []
    previous = ""
    index = 0
    while index < len(raw):
        token = raw[index]
        index += 1
        if index < len(raw):
            following = raw[index]
            if (
                (token == "e" and following in _E_SERVICES)  # noqa: S105 (a word)
                or (token == "non" and following.isalpha())  # noqa: S105 (a word)
                or (following in _FORM_SUFFIXES and _FORM_NUMBER.match(token))
            ):
                token += following
                index += 1
        if token != previous:
            joined.append(token)
        previous = token
    return joined


def tokenise(text: str) -> list[str]:
    """Surface words of `text`, normalised, in order (single letters dropped)."""
    words: list[str] = []
    for token in _raw_tokens(text):
        words.extend(_analysed(token)[0])
    return words


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer:
    words = StemmerFactory().get_words_from_file()
    return Stemmer(ArrayDictionary([*words, *_EXTRA_ROOTS]))


def _is_root(word: str) -> bool:
    return _stemmer().get_dictionary().contains(word)


def is_dictionary_word(word: str) -> bool:
    """Is `word` an Indonesian root word (Sastrawi's dictionary)? Such a word is spelled
    right even when the index never uses it ("pas", "beda")."""
    return _is_root(word)


@lru_cache(maxsize=300_000)
def stem(word: str) -> str:
    """The stem of one normalised word, honouring protected tax words."""
    if word in PROTECTED:
        return PROTECTED[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    for particle in _PARTICLES:
        base = word[: -len(particle)]
        if word.endswith(particle) and base in PROTECTED:
            return PROTECTED[base]
    root = _stemmer().stem_word(word)
    if not _is_root(root):
        # Not a standard form ("ngisi", "bayarin"): try the spoken affixes.
        colloquial = _colloquial_affix(word)
        if colloquial:
            return colloquial
    return _POST_STEM.get(root, root)


def _colloquial_affix(word: str) -> str | None:
    """Roots of Jakarta-style forms: "aktifin" -> aktif, "ngisi" -> isi, "nyetor" ->
    setor, and both affixes at once: "nyetorin" -> setor, "ngelaporin" -> lapor."""
    bases = [word]
    if word.endswith("in") and len(word) > 5:
        bases.insert(0, word[:-2])  # the suffix -in (-kan, -i)
    for base in bases:
        for candidate in _colloquial_prefixes(base, suffixed=base != word):
            root = candidate if _is_root(candidate) else _stemmer().stem_word(candidate)
            if _is_root(root):
                return _POST_STEM.get(root, root)
    return None


def _colloquial_prefixes(base: str, *, suffixed: bool) -> list[str]:
    """`base` without a spoken nasal prefix, each way it may have been formed."""
    candidates = [base + "kan", base] if suffixed else []
    if base.startswith("nge") and len(base) > 5:
        candidates.append(base[3:])
    elif base.startswith("ny") and len(base) > 4:
        candidates.extend(["s" + base[2:], "c" + base[2:]])
    elif base.startswith("ng") and len(base) > 4 and base[2] in "aiueo":
        candidates.extend([base[2:], "k" + base[2:], "h" + base[2:]])
    elif suffixed and base.startswith("n") and len(base) > 4 and base[1] in "aiueo":
        candidates.append("t" + base[1:])  # "nulisin" -> tulis
    return candidates


@lru_cache(maxsize=300_000)
def term_for(token: str) -> str | None:
    """The index term for one surface token, or None for a stop word."""
    token = COLLOQUIAL.get(token, token)
    if token in STOPWORDS:
        return None
    return stem(token)


def analyse_tokens(tokens: list[str]) -> list[str]:
    """Index terms for already tokenised words, stop words removed."""
    return [term for term in map(term_for, tokens) if term]


def analyse(text: str) -> list[str]:
    """Index terms of `text`, in order: what every backend stores and searches."""
    terms: list[str] = []
    for token in _raw_tokens(text):
        terms.extend(_analysed(token)[1])
    return terms


def analyse_with_gaps(text: str) -> tuple[list[str], frozenset[int]]:
    """Index terms of `text` and where words were dropped between them.

    A gap at i means a stop word stood between term i-1 and term i: "certificate of
    residence" is (certificate, residence) with a gap at 1. Phrase synonyms use it so
    that a phrase is not found across a word the query had and the phrase did not
    ("register a company for a tax number" holds no "company tax").
    """
    terms: list[str] = []
    gaps: set[int] = set()
    dropped = False
    for token in _raw_tokens(text):
        analysed = _analysed(token)[1]
        if not analysed:
            dropped = True
            continue
        if dropped and terms:
            gaps.add(len(terms))
        dropped = False
        terms.extend(analysed)
    return terms, frozenset(gaps)


def analyse_with_words(text: str) -> tuple[list[str], set[str]]:
    """Index terms of `text` and its distinct surface words, in one pass."""
    cache = _TOKEN_CACHE
    pairs = [cache.get(token) or _analysed(token) for token in _raw_tokens(text)]
    terms = [term for _surface, analysed in pairs for term in analysed]
    words = {word for surface, _terms in pairs for word in surface}
    return terms, words
