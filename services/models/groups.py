"""Leading groups for villager self-government: the town's (village empty) and each village's, with their members
through time. A group is dissolved (a date), a member's membership ended (a date): nothing is deleted."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from villages.models import Town, Village


class GroupRole(models.TextChoices):
    LEADER = "leader", pgettext_lazy("of a leading group", "group leader")
    DEPUTY = "deputy", _("deputy group leader")
    MEMBER = "member", pgettext_lazy("of a leading group", "group member")
    OFFICE_HEAD = "office_head", _("head of the group's office")


ROLE_ORDER = {role: index for index, role in enumerate(GroupRole.values)}


class LeadingGroup(models.Model):
    """A leading group for villager self-government of the town (village empty) or of a village, in place from
    `set_up_on` until the day before `dissolved_on`. A unit has one group at a time."""

    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="leading_groups")
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True,
                                related_name="leading_groups", help_text=_("Empty for the town's own group."))
    name = models.CharField(_("name of the group"), max_length=100)
    set_up_on = models.DateField(_("set up on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        verbose_name = _("leading group")
        verbose_name_plural = _("leading groups")
        ordering = ["town__code", "village__code", "-set_up_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=models.F("set_up_on")),
                                   name="leading_group_dissolved_after_set_up"),
            models.UniqueConstraint(fields=["village"], condition=Q(village__isnull=False, dissolved_on__isnull=True),
                                    name="one_current_leading_group_per_village"),
            models.UniqueConstraint(fields=["town"], condition=Q(village__isnull=True, dissolved_on__isnull=True),
                                    name="one_current_leading_group_of_the_town"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:leading_group", kwargs={"pk": self.pk})

    @property
    def is_current(self) -> bool:
        return self.dissolved_on is None


class LeadingGroupMember(models.Model):
    """Someone in a leading group, in a role of the group, from `started_on` until `ended_on` (their last day)."""

    Role = GroupRole

    group = models.ForeignKey(LeadingGroup, verbose_name=_("leading group"), on_delete=models.PROTECT,
                              related_name="members")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    role = models.CharField(_("role in the group"), max_length=16, choices=GroupRole.choices)
    job_title = models.CharField(_("job title"), max_length=50, blank=True,
                                 help_text=_("Their post outside the group, e.g. town head, party branch secretary."))
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leading group member")
        verbose_name_plural = _("leading group members")
        ordering = ["group", "started_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                                   name="leading_group_member_ends_after_start"),
            models.UniqueConstraint(fields=["group"], condition=Q(role="leader", ended_on__isnull=True),
                                    name="one_current_leader_per_leading_group"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None
