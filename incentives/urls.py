from django.urls import path

from incentives.views import cycles, figures, households, policies

app_name = "incentives"

urlpatterns = [
    path("benefits/", figures.overview, name="overview"),
    path("benefits/budgets/", figures.budgets, name="budgets"),
    path("benefits/policies/", policies.policy_list, name="policies"),
    path("benefits/policies/new/", policies.policy_create, name="policy_create"),
    path("benefits/policies/<int:pk>/", policies.policy_detail, name="policy"),
    path("benefits/policies/<int:pk>/edit/", policies.policy_edit, name="policy_edit"),
    path("benefits/policies/<int:pk>/end/", policies.policy_end, name="policy_end"),
    path("benefits/policies/<int:pk>/rates/", policies.rate_add, name="rate_add"),
    path("benefits/policies/<int:pk>/conditions/new/", policies.condition_add, name="condition_add"),
    path("benefits/policies/<int:pk>/evidence/", policies.evidence_add, name="evidence_add"),
    path("benefits/policies/<int:pk>/cycles/", policies.cycle_open, name="cycle_open"),
    path("benefits/policies/<int:pk>/forecast/", policies.policy_forecast, name="forecast"),
    path("benefits/conditions/<int:pk>/edit/", policies.condition_edit, name="condition_edit"),
    path("benefits/conditions/<int:pk>/remove/", policies.condition_remove, name="condition_remove"),
    path("benefits/evidence/<int:pk>/remove/", policies.evidence_remove, name="evidence_remove"),
    path("benefits/cycles/", cycles.cycle_list, name="cycles"),
    path("benefits/cycles/<int:pk>/", cycles.cycle_detail, name="cycle"),
    path("benefits/cycles/<int:pk>/compute/", cycles.cycle_compute, name="cycle_compute"),
    path("benefits/cycles/<int:pk>/approve/", cycles.cycle_approve, name="cycle_approve"),
    path("benefits/cycles/<int:pk>/villages/<int:village_pk>/", cycles.cycle_village, name="cycle_village"),
    path("benefits/cycles/<int:pk>/villages/<int:village_pk>/confirm/", cycles.cycle_village_confirm,
         name="cycle_village_confirm"),
    path("benefits/cycles/<int:pk>/villages/<int:village_pk>/pay/", cycles.cycle_village_pay, name="cycle_village_pay"),
    path("benefits/cycles/<int:pk>/villages/<int:village_pk>/signature-sheet/", cycles.signature_sheet_preview,
         name="signature_sheet"),
    path("benefits/villages/<int:village_pk>/board/<period:period>/", cycles.recipients_board_preview,
         name="recipients_board"),
    path("benefits/villages/<int:village_pk>/board/<str:spelling>/", cycles.recipients_board_old_link),
    path("benefits/entitlements/<int:pk>/return/", cycles.entitlement_return, name="entitlement_return"),
    path("benefits/entitlements/<int:pk>/except/", cycles.entitlement_except, name="entitlement_except"),
    path("benefits/entitlements/<int:pk>/reopen/", cycles.entitlement_reopen, name="entitlement_reopen"),
    path("benefits/households/<int:pk>/", households.household_benefits, name="household"),
    path("benefits/households/<int:pk>/facts/new/", households.fact_add, name="fact_add"),
    path("benefits/households/<int:pk>/holds/<int:policy_pk>/", households.hold_add, name="hold_add"),
    path("benefits/facts/<int:pk>/deactivate/", households.fact_deactivate, name="fact_deactivate"),
    path("benefits/holds/<int:pk>/resume/", households.hold_resume, name="hold_resume"),
]
