"""Service sites a user may see, the town's matrix of villages and kinds, a site's page."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet, Sum
from django.http import Http404

from services.models import ServiceSite, SiteInvestment, SiteStateChange
from services.models.sites import VILLAGE_KINDS, SiteKind, SiteState
from services.queries.scope import in_scope, reader_villages


def sites_for(user) -> QuerySet[ServiceSite]:
    return in_scope(ServiceSite.objects.select_related("town", "village"), user)


def site_for_user(user, pk: int) -> ServiceSite:
    try:
        return sites_for(user).get(pk=pk)
    except ServiceSite.DoesNotExist:
        raise Http404 from None


def investments_for(user) -> QuerySet[SiteInvestment]:
    return in_scope(SiteInvestment.objects.select_related("site__village", "site__town"), user,
                    village="site__village", town="site__town")


def investment_for_user(user, pk: int) -> SiteInvestment:
    try:
        return investments_for(user).get(pk=pk)
    except SiteInvestment.DoesNotExist:
        raise Http404 from None


def site_list(user) -> QuerySet[ServiceSite]:
    """The sites with their total investment, for the list (one query)."""
    return sites_for(user).annotate(invested=Sum("investments__amount")).order_by("village__code", "kind", "pk")


@dataclass
class MatrixRow:
    village: object
    cells: list  # per kind of VILLAGE_KINDS: the village's sites of that kind (possibly none)
    missing: list  # the labels of the kinds the village has no working site of


def kind_matrix(user) -> tuple[list, list[MatrixRow]]:
    """Village × kind: each village's sites of each kind, and the kinds it lacks (none, or only closed ones)."""
    villages = list(reader_villages(user))
    by_village: dict = {}
    for site in sites_for(user).filter(village__isnull=False).order_by("kind", "pk"):
        by_village.setdefault(site.village_id, {}).setdefault(site.kind, []).append(site)
    rows = []
    for village in villages:
        sites = by_village.get(village.pk, {})
        cells = [sites.get(kind, []) for kind in VILLAGE_KINDS]
        missing = [SiteKind(kind).label for kind, found in zip(VILLAGE_KINDS, cells, strict=True)
                   if not any(site.state != SiteState.CLOSED for site in found)]
        rows.append(MatrixRow(village=village, cells=cells, missing=missing))
    return [SiteKind(kind).label for kind in VILLAGE_KINDS], rows


def site_page(user, pk: int) -> ServiceSite:
    """A site with its investments (newest first), state changes and change history."""
    sites = sites_for(user).prefetch_related(
        Prefetch("investments", queryset=SiteInvestment.objects.order_by("-invested_on", "-pk")),
        Prefetch("changes", queryset=SiteStateChange.objects.order_by("-changed_on", "-pk")),
    )
    try:
        site = sites.get(pk=pk)
    except ServiceSite.DoesNotExist:
        raise Http404 from None
    site.history_rows = list(site.history.select_related("history_user").order_by("-history_date")[:50])
    site.invested = sum((i.amount for i in site.investments.all()), start=0)
    return site

