"""The "Event organisers" group: until the workspace's memberships carry a coordinator role,
an organiser is a member of this group (or a superuser). See events.permissions."""

from django.db import migrations

GROUP = "Event organisers"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=GROUP)


def delete_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("events", "0001_events_stops_registrations"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
