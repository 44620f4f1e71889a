"""Publicity activities a user may see, and a year's totals by channel."""

import datetime

from django.db.models import Count, QuerySet, Sum
from django.http import Http404

from services.models import PublicityActivity
from services.models.publicity import Channel
from services.queries.scope import in_scope


def activities_for(user) -> QuerySet[PublicityActivity]:
    return in_scope(PublicityActivity.objects.select_related("town", "village"), user)


def activity_for_user(user, pk: int) -> PublicityActivity:
    try:
        return activities_for(user).get(pk=pk)
    except PublicityActivity.DoesNotExist:
        raise Http404 from None


def activities_of_year(user, year: int) -> QuerySet[PublicityActivity]:
    return activities_for(user).filter(held_on__year=year).order_by("-held_on", "-pk")


def channel_totals(user, year: int) -> list[dict]:
    """Per channel: the year's activities and people reached (one query), every channel listed."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = (activities_for(user).filter(held_on__range=(start, end)).order_by().values("channel")
            .annotate(activities=Count("pk"), reach=Sum("reach")))
    found = {row["channel"]: row for row in rows}
    return [{"channel": label, "activities": found.get(code, {}).get("activities", 0),
             "reach": found.get(code, {}).get("reach") or 0} for code, label in Channel.choices]
