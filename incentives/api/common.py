"""What every benefits endpoint shares: pagination and request validation (action errors: villages.api_errors)."""

from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination

from incentives import queries
from villages.models import SensitiveAccess
from villages.privacy import log_shown


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




class LoggedReads:
    """List and retrieve log the rows of sensitive data they answer with (villages.privacy), one access-log row
    per village; `sensitive(rows)` picks those rows. Who may not see sensitive data is never given them (the
    queries leave them out), so nothing is logged for them."""

    logged_as = ""  # the record type in the log
    logged_what = ""  # what the log says was seen

    def sensitive(self, rows: list[dict]) -> list[dict]:
        raise NotImplementedError

    def log_rows(self, rows: list[dict], record_id: int | None = None) -> None:
        shown = self.sensitive(rows)
        if shown:
            log_shown(user=self.request.user, action=SensitiveAccess.Action.API,
                      village_ids=[row["village"] for row in shown], what=self.logged_what,
                      record_type=self.logged_as, record_id=record_id)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        self.log_rows(response.data.get("results", []))
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        self.log_rows([response.data], record_id=response.data["id"])
        return response


class LoggedPolicyReads(LoggedReads):
    """Rows of a policy on sensitive data (entitlements, holds): being a recipient says something about a person."""

    def sensitive(self, rows: list[dict]) -> list[dict]:
        if not rows:
            return []
        policies = set(queries.policies_for(self.request.user).filter(
            pk__in={row["policy"] for row in rows}, uses_sensitive_data=True).values_list("pk", flat=True))
        return [row for row in rows if row["policy"] in policies]
