"""The permissions on recorded facts take the model's new name (view_certification -> view_fact, …).

The content types were renamed with the models (0002), so the permissions are already theirs; only
their codenames still carry the old name, and the admin asks for the new ones. Renaming the rows
keeps what was given to groups (the town office group among them) and to users. On a fresh
database there is nothing to rename: the permissions are created with the new names afterwards.
"""

from django.db import migrations

MODELS = {"certification": "fact", "historicalcertification": "historicalfact"}
ACTIONS = ["add", "change", "delete", "view"]


def _rename(apps, schema_editor, names: dict[str, str]) -> None:
    permissions = apps.get_model("auth", "Permission").objects.using(schema_editor.connection.alias)
    for old_model, new_model in names.items():
        for action in ACTIONS:
            old = permissions.filter(content_type__app_label="incentives", codename=f"{action}_{old_model}").first()
            if old is None:
                continue
            new = permissions.filter(content_type=old.content_type, codename=f"{action}_{new_model}").first()
            if new is None:
                old.codename = f"{action}_{new_model}"
                old.save(update_fields=["codename"])
                continue
            # A `migrate` stopped after 0002 has already created the new permission: it takes over the grants.
            new.group_set.add(*old.group_set.all())
            new.user_set.add(*old.user_set.all())
            old.delete()


def to_fact(apps, schema_editor):
    _rename(apps, schema_editor, MODELS)


def back_to_certification(apps, schema_editor):
    _rename(apps, schema_editor, {new: old for old, new in MODELS.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('incentives', '0004_rename_certification_to_fact'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('villages', '0002_add_versions_and_team_history'),
    ]

    operations = [
        migrations.RunPython(to_fact, back_to_certification),
    ]
