"""Schemes: copying a year's scheme to the next, freezing it once a period is scored."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Block, DeductionRule, GradeBand, Item, Scheme, Veto
from villages.roles import require_town_office


def freeze_scheme(scheme: Scheme) -> Scheme:
    """Freeze a scheme the first time a period is scored with it (inside the caller's transaction)."""
    if scheme.frozen_at is None:
        scheme.frozen_at = timezone.now()
        scheme.save(update_fields=["frozen_at"])
    return scheme


@transaction.atomic
def copy_scheme_to_year(*, scheme: Scheme, year: int, copied_by) -> Scheme:
    """Start next year's scheme as a copy of this one: blocks, items, rules, vetoes and bands."""
    require_town_office(copied_by)
    if Scheme.objects.filter(town=scheme.town, year=year, subject=scheme.subject).exists():
        raise ValidationError({"year": _("A scheme for %(year)s already exists.") % {"year": year}})
    copy = Scheme(
        town=scheme.town, year=year, subject=scheme.subject, title=scheme.title.replace(str(scheme.year), str(year)),
        veto_means_lagging=scheme.veto_means_lagging, default_rectification_plan=scheme.default_rectification_plan,
        copied_from=scheme,
    )
    copy.full_clean()
    copy.save()
    for block in scheme.blocks.prefetch_related("items__deduction_rules"):
        new_block = Block.objects.create(scheme=copy, order=block.order, title=block.title)
        for item in block.items.all():
            new_item = Item.objects.create(
                scheme=copy, block=new_block, code=item.code, order=item.order, title=item.title,
                max_points=item.max_points, method=item.method, indicator_key=item.indicator_key,
                guidance=item.guidance,
            )
            DeductionRule.objects.bulk_create(
                DeductionRule(item=new_item, code=rule.code, description=rule.description, points=rule.points)
                for rule in item.deduction_rules.all()
            )
    Veto.objects.bulk_create(
        Veto(scheme=copy, code=veto.code, title=veto.title, description=veto.description)
        for veto in scheme.vetoes.all()
    )
    GradeBand.objects.bulk_create(
        GradeBand(scheme=copy, code=band.code, label=band.label, min_total=band.min_total,
                  designation=band.designation)
        for band in scheme.bands.all()
    )
    return copy
