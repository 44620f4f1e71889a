from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "villages"
    verbose_name = _("Villages and teams")

    def ready(self):
        from villages import catalogue
        from villages.periods import PeriodConverter

        register_converter(PeriodConverter, "period")
        catalogue.discover()  # every app's figures.py
