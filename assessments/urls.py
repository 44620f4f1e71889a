from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("assessments/", views.index, name="index"),
    path("assessments/periods/<int:year>/designations/", views.year_designations, name="designations"),
    path("assessments/periods/<period:period>/", views.board, name="board"),
    path("assessments/periods/<period:period>/compute/", views.period_compute, name="compute"),
    path("assessments/periods/<period:period>/publish/", views.period_publish, name="publish"),
    # Addresses from before periods had one spelling: /assessments/periods/2025/Q3/ and /assessments/periods/2025/YEAR/
    path("assessments/periods/<int:year>/<str:code>/", views.old_period_link),
    path("assessments/periods/<int:year>/<str:code>/compute/", views.old_period_link, {"page": "compute"}),
    path("assessments/periods/<int:year>/<str:code>/publish/", views.old_period_link, {"page": "publish"}),
    path("assessments/<int:pk>/", views.assessment_detail, name="detail"),
    path("assessments/<int:pk>/score/", views.assessment_score, name="score"),
    path("assessments/<int:pk>/self-score/", views.assessment_self_score, name="self_score"),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="submit"),
    path("assessments/<int:pk>/review/", views.assessment_review, name="review"),
    path("assessments/<int:pk>/return/", views.assessment_return, name="return"),
    path("assessments/items/<int:pk>/reopen/", views.item_reopen, name="reopen"),
    path("assessments/deductions/<int:pk>/withdraw/", views.deduction_withdraw, name="withdraw_deduction"),
    path("assessments/deductions/<int:pk>/evidence/", views.deduction_evidence, name="evidence"),
    path("assessments/villages/<int:pk>/", views.village_results, name="village"),
    path("assessments/ledger/", views.ledger_list, name="ledger"),
    path("assessments/ledger/new/", views.ledger_new, name="ledger_new"),
    path("assessments/ledger/<int:pk>/withdraw/", views.ledger_withdraw, name="ledger_withdraw"),
    path("assessments/cases/", views.case_list, name="cases"),
    path("assessments/cases/new/", views.case_new, name="case_new"),
    path("assessments/cases/<int:pk>/", views.case_detail, name="case"),
    path("assessments/supervision/", views.supervision_list, name="supervision"),
    path("assessments/supervision/new/", views.supervision_new, name="supervision_new"),
    path("assessments/books/", views.book_list, name="books"),
    path("assessments/books/<int:pk>/", views.book_detail, name="book"),
    path("assessments/rectification/", views.rectification_list, name="rectifications"),
    path("assessments/rectification/<int:pk>/", views.rectification_detail, name="rectification"),
]
