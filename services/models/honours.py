"""Honours announced in the town: the model-family selections (good mother-in-law, good daughter-in-law, family
planning model), the "Top Ten Village Cadres" appraisal into which villager self-government is integrated, and the
Ping'an (safe) Village creation. An honour is withdrawn or revoked on a day with a reason, never deleted; a cadre's
award and its withdrawal are entries of the rewards and sanctions ledger, to which the appraisal's result links."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from members.models import Household, Person
from villages.models import Appointment, Town, Village


class FamilyCategory(models.TextChoices):
    GOOD_MOTHER_IN_LAW = "good_mother_in_law", _("good mother-in-law")
    GOOD_DAUGHTER_IN_LAW = "good_daughter_in_law", _("good daughter-in-law")
    FAMILY_PLANNING_MODEL = "family_planning_model", _("family planning model")
    OTHER = "other", pgettext_lazy("model family", "other")


class ModelFamily(models.Model):
    """A family (and, where one member is named, that person) selected in a year's model-family selection,
    announced on a day; withdrawn on a day with a reason if it no longer deserves the title."""

    Category = FamilyCategory

    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="model_families")
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT,
                                related_name="model_families")
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=24, choices=FamilyCategory.choices)
    household = models.ForeignKey(Household, verbose_name=_("household"), on_delete=models.PROTECT,
                                  related_name="model_family_selections")
    person = models.ForeignKey(Person, verbose_name=pgettext_lazy("honoured", "person"), on_delete=models.PROTECT,
                               null=True, blank=True, related_name="model_family_selections",
                               help_text=_("The member of the family honoured, if the title names one."))
    reason = models.TextField(_("reason"))
    announced_on = models.DateField(_("announced on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for the withdrawal"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        verbose_name = _("model family")
        verbose_name_plural = _("model families")
        ordering = ["-year", "category", "village__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["household", "category", "year"], name="model_family_once_a_year"),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("announced_on")),
                name="model_family_withdrawn_after_announced"),
            models.CheckConstraint(condition=Q(withdrawn_on__isnull=True) | ~Q(withdrawal_reason=""),
                                   name="model_family_withdrawal_has_reason"),
        ]
        indexes = [models.Index(fields=["town", "announced_on"], name="model_family_town_date")]

    def __str__(self):
        return f"{self.year} {self.get_category_display()} {self.household.number}"

    def get_absolute_url(self) -> str:
        return f"{reverse('services:honours')}?year={self.year}"


class CadreAppraisal(models.Model):
    """The town's "Top Ten Village Cadres" appraisal of a year: its criteria, the candidates with their scores,
    and, once decided, the ranks and the cadres awarded (each award an honour of the ledger)."""

    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="cadre_appraisals")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=100)
    places = models.PositiveSmallIntegerField(_("places"), default=10, help_text=_("How many cadres are awarded."))
    award_amount = models.DecimalField(_("bonus per cadre (yuan)"), max_digits=10, decimal_places=2, null=True,
                                       blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.CharField(_("deciding body"), max_length=100, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        verbose_name = _("Top Ten Village Cadres appraisal")
        verbose_name_plural = _("Top Ten Village Cadres appraisals")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["town", "year"], name="one_cadre_appraisal_a_year"),
            models.CheckConstraint(condition=Q(places__gte=1), name="cadre_appraisal_awards_someone"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("services:appraisal", kwargs={"pk": self.pk})

    @property
    def is_decided(self) -> bool:
        return self.decided_on is not None


class AppraisalCriterion(models.Model):
    """One criterion of an appraisal with the points it carries (villager self-government among them)."""

    appraisal = models.ForeignKey(CadreAppraisal, verbose_name=_("appraisal"), on_delete=models.PROTECT,
                                  related_name="criteria")
    name = models.CharField(_("criterion"), max_length=100)
    points = models.PositiveSmallIntegerField(_("points"))
    self_government = models.BooleanField(_("villager self-government"), default=False,
                                          help_text=_("Whether the criterion assesses villager self-government."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appraisal criterion")
        verbose_name_plural = _("appraisal criteria")
        ordering = ["appraisal", "pk"]
        constraints = [models.UniqueConstraint(fields=["appraisal", "name"], name="appraisal_criterion_once")]

    def __str__(self):
        return self.name


class AppraisalResult(models.Model):
    """A candidate of an appraisal: the cadre (an appointment of a village), the score, and once decided the rank
    and whether awarded; the award and its withdrawal are the ledger's entries linked here."""

    appraisal = models.ForeignKey(CadreAppraisal, verbose_name=_("appraisal"), on_delete=models.PROTECT,
                                  related_name="results")
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT,
                                related_name="appraisal_results")
    appointment = models.ForeignKey(Appointment, verbose_name=_("cadre's appointment"), on_delete=models.PROTECT,
                                    related_name="appraisal_results")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    awarded = models.BooleanField(_("awarded"), default=False)
    # The rewards and sanctions ledger is the assessments app's (above this one): named, not imported.
    honour = models.OneToOneField("assessments.LedgerEntry", verbose_name=_("honour in the ledger"),
                                  on_delete=models.PROTECT, null=True, blank=True, related_name="appraisal_result")
    withdrawal = models.OneToOneField("assessments.LedgerEntry", verbose_name=_("withdrawal in the ledger"),
                                      on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="withdrawn_appraisal_result")
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appraisal result")
        verbose_name_plural = _("appraisal results")
        ordering = ["appraisal", "rank", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "appointment"], name="appraisal_candidate_once"),
            models.CheckConstraint(condition=Q(awarded=True) | Q(honour__isnull=True),
                                   name="appraisal_honour_only_when_awarded"),
            models.CheckConstraint(condition=Q(withdrawal__isnull=True) | Q(honour__isnull=False),
                                   name="appraisal_withdrawal_of_an_honour"),
            models.CheckConstraint(condition=Q(score__gte=0), name="appraisal_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.appraisal} {self.appointment.holder_name}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawal_id is not None


class PingAnState(models.TextChoices):
    APPLYING = "applying", _("applying")
    AWARDED = "awarded", _("accepted and awarded")
    NOT_PASSED = "not_passed", _("not passed")
    REVOKED = "revoked", _("revoked")


class PingAnVillage(models.Model):
    """A village's Ping'an (safe) Village creation in a year: applied on a day, accepted or not passed on a day,
    and an award revoked on a day with a reason."""

    State = PingAnState

    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="pingan_villages")
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT,
                                related_name="pingan_creations")
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=12, choices=PingAnState.choices, default=PingAnState.APPLYING)
    applied_on = models.DateField(_("applied on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        verbose_name = _("Ping'an Village creation")
        verbose_name_plural = _("Ping'an Village creations")
        ordering = ["-year", "village__code"]
        constraints = [
            models.UniqueConstraint(fields=["village", "year"], name="one_pingan_creation_a_year"),
            models.CheckConstraint(condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("applied_on")),
                                   name="pingan_decided_after_applied"),
            models.CheckConstraint(condition=Q(revoked_on__isnull=True) | Q(decided_on__isnull=False,
                                                                           revoked_on__gte=models.F("decided_on")),
                                   name="pingan_revoked_after_decided"),
            models.CheckConstraint(condition=Q(state="applying") | Q(decided_on__isnull=False),
                                   name="pingan_decision_has_date"),
            models.CheckConstraint(condition=~Q(state="revoked") | Q(revoked_on__isnull=False),
                                   name="pingan_revocation_has_date"),
        ]

    def __str__(self):
        return f"{self.village.name} {self.year}"

    def get_absolute_url(self) -> str:
        return f"{reverse('services:pingan')}?year={self.year}"
