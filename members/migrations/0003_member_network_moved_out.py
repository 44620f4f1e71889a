"""The association's models leave members' state for association (0001_move_from_members); their tables stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('association', '0001_move_from_members'),
        ('members', '0002_association_member_network'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(
                    name='EvaluationScore',
                ),
                migrations.DeleteModel(
                    name='HistoricalEvaluationScore',
                ),
                migrations.DeleteModel(
                    name='Award',
                ),
                migrations.DeleteModel(
                    name='HistoricalAward',
                ),
                migrations.DeleteModel(
                    name='FeedbackNote',
                ),
                migrations.DeleteModel(
                    name='HistoricalFeedbackNote',
                ),
                migrations.DeleteModel(
                    name='MeetingAttendance',
                ),
                migrations.DeleteModel(
                    name='HistoricalMeetingAttendance',
                ),
                migrations.DeleteModel(
                    name='MemberEvaluation',
                ),
                migrations.DeleteModel(
                    name='HistoricalMemberEvaluation',
                ),
                migrations.DeleteModel(
                    name='MonthlyFeedback',
                ),
                migrations.DeleteModel(
                    name='HistoricalMonthlyFeedback',
                ),
                migrations.DeleteModel(
                    name='ContactAssignment',
                ),
                migrations.DeleteModel(
                    name='HistoricalContactAssignment',
                ),
                migrations.DeleteModel(
                    name='MemberReview',
                ),
                migrations.DeleteModel(
                    name='Meeting',
                ),
                migrations.DeleteModel(
                    name='HistoricalMeeting',
                ),
                migrations.DeleteModel(
                    name='EvaluationCriterion',
                ),
                migrations.DeleteModel(
                    name='HistoricalEvaluationCriterion',
                ),
                migrations.DeleteModel(
                    name='AssociationYearRules',
                ),
                migrations.DeleteModel(
                    name='HistoricalAssociationYearRules',
                ),
                migrations.DeleteModel(
                    name='AssociationMember',
                ),
                migrations.DeleteModel(
                    name='HistoricalAssociationMember',
                ),
            ],
        ),
    ]
