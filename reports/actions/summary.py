"""The annual work summary's writes: the office saves the prose of a year's summary, and asks for its PDF.

The prose is saved with the version it was read from (villages.locking): of two people editing the same
summary, the second is refused. The PDF is a Document of kind annual_summary, built in the background in the
language asked for; its figures are read from the catalogue when it is built, never from the summary.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.actions.documents import send_on_commit
from reports.documents import renderer_for
from reports.models.documents import Document
from reports.models.summary import PROSE_FIELDS, AnnualSummary
from villages.locking import MISSING_VERSION, StaleRecord, claim
from villages.models import Town, User
from villages.periods import Period
from villages.roles import require_town_office

KIND = Document.Kind.ANNUAL_SUMMARY
LANGUAGES = dict(settings.LANGUAGES)


def check_year(year) -> int:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Give a year between 2000 and 2100.")})
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("A year that has not begun has no summary yet.")})
    return year


@transaction.atomic
def save_summary(*, town: Town, year: int, version: int | None, by: User | None, **prose) -> AnnualSummary:
    """Save the prose of the town's summary of `year`, made from `version` (0 for a summary not yet written)."""
    require_town_office(by, town.pk)
    unknown = set(prose) - set(PROSE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_year(year)
    if version is None:
        raise ValidationError({"version": MISSING_VERSION})
    existing = AnnualSummary.objects.filter(town=town, year=year).first()
    if existing is None:
        if version != 0:
            raise StaleRecord()
        summary = AnnualSummary(town=town, year=year, **prose)
    else:
        summary = claim(existing, version)
        for name, value in prose.items():
            setattr(summary, name, value)
    summary.updated_at = timezone.now()
    summary.updated_by = by if by is not None and by.pk else None
    summary.full_clean()
    summary._history_user = by
    summary.save()
    return summary


@transaction.atomic
def request_summary(*, town: Town, year: int, language: str, requested_by: User) -> Document:
    """Ask for the PDF of the town's summary of `year` in `language` (zh-hans, en); built in the background."""
    require_town_office(requested_by, town.pk)
    check_year(year)
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Choose the language of the document.")})
    renderer = renderer_for(KIND)
    period = Period.parse(str(year))
    renderer.check(town=town, village=None, period=period)
    waiting = Document.objects.select_for_update().filter(
        kind=KIND, town=town, village=None, period=str(period), language=language, requested_by=requested_by,
        batch=None, status=Document.Status.QUEUED).order_by("-pk").first()
    if waiting:
        return waiting  # asked again while the first is queued: the same document
    document = Document(kind=KIND, town=town, period=str(period), language=language, requested_by=requested_by,
                        template_version=renderer.template_version)
    with translation.override(language):
        document.title = renderer.title(town.name, period)
    document.full_clean()
    document._history_user = requested_by
    document.save()
    send_on_commit([document])
    return document
