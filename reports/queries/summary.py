"""Scoped reads of the annual work summary: the town's summaries, a year's summary and its built PDFs.

A summary is the town's: the town office and the leadership read it; a specialist or an association member
finds nothing (404), as with any record outside their jurisdiction.
"""

from django.db.models import QuerySet
from django.http import Http404

from reports.models.documents import Document
from reports.models.summary import AnnualSummary
from reports.queries.documents import documents_for
from villages import catalogue
from villages.roles import sees_whole_town


def summaries_for(user) -> QuerySet[AnnualSummary]:
    if not sees_whole_town(user):
        return AnnualSummary.objects.none()
    queryset = AnnualSummary.objects.select_related("town", "updated_by")
    return queryset if user.is_superuser else queryset.filter(town_id=user.town_id)


def require_reader(user) -> None:
    """Those who do not read the whole town do not find its summaries."""
    if not sees_whole_town(user) or user.town_id is None:
        raise Http404


def summary_of_year(user, year: int) -> AnnualSummary:
    """The user's town's summary of `year`; an unsaved, empty one (version 0) while none is written."""
    require_reader(user)
    found = summaries_for(user).filter(town_id=user.town_id, year=year).first()
    if found is not None:
        return found
    return AnnualSummary(town=user.town, year=year, version=0)


def summary_documents(user, *, town_id: int, year: int) -> QuerySet[Document]:
    """The PDFs built of the town's summary of `year` that the user may read, newest first."""
    return documents_for(user).filter(kind=Document.Kind.ANNUAL_SUMMARY, town_id=town_id, village=None,
                                      period=str(year))


def summary_years(user) -> list[int]:
    """The years a summary can be written for: those with data, and those that have one, newest first."""
    require_reader(user)
    written = set(summaries_for(user).filter(town_id=user.town_id).values_list("year", flat=True))
    return sorted(written | set(catalogue.years_with_data(user.town_id)), reverse=True)
