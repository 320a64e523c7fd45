"""Company and tour texts in Danish, English and German (django-modeltranslation)."""

from django.db import migrations, models

# model -> its translated fields (tours/translation.py, events/translation.py at this revision)
TRANSLATED = {'tours.Company': ('description', 'parking', 'accessibility', 'facilities', 'photo_description'), 'tours.Tour': ('title', 'description', 'meeting_point')}


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
        ('tours', '0002_company_photo'),
    ]

    operations = [
        migrations.AddField(
            model_name='company',
            name='accessibility_da',
            field=models.TextField(blank=True, null=True, verbose_name='accessibility'),
        ),
        migrations.AddField(
            model_name='company',
            name='accessibility_de',
            field=models.TextField(blank=True, null=True, verbose_name='accessibility'),
        ),
        migrations.AddField(
            model_name='company',
            name='accessibility_en',
            field=models.TextField(blank=True, null=True, verbose_name='accessibility'),
        ),
        migrations.AddField(
            model_name='company',
            name='description_da',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='company',
            name='description_de',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='company',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='company',
            name='facilities_da',
            field=models.TextField(blank=True, help_text='Toilets, dogs, farm shop …', null=True, verbose_name='other visitor information'),
        ),
        migrations.AddField(
            model_name='company',
            name='facilities_de',
            field=models.TextField(blank=True, help_text='Toilets, dogs, farm shop …', null=True, verbose_name='other visitor information'),
        ),
        migrations.AddField(
            model_name='company',
            name='facilities_en',
            field=models.TextField(blank=True, help_text='Toilets, dogs, farm shop …', null=True, verbose_name='other visitor information'),
        ),
        migrations.AddField(
            model_name='company',
            name='parking_da',
            field=models.TextField(blank=True, null=True, verbose_name='parking'),
        ),
        migrations.AddField(
            model_name='company',
            name='parking_de',
            field=models.TextField(blank=True, null=True, verbose_name='parking'),
        ),
        migrations.AddField(
            model_name='company',
            name='parking_en',
            field=models.TextField(blank=True, null=True, verbose_name='parking'),
        ),
        migrations.AddField(
            model_name='company',
            name='photo_description_da',
            field=models.CharField(blank=True, help_text='What the photo shows, for visitors who cannot see it.', max_length=200, null=True, verbose_name='photo description'),
        ),
        migrations.AddField(
            model_name='company',
            name='photo_description_de',
            field=models.CharField(blank=True, help_text='What the photo shows, for visitors who cannot see it.', max_length=200, null=True, verbose_name='photo description'),
        ),
        migrations.AddField(
            model_name='company',
            name='photo_description_en',
            field=models.CharField(blank=True, help_text='What the photo shows, for visitors who cannot see it.', max_length=200, null=True, verbose_name='photo description'),
        ),
        migrations.AddField(
            model_name='tour',
            name='description_da',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='tour',
            name='description_de',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='tour',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='tour',
            name='meeting_point_da',
            field=models.CharField(max_length=200, null=True, verbose_name='meeting point'),
        ),
        migrations.AddField(
            model_name='tour',
            name='meeting_point_de',
            field=models.CharField(max_length=200, null=True, verbose_name='meeting point'),
        ),
        migrations.AddField(
            model_name='tour',
            name='meeting_point_en',
            field=models.CharField(max_length=200, null=True, verbose_name='meeting point'),
        ),
        migrations.AddField(
            model_name='tour',
            name='title_da',
            field=models.CharField(max_length=150, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='tour',
            name='title_de',
            field=models.CharField(max_length=150, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='tour',
            name='title_en',
            field=models.CharField(max_length=150, null=True, verbose_name='title'),
        ),
        migrations.RunPython(existing_texts_are_danish, migrations.RunPython.noop),
    ]
