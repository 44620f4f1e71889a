"""The services' pages, under services/."""

from django.urls import path

from services.views import funding, groups, honours, publicity, sites

app_name = "services"

urlpatterns = [
    path("services/", sites.site_list, name="sites"),
    path("services/sites/new/", sites.site_new, name="site_new"),
    path("services/sites/<int:pk>/", sites.site_detail, name="site"),
    path("services/sites/<int:pk>/edit/", sites.site_edit, name="site_edit"),
    path("services/sites/<int:pk>/state/", sites.site_state, name="site_state"),
    path("services/sites/<int:pk>/investments/new/", sites.investment_new, name="investment_new"),
    path("services/investments/<int:pk>/edit/", sites.investment_edit, name="investment_edit"),
    path("services/funding/", funding.funding, name="funding"),
    path("services/funding/new/", funding.fund_entry_new, name="fund_entry_new"),
    path("services/funding/<int:pk>/edit/", funding.fund_entry_edit, name="fund_entry_edit"),
    path("services/fundraisings/", funding.fundraising_list, name="fundraisings"),
    path("services/fundraisings/new/", funding.fundraising_new, name="fundraising_new"),
    path("services/fundraisings/<int:pk>/", funding.fundraising_detail, name="fundraising"),
    path("services/fundraisings/<int:pk>/edit/", funding.fundraising_edit, name="fundraising_edit"),
    path("services/fundraisings/<int:pk>/donations/new/", funding.donation_new, name="donation_new"),
    path("services/leading-groups/", groups.group_list, name="leading_groups"),
    path("services/leading-groups/new/", groups.group_new, name="leading_group_new"),
    path("services/leading-groups/<int:pk>/", groups.group_detail, name="leading_group"),
    path("services/leading-groups/<int:pk>/edit/", groups.group_edit, name="leading_group_edit"),
    path("services/leading-groups/<int:pk>/members/new/", groups.member_new, name="leading_group_member_new"),
    path("services/leading-group-members/<int:pk>/end/", groups.member_end, name="leading_group_member_end"),
    path("services/publicity/", publicity.publicity, name="publicity"),
    path("services/publicity/new/", publicity.activity_new, name="publicity_new"),
    path("services/publicity/<int:pk>/edit/", publicity.activity_edit, name="publicity_edit"),
    path("services/honours/", honours.honours, name="honours"),
    path("services/honours/families/new/", honours.family_new, name="model_family_new"),
    path("services/honours/families/<int:pk>/withdraw/", honours.family_withdraw, name="model_family_withdraw"),
    path("services/honours/appraisals/new/", honours.appraisal_new, name="appraisal_new"),
    path("services/honours/appraisals/<int:pk>/", honours.appraisal_detail, name="appraisal"),
    path("services/honours/appraisals/<int:pk>/criteria/new/", honours.criterion_new, name="appraisal_criterion_new"),
    path("services/honours/appraisals/<int:pk>/candidates/new/", honours.candidate_new,
         name="appraisal_candidate_new"),
    path("services/honours/appraisals/<int:pk>/decide/", honours.appraisal_decide, name="appraisal_decide"),
    path("services/honours/results/<int:pk>/withdraw/", honours.award_withdraw, name="award_withdraw"),
    path("services/honours/pingan/", honours.pingan, name="pingan"),
    path("services/honours/pingan/new/", honours.pingan_new, name="pingan_new"),
    path("services/honours/pingan/<int:pk>/decide/", honours.pingan_decide, name="pingan_decide"),
    path("services/honours/pingan/<int:pk>/revoke/", honours.pingan_revoke, name="pingan_revoke"),
]
