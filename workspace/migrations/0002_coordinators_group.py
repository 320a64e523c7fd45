"""The cluster-coordinator role moves from a flag on the workspace profile to an auth group
("Cluster coordinators", core.roles), beside "Event organisers": roles are decided in the
bottom layer, where events and the workspace both read them. Every flagged user joins the
group before the flag is dropped; going back sets the flag for every member of the group."""

from django.db import migrations

GROUP = "Cluster coordinators"


def flags_to_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Profile = apps.get_model("workspace", "Profile")
    group, _created = Group.objects.get_or_create(name=GROUP)
    users = Profile.objects.filter(is_coordinator=True).values_list("user_id", flat=True)
    group.user_set.add(*users)


def group_to_flags(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Profile = apps.get_model("workspace", "Profile")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    for user_id in group.user_set.values_list("pk", flat=True):
        Profile.objects.update_or_create(user_id=user_id, defaults={"is_coordinator": True})
    group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("workspace", "0001_memberships_profiles_patterns"),
    ]

    operations = [
        migrations.RunPython(flags_to_group, group_to_flags),
        migrations.RemoveField(model_name="profile", name="is_coordinator"),
    ]
