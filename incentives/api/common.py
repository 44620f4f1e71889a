"""What every benefits endpoint shares: pagination and request validation (action errors: villages.api_errors)."""

from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination


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


