"""The services' pages, under services/."""

from django.urls import path

from services.views import funding, groups, health, publicity, sites, training

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
    path("services/training/", training.training_list, name="trainings"),
    path("services/training/new/", training.training_new, name="training_new"),
    path("services/training/<int:pk>/", training.training_detail, name="training"),
    path("services/training/<int:pk>/edit/", training.training_edit, name="training_edit"),
    path("services/training/<int:pk>/invite/", training.training_invite, name="training_invite"),
    path("services/training/<int:pk>/attendance/", training.training_attendance, name="training_attendance"),
    path("services/campaigns/", health.campaign_list, name="campaigns"),
    path("services/campaigns/new/", health.campaign_new, name="campaign_new"),
    path("services/campaigns/<int:pk>/", health.campaign_detail, name="campaign"),
    path("services/campaigns/<int:pk>/edit/", health.campaign_edit, name="campaign_edit"),
    path("services/campaigns/<int:pk>/invite/", health.campaign_invite, name="campaign_invite"),
    path("services/invitations/<int:pk>/attendance/", health.attendance, name="invitation_attendance"),
    path("services/invitations/<int:pk>/withdraw/", health.withdraw, name="invitation_withdraw"),
    path("services/invitations/<int:pk>/findings/new/", health.finding_new, name="finding_new"),
    path("services/findings/<int:pk>/", health.finding_detail, name="finding"),
    path("services/findings/<int:pk>/follow-up/", health.finding_follow_up, name="finding_follow_up"),
]
