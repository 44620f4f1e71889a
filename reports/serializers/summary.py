"""The annual work summary in the API: its prose with the version it was read from, and the PDF asked for."""

from django.conf import settings
from rest_framework import serializers

from reports.models.summary import PROSE_FIELDS, AnnualSummary


class AnnualSummarySerializer(serializers.ModelSerializer):
    """A town's summary of a year. Writes name the `version` they were read from (0 for a new summary): a stale
    version answers 409. The figures are not here: the document reads them from the catalogue when it is built."""

    town_name = serializers.CharField(source="town.name", read_only=True)
    updated_by = serializers.CharField(source="updated_by.username", read_only=True, default=None)
    version = serializers.IntegerField(min_value=0, help_text="The version the change was made from; 0 for a new "
                                                              "summary.")

    class Meta:
        model = AnnualSummary
        fields = ["id", "town", "town_name", "year", *PROSE_FIELDS, "version", "updated_at", "updated_by"]
        read_only_fields = ["id", "town", "town_name", "updated_at", "updated_by"]
        extra_kwargs = {"year": {"min_value": 2000, "max_value": 2100}}
        validators = []  # (town, year) is checked by the action: the town is the user's


class AnnualSummaryUpdateSerializer(AnnualSummarySerializer):
    class Meta(AnnualSummarySerializer.Meta):
        read_only_fields = [*AnnualSummarySerializer.Meta.read_only_fields, "year"]


class SummaryBuildSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
