from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from members.models.households import Household
from members.models.people import Person
from villages.models import Village


class VitalEvent(models.Model):
    """One event in a village's register, with the date it happened and the date it was recorded.

    Every row changes its village's registered population by `change` (+1, 0 or −1), so a
    village's population on any day is the sum of `change` over the rows recorded up to that
    day, and period figures reconcile by construction (opening + in − out = closing). Figures
    are counted by *recorded* date: a month, once over, never changes, because a later row is
    always recorded later. An event recorded after the period it happened in (a late birth
    registration, say) counts in the period it was recorded and is shown there as an
    adjustment (`occurred_on` before the period began). See `members.queries.period_figures`.

    `REGISTERED` and `REMOVED` are the bookkeeping rows for people entered into the register
    without a vital event (the first registration of a village, an import) and for entries
    removed as mistakes, so the ledger and the register always agree.
    """

    class Kind(models.TextChoices):
        MARRIAGE = "marriage", _("marriage")
        DIVORCE = "divorce", _("divorce")
        BIRTH = "birth", _("birth")
        ADOPTION = "adoption", _("adoption")
        DEATH = "death", _("death")
        MOVE_IN = "move_in", _("moving in")
        MOVE_OUT = "move_out", _("moving out")
        TRANSFER = "transfer", _("change of household in the village")
        REGISTERED = "registered", _("entered in the register")
        REMOVED = "removed", _("removed from the register")

    # The kinds a specialist records with a form of its own.
    RECORDABLE = (Kind.MARRIAGE, Kind.DIVORCE, Kind.BIRTH, Kind.ADOPTION, Kind.DEATH, Kind.MOVE_IN, Kind.MOVE_OUT)

    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="vital_events"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="events"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=12, choices=Kind.choices)
    occurred_on = models.DateField(_("date it happened"))
    recorded_on = models.DateField(_("date recorded"), db_index=True)
    change = models.SmallIntegerField(_("change in registered people"), default=0)
    # Births: the child's order among the mother's births, computed when recorded.
    birth_order = models.PositiveSmallIntegerField(_("birth order"), null=True, blank=True)
    mother = models.ForeignKey(
        Person, verbose_name=_("mother"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Marriages and divorces: the spouse, when registered in the town; otherwise the name.
    other_person = models.ForeignKey(
        Person, verbose_name=_("spouse"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    other_name = models.CharField(_("spouse's name"), max_length=50, blank=True)
    # Moves: where from or where to.
    place = models.CharField(_("from or to"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("vital event")
        verbose_name_plural = _("vital events")
        ordering = ["-recorded_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(change__gte=-1, change__lte=1), name="event_change_one_person"),
            models.CheckConstraint(
                condition=Q(recorded_on__gte=F("occurred_on")), name="event_recorded_after_it_happened"
            ),
            models.CheckConstraint(
                condition=~Q(kind="birth") | Q(birth_order__isnull=False), name="birth_has_order"
            ),
        ]
        indexes = [
            models.Index(fields=["village", "recorded_on"], name="event_village_recorded"),
            models.Index(fields=["village", "kind", "occurred_on"], name="event_village_kind_occurred"),
            models.Index(fields=["household", "-recorded_on"], name="event_household"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.person} {self.occurred_on}"

    @property
    def is_late(self) -> bool:
        """Recorded in a later month than it happened: an adjustment in that month's figures."""
        return (self.recorded_on.year, self.recorded_on.month) != (self.occurred_on.year, self.occurred_on.month)
