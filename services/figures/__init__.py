"""The services' figures: money invested in service sites, sites in use, funds for self-government, the
association's fundraising and whom it helped.

Each is computed from dated records — investment, entry and donation dates, the dates sites changed state, the
day a drive ended — never from today's state, so a past period's figure does not move when the present changes.
The town's own sites and funds count at the town level only.
"""

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Each kind of service's figures register on import.
from services.figures import assistance, health, honours, training  # noqa: F401
from services.figures.common import LEVELS, TOPIC, YUAN, in_period
from services.models import (
    Donation,
    FundEntry,
    Fundraising,
    LeadingGroup,
    PublicityActivity,
    SiteInvestment,
    SiteStateChange,
)
from services.models.funding import FundSource, FundUse
from services.models.publicity import Channel
from services.models.sites import InvestmentSource, SiteKind, SiteState
from services.queries.funding import fund_entries_for, fundraisings_for
from services.queries.groups import groups_for
from services.queries.publicity import activities_for
from services.queries.sites import investments_for, sites_for
from villages.catalogue import FLOW, Dimension, Figure, in_unit, register, register_years
from villages.periods import Period

INVESTMENT_SOURCE = Dimension("source", _("source"), dict(InvestmentSource.choices))
SITE_KIND = Dimension("kind", _("kind of site"), dict(SiteKind.choices))
FUND_SOURCE = Dimension("source", _("source"), dict(FundSource.choices))
FUND_USE = Dimension("use", _("use"), dict(FundUse.choices))


def _investment(town_id: int, period: Period):
    rows = (SiteInvestment.objects.filter(site__town_id=town_id, **in_period(period, "invested_on"))
            .values("site__village", "source").annotate(total=Sum("amount")).order_by())
    return [(row["site__village"], None, {"source": row["source"]}, row["total"]) for row in rows]


def _sites_in_use(town_id: int, period: Period):
    """Each site's state on the period's last day: its latest change dated on or before it."""
    changes = (SiteStateChange.objects.filter(site__town_id=town_id, changed_on__lte=period.ends_on)
               .order_by("site", "changed_on", "pk").values_list("site", "site__village", "site__kind", "state"))
    latest = {site: (village, kind, state) for site, village, kind, state in changes}
    return [(village, None, {"kind": kind}, 1) for village, kind, state in latest.values() if state == SiteState.IN_USE]


def _fund(direction: str, category: str):
    def compute(town_id: int, period: Period):
        rows = (FundEntry.objects.filter(town_id=town_id, direction=direction, **in_period(period, "entry_date"))
                .values("village", category).annotate(total=Sum("amount")).order_by())
        return [(row["village"], None, {category: row[category]}, row["total"]) for row in rows]
    return compute


def _raised(town_id: int, period: Period):
    rows = (Donation.objects.filter(fundraising__town_id=town_id, **in_period(period, "donated_on"))
            .values("fundraising__village").annotate(total=Sum("amount")).order_by())
    return [(row["fundraising__village"], None, None, row["total"]) for row in rows]


def _helped(field: str):
    def compute(town_id: int, period: Period):
        rows = (Fundraising.objects.filter(town_id=town_id, **in_period(period, "ends_on"))
                .values("village").annotate(total=Sum(field)).order_by())
        return [(row["village"], None, None, row["total"]) for row in rows]
    return compute


def _investment_records(user, period: Period, level: str, unit: int | None):
    rows = investments_for(user).filter(**in_period(period, "invested_on")).order_by("invested_on", "pk")
    return in_unit(rows, level, unit, village="site__village", group=None)


def _site_records(user, period: Period, level: str, unit: int | None):
    changes = (SiteStateChange.objects.filter(site__in=sites_for(user), changed_on__lte=period.ends_on)
               .order_by("site", "changed_on", "pk").values_list("site", "state"))
    latest = dict(changes)
    wanted = [site for site, state in latest.items() if state == SiteState.IN_USE]
    return in_unit(sites_for(user).filter(pk__in=wanted).order_by("village__code", "kind", "pk"), level, unit,
                   group=None)


def _entry_records(direction: str):
    def records(user, period: Period, level: str, unit: int | None):
        rows = fund_entries_for(user).filter(direction=direction, **in_period(period, "entry_date"))
        return in_unit(rows.order_by("entry_date", "pk"), level, unit, group=None)
    return records


def _fundraising_records(user, period: Period, level: str, unit: int | None):
    rows = fundraisings_for(user).filter(**in_period(period, "ends_on")).order_by("ends_on", "pk")
    return in_unit(rows, level, unit, group=None)


