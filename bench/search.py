"""Benchmark the TKB search against stock Wagtail search on generated corpora.

Run from the repository root:

    .venv/bin/python bench/search.py [--sizes 1000,20000,100000] [--backends database,opensearch]
    DATABASE_URL=postgres://tkb:tkb@127.0.0.1:5432/tkb .venv/bin/python bench/search.py --sizes 20000

For each corpus size it builds a throw-away database (Django's test-database machinery:
a temporary SQLite file, or test_<name> on PostgreSQL), inserts that many generated
articles, then reports per backend:

* the full `manage.py update_index` time (Wagtail's index entries plus TKB documents),
  followed by ANALYZE (the statistics autovacuum or SQLite's optimizer would keep);
* query latency (median, p95) and sequential throughput of GET /api/search/?q= through
  Django's test client, in-process, with the search log written as in production;
* stock Wagtail search on the same corpus, index and queries in the same run: its
  database backend with default settings, every word required (the default) and any
  word (operator="or"). Slow stock queries are cut at --stock-timeout and reported as
  such (their figures are then lower bounds); --skip-stock-any skips the slow one.

The figures are printed as one table per corpus size: reindex time, median, p95,
throughput, and how many times faster each engine's median is than each stock baseline.

OpenSearch needs OPENSEARCH_URL; its indices get a unique prefix and are deleted after.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

QUERIES = [
    "cara daftar npwp",
    "lupa efin",
    "cara lapor spt tahunan karyawan",
    "batas waktu lapor spt",
    "denda telat bayar pajak",
    "kode billing",
    "pph final umkm 0,5 persen",
    "npwp non aktif",
    "pembetulan spt",
    "faktur pajak coretax",
    "tarif ppn 12 persen",
    "bukti potong pph 21",
    "salah setor pajak",
    "sertifikat elektronik",
    "perpanjangan spt tahunan",
    "pengembalian kelebihan pembayaran pajak",
    "saya karyawan baru bagaimana cara mendapatkan npwp",
    "pindah kpp",
    "pajak",
    "pengukuhan pkp",
    "lupa kata sandi coretax",
    "restitusi ppn",
    "per 4 2020",
    "pendaftran npwp",
    "usaha saya omzetnya 300 juta apakah harus bayar pajak",
]

# Topic-specific vocabulary, as in a real knowledge base: each article is about one
# topic, with that topic's words, plus some shared phrasing and named entities.
TOPICS = {
    "NPWP": (
        ["NPWP orang pribadi", "NPWP badan", "NPWP cabang", "NITKU", "kartu NPWP"],
        [
            "Pendaftaran {obj} dilakukan di Coretax dengan mengunggah KTP dan {doc}.",
            "NIK penduduk berlaku sebagai NPWP sejak Coretax beroperasi.",
            "Kartu NPWP elektronik dapat diunduh kembali bila hilang atau rusak.",
            "Badan usaha yang baru berdiri mendaftarkan {obj} melalui penanggung jawab akun.",
            "Setiap tempat kegiatan usaha diberi NITKU untuk faktur dan bukti potong.",
            "Istri yang memilih pisah harta mendaftarkan NPWP sendiri.",
        ],
    ),
    "SPT Tahunan": (
        [
            "SPT Tahunan orang pribadi",
            "SPT Tahunan badan",
            "formulir 1770 S",
            "lampiran harta",
        ],
        [
            "{obj} dilaporkan paling lambat akhir bulan Maret setelah tahun pajak berakhir.",
            "Karyawan dengan satu pemberi kerja melampirkan bukti potong 1721-A1.",
            "Keterlambatan menyampaikan SPT Tahunan dikenai denda seratus ribu rupiah.",
            "Pembetulan {obj} boleh dilakukan selama belum dilakukan pemeriksaan.",
            "Harta seperti tabungan dan kendaraan dicantumkan dalam lampiran.",
            "Perpanjangan penyampaian paling lama dua bulan dengan pemberitahuan.",
        ],
    ),
    "PPN": (
        ["faktur pajak", "SPT Masa PPN", "pajak masukan", "pengukuhan PKP"],
        [
            "Pengusaha kena pajak membuat {obj} atas setiap penyerahan barang kena pajak.",
            "Tarif PPN dua belas persen dihitung dari dasar pengenaan pajak nilai lain.",
            "Kelebihan pajak masukan dapat dikompensasikan ke masa berikutnya.",
            "Pengusaha dengan peredaran bruto di atas batas wajib dikukuhkan sebagai PKP.",
            "Nomor seri faktur pajak diberikan secara elektronik oleh sistem.",
        ],
    ),
    "PPh": (
        [
            "PPh Pasal 21",
            "PPh Pasal 23",
            "bukti potong",
            "tarif efektif rata-rata",
            "PTKP",
        ],
        [
            "Pemberi kerja memotong {obj} setiap bulan dari gaji pegawai.",
            "Tarif efektif rata-rata dipakai untuk masa Januari sampai November.",
            "Bukti pemotongan dibuat melalui e-Bupot dan dilaporkan dalam SPT Masa.",
            "Penghasilan tidak kena pajak bergantung pada status kawin dan tanggungan.",
            "Jasa teknik dan konsultan dipotong PPh Pasal 23 sebesar dua persen.",
        ],
    ),
    "EFIN dan akun": (
        ["EFIN", "kata sandi Coretax", "kode otorisasi", "sertifikat elektronik"],
        [
            "{obj} yang lupa dapat diminta kembali melalui contact center atau email.",
            "Aktivasi akun Coretax memerlukan alamat email dan nomor ponsel aktif.",
            "Kode otorisasi dipakai untuk menandatangani dokumen secara elektronik.",
            "Jangan membagikan EFIN dan kata sandi kepada pihak lain.",
            "Penanggung jawab akun badan memberikan peran akses kepada pegawai.",
        ],
    ),
    "Pembayaran": (
        ["kode billing", "deposit pajak", "pemindahbukuan", "sanksi bunga"],
        [
            "Setiap setoran memerlukan {obj} yang dibuat sebelum membayar di bank persepsi.",
            "Salah kode akun pajak dapat diperbaiki dengan pemindahbukuan.",
            "Pajak yang dibayar setelah jatuh tempo dikenai bunga per bulan.",
            "Deposit pajak dapat dipakai untuk melunasi kewajiban berikutnya.",
            "Tenggat setoran yang jatuh pada hari libur bergeser ke hari kerja berikutnya.",
        ],
    ),
    "UMKM": (
        ["PPh final UMKM", "omzet usaha", "peredaran bruto", "surat keterangan PP 23"],
        [
            "Pelaku usaha dengan omzet sampai empat koma delapan miliar membayar setengah persen.",
            "Orang pribadi tidak membayar pajak atas omzet sampai lima ratus juta setahun.",
            "{obj} disetor sendiri setiap bulan paling lambat tanggal lima belas.",
            "Jangka waktu tarif final tujuh tahun bagi orang pribadi.",
            "Wajib pajak boleh beralih ke tarif umum dengan memberitahukan KPP.",
        ],
    ),
    "Status wajib pajak": (
        ["status non-efektif", "penghapusan NPWP", "pindah KPP", "perubahan data"],
        [
            "Wajib pajak tanpa penghasilan dapat ditetapkan sebagai {obj}.",
            "Penghapusan NPWP diajukan ahli waris bila wajib pajak meninggal dunia.",
            "Pindah domisili membuat tempat terdaftar berpindah ke KPP baru.",
            "Alamat dan nomor telepon diperbarui sendiri melalui portal.",
            "Status non-efektif dapat diaktifkan kembali atas permohonan.",
        ],
    ),
    "Keberatan": (
        ["keberatan", "banding", "pengurangan sanksi", "surat ketetapan pajak"],
        [
            "{obj} diajukan paling lambat tiga bulan sejak surat ketetapan dikirim.",
            "Permohonan harus tertulis dalam bahasa Indonesia dengan alasan yang jelas.",
            "Sanksi administrasi dapat dikurangi bila kesalahan bukan karena kelalaian.",
            "Putusan keberatan dapat diajukan banding ke Pengadilan Pajak.",
        ],
    ),
    "Restitusi": (
        [
            "pengembalian kelebihan pembayaran",
            "restitusi PPN",
            "pengembalian pendahuluan",
        ],
        [
            "{obj} diberikan setelah penelitian atau pemeriksaan.",
            "Wajib pajak berisiko rendah dapat memperoleh pengembalian pendahuluan.",
            "Kelebihan pembayaran dikembalikan ke rekening atas nama wajib pajak.",
            "SPT lebih bayar memuat permohonan pengembalian.",
        ],
    ),
}
SHARED = [
    "Informasi lebih lanjut tersedia melalui Kring Pajak atau KPP terdaftar.",
    "Dokumen diunggah dalam format PDF dengan ukuran paling besar {n} megabita.",
    "Permohonan diproses paling lama {n} hari kerja sejak diterima lengkap.",
    "Wajib pajak menerima bukti penerimaan elektronik setelah mengirim permohonan.",
    "Ketentuan ini berlaku sejak tahun {year} sesuai peraturan yang berlaku.",
]
ACTIONS = ["Cara", "Panduan", "Syarat", "Batas waktu", "Tanya jawab", "Langkah"]
QUALIFIERS = [
    "di Coretax",
    "bagi orang pribadi",
    "bagi badan",
    "untuk karyawan",
    "tahun 2025",
    "bagi UMKM",
    "untuk bendahara",
    "bagi PKP",
]
DOCS = ["akta pendirian", "surat kuasa", "bukti potong", "laporan keuangan"]
CITIES = [
    "Medan",
    "Padang",
    "Pekanbaru",
    "Jambi",
    "Palembang",
    "Bengkulu",
    "Lampung",
    "Serang",
    "Bandung",
    "Semarang",
    "Yogyakarta",
    "Surabaya",
    "Denpasar",
    "Mataram",
    "Kupang",
    "Pontianak",
    "Banjarmasin",
    "Samarinda",
    "Manado",
    "Palu",
    "Makassar",
    "Kendari",
    "Ambon",
    "Ternate",
    "Jayapura",
    "Sorong",
    "Batam",
    "Cirebon",
    "Malang",
]
SYLLABLES = [
    "ba",
    "ka",
    "la",
    "ma",
    "na",
    "ra",
    "sa",
    "ta",
    "wa",
    "ja",
    "ri",
    "si",
    "ti",
    "ni",
    "mu",
    "ku",
    "lu",
    "su",
    "du",
]


def sentence(rng: random.Random, templates: list[str], objects: list[str]) -> str:
    return rng.choice(templates).format(
        obj=rng.choice(objects),
        doc=rng.choice(DOCS),
        n=rng.randint(1, 30),
        year=rng.randint(2019, 2026),
    )


def generate(rng: random.Random, number: int) -> tuple[str, str, str, str]:
    topic = rng.choice(list(TOPICS))
    objects, templates = TOPICS[topic]
    title = f"{rng.choice(ACTIONS)} {rng.choice(objects)} {rng.choice(QUALIFIERS)}"
    summary = " ".join(sentence(rng, templates, objects) for _ in range(2))
    company = "PT " + "".join(rng.choice(SYLLABLES) for _ in range(3)).title()
    paragraphs = []
    for _ in range(rng.randint(3, 6)):
        parts = [
            sentence(rng, templates, objects)
            if rng.random() < 0.75
            else sentence(rng, SHARED, objects)
            for _ in range(rng.randint(3, 6))
        ]
        parts.append(f"Contoh: {company} di {rng.choice(CITIES)}.")
        paragraphs.append(" ".join(parts))
    body = "\n\n".join(
        f"## Bagian {index + 1}\n\n{paragraph}"
        for index, paragraph in enumerate(paragraphs)
    )
    return topic, f"{title} ({number})", summary, body


def insert_corpus(size: int, seed: int, slug_prefix: str = "") -> None:
    """Insert `size` live articles under a few topics, without signals (raw inserts).

    `slug_prefix` keeps the topics' slugs apart from a site's own (a populated site)."""
    from django.db import connection, transaction
    from wagtail.models import Page, Site

    from kb.models import ArticlePage, TopicIndexPage

    rng = random.Random(seed)
    home = Site.objects.get(is_default_site=True).root_page
    topics = []
    for title in TOPICS:
        topic = TopicIndexPage(
            title=title, slug=slug_prefix + title.lower().replace(" ", "-")
        )
        home.add_child(instance=topic)
        topics.append(topic)
    by_title = {topic.title: topic for topic in topics}
    template = ArticlePage(title="Templat", slug="templat", summary="", body="x")
    topics[0].add_child(instance=template)
    template_page = Page.objects.get(pk=template.pk)
    page_fields = [
        f for f in Page._meta.concrete_fields if f.name not in {"id", "path", "depth"}
    ]
    child_fields = [
        f for f in ArticlePage._meta.local_concrete_fields if f.name != "page_ptr"
    ]
    counters = {topic.pk: topic.numchild for topic in topics}
    with transaction.atomic():
        for start in range(0, size, 2000):
            pages = []
            bodies = []
            for number in range(start, min(size, start + 2000)):
                topic_title, title, summary, body = generate(rng, number)
                topic = by_title[topic_title]
                counters[topic.pk] += 1
                page = Page(
                    **{
                        f.attname: getattr(template_page, f.attname)
                        for f in page_fields
                    }
                )
                page.title = page.draft_title = title
                page.slug = f"{slug_prefix}artikel-{number}"
                page.url_path = f"{topic.url_path}{page.slug}/"
                page.translation_key = uuid.uuid4()
                page.depth = topic.depth + 1
                page.path = Page._get_path(topic.path, page.depth, counters[topic.pk])
                page.numchild = 0
                pages.append(page)
                bodies.append((summary, body))
            Page.objects.bulk_create(pages, batch_size=500)
            ids = dict(
                Page.objects.filter(slug__in=[p.slug for p in pages]).values_list(
                    "slug", "id"
                )
            )
            rows = []
            for page, (summary, body) in zip(pages, bodies, strict=True):
                values = {"summary": summary, "body": body}
                rows.append(
                    [ids[page.slug]]
                    + [
                        values.get(f.attname, getattr(template, f.attname))
                        for f in child_fields
                    ]
                )
            columns = ["page_ptr_id"] + [f.column for f in child_fields]
            table = ArticlePage._meta.db_table
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * len(columns))})",
                    rows,
                )
        for topic in topics:
            TopicIndexPage.objects.filter(pk=topic.pk).update(
                numchild=counters[topic.pk]
            )
        template.delete()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_api(rounds: int) -> dict[str, float]:
    from django.test import Client

    client = Client()
    for query in QUERIES:  # warm-up: lexicon, caches, prepared plans
        client.get("/api/search/", {"q": query})
    times = []
    started = time.perf_counter()
    for _ in range(rounds):
        for query in QUERIES:
            begin = time.perf_counter()
            response = client.get("/api/search/", {"q": query})
            times.append(time.perf_counter() - begin)
            if response.status_code != 200:
                raise SystemExit(f"{query!r}: HTTP {response.status_code}")
    elapsed = time.perf_counter() - started
    return {
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "qps": len(times) / elapsed,
        "n": len(times),
    }


def measure_stock(operator: str, timeout: float, queries: list[str]) -> dict:
    """Stock Wagtail database search (default settings), cut at `timeout` seconds."""
    from django.db import OperationalError, connection
    from django.db.utils import DatabaseError
    from wagtail.models import Page
    from wagtail.search.backends.database import SearchBackend

    backend = SearchBackend({})
    times, timeouts = [], 0
    started = time.perf_counter()
    for query in queries:
        timer = None
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            timer = threading.Timer(timeout, connection.connection.interrupt)
            timer.start()
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {int(timeout * 1000)}")
        begin = time.perf_counter()
        try:
            list(
                backend.search(
                    query, Page.objects.live().public().specific(), operator=operator
                )[:10]
            )
            times.append(time.perf_counter() - begin)
        except (OperationalError, DatabaseError):
            timeouts += 1
            times.append(timeout)
        finally:
            if timer:
                timer.cancel()
            if connection.vendor != "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("SET statement_timeout = 0")
    return {
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "qps": len(times) / (time.perf_counter() - started),
        "timeouts": timeouts,
        "n": len(queries),
    }


def table(rows: list[tuple[str, str, dict]], stock: dict[str, dict], args) -> list[str]:
    """One line per engine: reindex time, median, p95, throughput, and how many times
    faster its median is than each stock Wagtail baseline measured in this run."""
    labels = list(stock)
    header = (
        f"  {'engine':<38} {'reindex':>8} {'median':>9} {'p95':>9} {'q/s':>6}  "
        + "  ".join(f"x stock {label}" for label in labels)
    )
    lines = [header, "  " + "-" * (len(header) - 2)]
    for name, reindex, figures in rows:
        ratios = "  ".join(
            f"{stock[label]['median_ms'] / figures['median_ms']:>{len(label) + 7}.1f}"
            for label in labels
        )
        lines.append(
            f"  {name:<38} {reindex:>8} {figures['median_ms']:>6.1f} ms"
            f" {figures['p95_ms']:>6.1f} ms {figures['qps']:>6.0f}  {ratios}"
        )
    for label, figures in stock.items():
        if figures["timeouts"]:
            lines.append(
                f"  stock {label}: {figures['timeouts']}/{figures['n']} queries cut at "
                f"{args.stock_timeout:.0f}s and counted as {args.stock_timeout:.0f}s, "
                "so its figures are lower bounds"
            )
    lines.append(
        f"  TKB: {args.rounds} passes over {len(QUERIES)} queries through GET "
        f"/api/search/ (after one warm-up pass); stock: one pass over "
        f"{min(args.stock_queries, len(QUERIES))} of the same queries, first 10 results"
    )
    return lines


def run_size(size: int, args) -> list[str]:
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    lines = []
    if connection.vendor == "sqlite":
        name = f"/tmp/tkb_bench_{os.getpid()}.sqlite3"  # noqa: S108 (a throw-away file)
        Path(name).unlink(missing_ok=True)
    else:
        # Its own database, never the test suite's (which may be running).
        name = f"test_{connection.settings_dict['NAME']}_bench_{os.getpid()}"
    connection.settings_dict["TEST"]["NAME"] = name
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        insert_corpus(size, seed=args.seed)
        lines.append(
            f"{size:>7} articles [{connection.vendor}] generated in "
            f"{time.perf_counter() - started:.1f}s (Django {django.get_version()})"
        )
        from search import queries as search_queries

        rows: list[tuple[str, str, dict]] = []
        started = time.perf_counter()
        with open(os.devnull, "w") as sink:
            call_command("update_index", backend_name="default", stdout=sink)
        reindex = time.perf_counter() - started
        with connection.cursor() as cursor:
            # Settle the new database before timing anything: the statistics, hint
            # bits and visibility maps autovacuum would produce. Otherwise its workers
            # vacuum the freshly written tables (pages, revisions, documents) while
            # the queries are being timed, on the same CPUs.
            cursor.execute(
                "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
            )
        rows.append(
            (
                f"TKB database ({connection.vendor})",
                f"{reindex:.1f}s",
                measure_api(args.rounds),
            )
        )
        if "opensearch" in args.backends:
            prefix = f"tkbbench_{uuid.uuid4().hex[:8]}_"
            conf = dict(settings.WAGTAILSEARCH_BACKENDS["opensearch"])
            conf.update({"INDEX_PREFIX": prefix, "AUTO_UPDATE": False})
            backends = {**settings.WAGTAILSEARCH_BACKENDS, "opensearch": conf}
            with override_settings(
                WAGTAILSEARCH_BACKENDS=backends, SEARCH_BACKEND="opensearch"
            ):
                try:
                    started = time.perf_counter()
                    with open(os.devnull, "w") as sink:
                        call_command(
                            "update_index", backend_name="opensearch", stdout=sink
                        )
                    reindex = time.perf_counter() - started
                    if search_queries.engines()[0].name != "opensearch":
                        raise SystemExit("the OpenSearch engine is not configured")
                    rows.append(
                        ("TKB OpenSearch", f"{reindex:.1f}s", measure_api(args.rounds))
                    )
                finally:
                    from wagtail.search.backends import get_search_backend

                    client = get_search_backend("opensearch").es
                    names = list(client.indices.get(index=f"{prefix}*"))
                    if names:
                        client.indices.delete(index=",".join(names))
        stock_queries = QUERIES[: args.stock_queries]
        stock: dict[str, dict] = {}
        for operator, label in (("and", "every word"), ("or", "any word")):
            if operator == "or" and args.skip_stock_any:
                continue
            stock[label] = measure_stock(operator, args.stock_timeout, stock_queries)
            rows.append((f"stock Wagtail database ({label})", "shared", stock[label]))
        lines += table(rows, stock, args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        if connection.vendor == "sqlite":
            for suffix in ("-wal", "-shm"):
                Path(name + suffix).unlink(missing_ok=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,20000,100000")
    parser.add_argument(
        "--backends",
        default="database",
        help="database and/or opensearch (needs OPENSEARCH_URL), comma-separated",
    )
    parser.add_argument("--rounds", type=int, default=4, help="passes over the queries")
    parser.add_argument(
        "--stock-queries",
        type=int,
        default=len(QUERIES),
        help="how many of the queries stock Wagtail answers (default: all of them)",
    )
    parser.add_argument(
        "--stock-timeout", type=float, default=10.0, help="seconds per stock query"
    )
    parser.add_argument("--skip-stock-any", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.backends = {b.strip() for b in args.backends.split(",") if b.strip()}
    if "opensearch" in args.backends and not os.environ.get("OPENSEARCH_URL"):
        parser.error("--backends opensearch needs OPENSEARCH_URL")

    import django

    django.setup()
    import logging

    logging.disable(logging.WARNING)
    for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
        for line in run_size(size, args):
            print(line, flush=True)


if __name__ == "__main__":
    main()
