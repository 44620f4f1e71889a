from rest_framework import serializers

from members.exports import FORMATS


class RegistryExportRequestSerializer(serializers.Serializer):
    """Ask for the people list as CSV or xlsx, filtered as the household list is; built in the background."""

    format = serializers.ChoiceField(choices=[(fmt, fmt) for fmt in FORMATS])
    q = serializers.CharField(required=False, allow_blank=True, max_length=50,
                              help_text="Name, identity number or household number.")
    group = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1,
                                     help_text="A villager group of the user's jurisdiction.")
    category = serializers.CharField(required=False, allow_blank=True, max_length=30)
    status = serializers.CharField(required=False, allow_blank=True, max_length=20)
