"""Health campaigns a user may see, and what of them: everyone who reads the services sees a campaign and its
counts (an aggregate-only reader with counts below 5 hidden per village); the invitations, attendance and findings
of a woman only the town office and her village's specialist (villages.privacy). These functions decide what to
show; the page or endpoint that shows individual rows writes the access log."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from services.models import CampaignInvitation, Finding, FollowUp, HealthCampaign
from services.models.health import FindingCategory
from services.queries.scope import reader_villages
from villages.catalogue import TOWN, VILLAGE, shown
from villages.models import Village
from villages.privacy import sees_sensitive_in_jurisdiction
from villages.queries import scoped, town_id_of
from villages.roles import is_association_member, is_specialist

FINDINGS_FIGURE = "services.health_findings"


def campaigns_for(user) -> QuerySet[HealthCampaign]:
    """The town's campaigns; for a specialist those covering their village (or every village)."""
    if is_association_member(user) or not user.is_authenticated:
        return HealthCampaign.objects.none()
    rows = HealthCampaign.objects.select_related("town")
    if user.is_superuser:
        return rows
    rows = rows.filter(town_id=town_id_of(user))
    if is_specialist(user):
        covers = HealthCampaign.villages.through.objects.filter(healthcampaign=OuterRef("pk"))
        rows = rows.filter(Q(Exists(covers.filter(village=user.village_id))) | ~Q(Exists(covers)))
    return rows


def campaign_for_user(user, pk: int) -> HealthCampaign:
    try:
        return campaigns_for(user).get(pk=pk)
    except HealthCampaign.DoesNotExist:
        raise Http404 from None


def invitations_for(user) -> QuerySet[CampaignInvitation]:
    """Invitations whose woman's sensitive data the user may see: the town office's town, a specialist's village."""
    if not sees_sensitive_in_jurisdiction(user):
        return CampaignInvitation.objects.none()
    rows = CampaignInvitation.objects.select_related("campaign__town", "village", "person")
    return scoped(rows, user).filter(campaign__in=campaigns_for(user))


def invitation_for_user(user, pk: int) -> CampaignInvitation:
    try:
        return invitations_for(user).get(pk=pk)
    except CampaignInvitation.DoesNotExist:
        raise Http404 from None


def findings_for(user) -> QuerySet[Finding]:
    if not sees_sensitive_in_jurisdiction(user):
        return Finding.objects.none()
    rows = Finding.objects.select_related("invitation__campaign__town", "invitation__village",
                                          "invitation__person")
    return scoped(rows, user, village="invitation__village").filter(invitation__campaign__in=campaigns_for(user))


def finding_for_user(user, pk: int) -> Finding:
    try:
        return findings_for(user).get(pk=pk)
    except Finding.DoesNotExist:
        raise Http404 from None


def finding_page(user, pk: int) -> Finding:
    """A finding with its follow-up steps and change history (404 outside the user's sensitive scope)."""
    try:
        finding = findings_for(user).prefetch_related(
            Prefetch("steps", queryset=FollowUp.objects.select_related("recorded_by").order_by("on", "pk"))).get(pk=pk)
    except Finding.DoesNotExist:
        raise Http404 from None
    finding.history_rows = list(finding.history.select_related("history_user").order_by("-history_date")[:50])
    return finding


def campaigns_of_year(user, year: int) -> QuerySet[HealthCampaign]:
    """The year's campaigns with their invited, examined and findings counts over the villages the user reads."""
    villages = reader_villages(user).values("pk")
    current = Q(invitations__withdrawn_on__isnull=True, invitations__village__in=villages)
    return (campaigns_for(user).filter(starts_on__year=year).prefetch_related("villages")
            .annotate(invited=Count("invitations", filter=current, distinct=True),
                      examined=Count("invitations", filter=current & Q(invitations__attendance="examined"),
                                     distinct=True),
                      found=Count("invitations__findings", filter=current))
            .order_by("-starts_on", "-pk"))


@dataclass
class CountRow:
    village: Village | None  # None for the total
    invited: int | None = None
    examined: int | None = None
    categories: list = field(default_factory=list)  # per FindingCategory: the count, None when hidden
    findings: int | None = None
    closed: int | None = None


def campaign_counts(user, campaign: HealthCampaign) -> list[CountRow]:
    """Per village the user reads (of those the campaign covers), and in all: women invited and examined,
    findings by category, findings closed. Readers who may not see the women's data see counts below 5 hidden
    in a village's row (villages.catalogue.shown); two queries."""
    from villages.catalogue import get

    figure = get(FINDINGS_FIGURE)
    aggregate_only = not sees_sensitive_in_jurisdiction(user)
    covered = {v.pk for v in campaign.villages.all()}
    villages = [v for v in reader_villages(user) if not covered or v.pk in covered]
    ids = [v.pk for v in villages]
    invites = (campaign.invitations.filter(withdrawn_on__isnull=True, village__in=ids).order_by().values("village")
               .annotate(invited=Count("pk"), examined=Count("pk", filter=Q(attendance="examined"))))
    found = (Finding.objects.filter(invitation__campaign=campaign, invitation__village__in=ids).order_by()
             .values("invitation__village", "category", "state").annotate(n=Count("pk")))
    by_village: dict = {pk: {"invited": 0, "examined": 0, "closed": 0, "cats": dict.fromkeys(FindingCategory.values, 0)}
                        for pk in ids}
    for row in invites:
        by_village[row["village"]].update(invited=row["invited"], examined=row["examined"])
    for row in found:
        counts = by_village[row["invitation__village"]]
        counts["cats"][row["category"]] += row["n"]
        if row["state"] == "closed":
            counts["closed"] += row["n"]

    def line(village, counts, level):
        def hide(value):
            return shown(figure, value, aggregate_only=aggregate_only, level=level)
        cats = list(counts["cats"].values())
        return CountRow(village=village, invited=hide(counts["invited"]), examined=hide(counts["examined"]),
                        categories=[hide(n) for n in cats], findings=hide(sum(cats)), closed=hide(counts["closed"]))

    rows = [line(v, by_village[v.pk], VILLAGE) for v in villages if by_village[v.pk]["invited"]]
    total = {"invited": sum(c["invited"] for c in by_village.values()),
             "examined": sum(c["examined"] for c in by_village.values()),
             "closed": sum(c["closed"] for c in by_village.values()),
             "cats": {cat: sum(c["cats"][cat] for c in by_village.values()) for cat in FindingCategory.values}}
    return [*rows, line(None, total, TOWN)]


def campaign_invitations(user, campaign: HealthCampaign) -> QuerySet[CampaignInvitation]:
    """The campaign's invitations the user may see (their findings with them), by village and name."""
    return (invitations_for(user).filter(campaign=campaign)
            .prefetch_related(Prefetch("findings", queryset=Finding.objects.order_by("found_on", "pk")))
            .order_by("village__code", "person__name", "pk"))

