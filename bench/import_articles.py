"""Benchmark `import_articles` on a fresh SQLite database.

Generates N realistic articles (default 5000) into a temporary JSON Lines file, migrates
a temporary SQLite database, imports the file, imports it again (nothing may change),
re-imports it with a tenth of the articles edited, and times a naive baseline in the
same run: Wagtail's add_child() followed by
save_revision().publish() with every signal connected, for a sample scaled up to N.

    .venv/bin/python bench/import_articles.py [-n 5000] [--baseline-sample 100]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TOPICS = [
    "NPWP",
    "EFIN & Akun",
    "SPT Tahunan",
    "e-Faktur & PPN",
    "Pajak Penghasilan",
    "Pajak Penghasilan/PPh Final UMKM",
    "Pajak Penghasilan/PPh Pasal 21",
    "Pembayaran & Pemindahbukuan",
    "Status Wajib Pajak",
    "Layanan Coretax",
]
TAGS = [
    "npwp",
    "nik",
    "coretax",
    "djp-online",
    "efin",
    "spt-tahunan",
    "e-faktur",
    "ppn",
    "pph-21",
    "umkm",
    "kode-billing",
    "pemindahbukuan",
    "non-efektif",
    "pkp",
    "bukti-potong",
]
REGULATIONS = [
    "PMK 81 Tahun 2024",
    "PMK 112/PMK.03/2022",
    "PP 55 Tahun 2022",
    "UU Nomor 7 Tahun 2021",
    "PER-04/PJ/2020",
    "PMK 168 Tahun 2023",
]
SUBJECTS = [
    "pendaftaran",
    "perubahan data",
    "pelaporan",
    "pembayaran",
    "pembetulan",
    "aktivasi akun",
    "permohonan",
    "pengukuhan",
]
SENTENCES = [
    "Wajib pajak dapat mengajukan permohonan melalui portal Coretax.",
    "Permohonan juga dapat disampaikan di kantor pelayanan pajak terdekat.",
    "Lampirkan dokumen pendukung yang diminta pada formulir.",
    "Setelah data diverifikasi, bukti penerimaan elektronik dikirim ke surel terdaftar.",
    "Pastikan nomor telepon seluler dan alamat surel masih aktif.",
    "Simpan bukti penerimaan sebagai arsip bila sewaktu-waktu diperlukan.",
    "Bila terdapat kendala, hubungi Kring Pajak 1500200.",
    "Periksa kembali kode akun pajak dan kode jenis setoran sebelum membayar.",
]


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(sentences))


def article(rng: random.Random, index: int) -> dict:
    subject = rng.choice(SUBJECTS)
    regulation = rng.choice(REGULATIONS)
    steps = "\n".join(f"{n}. {paragraph(rng, 1)}" for n in range(1, rng.randint(3, 6)))
    body = (
        f"## Ketentuan\n\n{paragraph(rng, rng.randint(5, 10))} "
        f"Dasar hukumnya adalah {regulation}.[^1]\n\n"
        f"## Langkah-langkah\n\n{steps}\n\n"
        "| Dokumen | Keterangan |\n|---|---|\n| KTP | NIK sebagai NPWP |\n\n"
        f"{paragraph(rng, rng.randint(4, 8))}\n\n[^1]: {regulation}."
    )
    return {
        "slug": f"artikel-{index:05d}-{subject.replace(' ', '-')}",
        "title": f"Panduan {subject} nomor {index}",
        "summary": paragraph(rng, 2),
        "body": body,
        "topic": rng.choice(TOPICS),
        "tags": rng.sample(TAGS, rng.randint(1, 4)),
        "audience": rng.sample(
            ["orang-pribadi", "badan", "bendahara", "pkp"], rng.randint(1, 2)
        ),
        "reviewed_on": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "content_owner": "Direktorat P2Humas",
    }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="articles to import")
    parser.add_argument(
        "--baseline-sample", type=int, default=100, help="naive pages to time"
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tkb-bench-"))
    source = workdir / "articles.jsonl"
    rng = random.Random(20250101)
    with source.open("w", encoding="utf-8") as handle:
        for index in range(args.n):
            handle.write(json.dumps(article(rng, index), ensure_ascii=False) + "\n")

    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "config.settings.dev"
        ),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    print(f"migrate (fresh SQLite): {time.perf_counter() - started:.1f} s")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.utils import timezone
    from wagtail.models import Revision

    from kb.importing import articles_import, kb_home
    from kb.models import ArticlePage, TopicIndexPage

    cpu = time.process_time()
    first = articles_import(paths=[source])
    first_cpu = time.process_time() - cpu
    if first.rejected:
        raise SystemExit("\n".join(str(p) for p in first.rejected[:10]))
    print(f"\nfirst run: {args.n} articles (settings {env['DJANGO_SETTINGS_MODULE']})")
    print(
        f"  created {first.created}, updated {first.updated}, "
        f"unchanged {first.unchanged}, rejected {len(first.rejected)}"
    )
    print(
        f"  total {first.seconds:.1f} s wall ({first_cpu:.1f} s CPU), "
        f"{args.n / first.seconds:.0f} records/s"
    )
    print(f"  of which search indexing at the end: {first.index_seconds:.1f} s")
    print(
        f"  per record: median {statistics.median(first.durations) * 1000:.1f} ms, "
        f"p95 {percentile(first.durations, 0.95) * 1000:.1f} ms"
    )
    revisions = Revision.objects.count()
    latest = ArticlePage.objects.order_by("-last_published_at").first()

    second = articles_import(paths=[source])
    print("\nsecond run (same file):")
    print(
        f"  created {second.created}, updated {second.updated}, "
        f"unchanged {second.unchanged}, total {second.seconds:.1f} s"
    )
    latest.refresh_from_db()
    unchanged = (
        Revision.objects.count() == revisions
        and ArticlePage.objects.order_by("-last_published_at").first().pk == latest.pk
    )
    print(f"  revisions and publish dates untouched: {unchanged}")

    # Editors' corrections arrive as a re-import: a tenth of the articles changed.
    changed = workdir / "changed.jsonl"
    edited = max(1, args.n // 10)
    with source.open(encoding="utf-8") as lines, changed.open("w") as handle:
        for index, line in enumerate(lines):
            data = json.loads(line)
            if index % 10 == 0:
                data["body"] += "\n\nDiperbarui: tautan formulir diganti."
            handle.write(json.dumps(data, ensure_ascii=False) + "\n")
    third = articles_import(paths=[changed])
    print(f"\nthird run: {edited} of {args.n} articles edited")
    print(
        f"  created {third.created}, updated {third.updated}, "
        f"unchanged {third.unchanged}, total {third.seconds:.1f} s"
    )
    print(
        f"  per updated record: median {statistics.median(third.durations) * 1000:.1f} ms, "
        f"p95 {percentile(third.durations, 0.95) * 1000:.1f} ms"
    )

    home = kb_home()
    topic = TopicIndexPage(title="Baseline", slug="baseline")
    home.add_child(instance=topic)
    topic.save_revision().publish()
    sample = [article(rng, args.n + i) for i in range(args.baseline_sample)]
    durations = []
    cpu = time.process_time()
    for data in sample:
        t0 = time.perf_counter()
        page = ArticlePage(
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            body=data["body"],
            reviewed_on=timezone.datetime.fromisoformat(data["reviewed_on"]).date(),
            content_owner=data["content_owner"],
        )
        page.tags.set(data["tags"])
        topic.add_child(instance=page)
        page.save_revision().publish()
        durations.append(time.perf_counter() - t0)
    naive_cpu = (time.process_time() - cpu) / len(sample)
    naive = statistics.mean(durations)
    ours = first.seconds / args.n
    print(
        f"\nbaseline: naive add_child + save_revision().publish(), {len(sample)} pages"
    )
    print(
        f"  median {statistics.median(durations) * 1000:.1f} ms, "
        f"p95 {percentile(durations, 0.95) * 1000:.1f} ms, "
        f"mean {naive * 1000:.1f} ms"
    )
    print(
        f"  scaled to {args.n} articles: {naive * args.n:.1f} s wall, "
        f"{naive_cpu * args.n:.1f} s CPU"
    )
    print(
        f"  ratio baseline/import per article (incl. indexing): {naive / ours:.1f}x "
        f"wall, {naive_cpu / (first_cpu / args.n):.1f}x CPU"
    )
    load = os.getloadavg()[0]
    print(f"\nload average at the end: {load:.1f} on {os.cpu_count()} CPUs")
    shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
