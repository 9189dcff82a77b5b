"""`import_articles`: JSON Lines and Markdown import, idempotence, updates, rejections."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db.models.signals import post_save
from wagtail.models import PageLogEntry, Revision
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signals import page_published

from kb.importing import articles_import, bulk_import_active, faq_pages_import
from kb.models import ArticlePage, AudienceGroup, FAQPage, TopicIndexPage
from tests.factories import ArticlePageFactory, FAQPageFactory, TopicIndexPageFactory

pytestmark = pytest.mark.django_db


def record(slug: str, **fields) -> dict:
    return {
        "slug": slug,
        "title": f"Judul {slug}",
        "body": f"## Langkah\n\n1. Buka Coretax untuk {slug}.",
        **fields,
    }


def write_jsonl(path, *lines) -> str:
    """Write records (dicts) or raw lines (str/bytes) to a JSON Lines file."""
    with open(path, "wb") as handle:
        for line in lines:
            if isinstance(line, dict):
                line = json.dumps(line, ensure_ascii=False)
            if isinstance(line, str):
                line = line.encode()
            handle.write(line + b"\n")
    return str(path)


def run_import(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_import_rejected(*args) -> tuple[str, str]:
    """Run an import that must fail; return (stdout, CommandError message)."""
    out = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_articles", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue(), str(excinfo.value)


def article(slug: str) -> ArticlePage:
    return ArticlePage.objects.get(slug=slug)


# Creating


def test_jsonl_import_creates_published_articles_under_their_topics(
    tmp_path, home_page
):
    source = write_jsonl(
        tmp_path / "artikel.jsonl",
        record(
            "daftar-npwp",
            summary="Cara mendaftar NPWP.",
            topic="NPWP",
            tags=["npwp", "pendaftaran"],
            audience=["orang-pribadi", "badan"],
            reviewed_on="2025-05-01",
            content_owner="Direktorat P2Humas",
        ),
        record(
            "omzet-umkm",
            topic="Pajak Penghasilan/PPh Final UMKM",
            audience="orang-pribadi",
        ),
    )

    out, _err = run_import(source)

    assert "2 dibuat, 0 diperbarui, 0 tidak berubah, 0 ditolak" in out
    npwp = article("daftar-npwp")
    assert npwp.get_parent().specific == TopicIndexPage.objects.get(slug="npwp")
    assert npwp.get_parent().get_parent().pk == home_page.pk
    assert npwp.get_parent().live
    assert npwp.title == "Judul daftar-npwp"
    assert npwp.summary == "Cara mendaftar NPWP."
    assert sorted(npwp.tag_names) == ["npwp", "pendaftaran"]
    assert sorted(npwp.audience_codes) == ["badan", "orang-pribadi"]
    assert npwp.reviewed_on == date(2025, 5, 1)
    assert npwp.content_owner == "Direktorat P2Humas"
    assert not npwp.is_demo
    umkm = article("omzet-umkm")
    subtopic = umkm.get_parent()
    assert subtopic.title == "PPh Final UMKM"
    assert subtopic.get_parent().title == "Pajak Penghasilan"
    assert subtopic.get_parent().get_parent().pk == home_page.pk
    assert umkm.audience_codes == ["orang-pribadi"]


def test_imported_article_is_published_like_wagtail_publish(tmp_path, topic):
    published = []

    def receiver(sender, instance, revision, **kwargs):
        published.append((sender, instance.pk, revision.pk))

    page_published.connect(receiver)
    try:
        run_import(write_jsonl(tmp_path / "a.jsonl", record("baru", topic="NPWP")))
    finally:
        page_published.disconnect(receiver)

    page = article("baru")
    revision = Revision.objects.get(object_id=str(page.pk))
    assert page.live
    assert not page.has_unpublished_changes
    assert page.latest_revision_id == page.live_revision_id == revision.pk
    assert page.first_published_at == page.last_published_at
    assert page.first_published_at == page.latest_revision_created_at
    assert page.draft_title == page.title
    assert revision.as_object().body == page.body
    assert sorted(revision.as_object().tags.names()) == sorted(page.tags.names())
    actions = set(
        PageLogEntry.objects.filter(page=page).values_list("action", flat=True)
    )
    assert actions == {"wagtail.create", "wagtail.publish"}
    assert published == [(ArticlePage, page.pk, revision.pk)]


def test_markdown_folder_import_reads_front_matter_recursively(tmp_path, home_page):
    folder = tmp_path / "konten" / "spt"
    folder.mkdir(parents=True)
    (folder / "lapor-spt.md").write_text(
        "---\n"
        "title: Lapor SPT Tahunan\n"
        "summary: Ringkas.\n"
        "topic: SPT Tahunan\n"
        "tags: [spt, coretax]\n"
        "audience: orang-pribadi\n"
        "reviewed_on: 2026-01-19\n"
        "content_owner: Direktorat P2Humas\n"
        "---\n"
        "## Langkah\n\n1. Masuk ke Coretax.\n",
        encoding="utf-8",
    )
    (tmp_path / "konten" / "lain.md").write_text(
        "---\nslug: slug-dari-front-matter\ntitle: Lain\ntopic: SPT Tahunan\n---\nIsi.\n",
        encoding="utf-8",
    )
    (tmp_path / "konten" / "catatan.txt").write_text("bukan artikel")

    out, _err = run_import(str(tmp_path / "konten"))

    assert "2 dibuat" in out
    page = article("lapor-spt")  # slug from the file name
    assert page.body == "## Langkah\n\n1. Masuk ke Coretax."
    assert page.get_parent().title == "SPT Tahunan"
    assert sorted(page.tag_names) == ["coretax", "spt"]
    assert page.audience_codes == ["orang-pribadi"]
    assert page.reviewed_on == date(2026, 1, 19)
    assert article("slug-dari-front-matter").get_parent().pk == page.get_parent().pk
    assert TopicIndexPage.objects.filter(slug="spt-tahunan").count() == 1


def test_existing_topic_is_matched_by_slug_of_title_or_slug(tmp_path, topic):
    source = write_jsonl(
        tmp_path / "a.jsonl",
        record("satu", topic="NPWP"),
        record("dua", topic="npwp"),
    )

    run_import(source)

    assert TopicIndexPage.objects.count() == 1
    assert article("satu").get_parent().pk == topic.pk
    assert article("dua").get_parent().pk == topic.pk


def test_record_without_topic_goes_to_the_default_topic(tmp_path, home_page):
    run_import(write_jsonl(tmp_path / "a.jsonl", record("tanpa-topik")))

    assert article("tanpa-topik").get_parent().title == "Umum"


def test_unknown_fields_are_ignored_with_a_warning(tmp_path, topic):
    source = write_jsonl(
        tmp_path / "a.jsonl", record("x", topic="NPWP", penulis="Budi", urutan=3)
    )

    out, err = run_import(source)

    assert "1 dibuat" in out
    assert f"{source}:1: kolom tidak dikenal diabaikan: penulis, urutan" in err


def test_demo_flag_marks_articles_as_demo(tmp_path, topic):
    run_import(
        write_jsonl(tmp_path / "a.jsonl", record("demo", topic="NPWP")), "--demo"
    )

    assert article("demo").is_demo


# Idempotence and updates


def test_second_run_with_same_input_changes_nothing(tmp_path, topic):
    source = write_jsonl(
        tmp_path / "a.jsonl",
        record("satu", topic="NPWP", tags=["npwp"], audience=["badan"]),
        record("dua", topic="Baru/Sub Baru", reviewed_on="2025-01-02"),
    )
    run_import(source)
    revisions = Revision.objects.count()
    published_at = dict(ArticlePage.objects.values_list("slug", "last_published_at"))
    logs = PageLogEntry.objects.count()

    out, _err = run_import(source)

    assert "0 dibuat, 0 diperbarui, 2 tidak berubah, 0 ditolak" in out
    assert Revision.objects.count() == revisions
    assert PageLogEntry.objects.count() == logs
    assert (
        dict(ArticlePage.objects.values_list("slug", "last_published_at"))
        == published_at
    )


def test_update_by_slug_changes_body_with_exactly_one_new_revision(tmp_path, topic):
    run_import(write_jsonl(tmp_path / "v1.jsonl", record("ubah", topic="NPWP")))
    page = article("ubah")
    first_published = page.last_published_at

    out, _err = run_import(
        write_jsonl(
            tmp_path / "v2.jsonl",
            record("ubah", topic="NPWP", body="## Baru\n\nIsi yang diperbarui."),
        )
    )

    assert "0 dibuat, 1 diperbarui" in out
    page = article("ubah")
    assert page.body == "## Baru\n\nIsi yang diperbarui."
    assert Revision.objects.filter(object_id=str(page.pk)).count() == 2
    assert page.live_revision_id == page.latest_revision_id
    assert page.last_published_at > first_published
    assert ArticlePage.objects.filter(slug="ubah").count() == 1


def test_update_moves_article_to_its_new_topic(tmp_path, topic):
    run_import(write_jsonl(tmp_path / "v1.jsonl", record("pindah", topic="NPWP")))

    run_import(
        write_jsonl(tmp_path / "v2.jsonl", record("pindah", topic="SPT Tahunan"))
    )

    page = article("pindah")
    assert page.get_parent().title == "SPT Tahunan"
    assert page.url_path.endswith("/spt-tahunan/pindah/")
    assert topic.get_children().count() == 0


def test_tags_and_audiences_changes_count_as_updates(tmp_path, topic):
    run_import(
        write_jsonl(
            tmp_path / "v1.jsonl", record("meta", topic="NPWP", tags=["a", "b"])
        )
    )

    out, _err = run_import(
        write_jsonl(
            tmp_path / "v2.jsonl",
            record("meta", topic="NPWP", tags=["a"], audience=["pkp"]),
        )
    )

    assert "1 diperbarui" in out
    page = article("meta")
    assert page.tag_names == ["a"]
    assert page.audience_codes == ["pkp"]


# Rejections


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ('{"slug": "x", "title": ', "JSON tidak sah pada kolom"),
        (
            '["slug", "x"]',
            "setiap baris harus berupa satu objek JSON {...}, bukan daftar",
        ),
        ('"teks saja"', "setiap baris harus berupa satu objek JSON {...}, bukan teks"),
        ({"slug": "x", "body": "isi"}, "judul (title) wajib diisi"),
        ({"slug": "x", "title": "  ", "body": "isi"}, "judul (title) wajib diisi"),
        ({"slug": "x", "title": "T"}, "isi (body) wajib diisi"),
        ({"title": "T", "body": "isi"}, "slug wajib diisi"),
        (
            {"slug": "bukan slug!", "title": "T", "body": "isi"},
            "slug 'bukan slug!' tidak sah",
        ),
        (
            record("x", audience=["orang-pribadi", "alien"]),
            "pembaca (audience) 'alien' tidak dikenal; gunakan salah satu: "
            "orang-pribadi, badan, bendahara, pkp",
        ),
        (
            record("x", reviewed_on="2025-02-30"),
            "tanggal tinjau (reviewed_on): tanggal '2025-02-30' tidak sah; "
            "tulis YYYY-MM-DD, mis. 2025-05-21",
        ),
        (
            record("x", reviewed_on="31/03/2025"),
            "tanggal tinjau (reviewed_on): tanggal '31/03/2025' tidak sah",
        ),
        (
            record("x", title="J" * 256),
            "judul (title) terlalu panjang: 256 karakter, maksimal 255",
        ),
        (
            record("x", summary="r" * 501),
            "ringkasan (summary) terlalu panjang: 501 karakter, maksimal 500",
        ),
        (record("x", title=2025), "judul (title) harus berupa teks, bukan angka"),
        (record("x", tags=["a", 1]), "tag (tags) harus berupa daftar teks"),
        (record("x", topic="///"), "topik (topic) '///' tidak sah"),
    ],
)
def test_bad_record_is_rejected_with_file_line_and_reason(
    tmp_path, topic, bad_line, reason
):
    source = write_jsonl(
        tmp_path / "artikel.jsonl",
        record("sah-1", topic="NPWP"),
        bad_line,
        record("sah-2", topic="NPWP"),
    )

    out, message = run_import_rejected(source)

    assert f"{source}:2: {reason}" in message
    assert "1 catatan ditolak" in message
    assert "2 dibuat, 0 diperbarui, 0 tidak berubah, 1 ditolak" in out
    assert set(ArticlePage.objects.values_list("slug", flat=True)) == {
        "sah-1",
        "sah-2",
    }


def test_duplicate_slug_in_one_import_rejects_the_second(tmp_path, topic):
    source = write_jsonl(
        tmp_path / "a.jsonl",
        record("kembar", topic="NPWP", title="Pertama"),
        record("kembar", topic="NPWP", title="Kedua"),
    )

    _out, message = run_import_rejected(source)

    assert (
        f"{source}:2: slug 'kembar' sudah ada di baris 1 dalam impor ini; hanya yang "
        "pertama diimpor"
    ) in message
    assert article("kembar").title == "Pertama"


def test_invalid_utf8_line_is_rejected_and_other_lines_imported(tmp_path, topic):
    source = write_jsonl(
        tmp_path / "a.jsonl",
        record("sebelum", topic="NPWP"),
        b'{"slug": "rusak", "title": "Caf\xe9", "body": "x"}',
        record("sesudah", topic="NPWP"),
    )

    _out, message = run_import_rejected(source)

    assert f"{source}:2: bukan teks UTF-8 yang sah (byte 0xe9" in message
    assert not ArticlePage.objects.filter(slug="rusak").exists()
    assert ArticlePage.objects.filter(slug__in=["sebelum", "sesudah"]).count() == 2


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        (b"# Tanpa front matter\n\nIsi.\n", 1, "front matter YAML tidak ditemukan"),
        (b"---\ntitle: Tidak ditutup\n\nIsi.\n", 1, "front matter tidak ditutup"),
        (
            b"---\ntitle: Ok\ntags: [a, b\n---\nIsi.\n",
            3,
            "front matter YAML tidak sah",
        ),
        (
            b"---\n- satu\n- dua\n---\nIsi.\n",
            1,
            "front matter harus berupa pasangan 'kunci: nilai' (mis. 'title: ...'), "
            "bukan daftar",
        ),
        (
            b"---\n---\nIsi.\n",
            1,
            "front matter harus berupa pasangan 'kunci: nilai' (mis. 'title: ...'), "
            "bukan kosong (null)",
        ),
        (b"---\nsummary: Tanpa judul\n---\nIsi.\n", 1, "judul (title) wajib diisi"),
        (b"---\ntitle: Tanpa isi\n---\n\n", 4, "isi (body) wajib diisi"),
        (
            b"---\ntitle: Ok\ntopic: NPWP\naudience: [umum]\n---\nIsi.\n",
            4,
            "pembaca (audience) 'umum' tidak dikenal",
        ),
        (
            b"---\ntitle: Ok\nreviewed_on: 2025-02-30\n---\nIsi.\n",
            3,
            "tanggal tinjau (reviewed_on): tanggal '2025-02-30' tidak sah",
        ),
        (b"---\ntitle: Caf\xe9\n---\nIsi.\n", 2, "bukan teks UTF-8 yang sah"),
    ],
)
def test_bad_markdown_file_is_rejected_with_file_line_and_reason(
    tmp_path, topic, content, line, reason
):
    (tmp_path / "baik.md").write_text("---\ntitle: Baik\ntopic: NPWP\n---\nIsi.\n")
    bad = tmp_path / "buruk.md"
    bad.write_bytes(content)

    out, message = run_import_rejected(str(tmp_path))

    assert f"{bad}:{line}: {reason}" in message
    assert "1 dibuat" in out
    assert list(ArticlePage.objects.values_list("slug", flat=True)) == ["baik"]


def test_wagtail_validation_failure_is_rejected_without_leftovers(tmp_path, topic):
    FAQPageFactory(parent=topic, slug="bentrok", title="FAQ lama")
    revisions = Revision.objects.count()
    source = write_jsonl(tmp_path / "a.jsonl", record("bentrok", topic="NPWP"))

    _out, message = run_import_rejected(source)

    assert f"{source}:1: slug:" in message
    assert "bentrok" in message
    assert not ArticlePage.objects.filter(slug="bentrok").exists()
    assert Revision.objects.count() == revisions
    assert FAQPage.objects.get(slug="bentrok").title == "FAQ lama"


def test_one_refused_record_in_a_batch_leaves_the_others_written_once(tmp_path, topic):
    FAQPageFactory(parent=topic, slug="bentrok", title="FAQ lama")
    source = write_jsonl(
        tmp_path / "a.jsonl",
        record("pertama", topic="NPWP"),
        record("bentrok", topic="NPWP"),
        record("ketiga", topic="NPWP"),
    )

    _out, message = run_import_rejected(source)

    assert f"{source}:2: slug:" in message
    assert f"{source}:1" not in message and f"{source}:3" not in message
    written = ArticlePage.objects.filter(slug__in=["pertama", "ketiga"])
    assert sorted(written.values_list("slug", flat=True)) == ["ketiga", "pertama"]
    for page in written:
        assert Revision.objects.filter(object_id=str(page.pk)).count() == 1
        assert list(
            PageLogEntry.objects.filter(page=page)
            .order_by("pk")
            .values_list("action", flat=True)
        ) == ["wagtail.create", "wagtail.publish"]
    assert not ArticlePage.objects.filter(slug="bentrok").exists()


def test_failed_record_rolls_back_the_topic_it_created(tmp_path, home_page):
    AudienceGroup.objects.filter(slug="pkp").delete()
    source = write_jsonl(
        tmp_path / "a.jsonl",
        record("gagal", topic="Topik Baru", audience=["pkp"]),
        record("berhasil", topic="Topik Baru"),
    )

    _out, message = run_import_rejected(source)

    assert f"{source}:1: kelompok pembaca pkp belum ada di basis data" in message
    assert TopicIndexPage.objects.filter(slug="topik-baru").count() == 1
    assert article("berhasil").get_parent().slug == "topik-baru"
    assert not ArticlePage.objects.filter(slug="gagal").exists()


def test_demo_import_never_changes_non_demo_articles(tmp_path, topic):
    ArticlePageFactory(parent=topic, slug="resmi", title="Artikel resmi", body="Asli")
    source = write_jsonl(tmp_path / "a.jsonl", record("resmi", topic="NPWP"))

    result = articles_import(paths=[source], demo=True)

    assert [str(p) for p in result.rejected] == [
        f"{source}:1: slug 'resmi' sudah dipakai artikel non-demo (id "
        f"{article('resmi').pk}); data demo tidak mengubah konten non-demo"
    ]
    assert article("resmi").body == "Asli"
    assert not article("resmi").is_demo


def test_missing_path_is_a_command_error(tmp_path, home_page):
    with pytest.raises(CommandError, match=r"tidak-ada\.jsonl: berkas atau folder"):
        run_import(str(tmp_path / "tidak-ada.jsonl"))


def test_unsupported_file_type_is_a_command_error(tmp_path, home_page):
    path = tmp_path / "artikel.csv"
    path.write_text("slug,title\n")

    with pytest.raises(CommandError, match="jenis berkas tidak didukung"):
        run_import(str(path))


# Progress, search index


def test_progress_is_reported_unless_quiet(tmp_path, topic):
    source = write_jsonl(
        tmp_path / "a.jsonl", *(record(f"a-{i}", topic="NPWP") for i in range(5))
    )

    out, _err = run_import(source, "--progress-every", "2")
    quiet, _err = run_import(source, "--progress-every", "2", "--quiet")

    assert "2 catatan diproses (" in out
    assert "4 catatan diproses (" in out
    assert "catatan/detik" in out
    assert "catatan diproses" not in quiet


def test_imported_articles_are_searchable_and_indexing_is_restored(tmp_path, topic):
    source = write_jsonl(
        tmp_path / "a.jsonl",
        record("cari", topic="NPWP", title="Pemindahbukuan setoran keliru"),
    )

    run_import(source)

    assert not bulk_import_active()
    results = ArticlePage.objects.live().search("pemindahbukuan")
    assert [page.slug for page in results] == ["cari"]
    # The per-save index handler was reconnected after the import.
    assert post_save.disconnect(post_save_signal_handler, sender=ArticlePage)
    post_save.connect(post_save_signal_handler, sender=ArticlePage)


def test_no_index_option_tells_the_user_to_run_update_index(tmp_path, topic):
    out, _err = run_import(
        write_jsonl(tmp_path / "a.jsonl", record("tanpa-indeks", topic="NPWP")),
        "--no-index",
    )

    assert "python manage.py update_index" in out


def test_articles_created_by_import_can_be_edited_like_any_page(tmp_path, topic):
    run_import(write_jsonl(tmp_path / "a.jsonl", record("edit", topic="NPWP")))
    page = article("edit")

    page.title = "Judul baru dari editor"
    page.save_revision().publish()

    page = article("edit")
    assert page.title == "Judul baru dari editor"
    assert Revision.objects.filter(object_id=str(page.pk)).count() == 2


def test_existing_topic_deeper_in_the_tree_is_found_by_its_slug(tmp_path, topic):
    sub = TopicIndexPageFactory(parent=topic, title="NITKU", slug="nitku")

    run_import(write_jsonl(tmp_path / "a.jsonl", record("x", topic="nitku")))

    assert article("x").get_parent().pk == sub.pk


# Slug clashes, in the editors' language


def test_faq_page_whose_slug_is_taken_below_its_topic_is_refused_in_indonesian(
    tmp_path, topic
):
    ArticlePageFactory(parent=topic, slug="bentrok")
    path = tmp_path / "bentrok.yaml"
    path.write_text(
        "title: FAQ\ntopic: NPWP\nitems:\n  - question: Apa?\n    answer: Itu.\n"
    )

    result = faq_pages_import(paths=[path])

    assert [str(p) for p in result.rejected] == [
        f"{path}:1: slug: slug 'bentrok' sudah dipakai halaman lain di bawah "
        f"'{topic.url_path}'; ubah slug lalu ulangi"
    ]
    assert not FAQPage.objects.exists()


def test_article_moved_onto_a_taken_slug_is_refused_in_indonesian(tmp_path, topic):
    run_import(write_jsonl(tmp_path / "v1.jsonl", record("pindah", topic="NPWP")))
    spt = TopicIndexPageFactory(parent=topic.get_parent(), title="SPT", slug="spt")
    FAQPageFactory(parent=spt, slug="pindah")
    source = write_jsonl(tmp_path / "v2.jsonl", record("pindah", topic="SPT"))

    _out, message = run_import_rejected(source)

    assert (
        f"{source}:1: slug: slug 'pindah' sudah dipakai halaman lain di bawah "
        f"'{spt.url_path}'; ubah slug lalu ulangi"
    ) in message
    assert article("pindah").get_parent().pk == topic.pk


def test_answer_kind_is_imported_and_checked(home_page, tmp_path):
    from kb.models import ArticlePage

    path = tmp_path / "artikel.jsonl"
    path.write_text(
        '{"slug": "a", "title": "A", "body": "Isi.", "answer_kind": "procedure"}\n'
        '{"slug": "b", "title": "B", "body": "Isi.", "answer_kind": "resep"}\n',
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as caught:
        call_command("import_articles", str(path), stdout=io.StringIO())
    assert "answer_kind" in str(caught.value)
    assert ArticlePage.objects.get(slug="a").answer_kind == "procedure"
    assert not ArticlePage.objects.filter(slug="b").exists()
