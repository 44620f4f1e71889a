"""Each event that says a marital status gets it: married on marriages, divorced on divorces, and on the
rows that enter someone into the register the status they entered with."""

from django.db import migrations
from django.db.models import Case, OuterRef, Q, Subquery, Value, When
from django.db.models.lookups import Exact

MARRIED, DIVORCED, SINGLE = "20", "40", "10"
ENTRY = ("registered", "birth", "adoption", "move_in")


def fill_marital_status(apps, schema_editor):
    VitalEvent = apps.get_model("members", "VitalEvent")
    Person = apps.get_model("members", "Person")
    VitalEvent.objects.filter(kind="marriage").update(marital_status=MARRIED)
    VitalEvent.objects.filter(kind="divorce").update(marital_status=DIVORCED)
    # Someone whose first marriage or divorce came after they entered was single, or married, before it;
    # anyone else entered with the status they have today. A REGISTERED row is dated the day it was written,
    # so every marriage and divorce counts as after it (members.queries_asof reads them in that order).
    of_person = Q(person_id=OuterRef("person_id")) | Q(other_person_id=OuterRef("person_id"))
    marital = VitalEvent.objects.filter(of_person, kind__in=("marriage", "divorce")).order_by("occurred_on", "pk")
    today = Person.objects.filter(pk=OuterRef("person_id")).values("marital_status")[:1]
    VitalEvent.objects.filter(kind="registered").update(marital_status=_before(marital, today))
    after_entry = marital.filter(occurred_on__gte=OuterRef("occurred_on"))
    VitalEvent.objects.filter(kind__in=ENTRY).exclude(kind="registered").update(
        marital_status=_before(after_entry, today))


def _before(marital_rows, today) -> Case:
    """Single before a first marriage, married before a first divorce, else today's status."""
    first = Subquery(marital_rows.values("kind")[:1])
    return Case(When(Exact(first, Value("marriage")), then=Value(SINGLE)),
                When(Exact(first, Value("divorce")), then=Value(MARRIED)), default=Subquery(today))


def clear_marital_status(apps, schema_editor):
    apps.get_model("members", "VitalEvent").objects.update(marital_status="")


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0004_event_voids_corrections_and_marital_status"),
    ]

    operations = [
        migrations.RunPython(fill_marital_status, clear_marital_status),
    ]
