"""Training of the villages' post-holders: a class organised by the town (village empty) or by a village, the
people invited to it by the post they held on the class's first day, and whether each came.

Nothing is deleted: a class is cancelled (a state), an invitation withdrawn (a state); attendance is corrected with
the version read."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from villages.models import Appointment, Position, Town, Village


class TrainingClass(models.Model):
    """A training class from `starts_on` to `ends_on` (the same day for a one-day class)."""

    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="training_classes")
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True,
                                related_name="training_classes", help_text=_("Empty for a class the town organises."))
    topic = models.CharField(_("topic"), max_length=150)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    trainer = models.CharField(_("trainer"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["town", "starts_on"], name="training_town_date")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                   name="training_ends_on_or_after_start"),
        ]

    def __str__(self):
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("services:training", kwargs={"pk": self.pk})


class Invitation(models.Model):
    """Someone invited to a class because they held a post (`appointment`) on its first day. `attended` is empty
    until the attendance is recorded."""

    training = models.ForeignKey(TrainingClass, verbose_name=_("training class"), on_delete=models.PROTECT,
                                 related_name="invitations")
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT,
                                related_name="training_invitations")
    appointment = models.ForeignKey(Appointment, verbose_name=_("post held"), on_delete=models.PROTECT,
                                    related_name="training_invitations")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    role = models.CharField(_("post"), max_length=30, choices=Position.Kind.choices)
    attended = models.BooleanField(_("came"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True,
                            help_text=_("Why someone did not come, or anything else about their attendance."))
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training invitation")
        verbose_name_plural = _("training invitations")
        ordering = ["training", "village__code", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["training", "appointment"], name="one_invitation_per_post_and_class"),
        ]
        indexes = [models.Index(fields=["village", "role"], name="invitation_village_role")]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"
