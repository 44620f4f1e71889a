"""/api/v1/: every app lists its viewsets in `api.ROUTES` as (prefix, viewset, basename)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from assessments import api as assessments_api
from association import api as association_api
from incentives import api as incentives_api
from members import api as members_api
from reports import api as reports_api
from services import api as services_api
from villages import api as villages_api

# No `.json` suffix routes: the API speaks JSON only, and DRF's suffix copies of the viewsets' extra actions answered
# 500 (the actions take no `format` argument), as the access matrix found.
router = DefaultRouter()
router.include_format_suffixes = False
for module in (villages_api, members_api, association_api, incentives_api, services_api, assessments_api,
               reports_api):
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("auth/token/", villages_api.obtain_token, name="api-token"),
    path("", include(router.urls)),
]
