"""Benchmark regulations.citations.find_citations over ~10 MB of article-like text.

Run from the repository root:  .venv/bin/python bench/citations.py [--mb 10] [--seed 7]

Prints throughput (MB/s, citations/s), the median and p95 time per 100 KB chunk, and
a naive single-regex baseline measured on the same text in the same run.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

CHUNK = 100_000
RUNS = 3

NOISE = [
    "Wajib Pajak orang pribadi wajib menyampaikan SPT Tahunan paling lambat tiga bulan setelah akhir Tahun Pajak.",
    "Informasi lebih lanjut dapat diperoleh melalui Kring Pajak 1500 200 atau telepon (021) 525-0208.",
    "Faktur Pajak nomor 010.000-24.12345678 diterbitkan pada 21/04/2024 untuk NPWP 01.234.567.8-901.000.",
    "Batas PTKP adalah Rp54 juta setahun, dan peredaran bruto di bawah Rp4,8 miliar dikenai tarif final 0,5%.",
    "PPh Pasal 21 atas gaji dipotong setiap bulan; sejak tahun 2024 pemotongan memakai tarif efektif rata-rata.",
    "Formulir SPT 1770 S digunakan oleh Wajib Pajak orang pribadi yang bekerja pada satu pemberi kerja.",
    "Diundangkan dalam Lembaran Negara Republik Indonesia Tahun 2021 Nomor 246, Tambahan Lembaran Negara Nomor 6736.",
    "Mulai 1 Januari 2025 NIK 3171234567890001 digunakan sebagai NPWP bagi penduduk.",
    "Pengusaha Kena Pajak membuat Faktur Pajak elektronik melalui aplikasi yang disediakan Direktorat Jenderal Pajak.",
    "Permohonan diajukan secara daring, lalu petugas meneliti kelengkapan dokumen dalam 10 hari kerja.",
    "PPh 21 tahun 2024 dihitung ulang pada masa Desember untuk pegawai tetap.",
    "Kantor Pelayanan Pajak memberikan layanan tatap muka pada hari kerja pukul 08.00 sampai 16.00.",
    "Nomor Pokok Wajib Pajak yang tidak aktif dapat diaktifkan kembali atas permohonan Wajib Pajak.",
    "Surat Pemberitahuan yang terlambat disampaikan dikenai sanksi administrasi berupa denda Rp100.000.",
    "Layanan ini termasuk dalam program Click, Call, Counter yang dijalankan oleh Direktorat Jenderal Pajak.",
]

LEAD = [
    "Sesuai dengan ketentuan {c}, ",
    "Berdasarkan {c}, ",
    "Ketentuan ini merupakan pelaksanaan {c}, sehingga ",
    "Sebagaimana diatur dalam {c}, ",
    "Menurut {c} sebagaimana telah diubah dengan {c}, ",
    "Untuk melaksanakan ketentuan {c}, ",
]
TAIL = [
    "Wajib Pajak wajib melaporkan perubahan data paling lambat satu bulan setelah perubahan terjadi.",
    "pemotong pajak wajib memberikan bukti pemotongan kepada pihak yang dipotong.",
    "permohonan dapat diajukan melalui laman resmi Direktorat Jenderal Pajak.",
    "tarif yang berlaku adalah 11% sejak 1 April 2022.",
    "Pengusaha Kena Pajak wajib membuat Faktur Pajak atas setiap penyerahan.",
]
ALIASES = ["UU KUP", "UU PPh", "UU PPN", "UU HPP", "UU Cipta Kerja", "UU Bea Meterai"]


def random_citation(rng: random.Random) -> str:
    """One citation in a form people write, sometimes with a provision before it."""
    n, y = rng.randint(1, 250), rng.randint(1983, 2025)
    unit = rng.choice(["03", "010", "011", "04", "05"])
    forms = [
        f"PMK {n}/{y}",
        f"PMK Nomor {n} Tahun {y}",
        f"Peraturan Menteri Keuangan Nomor {n} Tahun {y}",
        f"{n}/PMK.{unit}/{y}",
        f"PMK-{n}/PMK.{unit}/{y}",
        f"Peraturan Menteri Keuangan Nomor {n}/PMK.{unit}/{y}",
        f"Keputusan Menteri Keuangan Nomor {n}/KMK.{unit}/{y}",
        f"PER-{n:02d}/PJ/{y}",
        f"Peraturan Direktur Jenderal Pajak Nomor PER-{n}/PJ/{y}",
        f"SE-{n}/PJ/{y}",
        f"KEP-{n}/PJ./{y}",
        f"ND-{n}/PJ.09/{y}",
        f"UU Nomor {n % 60 + 1} Tahun {y}",
        f"UU {n % 60 + 1}/{y}",
        f"Undang-Undang Nomor {n % 60 + 1} Tahun {y}",
        f"PP {n} Tahun {y}",
        f"Peraturan Pemerintah Nomor {n} Tahun {y}",
        f"Perppu {n % 3 + 1}/{y}",
        rng.choice(ALIASES),
    ]
    citation = rng.choice(forms)
    if rng.random() < 0.25:
        citation = f"Pasal {rng.randint(1, 40)} ayat ({rng.randint(1, 5)}) {citation}"
    return citation


def build_text(megabytes: float, seed: int) -> tuple[str, int]:
    """Article-like paragraphs with a citation every few lines, plus look-alike noise."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    parts: list[str] = []
    size = inserted = 0
    while size < target:
        sentences = rng.sample(NOISE, 3)
        lead = rng.choice(LEAD)
        count = lead.count("{c}")
        citations = [random_citation(rng) for _ in range(count)]
        inserted += count
        sentence = lead.replace("{c}", "{}").format(*citations) + rng.choice(TAIL)
        sentences.insert(rng.randint(0, 3), sentence)
        paragraph = " ".join(sentences) + "\n\n"
        parts.append(paragraph)
        size += len(paragraph)
    return "".join(parts), inserted


