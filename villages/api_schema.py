"""Schema helpers for the API's views, written once (drf-spectacular)."""

from drf_spectacular.openapi import AutoSchema


class OneObject(AutoSchema):
    """The schema of a viewset whose `list` answers one object (drf-spectacular takes `list` for an array)."""

    def _is_list_view(self, serializer=None):
        return False