register(Figure(
    code="services.site_investment", name=_("Investment in service sites"), unit=YUAN, compute=_investment,
    kind=FLOW, levels=LEVELS, breakdowns=(INVESTMENT_SOURCE,), about_people=False,
    definition=_("Money invested in service sites (service centre, service rooms, population schools, activity "
                 "rooms, notice columns) with an investment date in the period, by source. The town's own sites "
                 "count at the town level only."),
    records=_investment_records, topic=TOPIC,
))
register(Figure(
    code="services.sites_in_use", name=_("Service sites in use"), unit=_("sites"), compute=_sites_in_use,
    levels=LEVELS, breakdowns=(SITE_KIND,), about_people=False,
    definition=_("Service sites whose state on the period's last day was 'in use', by kind: the state a site "
                 "changed to last on or before that day. Planned, closed sites and sites needing repair are not "
                 "counted."),
    records=_site_records, topic=TOPIC,
))
register(Figure(
    code="services.fund_income", name=_("Income for self-government and services"), unit=YUAN,
    compute=_fund(FundEntry.Direction.INCOME, "source"), kind=FLOW, levels=LEVELS, breakdowns=(FUND_SOURCE,),
    about_people=False,
    definition=_("Income entries of the villages' and the town's funds for self-government and services dated in "
                 "the period, by source; reversing entries are negative."),
    records=_entry_records(FundEntry.Direction.INCOME), topic=TOPIC,
))
register(Figure(
    code="services.fund_spending", name=_("Spending on self-government and services"), unit=YUAN,
    compute=_fund(FundEntry.Direction.SPENDING, "use"), kind=FLOW, levels=LEVELS, breakdowns=(FUND_USE,),
    about_people=False,
    definition=_("Spending entries of the villages' and the town's funds for self-government and services dated "
                 "in the period, by use; reversing entries are negative."),
    records=_entry_records(FundEntry.Direction.SPENDING), topic=TOPIC,
))
register(Figure(
    code="services.funds_raised", name=_("Funds raised by the association"), unit=YUAN, compute=_raised, kind=FLOW,
    levels=LEVELS, about_people=False,
    definition=_("Donations to the association's fundraising drives, by the day they were given."),
    records=_fundraising_records, topic=TOPIC,
))
register(Figure(
    code="services.families_helped", name=_("Families helped by fundraising"), unit=_("families"),
    compute=_helped("families_helped"), kind=FLOW, levels=LEVELS,
    definition=_("Families the association's fundraising drives that ended in the period helped, as each drive "
                 "recorded."),
    records=_fundraising_records, topic=TOPIC,
))
register(Figure(
    code="services.children_helped", name=_("Children helped by fundraising"), unit=_("children"),
    compute=_helped("children_helped"), kind=FLOW, levels=LEVELS,
    definition=_("Children the association's fundraising drives that ended in the period helped, as each drive "
                 "recorded."),
    records=_fundraising_records, topic=TOPIC,
))


@register_years
def _years(town_id: int):
    years = set(SiteInvestment.objects.filter(site__town_id=town_id).annotate(y=ExtractYear("invested_on"))
                .values_list("y", flat=True).distinct())
    years |= set(FundEntry.objects.filter(town_id=town_id).annotate(y=ExtractYear("entry_date"))
                 .values_list("y", flat=True).distinct())
    years |= set(Donation.objects.filter(fundraising__town_id=town_id).annotate(y=ExtractYear("donated_on"))
                 .values_list("y", flat=True).distinct())
    years |= set(PublicityActivity.objects.filter(town_id=town_id).annotate(y=ExtractYear("held_on"))
                 .values_list("y", flat=True).distinct())
    return years



# --- Leading groups and publicity -----------------------------------------------------------------------

CHANNEL = Dimension("channel", _("channel"), dict(Channel.choices))


def _in_place(period: Period) -> Q:
    """Groups in place on the period's last day: set up on or before it, not dissolved by then."""
    day = period.ends_on
    return Q(set_up_on__lte=day) & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))


def _leading_groups(town_id: int, period: Period):
    units = set(LeadingGroup.objects.filter(_in_place(period), town_id=town_id).values_list("village", flat=True))
    return [(village, None, None, 1) for village in units]


def _group_records(user, period: Period, level: str, unit: int | None):
    rows = groups_for(user).filter(_in_place(period)).order_by("village__code", "pk")
    return in_unit(rows, level, unit, group=None)


def _publicity(field: str | None):
    def compute(town_id: int, period: Period):
        rows = (PublicityActivity.objects.filter(town_id=town_id, **in_period(period, "held_on"))
                .values("village", "channel").annotate(total=Sum(field) if field else Count("pk")).order_by())
        return [(row["village"], None, {"channel": row["channel"]}, row["total"]) for row in rows]
    return compute


def _publicity_records(user, period: Period, level: str, unit: int | None):
    rows = activities_for(user).filter(**in_period(period, "held_on")).order_by("held_on", "pk")
    return in_unit(rows, level, unit, group=None)


register(Figure(
    code="services.leading_groups", name=_("Leading groups for villager self-government"),
    unit=pgettext_lazy("unit", "leading groups"),
    compute=_leading_groups, levels=LEVELS, about_people=False,
    definition=_("Leading groups for villager self-government in place on the period's last day: set up on or "
                 "before it and not dissolved by then. A village counts 1 if it had a group (so the villages' "
                 "values show which have one); the town's value is the number of villages with a group plus 1 "
                 "when the town had its own group."),
    records=_group_records, topic=TOPIC,
))
register(Figure(
    code="services.publicity_activities", name=_("Publicity activities"), unit=_("activities"),
    compute=_publicity(None), kind=FLOW, levels=LEVELS, breakdowns=(CHANNEL,), about_people=False,
    definition=_("Publicity activities (television, broadcast vehicles, newspapers, slogans and banners, notice "
                 "columns, meetings) held in the period, by channel. The town's own activities count at the town "
                 "level only."),
    records=_publicity_records, topic=TOPIC,
))
register(Figure(
    code="services.publicity_reach", name=_("People reached by publicity"),
    unit=pgettext_lazy("unit of publicity reach", "people"),
    compute=_publicity("reach"), kind=FLOW, levels=LEVELS, breakdowns=(CHANNEL,), about_people=False,
    definition=_("The people each publicity activity held in the period reached, as recorded for it, added up by "
                 "channel; someone reached by two activities counts twice."),
    records=_publicity_records, topic=TOPIC,
))

# Each further kind of service declares its figures in a module of its own beside this one, imported above so
# that the catalogue finds it.