def timed(function: Callable[[str], object], text: str) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(text)
    return time.perf_counter() - start, result


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from regulations.citations import find_citations

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="text size in MB")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    args = parser.parse_args()

    text, inserted = build_text(args.mb, args.seed)
    megabytes = len(text.encode()) / 1_000_000
    naive = re.compile(r"\d+/PMK\.\d+/\d{4}")

    ours = [timed(find_citations, text) for _ in range(RUNS)]
    base = [timed(naive.findall, text) for _ in range(RUNS)]
    ours_s = statistics.median(t for t, _ in ours)
    base_s = statistics.median(t for t, _ in base)
    found = len(ours[0][1])
    naive_found = len(base[0][1])

    chunk_ms = []
    for offset in range(0, len(text), CHUNK):
        seconds, _ = timed(find_citations, text[offset : offset + CHUNK])
        chunk_ms.append(seconds * 1000)
    chunk_ms.sort()
    p95 = chunk_ms[min(len(chunk_ms) - 1, int(0.95 * len(chunk_ms)))]

    print(f"text: {megabytes:.2f} MB, {len(text):,} characters, seed {args.seed}")
    print(f"citations inserted: {inserted:,}; found: {found:,}")
    print(f"find_citations (median of {RUNS} runs): {ours_s:.3f} s")
    print(
        f"  throughput: {megabytes / ours_s:.1f} MB/s, {found / ours_s:,.0f} citations/s"
    )
    print(
        f"  per 100 KB chunk ({len(chunk_ms)} chunks): median {statistics.median(chunk_ms):.2f} ms, "
        f"p95 {p95:.2f} ms"
    )
    print(
        rf"baseline re.findall(r'\d+/PMK\.\d+/\d{{4}}') (median of {RUNS}): "
        f"{base_s:.3f} s, {megabytes / base_s:.1f} MB/s, {naive_found:,} matches"
    )
    print(f"ratio find_citations / baseline time: {ours_s / base_s:.2f}x")


if __name__ == "__main__":
    main()
