"""The association's pages, under association/ (included by members/urls.py)."""

from django.urls import path

from members.views_association import members, overview, own, work

urlpatterns = [
    path("association/", overview.home, name="association"),
    path("association/me/", own.my_card, name="association_me"),
    path("association/me/feedback/<int:year>/<int:month>/", own.my_feedback, name="association_my_feedback"),
    path("association/rules/<int:year>/", work.rules, name="association_rules"),
    path("association/villages/<int:pk>/", overview.village, name="association_village"),
    path("association/villages/<int:pk>/members/", overview.member_list, name="association_members"),
    path("association/villages/<int:pk>/members/new/", members.member_new, name="association_member_new"),
    path("association/villages/<int:pk>/uncovered/", overview.uncovered, name="association_uncovered"),
    path("association/villages/<int:pk>/feedback/", overview.feedback_month, name="association_feedback_month"),
    path("association/villages/<int:pk>/meetings/", work.meeting_list, name="association_meetings"),
    path("association/villages/<int:pk>/meetings/new/", work.meeting_new, name="association_meeting_new"),
    path("association/villages/<int:pk>/evaluations/", work.evaluation_list, name="association_evaluations"),
    path("association/villages/<int:pk>/recheck/", members.recheck, name="association_recheck"),
    path("association/villages/<int:pk>/roster/", overview.roster_print, name="association_roster_print"),
    path("association/members/<int:pk>/", members.member_detail, name="association_member"),
    path("association/members/<int:pk>/edit/", members.member_edit, name="association_member_edit"),
    path("association/members/<int:pk>/card/", members.card_edit, name="association_card"),
    path("association/members/<int:pk>/card/print/", overview.card_print, name="association_card_print"),
    path("association/members/<int:pk>/handover/", members.handover, name="association_handover"),
    path("association/members/<int:pk>/feedback/<int:year>/<int:month>/", work.feedback_enter,
         name="association_feedback_enter"),
    path("association/members/<int:pk>/evaluation/<int:year>/", work.evaluate, name="association_evaluate"),
    path("association/feedback/<int:pk>/", work.feedback_detail, name="association_feedback"),
    path("association/meetings/<int:pk>/", work.meeting_detail, name="association_meeting"),
    path("association/meetings/<int:pk>/edit/", work.meeting_edit, name="association_meeting_edit"),
    path("association/evaluations/<int:pk>/award/", work.award, name="association_award"),
]
