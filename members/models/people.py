from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from members import identity
from members.models.codes import EVER_MARRIED, Ethnicity, MaritalStatus, Relation
from members.models.households import Household
from members.rules import validation
from villages.models import Town

# Shown only to town office staff and the specialist of the person's village, and logged.
SENSITIVE_FIELDS = (
    "id_number", "phone", "contraception", "contraception_since", "pregnancy", "pregnancy_noted_on",
)


class PersonQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Person.Status.ACTIVE)


class Person(models.Model):
    """A person registered in a household of the town."""

    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    class Residence(models.TextChoices):
        RESIDENT = "resident", _("living in the village")
        OUT_MIGRATED = "out_migrated", _("working or living away")
        IN_MIGRATED = "in_migrated", _("living here, registered elsewhere")

    class Status(models.TextChoices):
        ACTIVE = "active", _("registered")
        DECEASED = "deceased", _("deceased")
        MOVED_OUT = "moved_out", _("moved out of the town")
        DEACTIVATED = "deactivated", _("removed from the register")

    class Contraception(models.TextChoices):
        NONE = "", _("none recorded")
        IUD = "iud", _("intrauterine device")
        TUBAL_LIGATION = "tubal_ligation", _("tubal ligation")
        VASECTOMY = "vasectomy", _("husband's vasectomy")
        IMPLANT = "implant", _("implant")
        INJECTION = "injection", _("injection")
        PILL = "pill", _("oral contraceptive")
        CONDOM = "condom", _("condom")
        OTHER = "other", _("other measure")

    class Pregnancy(models.TextChoices):
        UNKNOWN = "", _("not recorded")
        NOT_PREGNANT = "not_pregnant", _("not pregnant")
        PREGNANT = "pregnant", _("pregnant")

    # Denormalised from the household's village so identity numbers are unique in a town.
    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="people"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    id_number = models.CharField(_("identity number"), max_length=18, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=Ethnicity.choices, default=Ethnicity.HAN)
    relation = models.CharField(_("relation to the household head"), max_length=2, choices=Relation.choices)
    marital_status = models.CharField(
        _("marital status"), max_length=2, choices=MaritalStatus.choices, default=MaritalStatus.SINGLE
    )
    phone = models.CharField(_("mobile phone"), max_length=11, blank=True)
    residence = models.CharField(
        _("residence"), max_length=15, choices=Residence.choices, default=Residence.RESIDENT
    )
    mother = models.ForeignKey(
        "self", verbose_name=_("mother"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="children_as_mother",
    )
    father = models.ForeignKey(
        "self", verbose_name=_("father"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="children_as_father",
    )
    is_adopted = models.BooleanField(pgettext_lazy("person", "adopted"), default=False)
    # Computed from the mother's births (adopted children are not counted), never typed in.
    birth_order = models.PositiveSmallIntegerField(_("birth order"), null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    died_on = models.DateField(_("died on"), null=True, blank=True)
    contraception = models.CharField(
        _("contraception measure"), max_length=20, choices=Contraception.choices, blank=True
    )
    contraception_since = models.DateField(_("contraception measure since"), null=True, blank=True)
    pregnancy = models.CharField(_("pregnancy status"), max_length=15, choices=Pregnancy.choices, blank=True)
    pregnancy_noted_on = models.DateField(_("pregnancy status noted on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["household_id", "relation", "birth_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["town", "id_number"], condition=~Q(id_number=""), name="id_number_unique_in_town"
            ),
            models.CheckConstraint(
                condition=Q(status="deceased", died_on__isnull=False)
                | (~Q(status="deceased") & Q(died_on__isnull=True)),
                name="deceased_person_has_death_date",
            ),
            models.CheckConstraint(
                condition=Q(status="active") | (Q(status_changed_on__isnull=False) & ~Q(status_reason="")),
                name="inactive_person_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(sex="F") | (Q(contraception="") & Q(pregnancy="")),
                name="reproductive_fields_on_women_only",
            ),
            models.CheckConstraint(condition=Q(sex__in=["M", "F"]), name="person_sex_known"),
        ]
        indexes = [
            models.Index(fields=["household", "status"], name="person_household_status"),
            models.Index(fields=["sex", "marital_status", "birth_date"], name="person_women_by_age"),
            models.Index(fields=["name"], name="person_name"),
            models.Index(fields=["id_number"], name="person_id_number"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.id_number:
            try:
                self.id_number = identity.validate_id_number(self.id_number)
            except ValidationError as error:
                errors["id_number"] = error.messages
            else:
                errors.update(self._identity_mismatches())
        if self.phone:
            try:
                self.phone = identity.validate_phone(self.phone)
            except ValidationError as error:
                errors["phone"] = error.messages
        if self.sex == self.Sex.MALE and (self.contraception or self.pregnancy):
            errors["contraception"] = [_("Contraception and pregnancy are recorded on the woman's record.")]
        if self.contraception and not self.contraception_since:
            errors["contraception_since"] = [_("Enter the date the measure started.")]
        if self.pregnancy and not self.pregnancy_noted_on:
            errors["pregnancy_noted_on"] = [_("Enter the date the pregnancy status was noted.")]
        if self.pk and self.pk in (self.mother_id, self.father_id):
            errors["mother"] = [_("A person cannot be their own parent.")]
        validation.merge(errors, *self._impossible_dates())
        if errors:
            raise ValidationError(errors)

    def _impossible_dates(self) -> list[dict]:
        """Dates that cannot be: in the future, before the birth, a marriage under the legal age."""
        born = self.birth_date
        found = [validation.possible_birth_date("birth_date", born),
                 validation.ever_married_age("marital_status", ever_married=self.marital_status in EVER_MARRIED,
                                             born=born, sex=self.sex, name=self.name)]
        for field in ("died_on", "status_changed_on", "contraception_since", "pregnancy_noted_on"):
            day = getattr(self, field)
            found += [validation.in_the_past(field, day), validation.after_birth(field, day, born=born, name=self.name)]
        return found

    def _identity_mismatches(self) -> dict:
        errors = {}
        born = identity.birth_date_of(self.id_number)
        if self.birth_date and self.birth_date != born:
            errors["birth_date"] = [
                _("The identity number says this person was born on %(date)s.") % {"date": born.isoformat()}
            ]
        if self.sex and self.sex != identity.sex_of(self.id_number):
            errors["sex"] = [
                _("The identity number is that of a %(sex)s.")
                % {"sex": self.Sex(identity.sex_of(self.id_number)).label}
            ]
        return errors

    @property
    def is_alive(self) -> bool:
        return self.status != self.Status.DECEASED

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def age_on(self, day) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years
