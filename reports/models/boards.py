"""Village affairs disclosure boards (村务公开栏): each version of a village's board for a period, its review and
publication window, its proof of posting, and the villagers' objections to it.

A board is a Document of kind `disclosure_board`; `BoardPublication` follows one version of it from the build
to the town office's review, its publication for a window and, when a correction is published, its
supersession by the next version. `BoardObjection` is a villager's objection to an item of a version, with its
response deadline and response. Nothing here is deleted: history keeps every change.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reports.models.documents import Document
from reports.storage import document_storage
from villages.periods import period_constraint, validate_period
from villages.uploads import UploadKinds

# Days villagers have to object after a board is put up, and the office to answer an objection.
OBJECTION_DAYS = 7
RESPONSE_DAYS = 7
PHOTO_MAX_BYTES = 10 * 1024 * 1024


def posting_photo_upload_to(publication: "BoardPublication", filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"boards/{publication.period}/{publication.village_id}-v{publication.version}.{suffix}"


class BoardPublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=BoardPublication.State.PUBLISHED)


class BoardPublication(models.Model):
    """One version of a village's disclosure board for a period, from its build to its publication."""

    class State(models.TextChoices):
        DRAFT = "draft", _("awaiting review")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")
        PUBLISHED = "published", _("published")
        SUPERSEDED = "superseded", _("superseded")

    class PaperSize(models.TextChoices):
        A4 = "A4", "A4"
        A3 = "A3", "A3"

    document = models.OneToOneField(Document, verbose_name=_("document"), on_delete=models.PROTECT,
                                    related_name="board")
    town = models.ForeignKey("villages.Town", verbose_name=_("town"), on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey("villages.Village", verbose_name=_("village"), on_delete=models.PROTECT,
                                related_name="disclosure_boards")
    period = models.CharField(_("period"), max_length=7, validators=[validate_period])
    version = models.PositiveIntegerField(_("version"), default=1)
    paper_size = models.CharField(_("paper size"), max_length=2, choices=PaperSize.choices, default=PaperSize.A3)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    corrects = models.OneToOneField("self", verbose_name=_("corrects version"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="correction")
    correction_reason = models.TextField(_("reason of the correction"), blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    published_from = models.DateField(_("published from"), null=True, blank=True)
    published_until = models.DateField(_("published until"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"),
                                     on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    objection_days = models.PositiveSmallIntegerField(
        _("days for objections"), default=OBJECTION_DAYS,
        help_text=_("Villagers may object until the publication's first day plus these days."))
    public_html = models.TextField(_("public content"), blank=True, editable=False,
                                   help_text=_("The board's items as published, shown on its verification page."))
    superseded_by = models.OneToOneField("self", verbose_name=_("superseded by"), on_delete=models.PROTECT,
                                         null=True, blank=True, related_name="supersedes")
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)
    photo = models.FileField(_("photo of the posted board"), storage=document_storage,
                             upload_to=posting_photo_upload_to, blank=True,
                             validators=[UploadKinds(("jpeg", "png"), max_bytes=PHOTO_MAX_BYTES)])
    photo_added_at = models.DateTimeField(_("photo added at"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # `version` is the board's version; its changes of state are serialised by locking the row and checking the
    # state it moves from (reports.actions.boards), not by villages.locking.
    history = HistoricalRecords(excluded_fields=["public_html"])

    objects = BoardPublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("disclosure board")
        verbose_name_plural = _("disclosure boards")
        ordering = ["-period", "village__code", "-version"]
        indexes = [models.Index(fields=["state", "published_until"], name="board_state_until")]
        constraints = [
            models.UniqueConstraint(fields=["village", "period", "version"], name="board_one_per_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="board_version_positive"),
            models.CheckConstraint(
                condition=~Q(state__in=["published", "superseded"])
                | (Q(published_from__isnull=False) & Q(published_until__isnull=False)),
                name="board_published_has_window"),
            models.CheckConstraint(condition=Q(published_until__gte=models.F("published_from"))
                                   | Q(published_until__isnull=True), name="board_window_in_order"),
            models.CheckConstraint(condition=~Q(state="returned") | ~Q(review_note=""),
                                   name="board_return_has_note"),
            period_constraint("board_period_format"),
        ]

    def __str__(self):
        return f"{self.document.title} · v{self.version}"

    @property
    def objection_deadline(self) -> datetime.date | None:
        if self.published_from is None:
            return None
        return self.published_from + datetime.timedelta(days=self.objection_days)

    @property
    def is_current(self) -> bool:
        return self.state != self.State.SUPERSEDED


class BoardObjectionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(responded_on__isnull=True)

    def overdue(self, today: datetime.date):
        return self.open().filter(respond_by__lt=today)


class BoardObjection(models.Model):
    """A villager's objection to an item of a board version. The villager's name and contact are private: only
    the town office and the village's specialist see them, never a public page."""

    board = models.ForeignKey(BoardPublication, verbose_name=_("board version"), on_delete=models.PROTECT,
                              related_name="objections")
    village = models.ForeignKey("villages.Village", verbose_name=_("village"), on_delete=models.PROTECT,
                                related_name="+")
    item = models.CharField(_("item objected to"), max_length=200,
                            help_text=_("The section and line of the board, e.g. “Benefits paid, line 3”."))
    villager_name = models.CharField(_("villager's name"), max_length=50)
    villager_contact = models.CharField(_("villager's contact"), max_length=100, blank=True)
    content = models.TextField(_("objection"))
    received_on = models.DateField(_("received on"))
    respond_by = models.DateField(_("respond by"))
    response = models.TextField(_("response"), blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    led_to_correction = models.BooleanField(_("led to a correction"), default=False)
    correction = models.ForeignKey(BoardPublication, verbose_name=_("corrected version"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="objections_corrected")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version of the record"), default=1, editable=False)
    history = HistoricalRecords()

    objects = BoardObjectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("objection to a disclosure board")
        verbose_name_plural = _("objections to disclosure boards")
        ordering = ["respond_by", "pk"]
        indexes = [models.Index(fields=["responded_on", "respond_by"], name="objection_open_due")]
        constraints = [
            models.CheckConstraint(condition=Q(respond_by__gte=models.F("received_on")),
                                   name="objection_deadline_after_receipt"),
            models.CheckConstraint(condition=Q(responded_on__isnull=True) | ~Q(response=""),
                                   name="objection_response_given"),
            models.CheckConstraint(condition=Q(led_to_correction=True) | Q(correction__isnull=True),
                                   name="objection_correction_only_if_led"),
        ]

    def __str__(self):
        return f"{self.board} · {self.item}"

    @property
    def is_open(self) -> bool:
        return self.responded_on is None

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.respond_by < today
