"""The town's annual work summary (年度工作总结): the office's prose around the year's figures, in Chinese or English.

Every number comes from the catalogue (villages.catalogue.values): the closed year's snapshot, or, while the year
is open, the figures computed now with a "provisional" mark. The prose comes from reports.models.AnnualSummary,
edited by the town office; nothing it holds can stand in for a figure. The document is the town's: its issuing
unit and document number at a red head, dated for its year, signed and sealed before its annex (a table per
chapter and a row per village). The leadership, who read totals only, may ask for it too: counts about people
below catalogue.SMALL are then left out of the villages' rows.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from reports.documents.base import TOWN_LEVEL, Renderer, this_year
from reports.models.summary import AnnualSummary
from villages import catalogue
from villages.catalogue import TOWN, VILLAGE
from villages.models import Town, Village
from villages.periods import YEAR, Period
from villages.queries import OutOfScope
from villages.roles import reads_aggregates_only, sees_whole_town

TEMPLATE = "pdf/summary/annual_summary.html"

# The figures the summary prints, read in one go from the catalogue.
CODES = (
    "villages.villages", "villages.groups", "villages.declared_before", "villages.declared_during",
    "villages.declared", "villages.regulations", "villages.designated_demonstration", "villages.designated_qualified",
    "villages.designated_lagging", "villages.dismissals", "villages.specialists_dismissed",
    "villages.rejected_candidates",
    "members.population", "members.households", "members.married_women", "members.births", "members.deaths",
    "members.marriages", "members.move_ins", "members.move_outs",
    "association.members", "association.groups_without_member", "association.coverage",
    "association.households_covered", "association.households", "association.feedback_expected",
    "association.feedback_on_time", "association.feedback_on_time_rate",
    "incentives.village_policy_adoptions", "incentives.policies_in_force", "incentives.amount_paid",
    "incentives.beneficiaries_paid", "incentives.households_paid", "incentives.people_paid",
    "services.site_investment", "services.sites_in_use", "services.health_campaigns", "services.health_invited",
    "services.health_examined", "services.health_findings", "services.health_findings_closed",
    "services.funds_raised", "services.families_helped", "services.children_helped", "services.assistance_families",
    "services.assistance_amount", "services.school_fee_children", "services.out_of_poverty",
    "services.training_classes", "services.training_invited", "services.training_attended",
    "services.training_attendance_rate", "services.leading_groups", "services.publicity_activities",
    "services.publicity_reach", "services.model_families", "services.top_ten_awarded", "services.top_ten_withdrawn",
    "services.pingan_villages",
    "assessments.cases", "assessments.villages_with_cases", "assessments.party_discipline",
    "assessments.economic_penalties", "assessments.rewards", "assessments.sanctions",
)

# The annex: a table per chapter, a row per village; (title, [figure codes]).
ANNEX = (
    (gettext_lazy("Population"), ("members.population", "members.households", "members.married_women",
                                  "members.births", "members.deaths")),
    (gettext_lazy("Self-government and designations"), ("villages.groups", "villages.declared", "villages.regulations",
                                                        "villages.designated_demonstration",
                                                        "villages.designated_qualified",
                                                        "villages.designated_lagging")),
    (gettext_lazy("Team, cases and sanctions"), ("villages.dismissals", "villages.rejected_candidates",
                                                 "assessments.cases", "assessments.party_discipline",
                                                 "assessments.economic_penalties")),
    (gettext_lazy("The association"), ("association.members", "association.groups_without_member",
                                       "association.coverage", "association.feedback_on_time_rate")),
    (gettext_lazy("Preferential policies"), ("incentives.village_policy_adoptions", "incentives.households_paid",
                                             "incentives.people_paid", "incentives.amount_paid")),
    (gettext_lazy("Services"), ("services.site_investment", "services.health_examined", "services.health_findings",
                                "services.assistance_families", "services.out_of_poverty")),
)
MONEY = {"incentives.amount_paid", "services.site_investment", "services.assistance_amount", "services.funds_raised"}


class Figures(dict):
    """The town's figures for a template: {{ f.members.population }} reads "members.population"."""

    @classmethod
    def of(cls, values: catalogue.Values) -> "Figures":
        figures = cls()
        for code in CODES:
            app, name = code.split(".", 1)
            figures.setdefault(app, {})[name] = values.get(code)
        return figures


@dataclass
class AnnexTable:
    title: str
    columns: list[tuple[str, str, bool]]  # (name, unit, money)
    rows: list[tuple[str, list]] = field(default_factory=list)
    totals: list = field(default_factory=list)


def check_request(*, town: Town, village: Village | None, period: Period) -> None:
    if village is not None:
        raise ValidationError({"village": _("The annual work summary is the town's: ask for it without a village.")})
    if period.kind != YEAR:
        raise ValidationError({"period": _("The annual work summary is for a year, e.g. 2025.")})


def breakdown(values: catalogue.Values, code: str, index: int = 0) -> list[tuple[str, object]]:
    """(label, value) of each category of the figure's breakdown, in the dimension's order."""
    dimension = catalogue.get(code).breakdowns[index]
    return [(dimension.label(category), value) for category, value in values.breakdown(code, dimension).items()]


