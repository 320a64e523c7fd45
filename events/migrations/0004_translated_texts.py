"""Event and stop texts in Danish, English and German (django-modeltranslation)."""

from django.db import migrations, models

# model -> its translated fields (tours/translation.py, events/translation.py at this revision)
TRANSLATED = {'events.Event': ('title', 'description', 'meeting_point'), 'events.Stop': ('activity',)}


def existing_texts_are_danish(apps, schema_editor):
    """Every text written before translation was Danish: it becomes the `_da` column. The
    base column is kept (modeltranslation keeps it), so going back loses nothing."""
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model(model_name)
        for field in fields:
            model.objects.filter(**{f"{field}_da__isnull": True}).update(
                **{f"{field}_da": models.F(field)}
            )


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0003_slothold_moves_to_booking'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='description_da',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='event',
            name='description_de',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='event',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='event',
            name='meeting_point_da',
            field=models.CharField(max_length=200, null=True, verbose_name='meeting point'),
        ),
        migrations.AddField(
            model_name='event',
            name='meeting_point_de',
            field=models.CharField(max_length=200, null=True, verbose_name='meeting point'),
        ),
        migrations.AddField(
            model_name='event',
            name='meeting_point_en',
            field=models.CharField(max_length=200, null=True, verbose_name='meeting point'),
        ),
        migrations.AddField(
            model_name='event',
            name='title_da',
            field=models.CharField(max_length=150, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='event',
            name='title_de',
            field=models.CharField(max_length=150, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='event',
            name='title_en',
            field=models.CharField(max_length=150, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='stop',
            name='activity_da',
            field=models.TextField(blank=True, max_length=2000, null=True, verbose_name='what happens'),
        ),
        migrations.AddField(
            model_name='stop',
            name='activity_de',
            field=models.TextField(blank=True, max_length=2000, null=True, verbose_name='what happens'),
        ),
        migrations.AddField(
            model_name='stop',
            name='activity_en',
            field=models.TextField(blank=True, max_length=2000, null=True, verbose_name='what happens'),
        ),
        migrations.RunPython(existing_texts_are_danish, migrations.RunPython.noop),
    ]
