"""Publicity for family planning and villager self-government: television spots, broadcast vehicles, newspaper
pieces, slogans and banners, notice columns, meetings — the town's (village empty) or a village's."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from villages.models import Town, Village


class Channel(models.TextChoices):
    TELEVISION = "television", _("television")
    BROADCAST_VEHICLE = "broadcast_vehicle", _("broadcast vehicle")
    NEWSPAPER = "newspaper", _("newspaper")
    SLOGANS = "slogans", _("slogans and banners")
    NOTICE_COLUMN = "notice_column", _("notice column")
    MEETING = "meeting", _("meeting")
    OTHER = "other", _("other")


class PublicityActivity(models.Model):
    """A publicity activity on a day, with the number of people it reached (an estimate the office records)."""

    Channel = Channel

    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT,
                             related_name="publicity_activities")
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True,
                                related_name="publicity_activities", help_text=_("Empty for the whole town."))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=100)
    reach = models.PositiveIntegerField(_("people reached"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        verbose_name = _("publicity activity")
        verbose_name_plural = _("publicity activities")
        ordering = ["-held_on", "pk"]
        indexes = [models.Index(fields=["town", "held_on"], name="publicity_town_date")]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return f"{reverse('services:publicity')}?year={self.held_on.year}"
