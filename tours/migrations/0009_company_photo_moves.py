"""The one photo a company could have (Company.photo, photo_description) becomes its first
CompanyPhoto: checked and re-encoded by tours.photos like any upload (renditions, no EXIF),
its description the Danish (and, where written, English and German) alternative text.
A file that is missing or that the checks refuse is left out, with a line on the console.
The old file stays where it was (MEDIA_ROOT/companies/), no longer served; going back
restores nothing to delete, since the old columns are dropped only by the next migration."""

from django.core.files.storage import default_storage
from django.core.exceptions import ValidationError
from django.db import migrations


def photos_from_company_photo(apps, schema_editor):
    from tours.photos import make_renditions, store_renditions

    Company = apps.get_model("tours", "Company")
    CompanyPhoto = apps.get_model("tours", "CompanyPhoto")
    for company in Company.objects.exclude(photo="").order_by("pk"):
        try:
            with default_storage.open(company.photo.name, "rb") as upload:
                renditions = make_renditions(upload)
        except (OSError, ValidationError) as error:
            print(f"\n  tours 0009: the photo of {company.slug} ({company.photo.name}) is left out: {error}")
            continue
        photo = CompanyPhoto(
            company=company,
            position=0,
            alt=company.photo_description_da or company.photo_description or company.name,
            alt_da=company.photo_description_da or company.photo_description or company.name,
            alt_en=company.photo_description_en or "",
            alt_de=company.photo_description_de or "",
        )
        store_renditions(photo, renditions)
        photo.save()


def photos_back(apps, schema_editor):
    CompanyPhoto = apps.get_model("tours", "CompanyPhoto")
    CompanyPhoto.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("tours", "0008_tour_visitor_info")]

    operations = [migrations.RunPython(photos_from_company_photo, photos_back)]
