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
    # Disclosure boards (村务公开栏): versions, review, publication, photo of the posting, objections.
    path("boards/", views.board_list, name="board_list"),
    path("boards/new/", views.board_request, name="board_request"),
    path("boards/<int:pk>/", views.board_detail, name="board_detail"),
    path("boards/<int:pk>/review/", views.board_review, name="board_review"),
    path("boards/<int:pk>/publish/", views.board_publish, name="board_publish"),
    path("boards/<int:pk>/correct/", views.board_correct, name="board_correct"),
    path("boards/<int:pk>/photo/", views.board_photo, name="board_photo"),
    path("boards/<int:pk>/photo/download/", views.board_photo_download, name="board_photo_download"),
    path("boards/objections/", views.objection_list, name="objection_list"),
    path("boards/objections/new/", views.objection_new, name="objection_new"),
    path("boards/objections/<int:pk>/", views.objection_detail, name="objection_detail"),
    path("verify/", views.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>", views.verify, name="verify"),
]
