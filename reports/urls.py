from django.urls import path

from reports import views
from reports.views import notifications, worklists

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
    # Exports of the registry, built as documents (reports.documents.exports).
    path("documents/exports/people.<str:fmt>", views.registry_export, name="registry_export"),
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
    # Worklists and notifications: each role's "to do" page, the reminders, the navigation's counts.
    path("todo/", worklists.todo, name="todo"),
    path("todo/counts.json", worklists.nav_counts, name="nav_counts"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.notifications_all_read, name="notifications_all_read"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
    path("notifications/settings/", notifications.reminder_settings, name="reminder_settings"),
    # Dashboards: the town overview (the leadership's landing page), a village's and a group's, their charts.
    path("overview/", views.town_overview, name="town_overview"),
    path("overview/county/", views.county_overview, name="county_overview"),
    path("overview/county/close/", views.county_close, name="county_close"),
    path("overview/villages/<int:pk>/", views.village_overview, name="village_overview"),
    path("overview/groups/<int:pk>/", views.group_overview, name="group_overview"),
    path("overview/charts/<slug:name>.svg", views.overview_chart, name="overview_chart"),
    # The annual work summary
    path("summaries/", views.summary_list, name="summary_list"),
    path("summaries/<int:year>/", views.summary_detail, name="summary_detail"),
    path("summaries/<int:year>/edit/", views.summary_edit, name="summary_edit"),
    path("summaries/<int:year>/build/", views.summary_build, name="summary_build"),
]
