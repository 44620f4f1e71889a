import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from reports.storage import document_storage
from villages.periods import period_constraint, validate_period

# A code people can type from paper: no 0/O, 1/I/L, U; 12 characters carry 60 random bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
# A document queued or running longer than this (the task time limit and some) is stuck.
STUCK_AFTER = datetime.timedelta(minutes=20)
# A document still queued this long after it was handed to the workers (or could not be) is sent again.
REQUEUE_AFTER = datetime.timedelta(minutes=5)


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_verification_code(raw: str) -> str:
    """What a person typed (lower case, dashes, spaces) as the stored code."""
    return "".join(raw.split()).replace("-", "").upper()


def looks_like_verification_code(code: str) -> bool:
    """Whether a normalized code could be one at all: letters and digits, not much longer than a code
    (a mistyped letter is still looked up, and found missing)."""
    return 0 < len(code) <= 2 * CODE_LENGTH and code.isascii() and code.isalnum()


def document_upload_to(document: "Document", filename: str) -> str:
    return f"{document.requested_at:%Y/%m}/{document.verification_code}.{document.file_format}"


class DocumentQuerySet(models.QuerySet):
    def in_progress(self):
        return self.filter(status__in=[Document.Status.QUEUED, Document.Status.RUNNING])


class DocumentKind(models.TextChoices):
    """Every kind has a renderer in reports.documents.RENDERERS."""

    STATUS_SHEET = "status_sheet", _("self-government status sheet")
    QUARTERLY_ASSESSMENT = "quarterly_assessment", _("quarterly assessment report")
    MEMBER_CONTACT_CARDS = "member_contact_cards", _("association member contact cards")
    ASSOCIATION_ROSTER = "association_roster", _("association member roster")
    PAYOUT_SHEET = "payout_sheet", _("benefit payout signature sheets")
    BENEFIT_BOARD = "benefit_board", _("public notice of benefit recipients")
    REGISTRY_EXPORT = "registry_export", _("export of the registry's people")
    DISCLOSURE_BOARD = "disclosure_board", _("village affairs disclosure board")
    ANNUAL_SUMMARY = "annual_summary", _("annual work summary")


# The kinds that are spreadsheets, not PDFs: their format (csv or xlsx) and filters are the document's params.
EXPORT_KINDS = (DocumentKind.REGISTRY_EXPORT,)
EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CONTENT_TYPES = {"pdf": "application/pdf", **EXPORT_FORMATS}


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("being built")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class DocumentBatchQuerySet(models.QuerySet):
    def with_progress(self):
        """Counts of the batch's documents by state and the sum of their progress, for `progress` and `state`."""
        documents = "documents"
        return self.annotate(
            document_count=models.Count(documents),
            done_count=models.Count(documents, filter=Q(documents__status=DocumentStatus.DONE)),
            failed_count=models.Count(documents, filter=Q(documents__status=DocumentStatus.FAILED)),
            queued_count=models.Count(documents, filter=Q(documents__status=DocumentStatus.QUEUED)),
            progress_total=models.Sum("documents__progress"),
        )


class DocumentBatch(models.Model):
    """Documents asked for together (the town's quarterly report and one per village), built side by
    side by the workers and followed as one."""

    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    town = models.ForeignKey(
        "villages.Town", verbose_name=_("town"), on_delete=models.PROTECT, related_name="document_batches"
    )
    period = models.CharField(_("period"), max_length=7, blank=True, validators=[validate_period])
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    history = HistoricalRecords()

    objects = DocumentBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("batch of documents")
        verbose_name_plural = _("batches of documents")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["town", "-requested_at"], name="documentbatch_town_recent")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DocumentKind.values), name="documentbatch_kind_valid"),
            period_constraint("documentbatch_period_format", blank=True),
        ]

    def __str__(self):
        return self.title

    # These read the counts annotated by DocumentBatchQuerySet.with_progress().
    @property
    def progress(self) -> int:
        if not self.document_count:
            return 0
        return (self.progress_total or 0) // self.document_count

    @property
    def finished_count(self) -> int:
        return self.done_count + self.failed_count

    @property
    def is_finished(self) -> bool:
        return self.finished_count == self.document_count

    @property
    def status(self) -> str:
        """Done when every document is; failed when all are finished and some failed; else in progress."""
        if self.document_count and self.done_count == self.document_count:
            return DocumentStatus.DONE
        if self.is_finished:
            return DocumentStatus.FAILED
        return DocumentStatus.QUEUED if self.queued_count == self.document_count else DocumentStatus.RUNNING

    def get_status_display(self) -> str:
        return DocumentStatus(self.status).label


class IssuingUnit(models.Model):
    """Who issues the town's documents (发文机关) and the prefix of their numbers (文号), e.g. 红政计〔2025〕12号."""

    town = models.OneToOneField(
        "villages.Town", verbose_name=_("town"), on_delete=models.PROTECT, related_name="issuing_unit"
    )
    name = models.CharField(_("issuing unit"), max_length=100, help_text=_("As printed at the head and under the "
                                                                             "seal, e.g. the town's government."))
    number_prefix = models.CharField(
        _("prefix of document numbers"), max_length=20,
        help_text=_("The organ's abbreviation before the year in a document number, e.g. 红政计."),
    )
    complaint_phone = models.CharField(
        _("telephone for complaints"), max_length=30, blank=True,
        help_text=_("The town office's telephone printed on the villages' disclosure boards for objections."))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("issuing unit")
        verbose_name_plural = _("issuing units")
        constraints = [
            models.CheckConstraint(condition=~Q(name="") & ~Q(number_prefix=""), name="issuingunit_named"),
        ]

    def __str__(self):
        return self.name


