import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from members import association_demo
from members import demo as members_demo
from villages import demo as villages_demo


class Command(BaseCommand):
    help = "Build the demo town Hongshandian deterministically; running it again changes nothing."

    def handle(self, *args, **options):
        started = time.perf_counter()
        town = villages_demo.build()
        self.stdout.write(
            _("Demo town %(town)s: %(villages)d villages, %(groups)d villager groups (%(seconds).1f s).")
            % {
                "town": town.name,
                "villages": town.villages.count(),
                "groups": sum(v.groups.count() for v in town.villages.all()),
                "seconds": time.perf_counter() - started,
            }
        )
        started = time.perf_counter()
        written = members_demo.build(town)
        self.stdout.write(
            _("Households and people: %(people)d records written (%(seconds).1f s).")
            % {"people": written, "seconds": time.perf_counter() - started}
        )
        started = time.perf_counter()
        written = association_demo.build(town)
        self.stdout.write(
            _("Association members, contact cards, feedback, meetings and evaluations: %(rows)d records written "
              "(%(seconds).1f s).") % {"rows": written, "seconds": time.perf_counter() - started}
        )
