"""Notifications in the app (the reminders sent by Celery beat) and each person's switch for reminders."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message to one user. A reminder is keyed by what it is about (`subject`) and its due date, so the
    database refuses a second copy: the scheduler may run twice, a reminder is still sent once."""

    class Kind(models.TextChoices):
        FEEDBACK_DUE = "feedback_due", _("monthly feedback due")
        FEEDBACK_OVERDUE = "feedback_overdue", _("monthly feedback overdue")
        FOLLOW_UPS_DUE = "follow_ups_due", _("follow-ups due this week")
        APPROVALS_WAITING = "approvals_waiting", _("approvals waiting")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT,
                             related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    subject = models.CharField(_("about"), max_length=60, blank=True,
                               help_text=_("What the reminder is about, so that it is sent once."))
    due_on = models.DateField(_("due on"))
    title = models.CharField(_("title"), max_length=200)
    link = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "subject", "due_on"], name="notification_sent_once"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ReminderPreference(models.Model):
    """A person's choice about reminders; without a row, reminders are on."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT,
                                related_name="reminder_preference")
    reminders_on = models.BooleanField(_("send me reminders"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self):
        return f"{self.user}: {self.reminders_on}"
