"""The village family planning association's members and their contact cards.

A member (会员) is a villager in one villager group of a village's association. Their contact
card (会员联系卡) lists the households they serve; each row of `ContactAssignment` is one
stretch of service, so the card's history shows who served which household when. Service is
a half-open period [served_from, served_until): on a handover day the new member serves.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from members.models import Household, Person
from villages.models import Village, VillagerGroup


class AssociationMemberQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        """Members on the roll: all who have not left, or (with `on`) those on the roll that day."""
        if on is None:
            return self.filter(left_on__isnull=True)
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=on), joined_on__lte=on)


class AssociationMember(models.Model):
    class Role(models.TextChoices):
        PRESIDENT = "president", _("president")
        EXECUTIVE_VICE_PRESIDENT = "executive_vice_president", _("executive vice president")
        SECRETARY_GENERAL = "secretary_general", _("secretary-general")
        COUNCIL_MEMBER = "council_member", _("council member")
        GROUP_LEADER = "group_leader", _("group leader")
        MEMBER = "member", _("member")

    class LeaveReason(models.TextChoices):
        RESIGNED = "resigned", _("resigned")
        NOT_KEPT = "not_kept", _("not kept at the yearly re-check")
        MOVED_AWAY = "moved_away", _("moved away")
        DECEASED = "deceased", _("deceased")
        OTHER = "other", _("other reason")

    # One current holder each per village association.
    OFFICER_ROLES = (Role.PRESIDENT, Role.EXECUTIVE_VICE_PRESIDENT, Role.SECRETARY_GENERAL)

    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="association_members"
    )
    group = models.ForeignKey(
        VillagerGroup, verbose_name=_("villager group"), on_delete=models.PROTECT,
        related_name="association_members",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("registered person"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="association_memberships",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("login"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="association_member",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    role = models.CharField(_("role in the association"), max_length=30, choices=Role.choices, default=Role.MEMBER)
    duties = models.TextField(_("duties agreed on the contact card"), blank=True)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(_("reason for leaving"), max_length=15, choices=LeaveReason.choices, blank=True)
    leave_note = models.TextField(_("note on leaving"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"],
                                table_name="members_historicalassociationmember")

    objects = AssociationMemberQuerySet.as_manager()

    class Meta:
        db_table = "members_associationmember"
        verbose_name = _("association member")
        verbose_name_plural = _("association members")
        ordering = ["village__code", "group__number", "joined_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="member_leaves_after_joining",
            ),
            models.CheckConstraint(
                condition=(Q(left_on__isnull=True) & Q(leave_reason=""))
                | (Q(left_on__isnull=False) & ~Q(leave_reason="")),
                name="member_leaving_has_reason",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(left_on__isnull=True, person__isnull=False),
                name="one_current_membership_per_person",
            ),
            models.UniqueConstraint(
                fields=["village", "role"],
                condition=Q(left_on__isnull=True, role__in=["president", "executive_vice_president",
                                                             "secretary_general"]),
                name="one_current_officer_per_role",
            ),
        ]
        indexes = [
            models.Index(fields=["village", "left_on"], name="member_village_current"),
            models.Index(fields=["group", "left_on"], name="member_group_current"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.group_id and self.village_id and self.group.village_id != self.village_id:
            errors["group"] = _("This villager group belongs to another village.")
        if self.person_id and self.village_id and self.person.household.village_id != self.village_id:
            errors["person"] = _("This person is registered in another village.")
        if self.user_id and self.group_id and self.user.group_id != self.group_id:
            errors["user"] = _("The login must be an association member's login for the same villager group.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_current(self) -> bool:
        return self.left_on is None

    def on_roll(self, day: datetime.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)


class MemberReview(models.Model):
    """Recruitment and the yearly re-check of members: recruited, kept or left, with the date decided."""

    class Outcome(models.TextChoices):
        RECRUITED = "recruited", _("newly recruited")
        KEPT = "kept", _("kept")
        LEFT = "left", _("left")

    member = models.ForeignKey(
        AssociationMember, verbose_name=_("member"), on_delete=models.PROTECT, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    decided_on = models.DateField(_("decided on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        db_table = "members_memberreview"
        verbose_name = _("member review")
        verbose_name_plural = _("member reviews")
        ordering = ["-year", "member__village__code", "member__group__number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"], condition=Q(outcome__in=["kept", "left"]),
                name="one_recheck_per_member_and_year",
            ),
            models.UniqueConstraint(
                fields=["member"], condition=Q(outcome="recruited"), name="member_recruited_once",
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.year} {self.get_outcome_display()}"


class ContactAssignmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(served_until__isnull=True)

    def serving_on(self, day: datetime.date):
        return self.filter(Q(served_until__isnull=True) | Q(served_until__gt=day), served_from__lte=day)


class ContactAssignment(models.Model):
    """One stretch of a member serving a household: a line of the member's contact card."""

    class EndReason(models.TextChoices):
        HANDED_OVER = "handed_over", _("handed over to another member")
        TAKEN_OFF = "taken_off", _("taken off the card")
        MEMBER_LEFT = "member_left", _("member left the association")
        HOUSEHOLD_GONE = "household_gone", _("household moved out or dissolved")

    member = models.ForeignKey(
        AssociationMember, verbose_name=_("member"), on_delete=models.PROTECT, related_name="assignments"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="contact_assignments"
    )
    served_from = models.DateField(_("served from"))
    served_until = models.DateField(_("served until"), null=True, blank=True)
    end_reason = models.CharField(_("why the service ended"), max_length=15, choices=EndReason.choices, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    history = HistoricalRecords(table_name="members_historicalcontactassignment")

    objects = ContactAssignmentQuerySet.as_manager()

    class Meta:
        db_table = "members_contactassignment"
        verbose_name = _("contact card household")
        verbose_name_plural = _("contact card households")
        ordering = ["household__number", "served_from", "pk"]
        constraints = [
            # A household is served by at most one member at a time.
            models.UniqueConstraint(
                fields=["household"], condition=Q(served_until__isnull=True),
                name="one_current_member_per_household",
            ),
            models.CheckConstraint(
                condition=Q(served_until__isnull=True) | Q(served_until__gte=models.F("served_from")),
                name="service_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(served_until__isnull=True) & Q(end_reason=""))
                | (Q(served_until__isnull=False) & ~Q(end_reason="")),
                name="service_end_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "served_until"], name="assignment_member_current"),
        ]

    def __str__(self):
        return f"{self.member} → {self.household}"

    @property
    def is_current(self) -> bool:
        return self.served_until is None
