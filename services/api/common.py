"""What the services' endpoints share: members find nothing, writes read their input through a serializer."""

from rest_framework.exceptions import NotFound, ValidationError

from services.queries.scope import reader_town, writable_villages
from villages.permissions import JurisdictionPermission
from villages.roles import is_association_member


class ServicesPermission(JurisdictionPermission):
    """As everywhere (read in the jurisdiction, write if the role changes records); association members: 404."""

    def has_permission(self, request, view):
        if is_association_member(request.user):
            raise NotFound
        return super().has_permission(request, view)


class Writes:
    """Viewsets whose writes go through the services' actions."""

    def valid(self, serializer_class, *, partial: bool = False, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial,
                                      villages=writable_villages(self.request.user), **kwargs)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        return data

    def town(self):
        town = reader_town(self.request.user)
        if town is None:
            raise NotFound
        return town

    @staticmethod
    def version_of(data: dict) -> int:
        if data.get("version") is None:
            raise ValidationError({"version": ["This field is required."]})
        return data.pop("version")
