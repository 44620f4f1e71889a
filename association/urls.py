"""The association's pages, under association/."""

from django.urls import path

from association.views import members, overview, own, work

app_name = "association"

urlpatterns = [
    path("association/", overview.home, name="home"),
    path("association/me/", own.my_card, name="me"),
    path("association/me/feedback/<int:year>/<int:month>/", own.my_feedback, name="my_feedback"),
    path("association/rules/<int:year>/", work.rules, name="rules"),
    path("association/villages/<int:pk>/", overview.village, name="village"),
    path("association/villages/<int:pk>/members/", overview.member_list, name="members"),
    path("association/villages/<int:pk>/members/new/", members.member_new, name="member_new"),
    path("association/villages/<int:pk>/uncovered/", overview.uncovered, name="uncovered"),
    path("association/villages/<int:pk>/feedback/", overview.feedback_month, name="feedback_month"),
    path("association/villages/<int:pk>/meetings/", work.meeting_list, name="meetings"),
    path("association/villages/<int:pk>/meetings/new/", work.meeting_new, name="meeting_new"),
    path("association/villages/<int:pk>/evaluations/", work.evaluation_list, name="evaluations"),
    path("association/villages/<int:pk>/recheck/", members.recheck, name="recheck"),
    path("association/villages/<int:pk>/roster/", overview.roster_print, name="roster_print"),
    path("association/members/<int:pk>/", members.member_detail, name="member"),
    path("association/members/<int:pk>/edit/", members.member_edit, name="member_edit"),
    path("association/members/<int:pk>/card/", members.card_edit, name="card"),
    path("association/members/<int:pk>/card/print/", overview.card_print, name="card_print"),
    path("association/members/<int:pk>/handover/", members.handover, name="handover"),
    path("association/members/<int:pk>/feedback/<int:year>/<int:month>/", work.feedback_enter, name="feedback_enter"),
    path("association/members/<int:pk>/evaluation/<int:year>/", work.evaluate, name="evaluate"),
    path("association/feedback/<int:pk>/", work.feedback_detail, name="feedback"),
    path("association/meetings/<int:pk>/", work.meeting_detail, name="meeting"),
    path("association/meetings/<int:pk>/edit/", work.meeting_edit, name="meeting_edit"),
    path("association/evaluations/<int:pk>/award/", work.award, name="award"),
]
