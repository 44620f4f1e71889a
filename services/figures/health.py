"""The health campaigns' figures: campaigns held, women invited and examined, findings by category and findings
closed — each counted by the campaign's first day, from the invitations', examinations' and follow-up steps' dates
(a withdrawal, an examination or a closing dated after the period's last day does not count in it). A woman counts
in her village on the campaign's first day.

The records behind each figure are the campaigns, never the women: who was examined and what was found is shown on
the campaign's page to the town office and the woman's village specialist only.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from services.figures.common import LEVELS, TOPIC, in_period
from services.models import CampaignInvitation, Finding, FollowUp, HealthCampaign
from services.models.health import FindingCategory, FindingState
from services.queries.health import FINDINGS_FIGURE, campaigns_for
from villages.catalogue import FLOW, TOWN, VILLAGE, Dimension, Figure, register, register_years
from villages.periods import Period

CATEGORY = Dimension("category", _("category"), dict(FindingCategory.choices))
WOMEN = pgettext_lazy("unit", "women")
FINDINGS = pgettext_lazy("unit", "findings")


def _campaigns(town_id: int, period: Period):
    found = HealthCampaign.objects.filter(town_id=town_id, **in_period(period, "starts_on")).count()
    return [(None, None, None, found)]


def _invitations(town_id: int, period: Period):
    rows = CampaignInvitation.objects.filter(campaign__town_id=town_id, **in_period(period, "campaign__starts_on"))
    return rows.filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=period.ends_on))


def _invited(town_id: int, period: Period):
    rows = _invitations(town_id, period).values("village").annotate(n=Count("pk")).order_by()
    return [(row["village"], None, None, row["n"]) for row in rows]


def _examined(town_id: int, period: Period):
    rows = (_invitations(town_id, period).filter(attendance=CampaignInvitation.Attendance.EXAMINED,
                                                 attended_on__lte=period.ends_on)
            .values("village").annotate(n=Count("pk")).order_by())
    return [(row["village"], None, None, row["n"]) for row in rows]


def _findings(town_id: int, period: Period):
    rows = (Finding.objects.filter(invitation__campaign__town_id=town_id, found_on__lte=period.ends_on,
                                   **in_period(period, "invitation__campaign__starts_on"))
            .values("invitation__village", "category").annotate(n=Count("pk")).order_by())
    return [(row["invitation__village"], None, {"category": row["category"]}, row["n"]) for row in rows]


def _closed(town_id: int, period: Period):
    rows = (FollowUp.objects.filter(finding__invitation__campaign__town_id=town_id, state=FindingState.CLOSED,
                                    on__lte=period.ends_on,
                                    **in_period(period, "finding__invitation__campaign__starts_on"))
            .values("finding__invitation__village", "finding__category").annotate(n=Count("pk")).order_by())
    return [(row["finding__invitation__village"], None, {"category": row["finding__category"]}, row["n"])
            for row in rows]


def _campaign_records(user, period: Period, level: str, unit: int | None):
    rows = campaigns_for(user).filter(**in_period(period, "starts_on")).order_by("starts_on", "pk")
    if level == VILLAGE:
        rows = rows.filter(Q(villages=unit) | Q(villages__isnull=True)).distinct()
    return rows


register(Figure(
    code="services.health_campaigns", name=_("Health campaigns"), unit=_("campaigns"), compute=_campaigns,
    kind=FLOW, levels=(TOWN,), about_people=False,
    definition=_("Health campaigns (gynaecological examinations, health checks of women of childbearing age …) "
                 "whose first day is in the period. Counted for the town: a campaign usually covers several "
                 "villages."),
    records=_campaign_records, topic=TOPIC,
))
register(Figure(
    code="services.health_invited", name=_("Women invited to health campaigns"), unit=WOMEN, compute=_invited,
    kind=FLOW, levels=LEVELS,
    definition=_("Women invited to the health campaigns whose first day is in the period — the campaign's target "
                 "group read from the registry on that day — less the invitations withdrawn by the period's last "
                 "day; in her village on the campaign's first day."),
    records=_campaign_records, topic=TOPIC,
))
register(Figure(
    code="services.health_examined", name=_("Women examined at health campaigns"), unit=WOMEN, compute=_examined,
    kind=FLOW, levels=LEVELS,
    definition=_("Women examined at the health campaigns whose first day is in the period (attendance recorded as "
                 "examined, dated by the period's last day)."),
    records=_campaign_records, topic=TOPIC,
))
register(Figure(
    code=FINDINGS_FIGURE, name=_("Findings of health campaigns"), unit=FINDINGS, compute=_findings,
    kind=FLOW, levels=LEVELS, breakdowns=(CATEGORY,),
    definition=_("Findings of the examinations at the health campaigns whose first day is in the period, by "
                 "category (uterine fibroid, endocrine disorder, gynaecological inflammation, other). A woman with "
                 "two findings counts twice."),
    records=_campaign_records, topic=TOPIC,
))
register(Figure(
    code="services.health_findings_closed", name=_("Findings of health campaigns closed"), unit=FINDINGS,
    compute=_closed, kind=FLOW, levels=LEVELS, breakdowns=(CATEGORY,),
    definition=_("Findings of the health campaigns whose first day is in the period whose follow-up was closed "
                 "(treated and checked) by the period's last day, by category."),
    records=_campaign_records, topic=TOPIC,
))


@register_years
def _years(town_id: int):
    return {day.year for day in HealthCampaign.objects.filter(town_id=town_id).dates("starts_on", "year")}
