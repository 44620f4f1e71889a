"""The association's content types follow its models from members to association.

Permissions given to groups and users (the town office group among them) and the admin's log
point at a content type row; moving the row (same id, new app label) keeps them all. On a fresh
database there is nothing to move: the content types are created under association afterwards.
"""

from django.db import migrations

MODELS = [
    "associationmember", "associationyearrules", "award", "contactassignment", "evaluationcriterion",
    "evaluationscore", "feedbacknote", "meeting", "meetingattendance", "memberevaluation", "memberreview",
    "monthlyfeedback",
    "historicalassociationmember", "historicalassociationyearrules", "historicalaward",
    "historicalcontactassignment", "historicalevaluationcriterion", "historicalevaluationscore",
    "historicalfeedbacknote", "historicalmeeting", "historicalmeetingattendance", "historicalmemberevaluation",
    "historicalmonthlyfeedback",
]


def _move(apps, schema_editor, source, target):
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    for model in MODELS:
        moving = content_types.filter(app_label=source, model=model)
        if not moving.exists():
            continue
        # A `migrate` stopped between the model move and this migration has already created empty rows
        # under the new label: the old row carries the permissions given and the admin log, so it wins.
        content_types.filter(app_label=target, model=model).delete()
        moving.update(app_label=target)


def to_association(apps, schema_editor):
    _move(apps, schema_editor, "members", "association")


def back_to_members(apps, schema_editor):
    _move(apps, schema_editor, "association", "members")


class Migration(migrations.Migration):

    dependencies = [
        ("association", "0001_move_from_members"),
        ("members", "0003_member_network_moved_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        # Deleting a stale content type removes its permissions and clears it from the admin log.
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [
        migrations.RunPython(to_association, back_to_members),
    ]
