"""What the association's endpoints share: reading an input, the scoped choices of inputs.

An action's ValidationError answers 400 and a stale version 409 through villages.api_errors.
"""

from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError

from association import queries
from members.models import Person
from villages.models import User, Village, VillagerGroup
from villages.queries import changeable


class InputValidation:
    """Endpoints whose writes read their input through a serializer of its own."""

    def valid(self, serializer_class, **kwargs):
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def changeable_villages(user):
    return changeable(Village.objects.all(), user, village="")


def changeable_groups(user):
    return VillagerGroup.objects.filter(village__in=changeable_villages(user))


def changeable_people(user):
    return Person.objects.filter(household__village__in=changeable_villages(user))


def member_logins(user):
    return User.objects.filter(role=User.Role.MEMBER, group__village__in=changeable_villages(user))


def town_or_403(user):
    town = queries.town_of(user)
    if town is None:
        raise PermissionDenied
    return town


def as_int(value: str, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ApiValidationError({field: ["A number."]}) from None
