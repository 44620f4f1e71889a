from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("documents/", views.document_list, name="document_list"),
    path("documents/new/status-sheet/", views.request_status_sheet, name="request_status_sheet"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/status.json", views.document_status, name="document_status"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("documents/<int:pk>/retry/", views.document_retry, name="document_retry"),
    path("verify/", views.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>", views.verify, name="verify"),
]
