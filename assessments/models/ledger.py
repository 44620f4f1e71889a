"""The rewards and sanctions ledger, and the misconduct cases that lead to sanctions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models.scoring import Assessment
from villages.models import Appointment, Village

MONEY = {"max_digits": 10, "decimal_places": 2}


class Case(models.Model):
    """A misconduct case, for example concealed or falsified records, from report to decision."""

    class Kind(models.TextChoices):
        CONCEALMENT = "concealment", _("concealed records")
        FALSIFICATION = "falsification", _("falsified records")
        MANAGEMENT = "management", _("failure of management responsibility")
        OTHER = "other", _("other misconduct")

    class Status(models.TextChoices):
        REPORTED = "reported", _("reported")
        INVESTIGATING = "investigating", _("under investigation")
        DECIDED = "decided", _("decided")
        UNFOUNDED = "unfounded", _("closed as unfounded")

    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what was reported"))
    reported_on = models.DateField(_("reported on"))
    reported_by = models.CharField(_("reported by"), max_length=100)
    appointment = models.ForeignKey(
        Appointment, verbose_name=_("cadre concerned"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.REPORTED)
    finding = models.TextField(_("finding of the investigation"), blank=True)
    decision = models.TextField(_("decision taken"), blank=True)
    decided_on = models.DateField(_("date of the decision"), null=True, blank=True)
    decided_by = models.CharField(_("deciding body"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("misconduct case")
        verbose_name_plural = _("misconduct cases")
        ordering = ["-reported_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["reported", "investigating"])
                | (Q(decided_on__isnull=False) & ~Q(decision="") & ~Q(decided_by="")),
                name="closed_case_has_decision",
            ),
        ]

    def __str__(self):
        return f"{self.village} {self.title}"


class LedgerEntry(models.Model):
    class Kind(models.TextChoices):
        COMMENDATION = "commendation", _("commendation")
        BONUS = "bonus", _("bonus")
        HONOUR = "honour", _("honour")
        HONOUR_WITHDRAWN = "honour_withdrawn", _("honour withdrawn")
        PARTY_DISCIPLINE = "party_discipline", _("party discipline")
        ECONOMIC_PENALTY = "economic_penalty", _("economic penalty")
        DISMISSAL = "dismissal", _("dismissal")
        TOWN_NOTICE = "town_notice", _("town-wide notice")

    REWARDS = (Kind.COMMENDATION, Kind.BONUS, Kind.HONOUR)
    ABOUT_A_PERSON = (Kind.HONOUR_WITHDRAWN, Kind.PARTY_DISCIPLINE, Kind.DISMISSAL)

    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    appointment = models.ForeignKey(
        Appointment, verbose_name=_("cadre's appointment"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    person_name = models.CharField(_("person"), max_length=50, blank=True)
    person_role = models.CharField(_("person's post"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200)
    reason = models.TextField(_("reason"))
    decision = models.TextField(_("decision taken"))
    decided_on = models.DateField(_("date of the decision"))
    decided_by = models.CharField(_("deciding body"), max_length=100)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY, null=True, blank=True)
    withdraws = models.OneToOneField(
        "self", verbose_name=_("honour withdrawn"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="withdrawal",
    )
    certificate_recovered = models.BooleanField(_("certificate recovered"), default=False)
    amount_recovered = models.DecimalField(_("bonus recovered (yuan)"), **MONEY, null=True, blank=True)
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="ledger_entries",
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("rewards and sanctions ledger")
        ordering = ["-decided_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason="") & ~Q(decision=""), name="ledger_states_reason"),
            models.CheckConstraint(
                condition=~Q(kind="honour_withdrawn") | Q(withdraws__isnull=False),
                name="withdrawal_names_the_honour",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["honour_withdrawn", "party_discipline", "dismissal"]) | ~Q(person_name=""),
                name="sanction_names_the_person",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="ledger_amount_not_negative"),
            models.CheckConstraint(condition=Q(amount_recovered__gte=0), name="ledger_recovered_not_negative"),
        ]
        indexes = [models.Index(fields=["kind", "decided_on"], name="ledger_kind_date")]

    def __str__(self):
        subject = self.person_name or self.village.name
        return f"{subject} {self.get_kind_display()} {self.decided_on}"

    @property
    def is_reward(self) -> bool:
        return self.kind in self.REWARDS
