"""Generated requests against every public endpoint, and what a response must be.

Shared by the property tests (tests/config/test_fuzz_endpoints.py) and the longer run
(bench/fuzz_endpoints.py). A request is an endpoint (path template, method) with
generated path parts and parameters: known parameter names with hostile values (quotes,
query syntax, control characters, lone surrogates, huge and negative numbers, very
long text, wrong types), plus names the endpoint does not know. A response must never
be a server error (5xx); anything else (200, 3xx, 400, 404, 405, 409, 429) is an answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

HOSTILE_TEXT = [
    '"',
    "'",
    'npwp OR "pajak',
    "npwp AND (efin OR NOT spt*)",
    "NEAR(npwp efin)",
    "\x00",
    "\x1b[31m",
    "\ud800",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00",
    "%",
    "😀" * 50,
    "a" * 5000,
    "PMK 81/2024",
    "PER-04/PJ/2020",
    " ",
    "",
    "SELECT * FROM search_searchdocument",
    "pph21 ter k/1 0,5% 4,8 M",
    "ﷺ",
    "\u200b\u200e",
]
HOSTILE_NUMBERS = [
    "0",
    "-1",
    "1",
    "2",
    "99",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999",
    "1e9",
    "NaN",
    "0x10",
    "١٢",
    "",
]
DATES = [
    "2025-05-21",
    "2025-02-30",
    "21-05-2025",
    "kemarin",
    "0000-00-00",
    "9999-12-31",
    "",
]
KINDS = ["pmk", "per", "uu", "perppu", "pp", "kep", "xx", "PMK", "p-m-k"]


@dataclass(frozen=True)
class Endpoint:
    path: str  # may hold {year}, {number}, {kind}, {slug}, {id}
    method: str
    params: tuple[str, ...]  # parameter names the endpoint knows


ENDPOINTS = [
    Endpoint("/cari/", "GET", ("q", "type", "topic", "audience", "page")),
    Endpoint("/api/search/", "GET", ("q", "type", "topic", "audience", "page")),
    Endpoint("/api/search/suggest/", "GET", ("q",)),
    Endpoint("/api/search/click/", "POST", ("search_id", "position", "url")),
    Endpoint("/peraturan/", "GET", ("q", "jenis", "tahun", "status", "pada", "page")),
    Endpoint("/peraturan/feed.json", "GET", ("pada", "jenis", "tahun", "status")),
    Endpoint("/peraturan/{kind}/{year}/{number}/", "GET", ("pada",)),
    Endpoint(
        "/api/v2/pages/",
        "GET",
        (
            "search",
            "search_operator",
            "type",
            "fields",
            "offset",
            "limit",
            "order",
            "child_of",
            "descendant_of",
            "ancestor_of",
            "id",
            "title",
            "slug",
            "locale",
            "translation_of",
        ),
    ),
    Endpoint("/api/v2/pages/{id}/", "GET", ("fields",)),
    Endpoint("/api/v2/documents/", "GET", ("search", "offset", "limit", "order")),
    Endpoint("/api/services/{slug}/readiness/", "GET", ("on", "to")),
    Endpoint("/api/services/{slug}/switch/", "POST", ("to", "on", "reason")),
    Endpoint("/umpan-balik/{id}/", "POST", ("helpful", "comment", "website")),
    Endpoint("/sitemap.xml", "GET", ()),
    Endpoint("/{slug}/", "GET", ("page",)),
    Endpoint("/layanan/", "GET", ("q", "saluran", "topik", "untuk", "page")),
]

text_values = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.sampled_from(HOSTILE_NUMBERS),
    st.sampled_from(DATES),
    st.text(max_size=80),
)
slugs = st.one_of(
    st.sampled_from(["layanan", "npwp", "tidak-ada", "a" * 300, "..", "%2e%2e"]),
    st.from_regex(r"[a-z0-9-]{1,40}", fullmatch=True),
)


@st.composite
def requests(draw, endpoints=ENDPOINTS):
    """(method, path, params) of one generated request."""
    endpoint = draw(st.sampled_from(endpoints))
    path = endpoint.path.format(
        kind=draw(st.sampled_from(KINDS)),
        year=draw(st.sampled_from(["2020", "1", "99999999999999999999", "0"])),
        number=draw(st.sampled_from(["81", "4", "0", "9223372036854775808"])),
        slug=draw(slugs),
        id=draw(
            st.sampled_from(["1", "2", "3", "0", "2147483648", "99999999999999999999"])
        ),
    )
    names = [*endpoint.params, "unknown", "q[]", "page[0]"]
    chosen = draw(st.lists(st.sampled_from(names), max_size=5, unique=True))
    params = {name: draw(text_values) for name in chosen}
    return endpoint.method, path, params


def send(client, method: str, path: str, params: dict[str, str]):
    """The response, or the exception the test client raised (a 500 in production)."""
    safe = {
        name: value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        for name, value in params.items()
    }
    if method == "POST":
        return client.post(path, safe)
    return client.get(path, safe)


def is_server_error(response) -> bool:
    return response.status_code >= 500
