"""What every benefits endpoint shares: action errors as 400/409, pagination, request validation."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings

from incentives import actions


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"


def run(function, **kwargs):
    """Call an action; its refusals become 400 with field errors, a stale version 409."""
    try:
        return function(**kwargs)
    except actions.StaleRecord as stale:
        raise Conflict(str(stale)) from None
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise ApiValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages}) from None
        raise ApiValidationError({api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
                                  for field, messages in error.message_dict.items()}) from None


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class BenefitViewSet(viewsets.GenericViewSet):
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    pagination_class = Pagination

    def valid(self, serializer_class, data=None, **context):
        serializer = serializer_class(data=self.request.data if data is None else data,
                                      context={**self.get_serializer_context(), **context})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


