"""The service catalogue, moved here from the `kb` app (kb.0004).

The models are taken over in state only: the tables keep their kb_* names, so no row
moves. Their content types are renamed, so pages, revisions, log entries and
permissions that point at them follow without change.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import kb.fields
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


MOVED_MODELS = (
    "serviceindexpage",
    "servicepage",
    "servicelegalbasis",
    "servicestatechange",
    "scheduledswitch",
)


def _relabel(old: str, new: str):
    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.using(schema_editor.connection.alias).filter(
            app_label=old, model__in=MOVED_MODELS
        ).update(app_label=new)

    return run


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('kb', '0004_move_service_catalogue'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('regulations', '0003_legal_team_and_workflow'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ServiceIndexPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', models.TextField(blank=True, validators=[django.core.validators.MaxLengthValidator(600)], verbose_name='pengantar')),
                    ],
                    options={
                        'db_table': 'kb_serviceindexpage',
                        'verbose_name': 'katalog layanan',
                        'verbose_name_plural': 'katalog layanan',
                    },
                    bases=('wagtailcore.page',),
                ),
                migrations.CreateModel(
                    name='ServicePage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('code', models.CharField(blank=True, db_index=True, help_text='Kode di katalog layanan 3C, mis. LYN-001.', max_length=20, verbose_name='kode layanan')),
                        ('description', models.TextField(blank=True, help_text='Apa yang dilakukan layanan ini, dalam satu atau dua paragraf.', verbose_name='tentang layanan (Markdown)')),
                        ('eligibility', models.TextField(blank=True, verbose_name='siapa yang dapat menggunakan (Markdown)')),
                        ('required_documents', models.TextField(blank=True, verbose_name='dokumen yang diperlukan (Markdown)')),
                        ('steps', models.TextField(blank=True, verbose_name='langkah-langkah (Markdown)')),
                        ('channels', kb.fields.ChoiceListField(item_choices=[('djp_online', 'DJP Online (web)'), ('mobile_app', 'aplikasi seluler'), ('etpa', 'e-TPA'), ('contact_center', 'contact center (Kring Pajak)'), ('kpp', 'KPP (tatap muka)')], verbose_name='saluran yang tersedia saat ini')),
                        ('validation_methods', kb.fields.ChoiceListField(item_choices=[('token', 'token'), ('sertifikat_elektronik', 'sertifikat elektronik'), ('otp', 'OTP'), ('poro', 'PORO (bukti kepemilikan data)')], verbose_name='metode validasi')),
                        ('prepopulated_data', models.TextField(blank=True, help_text='Data yang otomatis terisi dari sistem DJP, satu per baris.', verbose_name='data yang sudah terisi (prepopulated)')),
                        ('service_level_days', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='standar waktu layanan (hari kerja)')),
                        ('handling_unit', models.CharField(choices=[('system', 'sistem (otomatis)'), ('klip', 'KLIP (back office contact center)'), ('kpp_kanwil', 'KPP/Kanwil')], default='kpp_kanwil', max_length=16, verbose_name='unit penyelesai')),
                        ('target_state', models.CharField(choices=[('automated', 'otomasi penuh (Click)'), ('contact_center', 'back office contact center/KLIP (Call)'), ('kpp_kanwil', 'back office KPP/Kanwil (Counter)'), ('other_process', 'proses bisnis lain'), ('removed', 'dihapus')], max_length=16, verbose_name='target status')),
                        ('target_year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='target tahun')),
                        ('plan_category', models.CharField(blank=True, choices=[('renstra', 'Renstra'), ('extra_effort', 'extra effort'), ('covid19', 'fasilitas Covid-19')], max_length=16, verbose_name='kategori rencana')),
                        ('current_state', models.CharField(choices=[('automated', 'otomasi penuh (Click)'), ('contact_center', 'back office contact center/KLIP (Call)'), ('kpp_kanwil', 'back office KPP/Kanwil (Counter)'), ('other_process', 'proses bisnis lain'), ('removed', 'dihapus')], default='kpp_kanwil', help_text='Otomasi penuh dan back office contact center hanya dapat dipilih bila seluruh dasar hukumnya berlaku pada tanggal peralihan.', max_length=16, verbose_name='status saat ini')),
                        ('state_since', models.DateField(blank=True, help_text='Tanggal peralihan ke status saat ini; tidak boleh di masa depan.', null=True, verbose_name='status berlaku sejak')),
                        ('state_reason', models.TextField(blank=True, help_text='Dicatat di riwayat status ketika status berubah.', verbose_name='alasan status saat ini')),
                        ('illustrative', models.BooleanField(default=False, help_text='Nama atau isi layanan ini rekaan untuk demo, bukan layanan resmi.', verbose_name='layanan ilustratif')),
                        ('is_demo', models.BooleanField(default=False, verbose_name='konten demo')),
                    ],
                    options={
                        'db_table': 'kb_servicepage',
                        'verbose_name': 'layanan',
                        'verbose_name_plural': 'layanan',
                        'constraints': [models.CheckConstraint(condition=models.Q(('current_state__in', ['automated', 'contact_center', 'kpp_kanwil', 'other_process', 'removed'])), name='kb_service_current_state_valid'), models.CheckConstraint(condition=models.Q(('target_state__in', ['automated', 'contact_center', 'kpp_kanwil', 'other_process', 'removed'])), name='kb_service_target_state_valid'), models.UniqueConstraint(condition=models.Q(('code', ''), _negated=True), fields=('code',), name='kb_service_unique_code', violation_error_message='Kode layanan ini sudah dipakai layanan lain.')],
                    },
                    bases=('wagtailcore.page',),
                ),
                migrations.CreateModel(
                    name='ServiceLegalBasis',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('provision', models.CharField(blank=True, help_text='Pasal yang menjadi dasar, mis. "Pasal 2 ayat (1)". Kosongkan bila seluruh peraturan.', max_length=200, verbose_name='pasal')),
                        ('role', models.CharField(choices=[('current_basis', 'dasar hukum saat ini'), ('required_change', 'perubahan yang disyaratkan'), ('pending_change', 'perubahan yang masih tertunda')], default='current_basis', help_text='Perubahan yang masih tertunda selalu menahan otomasi sampai baris ini diganti dengan peraturan yang berlaku.', max_length=16, verbose_name='peran')),
                        ('note', models.CharField(blank=True, max_length=300, verbose_name='catatan')),
                        ('regulation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='service_bases', to='regulations.regulation', verbose_name='peraturan')),
                        ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='legal_basis', to='catalogue.servicepage')),
                    ],
                    options={
                        'db_table': 'kb_servicelegalbasis',
                        'verbose_name': 'dasar hukum layanan',
                        'verbose_name_plural': 'dasar hukum layanan',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='ServiceStateChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_state', models.CharField(blank=True, choices=[('automated', 'otomasi penuh (Click)'), ('contact_center', 'back office contact center/KLIP (Call)'), ('kpp_kanwil', 'back office KPP/Kanwil (Counter)'), ('other_process', 'proses bisnis lain'), ('removed', 'dihapus')], max_length=16, verbose_name='dari status')),
                        ('to_state', models.CharField(choices=[('automated', 'otomasi penuh (Click)'), ('contact_center', 'back office contact center/KLIP (Call)'), ('kpp_kanwil', 'back office KPP/Kanwil (Counter)'), ('other_process', 'proses bisnis lain'), ('removed', 'dihapus')], max_length=16, verbose_name='ke status')),
                        ('on', models.DateField(verbose_name='tanggal peralihan')),
                        ('reason', models.TextField(blank=True, verbose_name='alasan')),
                        ('source', models.CharField(choices=[('admin', 'editor halaman'), ('api', 'API'), ('import', 'impor'), ('command', 'perintah manage.py'), ('scheduled', 'peralihan terjadwal')], max_length=16, verbose_name='melalui')),
                        ('legal_basis_snapshot', models.JSONField(default=list, verbose_name='dasar hukum saat itu')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='dicatat')),
                        ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='state_changes', to='catalogue.servicepage')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='oleh')),
                    ],
                    options={
                        'db_table': 'kb_servicestatechange',
                        'verbose_name': 'riwayat status layanan',
                        'verbose_name_plural': 'riwayat status layanan',
                        'ordering': ['-on', '-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ScheduledSwitch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('to_state', models.CharField(choices=[('automated', 'otomasi penuh (Click)'), ('contact_center', 'back office contact center/KLIP (Call)'), ('kpp_kanwil', 'back office KPP/Kanwil (Counter)'), ('other_process', 'proses bisnis lain'), ('removed', 'dihapus')], max_length=16, verbose_name='ke status')),
                        ('on', models.DateField(blank=True, help_text='Kosongkan untuk beralih pada hari seluruh dasar hukumnya berlaku.', null=True, verbose_name='tanggal')),
                        ('reason', models.TextField(blank=True, verbose_name='alasan')),
                        ('requested_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='diminta')),
                        ('status', models.CharField(choices=[('pending', 'menunggu'), ('done', 'dilaksanakan'), ('blocked', 'terhalang dasar hukum'), ('cancelled', 'dibatalkan')], default='pending', max_length=16, verbose_name='status')),
                        ('done_on', models.DateField(blank=True, null=True, verbose_name='dilaksanakan pada')),
                        ('outcome', models.TextField(blank=True, verbose_name='hasil')),
                        ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diminta oleh')),
                        ('service', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scheduled_switches', to='catalogue.servicepage')),
                    ],
                    options={
                        'db_table': 'kb_scheduledswitch',
                        'verbose_name': 'peralihan terjadwal',
                        'verbose_name_plural': 'peralihan terjadwal',
                        'ordering': ['on', 'requested_at'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('service',), name='kb_one_pending_switch_per_service', violation_error_message='Layanan ini sudah punya peralihan terjadwal yang menunggu; batalkan atau ubah jadwal itu.')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(_relabel("kb", "catalogue"), _relabel("catalogue", "kb")),
    ]
