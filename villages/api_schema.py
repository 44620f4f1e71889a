"""Schema helpers for the API, written once (drf-spectacular): the project's AutoSchema (config.settings'
DEFAULT_SCHEMA_CLASS) and the schema of a list view that answers one object."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's, and a serializer may name in `Meta.shown_to_some` the fields it leaves out for readers who
    may not see them (the sensitive fields of a person): the schema does not list those as required."""

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        optional = set(getattr(getattr(serializer, "Meta", None), "shown_to_some", ()))
        if optional and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema


class OneObject(AutoSchema):
    """The schema of a viewset whose `list` answers one object (drf-spectacular takes `list` for an array)."""

    def _is_list_view(self, serializer=None):
        return False
