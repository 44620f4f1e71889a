from django.urls import path

from villages.views import figures
from villages.views import villages as views

app_name = "villages"

urlpatterns = [
    path("", views.home, name="home"),
    path("villages/", views.town, name="town"),
    path("my-group/", views.my_group, name="my_group"),
    path("villages/<int:pk>/", views.village, name="village"),
    path("villages/<int:pk>/regulations/file/", views.regulations_file, name="regulations_file"),
    path("villages/<int:pk>/self-government/", views.declare, name="declare"),
    path("villages/<int:pk>/regulations/", views.regulations, name="regulations"),
    path("villages/<int:pk>/designations/new/", views.designate, name="designate"),
    path("villages/<int:pk>/positions/<int:position_pk>/appoint/", views.appoint, name="appoint"),
    path("villages/<int:pk>/appointments/<int:appointment_pk>/end/", views.end_appointment,
         name="end_appointment"),
    path("figures/", figures.catalogue_page, name="figures"),
    path("figures/closing/", figures.closings_page, name="closings"),
    path("figures/closing/<int:pk>/", figures.closing_page, name="closing"),
    path("figures/<str:code>/", figures.figure_page, name="figure"),
]
