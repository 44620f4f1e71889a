"""Facts about people the registry does not hold, recorded with their evidence for the policies."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from members.models import Household, Person
from villages.models import Village


class FactQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def valid_on(self, day):
        return self.active().filter(occurred_on__lte=day).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))


class Fact(models.Model):
    """A recorded fact a policy may ask for: a disability certificate, a post in the association,
    a scholarship award, a pregnancy check attended, a written pledge.

    Facts of the sensitive kinds (health) are shown only to those who may see sensitive data.
    Never deleted: a mistaken one is deactivated with a reason.
    """

    class Kind(models.TextChoices):
        ONLY_CHILD_DISABLED = "only_child_disabled", _("only child certified disabled (grade 3 or worse)")
        ASSOCIATION_STAFF = "association_staff", _("serves on the village family planning association")
        SCHOLARSHIP_AWARD = "scholarship_award", _("admitted to senior high school or university")
        SCHOOL_ENROLMENT = "school_enrolment", _("enrolled at school")
        PREGNANCY_CHECK = "pregnancy_check", _("attended a pregnancy check")
        GAVE_UP_BIRTH = "gave_up_birth", _("pledged to give up a further birth")

    SENSITIVE_KINDS = frozenset({Kind.ONLY_CHILD_DISABLED, Kind.PREGNANCY_CHECK})

    kind = models.CharField(_("fact"), max_length=30, choices=Kind.choices)
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, verbose_name=_("household"), on_delete=models.PROTECT,
                                  related_name="facts")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="facts")
    occurred_on = models.DateField(_("date"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    evidence = models.CharField(pgettext_lazy("benefits", "evidence"), max_length=200, blank=True,
                                help_text=_("Certificate number, letter of appointment, admission notice…"))
    is_active = models.BooleanField(pgettext_lazy("recorded fact", "valid"), default=True)
    deactivated_reason = models.TextField(_("reason for deactivation"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["recorded_at"])

    objects = FactQuerySet.as_manager()

    class Meta:
        verbose_name = _("recorded fact")
        verbose_name_plural = _("recorded facts")
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("occurred_on")),
                                   name="fact_valid_after_date"),
            models.CheckConstraint(condition=Q(is_active=True) | ~Q(deactivated_reason=""),
                                   name="fact_deactivated_with_reason"),
        ]
        indexes = [
            models.Index(fields=["kind", "person"], name="fact_kind_person"),
            models.Index(fields=["kind", "household"], name="fact_kind_household"),
        ]

    def __str__(self):
        return f"{self.person or self.household} {self.get_kind_display()}"

    def clean(self):
        super().clean()
        if self.person_id and self.household_id and self.person.household_id != self.household_id:
            raise ValidationError({"person": _("The person is not registered in this household.")})
        if self.valid_until and self.occurred_on and self.valid_until < self.occurred_on:
            raise ValidationError({"valid_until": _("A fact cannot stop holding before its date.")})

    @property
    def is_sensitive(self) -> bool:
        return self.kind in self.SENSITIVE_KINDS
