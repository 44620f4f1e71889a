from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from members.models.households import Household


class FamilyCategoryQuerySet(models.QuerySet):
    def current(self):
        return self.filter(holds_until__isnull=True)

    def held_on(self, day):
        return self.filter(Q(holds_until__isnull=True) | Q(holds_until__gt=day), holds_from__lte=day)


class FamilyCategory(models.Model):
    """A family category a household falls into, derived from its records, never typed in.

    Rows form a timeline per household: the current ones have no `holds_until`; when the
    records change (a birth, a death, a move), `members.actions.categories.recompute_*` closes the rows
    that no longer hold and opens the new ones. `evidence` keeps what the derivation saw (the
    parents and children), and `reason` says it in words.
    """

    class Category(models.TextChoices):
        ONE_CHILD = "one_child", _("one-child household")
        TWO_DAUGHTERS = "two_daughters", _("two-daughter household")
        TWO_CHILDREN = "two_children", _("two-child household")
        MULTI_CHILD = "multi_child", _("household with three or more children")
        CHILDLESS_COUPLE = "childless_couple", _("childless couple")
        LOST_ONLY_CHILD = "lost_only_child", _("household that lost its only child")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="categories"
    )
    category = models.CharField(_("family category"), max_length=20, choices=Category.choices)
    holds_from = models.DateField(_("holds from"))
    holds_until = models.DateField(_("holds until"), null=True, blank=True)
    evidence = models.JSONField(_("evidence"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["computed_at"])

    objects = FamilyCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("family category")
        verbose_name_plural = _("family categories")
        ordering = ["household_id", "-holds_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "category"], condition=Q(holds_until__isnull=True),
                name="one_current_row_per_category",
            ),
            models.CheckConstraint(
                condition=Q(holds_until__isnull=True) | Q(holds_until__gte=models.F("holds_from")),
                name="category_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["category", "holds_until"], name="category_current"),
        ]

    def __str__(self):
        return f"{self.household} {self.get_category_display()}"

    @property
    def is_current(self) -> bool:
        return self.holds_until is None

    @property
    def reason(self) -> str:
        """Why the household falls into the category, from the evidence, in the reader's language."""
        parents = "、".join(self.evidence.get("parents", [])) or _("the household head")
        children = self.evidence.get("children", [])
        if not children:
            married = self.evidence.get("married_on")
            if married:
                return _("%(parents)s are married (since %(date)s) and have no children.") % {
                    "parents": parents, "date": married}
            return _("%(parents)s are married and have no children.") % {"parents": parents}
        listed = "；".join(_child_words(child) for child in children)
        count = ngettext("%(parents)s have %(count)d child: %(children)s.",
                         "%(parents)s have %(count)d children: %(children)s.", len(children))
        return count % {"parents": parents, "count": len(children), "children": listed}


def _child_words(child: dict) -> str:
    relation = _("son") if child.get("sex") == "M" else _("daughter")
    words = _("%(name)s, %(relation)s, born %(date)s") % {
        "name": child.get("name", ""), "relation": relation, "date": child["born"]}
    if child.get("adopted"):
        words += _(", adopted")
    if child.get("died"):
        words += _(", died %(date)s") % {"date": child["died"]}
    return words