class DocumentNumber(models.Model):
    """A document number (文号) of the town's year, given once to a document (its kind, village and period)
    the first time it is built, and printed again by every rebuild and later version of that document."""

    town = models.ForeignKey("villages.Town", verbose_name=_("town"), on_delete=models.PROTECT,
                             related_name="document_numbers")
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    prefix = models.CharField(_("prefix"), max_length=20)
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    village = models.ForeignKey("villages.Village", verbose_name=_("village"), on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+")
    period = models.CharField(pgettext_lazy("of a document", "period"), max_length=7, blank=True,
                              validators=[validate_period])
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("document number")
        verbose_name_plural = _("document numbers")
        ordering = ["town", "-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["town", "year", "sequence"], name="documentnumber_unique_in_year"),
            models.UniqueConstraint(fields=["town", "kind", "village", "period"],
                                    condition=Q(village__isnull=False), name="documentnumber_one_per_village_document"),
            models.UniqueConstraint(fields=["town", "kind", "period"], condition=Q(village__isnull=True),
                                    name="documentnumber_one_per_town_document"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="documentnumber_sequence_positive"),
            period_constraint("documentnumber_period_format", blank=True),
        ]

    def __str__(self):
        return f"{self.prefix}〔{self.year}〕{self.sequence}号"


class Document(models.Model):
    """A PDF built in the background: the job's state, the stored file and its fingerprint."""

    Kind = DocumentKind
    Status = DocumentStatus

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    town = models.ForeignKey(
        "villages.Town", verbose_name=_("town"), on_delete=models.PROTECT, related_name="documents"
    )
    village = models.ForeignKey(
        "villages.Village", verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="documents", help_text=_("Empty for a document about the whole town."),
    )
    period = models.CharField(_("period"), max_length=7, blank=True, validators=[validate_period])
    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=settings.LANGUAGES,
        help_text=_("The language the document is printed in; empty for the site's language."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    file = models.FileField(_("file"), storage=document_storage, upload_to=document_upload_to, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    template_version = models.CharField(_("template version"), max_length=30, blank=True)
    verification_code = models.CharField(
        _("verification code"), max_length=CODE_LENGTH, unique=True, default=new_verification_code,
        editable=False,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("reason of the failure"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queued_at = models.DateTimeField(
        _("queued at"), default=timezone.now,
        help_text=_("When the build was last handed to the workers; a document queued long after is sent again."),
    )
    batch = models.ForeignKey(
        DocumentBatch, verbose_name=_("batch"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="documents", help_text=_("Empty for a document asked for on its own."),
    )
    number = models.ForeignKey(
        DocumentNumber, verbose_name=_("document number"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="documents", help_text=_("Given when a kind with numbers is first built."),
    )
    params = models.JSONField(
        _("parameters"), default=dict, blank=True,
        help_text=_("What an export was asked for with: its format, its filters, whether it shows sensitive data."),
    )
    # Each change of state is kept; the progress of a build is not history.
    history = HistoricalRecords(excluded_fields=["progress"])

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["town", "-requested_at"], name="document_town_recent"),
            models.Index(fields=["village", "-requested_at"], name="document_village_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DocumentStatus.values), name="document_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=DocumentKind.values), name="document_kind_valid"),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="document_progress_in_range"
            ),
            models.CheckConstraint(
                condition=~Q(status="done")
                | (Q(sha256__regex=r"^[0-9a-f]{64}$") & ~Q(file="") & Q(finished_at__isnull=False)
                   & Q(progress=100)),
                name="document_done_has_file_and_hash",
            ),
            models.CheckConstraint(condition=~Q(status="failed") | ~Q(error=""), name="document_failure_has_reason"),
            period_constraint("document_period_format", blank=True),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.village_id and self.town_id and self.village.town_id != self.town_id:
            raise ValidationError({"village": _("The village is not in this town.")})

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_stuck(self) -> bool:
        if self.status not in (self.Status.QUEUED, self.Status.RUNNING):
            return False
        return (self.started_at or self.requested_at) < timezone.now() - STUCK_AFTER

    @property
    def not_sent(self) -> bool:
        """Queued, but the queue could not be reached: the note says so, and the sweeper sends it again."""
        return self.status == self.Status.QUEUED and bool(self.error)

    @property
    def may_retry(self) -> bool:
        return self.status == self.Status.FAILED or self.is_stuck or self.not_sent

    @property
    def scope_name(self) -> str:
        return self.village.name if self.village_id else self.town.name

    @property
    def display_code(self) -> str:
        code = self.verification_code
        return "-".join(code[i:i + 4] for i in range(0, len(code), 4))

    @property
    def is_export(self) -> bool:
        return self.kind in EXPORT_KINDS

    @property
    def file_format(self) -> str:
        """pdf, or an export's csv or xlsx."""
        fmt = (self.params or {}).get("format") if self.is_export else None
        return fmt if fmt in EXPORT_FORMATS else "pdf"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.file_format]

    @property
    def shows_sensitive_params(self) -> bool:
        """An export that holds sensitive columns (decided when it was asked for, by the asker's rights)."""
        return self.is_export and bool((self.params or {}).get("sensitive"))

    @property
    def print_language(self) -> str:
        return self.language or settings.LANGUAGE_CODE

    @property
    def download_name(self) -> str:
        return f"{self.title}.{self.file_format}"
