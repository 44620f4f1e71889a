from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        """The services' "Top Ten Village Cadres" appraisal records its awards and withdrawals in the ledger."""
        from assessments.actions import ledger
        from services.actions import honours

        honours.use_ledger(record=ledger.record_ledger_entry, withdraw=ledger.withdraw_honour)