def annual_summary_context(*, user, town: Town, village: Village | None, period: Period) -> list[dict]:
    """The summary's one part: the office's prose, the town's figures, the breakdowns and the annex."""
    if village is not None or not sees_whole_town(user) or not (user.is_superuser or user.town_id == town.pk):
        raise OutOfScope
    check_request(town=town, village=village, period=period)
    values = catalogue.values(town.pk, period, CODES)
    before = catalogue.values(town.pk, period.previous(), ["villages.designated_lagging"])
    summary = AnnualSummary.objects.filter(town=town, year=period.year).first() or AnnualSummary(
        town=town, year=period.year)
    villages = list(Village.objects.filter(town=town, is_active=True).order_by("code"))
    lagging_now = values.units("villages.designated_lagging", VILLAGE)
    lagging_before = before.units("villages.designated_lagging", VILLAGE)
    return [{
        "town": town, "year": period.year, "summary": summary, "f": Figures.of(values),
        "provisional": not values.is_closed, "closing": values.closing,
        "population_by_age": breakdown(values, "members.population", 1),
        "population_by_sex": breakdown(values, "members.population", 0),
        "dismissals_by_post": [(label, n) for label, n in breakdown(values, "villages.dismissals") if n],
        "lagging": [{"village": v, "two_years": bool(lagging_before.get(v.pk))} for v in villages
                    if lagging_now.get(v.pk)],
        "policy_adoptions": breakdown(values, "incentives.village_policy_adoptions"),
        "policies_in_force": [(label, n) for label, n in breakdown(values, "incentives.policies_in_force") if n],
        "paid_by_policy": paid_by_policy(values),
        "findings": listing(breakdown(values, "services.health_findings")),
        "sites": listing(breakdown(values, "services.sites_in_use")),
        "assistance": listing(breakdown(values, "services.assistance_families")),
        "publicity": listing(breakdown(values, "services.publicity_activities")),
        "model_families": listing(breakdown(values, "services.model_families")),
        "sanctions": [(label, n) for label, n in breakdown(values, "assessments.sanctions") if n],
        "rewards": [(label, n) for label, n in breakdown(values, "assessments.rewards") if n],
        "annex": annex(values, villages, aggregate_only=reads_aggregates_only(user)),
    }]


def listing(pairs: list[tuple[str, object]]) -> str:
    """The categories that have a count, in a sentence: "uterine fibroid 3, endocrine disorder 21" (子宫肌瘤3、…)."""
    return _(", ").join(_("%(label)s %(count)s") % {"label": label, "count": number_format(count, force_grouping=True)}
                        for label, count in pairs if count)


def paid_by_policy(values: catalogue.Values) -> list[dict]:
    """Amounts paid and beneficiaries in the year by policy, the villages' policies of the same name together,
    largest first."""
    from incentives.models import Policy

    dimension = catalogue.get("incentives.amount_paid").breakdowns[0]
    amounts = values.breakdown("incentives.amount_paid", dimension)
    people = values.breakdown("incentives.beneficiaries_paid", catalogue.get("incentives.beneficiaries_paid")
                              .breakdowns[0])
    names = dict(Policy.objects.filter(pk__in=[int(pk) for pk in amounts if pk.isdigit()]).values_list("pk", "name"))
    rows: dict[str, dict] = {}
    for pk, amount in amounts.items():
        if not amount:
            continue
        name = names.get(int(pk), pk) if pk.isdigit() else pk
        row = rows.setdefault(name, {"name": name, "amount": 0, "beneficiaries": 0, "policies": 0})
        row["amount"] += amount
        row["beneficiaries"] += people.get(pk) or 0
        row["policies"] += 1
    return sorted(rows.values(), key=lambda row: -row["amount"])


def annex(values: catalogue.Values, villages: list[Village], *, aggregate_only: bool) -> list[AnnexTable]:
    tables = []
    for title, codes in ANNEX:
        figures = [catalogue.get(code) for code in codes]
        table = AnnexTable(title=str(title), columns=[(str(f.name), str(f.unit), f.code in MONEY) for f in figures])
        for village in villages:
            table.rows.append((village.name, [
                catalogue.shown(f, values.get(f.code, VILLAGE, village.pk), aggregate_only=aggregate_only,
                                level=VILLAGE) for f in figures]))
        table.totals = [values.get(f.code, TOWN) for f in figures]
        tables.append(table)
    return tables


RENDERER = Renderer(
    kind="annual_summary",
    template_version="annual-summary/1",
    title_format=gettext_lazy("%(scope)s annual work summary (%(period)s)"),
    template=TEMPLATE,
    context=annual_summary_context,
    default_period=this_year,
    village_level=False,
    check=check_request,
    period_word=pgettext_lazy("of a document", "Year"),
    numbered=(TOWN_LEVEL,),
    red_header=True,
    # The template signs and seals the summary before its annex, so the frame prints no sign-off of its own.
)
