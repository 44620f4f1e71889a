from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models.codes import MaritalStatus
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

    A recorded event is never edited (members.actions.corrections): it is *voided* with a reason
    and stays, and a `CORRECTION` row recorded on the day of the void takes its `change` back, so
    the figures of a past month never move. A corrected event is a new row of the same kind whose
    `corrects` names the voided one; the compensating row names it too.

    `marital_status` is the person's marital status after the event, on the rows that say it:
    married on a marriage and divorced on a divorce (for both partners: `other_person` too), and
    the status at entry on the rows that enter someone into the register. Marital status on a past
    date is read from these rows (members.queries_asof), never from today's status. A
    death writes no row for the widowed partner: widowhood is known from the entry row only.
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
        CORRECTION = "correction", _("correction of an entry")

    # The kinds a specialist records with a form of its own.
    RECORDABLE = (Kind.MARRIAGE, Kind.DIVORCE, Kind.BIRTH, Kind.ADOPTION, Kind.DEATH, Kind.MOVE_IN, Kind.MOVE_OUT)
    # The kinds that enter someone into a village's register, and the kinds that say a marital status.
    ENTRY = (Kind.REGISTERED, Kind.BIRTH, Kind.ADOPTION, Kind.MOVE_IN)
    WITH_MARITAL_STATUS = (Kind.MARRIAGE, Kind.DIVORCE, *ENTRY)

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
    marital_status = models.CharField(_("marital status after the event"), max_length=2,
                                      choices=MaritalStatus.choices, blank=True)
    # A correction points at the row it replaces; a compensating row at the row it voids.
    corrects = models.ForeignKey(
        "self", verbose_name=_("corrects"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="corrected_by",
    )
    voided_on = models.DateField(_("voided on"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voided by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    void_reason = models.TextField(_("reason for voiding"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The person's ledger read as a chain of spans (members.actions.ledger.chain_ledger, on every insert): the
    # row is the person's latest from `recorded_on` until the day their next row was recorded (None: still
    # the latest), and `total_after` is the sum of their rows' `change` up to this one. Who is in a town's
    # register on a day is then a read of that town's households' rows (members.queries_asof.in_register),
    # whatever the size of the registry around it. Derived from the rows above, so kept out of the history.
    superseded_on = models.DateField(_("latest until"), null=True, blank=True, editable=False)
    total_after = models.SmallIntegerField(_("registered after this row"), default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["created_at", "superseded_on", "total_after"])

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
            models.CheckConstraint(
                condition=Q(voided_on__isnull=True, void_reason="")
                | (Q(voided_on__isnull=False) & ~Q(void_reason="")),
                name="voided_event_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=~Q(kind="correction") | Q(corrects__isnull=False), name="correction_names_its_event"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["marriage", "divorce", "registered", "birth", "adoption", "move_in"])
                & ~Q(marital_status="")
                | ~Q(kind__in=["marriage", "divorce", "registered", "birth", "adoption", "move_in"])
                & Q(marital_status=""),
                name="event_marital_status_on_its_kinds",
            ),
            # One compensating row and one replacement per voided row, whoever voids it first.
            models.UniqueConstraint(
                fields=["corrects"], condition=Q(kind="correction"), name="event_voided_once"
            ),
            models.UniqueConstraint(
                fields=["corrects"], condition=~Q(kind="correction"), name="event_corrected_once"
            ),
        ]
        indexes = [
            models.Index(fields=["village", "recorded_on"], name="event_village_recorded"),
            models.Index(fields=["village", "kind", "occurred_on"], name="event_village_kind_occurred"),
            models.Index(fields=["household", "-recorded_on"], name="event_household"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.person} {self.occurred_on}"

    @classmethod
    def marital_status_after(cls, kind: str, status_at_entry: str) -> str:
        """What a row of this kind says of the person's marital status (blank: says nothing)."""
        if kind == cls.Kind.MARRIAGE:
            return MaritalStatus.MARRIED
        if kind == cls.Kind.DIVORCE:
            return MaritalStatus.DIVORCED
        return status_at_entry if kind in cls.ENTRY else ""

    @property
    def is_voided(self) -> bool:
        return self.voided_on is not None

    @property
    def is_late(self) -> bool:
        """Recorded in a later month than it happened: an adjustment in that month's figures."""
        return (self.recorded_on.year, self.recorded_on.month) != (self.occurred_on.year, self.occurred_on.month)
