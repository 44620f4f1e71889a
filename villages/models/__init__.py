from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from villages.models.closing import Correction, FigureValue, PeriodClosing
from villages.uploads import UploadKinds

__all__ = [
    "Appointment", "CandidateVetting", "Correction", "County", "Designation", "FigureValue", "PeriodClosing",
    "Position", "SensitiveAccess", "Town", "User", "Village", "VillagerGroup", "county_code_validator",
    "township_code_validator", "village_code_validator",
]

county_code_validator = RegexValidator(r"^\d{6}$", _("A county code has exactly 6 digits."))
township_code_validator = RegexValidator(r"^\d{9}$", _("A township code has exactly 9 digits."))
village_code_validator = RegexValidator(r"^\d{12}$", _("A village code has exactly 12 digits."))


class County(models.Model):
    """The county above the towns: its health commission runs the same work for all of them."""

    name = models.CharField(_("name"), max_length=50)
    code = models.CharField(
        _("county division code"), max_length=6, unique=True, validators=[county_code_validator]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^\d{6}$"), name="county_code_six_digits"),
        ]

    def __str__(self):
        return self.name


class Town(models.Model):
    name = models.CharField(_("name"), max_length=50)
    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, related_name="towns"
    )
    code = models.CharField(
        _("township code"), max_length=9, unique=True, validators=[township_code_validator]
    )
    # The year pages, forms and documents open on; set by the town office (None: the latest year with data).
    working_year = models.PositiveSmallIntegerField(
        _("working year"), null=True, blank=True, validators=[MinValueValidator(2000)],
        help_text=_("The year pages, forms and documents open on."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("town")
        verbose_name_plural = _("towns")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^\d{9}$"), name="town_code_nine_digits"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.county_id and self.code and not self.code.startswith(self.county.code):
            raise ValidationError(
                {"code": _("A township code must start with its county's code %(code)s.")
                 % {"code": self.county.code}}
            )


class Village(models.Model):
    town = models.ForeignKey(
        Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="villages"
    )
    code = models.CharField(
        _("statistical division code"),
        max_length=12,
        unique=True,
        validators=[village_code_validator],
    )
    name = models.CharField(_("name"), max_length=50)
    self_government_declared_on = models.DateField(
        _("self-government declared on"), null=True, blank=True
    )
    regulations_adopted_on = models.DateField(
        _("self-government regulations adopted on"), null=True, blank=True
    )
    regulations_text = models.TextField(_("text of the regulations"), blank=True)
    regulations_file = models.FileField(
        _("file of the regulations"), upload_to="regulations/", blank=True, validators=[UploadKinds()]
    )
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^\d{12}$"), name="village_code_twelve_digits"
            ),
            models.UniqueConstraint(fields=["town", "name"], name="village_name_unique_in_town"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.town_id and self.code and not self.code.startswith(self.town.code):
            raise ValidationError(
                {"code": _("A village code must start with its town's code %(code)s.")
                 % {"code": self.town.code}}
            )

    @property
    def has_regulations(self) -> bool:
        return self.regulations_adopted_on is not None


class VillagerGroup(models.Model):
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="groups"
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=50)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("villager group")
        verbose_name_plural = _("villager groups")
        ordering = ["village__code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["village", "number"], name="group_number_unique"),
        ]

    def __str__(self):
        return f"{self.village.name} {self.name}"


class Designation(models.Model):
    class Kind(models.TextChoices):
        DEMONSTRATION = "demonstration", _("self-government demonstration village")
        QUALIFIED = "qualified", _("self-government qualified village")
        LAGGING = "lagging", _("lagging village under key management")

    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="designations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("designation"), max_length=20, choices=Kind.choices)
    decided_on = models.DateField(_("decided on"))
    reason = models.TextField(_("reason"), blank=True)
    rectification_plan = models.TextField(_("rectification plan"), blank=True)
    target_year_one = models.TextField(_("target after one year"), blank=True)
    target_year_two = models.TextField(_("target after two years"), blank=True)
    target_year_three = models.TextField(_("target after three years"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        ordering = ["-year", "village__code"]
        constraints = [
            models.UniqueConstraint(fields=["village", "year"], name="one_designation_per_year"),
            models.CheckConstraint(
                condition=~Q(kind="lagging") | ~Q(rectification_plan=""),
                name="lagging_village_has_rectification_plan",
            ),
        ]

    def __str__(self):
        return f"{self.village} {self.year} {self.get_kind_display()}"


class Position(models.Model):
    class Kind(models.TextChoices):
        PARTY_SECRETARY = "party_secretary", _("party branch secretary")
        COMMITTEE_DIRECTOR = "committee_director", _("village committee director")
        SPECIALIST = "specialist", _("family planning specialist")
        ASSOCIATION_PRESIDENT = "association_president", _("association president")
        EXECUTIVE_VICE_PRESIDENT = "executive_vice_president", _(
            "association executive vice president"
        )
        SECRETARY_GENERAL = "secretary_general", _("association secretary-general")
        GROUP_LEADER = "group_leader", _("villager group leader")
        BIRTH_LIAISON = "birth_liaison", _("birth information liaison")

    class Body(models.TextChoices):
        PARTY_BRANCH = "party_branch", _("party branch")
        COMMITTEE = "committee", _("village committee")
        ASSOCIATION = "association", _("family planning association")

    BODY_OF_KIND = {
        Kind.PARTY_SECRETARY: Body.PARTY_BRANCH,
        Kind.COMMITTEE_DIRECTOR: Body.COMMITTEE,
        Kind.SPECIALIST: Body.COMMITTEE,
        Kind.ASSOCIATION_PRESIDENT: Body.ASSOCIATION,
        Kind.EXECUTIVE_VICE_PRESIDENT: Body.ASSOCIATION,
        Kind.SECRETARY_GENERAL: Body.ASSOCIATION,
        Kind.GROUP_LEADER: Body.COMMITTEE,
        Kind.BIRTH_LIAISON: Body.ASSOCIATION,
    }

    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="positions"
    )
    group = models.ForeignKey(
        VillagerGroup,
        verbose_name=_("villager group"),
        on_delete=models.PROTECT,
        related_name="positions",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("position"), max_length=30, choices=Kind.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["village__code", "kind", "group__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "kind"],
                condition=Q(group__isnull=True),
                name="one_village_position_per_kind",
            ),
            models.UniqueConstraint(
                fields=["village", "kind", "group"],
                condition=Q(group__isnull=False),
                name="one_group_position_per_kind",
            ),
        ]

    def __str__(self):
        label = self.get_kind_display()
        if self.group_id:
            return f"{self.village.name} {self.group.name} {label}"
        return f"{self.village.name} {label}"

    @property
    def body(self) -> str:
        return self.BODY_OF_KIND[self.kind]

    def get_body_display(self) -> str:
        return self.Body(self.body).label


class Appointment(models.Model):
    class PayKind(models.TextChoices):
        WAGE = "wage", _("full wage")
        SUBSIDY = "subsidy", _("fixed subsidy")
        NONE = "none", _("unpaid")

    class EndReason(models.TextChoices):
        TERM_END = "term_end", _("end of term")
        RESIGNATION = "resignation", _("resignation")
        DISMISSAL = "dismissal", _("dismissal")

    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="appointments"
    )
    holder_name = models.CharField(_("holder"), max_length=50)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    pay_kind = models.CharField(
        _("pay"), max_length=10, choices=PayKind.choices, default=PayKind.SUBSIDY
    )
    monthly_amount = models.DecimalField(
        _("monthly pay or subsidy (yuan)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    end_reason = models.CharField(
        _("end reason"), max_length=15, choices=EndReason.choices, blank=True
    )
    end_note = models.TextField(_("reason given"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["position__village__code", "position__kind", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["position"],
                condition=Q(ended_on__isnull=True),
                name="one_current_holder_per_position",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="appointment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(end_reason=""))
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="appointment_end_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(end_reason="dismissal") | ~Q(end_note=""),
                name="dismissal_states_reason",
            ),
            models.CheckConstraint(
                condition=Q(monthly_amount__gte=0), name="appointment_pay_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.position} {self.holder_name}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class CandidateVetting(models.Model):
    class Decision(models.TextChoices):
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="vettings"
    )
    candidate_name = models.CharField(_("candidate"), max_length=50)
    position_kind = models.CharField(
        _("position sought"), max_length=30, choices=Position.Kind.choices
    )
    election_year = models.PositiveSmallIntegerField(_("election year"))
    decided_on = models.DateField(_("decided on"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        "villages.User",
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidate vetting")
        verbose_name_plural = _("candidate vettings")
        ordering = ["-decided_on", "village__code"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="vetting_states_reason"),
        ]

    def __str__(self):
        return f"{self.village} {self.candidate_name} {self.get_decision_display()}"


class User(AbstractUser):
    class Role(models.TextChoices):
        TOWN_OFFICE = "town_office", _("town office staff")
        SPECIALIST = "specialist", _("village family planning specialist")
        MEMBER = "member", _("association member")
        LEADERSHIP = "leadership", _("town leadership")
        COUNTY_OFFICE = "county_office", _("county office staff")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    town = models.ForeignKey(
        Town, verbose_name=_("town"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    group = models.ForeignKey(
        VillagerGroup, verbose_name=_("villager group"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )
    # Role and jurisdiction changes are kept; the password hash and each sign-in are not history.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # The jurisdiction is at most one of county, town, village or villager group.
            models.CheckConstraint(
                condition=~(
                    Q(town__isnull=False, village__isnull=False) | Q(town__isnull=False, group__isnull=False)
                    | Q(village__isnull=False, group__isnull=False) | Q(county__isnull=False, town__isnull=False)
                    | Q(county__isnull=False, village__isnull=False) | Q(county__isnull=False, group__isnull=False)
                ),
                name="user_has_one_jurisdiction",
            ),
        ]

    def clean(self):
        super().clean()
        needed = {
            self.Role.COUNTY_OFFICE: ("county", _("County office staff work for a county.")),
            self.Role.TOWN_OFFICE: ("town", _("Town office staff work for a town.")),
            self.Role.LEADERSHIP: ("town", _("The leadership reads a town.")),
            self.Role.SPECIALIST: ("village", _("A specialist works for one village.")),
            self.Role.MEMBER: ("group", _("An association member belongs to a villager group.")),
        }
        if self.role in needed:
            field, message = needed[self.role]
            if getattr(self, f"{field}_id") is None:
                raise ValidationError({field: message})
            for other in {"county", "town", "village", "group"} - {field}:
                setattr(self, other, None)

    @property
    def jurisdiction(self):
        return self.group or self.village or self.town or self.county


class SensitiveAccess(models.Model):
    """One view or export of sensitive personal data: who, what, when."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CHANGE = "change", _("changed")
        EXPORT = "export", _("exported")
        DOCUMENT = "document", _("printed in a document")
        API = "api", _("read through the API")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="sensitive_accesses"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    what = models.CharField(_("what"), max_length=200)
    record_type = models.CharField(_("record type"), max_length=50, blank=True)
    record_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    count = models.PositiveIntegerField(_("records"), default=1)

    class Meta:
        verbose_name = _("sensitive data access")
        verbose_name_plural = _("sensitive data accesses")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user} {self.get_action_display()} {self.what}"
