from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound

from config.health import health

admin.site.site_header = _("Zizhi town office")
admin.site.site_title = _("Zizhi")
admin.site.index_title = _("Registry of the town")

urlpatterns = [
    path("health/", health, name="health"),
    path("", include("villages.urls")),
    path("", include("members.urls")),
    path("", include("association.urls")),
    path("", include("incentives.urls")),
    path("", include("services.urls")),
    path("", include("assessments.urls")),
    path("", include("reports.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI's page sets its script apart (the split view) but keeps a <style> of its own.
    path("api/v1/docs/", csp_update({"style-src": [UNSAFE_INLINE]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)


def page_not_found(request, exception):
    """No such address: JSON under /api/ (as the API's own 404s, and as its schema says), the page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)


handler404 = page_not_found
