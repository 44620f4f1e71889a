"""The services' pages, under services/."""

from django.urls import path

from services.views import assistance, funding, groups, publicity, sites

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
    path("services/assistance/", assistance.assistance, name="assistance"),
    path("services/assistance/households/<int:pk>/", assistance.household, name="assistance_household"),
    path("services/assistance/households/<int:pk>/new/", assistance.assistance_new, name="assistance_new"),
    path("services/assistance/households/<int:pk>/out-of-poverty/", assistance.out_of_poverty,
         name="assistance_out_of_poverty"),
    path("services/assistance/<int:pk>/edit/", assistance.assistance_edit, name="assistance_edit"),
    path("services/assistance/<int:pk>/void/", assistance.assistance_void, name="assistance_void"),
    path("services/assistance/projects/new/", assistance.project_new, name="assistance_project_new"),
    path("services/assistance/projects/<int:pk>/", assistance.project_detail, name="assistance_project"),
    path("services/assistance/projects/<int:pk>/edit/", assistance.project_edit, name="assistance_project_edit"),
    path("services/assistance/projects/<int:pk>/join/", assistance.project_join, name="assistance_project_join"),
]
