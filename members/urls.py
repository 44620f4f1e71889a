from django.urls import path

from members.views import access_log, events, figures, households, people, transfer

app_name = "members"

urlpatterns = [
    path("households/", households.household_list, name="households"),
    path("households/new/", households.household_create, name="household_create"),
    path("households/import/", transfer.import_upload, name="import"),
    path("households/import/template.xlsx", transfer.import_template, name="import_template"),
    path("households/<int:pk>/", households.household_detail, name="household"),
    path("households/<int:pk>/edit/", households.household_edit, name="household_edit"),
    path("households/<int:pk>/move-out/", households.household_move_out, name="household_move_out"),
    path("households/<int:pk>/history/", households.household_history_page, name="household_history"),
    path("households/<int:pk>/record/<str:kind>/", events.record_event, name="record_event"),
    path("events/<int:pk>/void/", events.void_event_page, name="void_event"),
    path("events/<int:pk>/correct/", events.correct_event_page, name="correct_event"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/health/", people.person_health, name="person_health"),
    path("people/<int:pk>/move/", people.person_move, name="person_move"),
    path("people/<int:pk>/remove/", people.person_deactivate, name="person_deactivate"),
    path("registry/figures/", figures.figures, name="figures"),
    path("registry/access-log/", access_log.access_log, name="access_log"),
]
