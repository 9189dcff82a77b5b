# Seed the editor-managed synonym list with tax abbreviations and the words taxpayers
# use for them. Expansions follow DJP's own glossary usage on pajak.go.id; colloquial
# pairs come from how questions are phrased to Kring Pajak and on social media.

from django.db import migrations

# (terms, one_way, note)
SEED = [
    ("NPWP, nomor pokok wajib pajak", False, "singkatan"),
    ("NIK, nomor induk kependudukan, KTP", False, "NIK sebagai NPWP orang pribadi"),
    ("NITKU, nomor identitas tempat kegiatan usaha", False, "singkatan"),
    ("SPT, surat pemberitahuan", False, "singkatan"),
    ("PPh, pajak penghasilan", False, "singkatan"),
    ("PPN, pajak pertambahan nilai", False, "singkatan"),
    ("PPnBM, pajak penjualan atas barang mewah", False, "singkatan"),
    ("PKP, pengusaha kena pajak", False, "singkatan"),
    ("PTKP, penghasilan tidak kena pajak", False, "singkatan"),
    ("EFIN, electronic filing identification number", False, "singkatan"),
    ("e-Faktur, faktur elektronik, faktur pajak elektronik", False, "aplikasi"),
    ("e-Bupot, bukti potong elektronik, bukti pemotongan elektronik", False, "aplikasi"),
    ("bupot, bukti potong, bukti pemotongan", False, "singkatan"),
    ("e-Billing, kode billing, ID billing", False, "pembayaran"),
    ("DJP, Direktorat Jenderal Pajak, Ditjen Pajak", False, "singkatan"),
    ("KPP, kantor pelayanan pajak, kantor pajak", False, "singkatan"),
    (
        "KP2KP, kantor pelayanan penyuluhan dan konsultasi perpajakan",
        False,
        "singkatan",
    ),
    ("WP, wajib pajak", False, "singkatan"),
    ("WPOP, wajib pajak orang pribadi", False, "singkatan"),
    ("NTPN, nomor transaksi penerimaan negara", False, "singkatan"),
    ("BPE, bukti penerimaan elektronik", False, "singkatan"),
    ("NTTE, nomor tanda terima elektronik", False, "singkatan"),
    ("SSP, surat setoran pajak", False, "singkatan"),
    ("SKB, surat keterangan bebas", False, "singkatan"),
    ("SKT, surat keterangan terdaftar", False, "singkatan"),
    ("SKF, surat keterangan fiskal", False, "singkatan"),
    ("STP, surat tagihan pajak", False, "singkatan"),
    ("SKPKB, surat ketetapan pajak kurang bayar", False, "singkatan"),
    ("SKPLB, surat ketetapan pajak lebih bayar", False, "singkatan"),
    ("SKPN, surat ketetapan pajak nihil", False, "singkatan"),
    ("SPHP, surat pemberitahuan hasil pemeriksaan", False, "singkatan"),
    (
        "SP2DK, surat permintaan penjelasan atas data dan/atau keterangan",
        False,
        "singkatan",
    ),
    ("SPPKP, surat pengukuhan pengusaha kena pajak", False, "singkatan"),
    ("UMKM, usaha mikro kecil dan menengah", False, "singkatan"),
    ("KUP, ketentuan umum dan tata cara perpajakan", False, "singkatan"),
    ("HPP, harmonisasi peraturan perpajakan", False, "singkatan"),
    ("PBB, pajak bumi dan bangunan", False, "singkatan"),
    ("BPHTB, bea perolehan hak atas tanah dan bangunan", False, "singkatan"),
    ("PMK, peraturan menteri keuangan", False, "singkatan"),
    ("perdirjen, peraturan direktur jenderal pajak", False, "singkatan"),
    ("SE, surat edaran", False, "singkatan"),
    ("Coretax, coretax administration system, CTAS", False, "aplikasi"),
    ("DJP Online, djponline", False, "aplikasi"),
    ("karyawan, pegawai, pekerja", False, "bahasa sehari-hari"),
    ("lapor, e-Filing, e-Form", False, "cara lapor SPT"),
    ("bayar, setor, menyetor, penyetoran", False, "bahasa sehari-hari"),
    ("gaji, penghasilan", True, "mencari gaji juga menemukan penghasilan"),
    ("upah, penghasilan", True, "mencari upah juga menemukan penghasilan"),
    ("password, kata sandi", False, "bahasa sehari-hari"),
    ("lupa, reset, atur ulang", True, "lupa EFIN/kata sandi"),
    ("hilang, lupa", True, "EFIN atau kata sandi hilang"),
    ("nonaktif, non efektif, NE, tidak aktif", False, "status NPWP"),
    ("mati, nonaktif", True, "NPWP mati"),
    ("daftar, registrasi, pendaftaran", False, "bahasa sehari-hari"),
    ("ubah, ganti, perubahan, pemutakhiran", False, "perubahan data"),
    ("denda, sanksi", False, "bahasa sehari-hari"),
    ("telat, terlambat", False, "bahasa sehari-hari"),
    (
        "restitusi, pengembalian kelebihan pembayaran pajak, pengembalian pendahuluan",
        False,
        "pengembalian pajak",
    ),
    ("freelancer, pekerjaan bebas", False, "bahasa sehari-hari"),
    ("olshop, online shop, toko online, perdagangan elektronik", False, "usaha daring"),
    ("pensiunan, pensiun", False, "bahasa sehari-hari"),
    ("meterai, materai, e-meterai", False, "ejaan"),
    ("cabut, pencabutan, hapus, penghapusan", False, "penghapusan NPWP/PKP"),
    ("tutup, hapus", True, "tutup NPWP"),
    ("NSFP, nomor seri faktur pajak", False, "singkatan"),
    ("komplain, pengaduan, keluhan, aduan", False, "bahasa sehari-hari"),
    ("cicil, angsur, angsuran, pengangsuran", False, "bahasa sehari-hari"),
    ("utang pajak, tunggakan pajak, tunggakan", False, "bahasa sehari-hari"),
    ("online, daring", False, "bahasa sehari-hari"),
    ("online, elektronik", True, "bayar/lapor online"),
    ("PT, perusahaan, badan usaha, badan", True, "wajib pajak badan"),
    ("CV, badan usaha, badan", True, "wajib pajak badan"),
    ("login, masuk, log in", False, "akun"),
    ("daftar NPWP, buat NPWP, bikin NPWP", False, "pendaftaran"),
    ("daftar akun, buat akun, bikin akun", False, "akun DJP Online/Coretax"),
    ("token, OTP, kode verifikasi", False, "validasi"),
    ("sertifikat elektronik, sertel", False, "singkatan"),
]


def seed(apps, schema_editor):
    synonym = apps.get_model("search", "Synonym")
    for terms, one_way, note in SEED:
        synonym.objects.get_or_create(
            terms=terms, defaults={"one_way": one_way, "note": note}
        )


def unseed(apps, schema_editor):
    synonym = apps.get_model("search", "Synonym")
    synonym.objects.filter(terms__in=[terms for terms, _one_way, _note in SEED]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_indexes")]

    operations = [migrations.RunPython(seed, unseed)]
