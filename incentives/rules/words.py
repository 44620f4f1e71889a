"""Conditions and facts in words, in the reader's language.

The Condition model's `__str__` is `describe`, so this module reads a condition by its fields and
takes its vocabulary from `incentives.models.condition_kinds`, never importing the models.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from incentives.models.condition_kinds import CHOICES_OF_KIND, Kind, Target


class Say:
    """A sentence translated and formatted only when shown: the explainer judges a household
    month by month, and most of the reasons it could give are never read."""

    __slots__ = ("msgid", "params", "_text")

    def __init__(self, msgid: str, **params):
        self.msgid, self.params, self._text = msgid, params, None

    def __str__(self) -> str:
        if self._text is None:
            values = {k: day(v) if isinstance(v, datetime.date) else str(v) for k, v in self.params.items()}
            self._text = _(self.msgid) % values if values else _(self.msgid)
        return self._text


def described(condition, village_names: dict[int, str] | None = None) -> str:
    """`describe`, remembered on the condition for the active language."""
    from django.utils.translation import get_language

    cache = condition.__dict__.setdefault("_described", {})
    language = get_language()
    if language not in cache:
        cache[language] = describe(condition, village_names)
    return cache[language]


def who(target: str) -> str:
    return {
        Target.SELF: _("the beneficiary"),
        Target.HOUSEHOLD: _("the household"),
        Target.PARENT: _("a parent"),
        Target.CHILD: _("a child"),
    }[target]


def day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def labels(condition, village_names: dict[int, str] | None = None) -> str:
    if condition.kind == Kind.VILLAGE:
        names = village_names or {}
        if not names:
            from villages.models import Village

            names = dict(Village.objects.filter(pk__in=condition.values).values_list("pk", "name"))
        return _(" or ").join(names.get(v, str(v)) for v in condition.values)
    choices = dict(CHOICES_OF_KIND.get(condition.kind, []))
    return _(" or ").join(str(choices.get(v, v)) for v in condition.values)


def label_of(kind: str, value) -> str:
    return str(dict(CHOICES_OF_KIND.get(kind, [])).get(value, value))


def describe(condition, village_names: dict[int, str] | None = None) -> str:
    """What the condition asks, as a sentence."""
    kind, subject = condition.kind, who(condition.target)
    words = {"who": subject, "values": labels(condition, village_names) if condition.values else "",
             "minimum": condition.minimum, "maximum": condition.maximum}
    if kind == Kind.AGE:
        text = _age_words(condition, words)
        if condition.on_date:
            text += _(" (age on %(date)s)") % {"date": day(condition.on_date)}
        return text
    if kind == Kind.BORN:
        return _born_words(condition, subject)
    if kind == Kind.BIRTH_ORDER:
        return _range_words(condition, words, _("%(who)s is child number %(minimum)s to %(maximum)s of the mother"),
                            _("%(who)s is child number %(minimum)s or later of the mother"),
                            _("%(who)s is child number %(maximum)s or earlier of the mother"))
    if kind == Kind.CHILDREN:
        return _children_words(condition)
    if kind == Kind.REGISTERED:
        if condition.target == Target.HOUSEHOLD:
            return _("the household is in the town's register")
        return _("%(who)s is in the town's register") % words
    if kind == Kind.ALIVE:
        if condition.values == ["deceased"]:
            return _("%(who)s has died") % words
        return _("%(who)s is alive") % words
    templates = {
        Kind.FAMILY_CATEGORY: _("the household is a %(values)s"),
        Kind.HUKOU: _("the household's hukou is %(values)s"),
        Kind.VILLAGE: _("the household is registered in %(values)s"),
        Kind.SEX: _("%(who)s is %(values)s"),
        Kind.RESIDENCE: _("%(who)s's residence: %(values)s"),
        Kind.MARITAL: _("%(who)s's marital status is %(values)s"),
        Kind.ROLE: _("%(who)s is %(values)s"),
        Kind.FACT: _("%(who)s has a recorded fact: %(values)s"),
        Kind.CONTRACEPTION: _("%(who)s's contraception measure is %(values)s"),
        Kind.PREGNANCY: _("%(who)s's pregnancy status is %(values)s"),
    }
    return templates[kind] % words


def _age_words(condition, words) -> str:
    if condition.minimum is not None and condition.maximum is not None:
        return _("%(who)s is aged %(minimum)s to %(maximum)s") % words
    if condition.minimum is not None:
        return _("%(who)s is aged %(minimum)s or over") % words
    return _("%(who)s is under %(limit)s") % {**words, "limit": condition.maximum + 1}


def _range_words(condition, words, both, lower, upper) -> str:
    if condition.minimum is not None and condition.maximum is not None:
        return both % words
    if condition.minimum is not None:
        return lower % words
    return upper % words


def _born_words(condition, subject) -> str:
    words = {"who": subject, "first": day(condition.date_from) if condition.date_from else "",
             "last": day(condition.date_to) if condition.date_to else ""}
    if condition.date_from and condition.date_to:
        return _("%(who)s was born between %(first)s and %(last)s") % words
    if condition.date_from:
        return _("%(who)s was born on or after %(first)s") % words
    return _("%(who)s was born on or before %(last)s") % words


def children_noun(condition) -> str:
    if condition.values == ["M"]:
        return _("living sons")
    if condition.values == ["F"]:
        return _("living daughters")
    return _("living children")


def _children_words(condition) -> str:
    words = {"what": children_noun(condition), "minimum": condition.minimum, "maximum": condition.maximum}
    if condition.minimum is not None and condition.maximum is not None:
        if condition.minimum == condition.maximum:
            return _("the couple has exactly %(minimum)s %(what)s") % words
        return _("the couple has %(minimum)s to %(maximum)s %(what)s") % words
    if condition.minimum is not None:
        return _("the couple has at least %(minimum)s %(what)s") % words
    return _("the couple has at most %(maximum)s %(what)s") % words


def group_heading(target: str) -> str:
    return {
        Target.SELF: _("The beneficiary"),
        Target.HOUSEHOLD: _("The household"),
        Target.PARENT: _("A parent who meets all of these"),
        Target.CHILD: _("A child who meets all of these"),
    }[target]
