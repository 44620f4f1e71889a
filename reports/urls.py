from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("documents/", views.document_list, name="document_list"),
    path("documents/new/", views.request_any_document, name="request_document"),
    path("documents/new/status-sheet/", views.request_status_sheet, name="request_status_sheet"),
    path("documents/new/quarterly-reports/", views.request_quarterly_batch, name="request_quarterly_reports"),
    path("documents/batches/", views.batch_list, name="batch_list"),
    path("documents/batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("documents/batches/<int:pk>/status.json", views.batch_status, name="batch_status"),
    path("documents/batches/<int:pk>/retry/", views.batch_retry, name="batch_retry"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/status.json", views.document_status, name="document_status"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("documents/<int:pk>/retry/", views.document_retry, name="document_retry"),
    path("verify/", views.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>", views.verify, name="verify"),
    # The annual work summary
    path("summaries/", views.summary_list, name="summary_list"),
    path("summaries/<int:year>/", views.summary_detail, name="summary_detail"),
    path("summaries/<int:year>/edit/", views.summary_edit, name="summary_edit"),
    path("summaries/<int:year>/build/", views.summary_build, name="summary_build"),
]
