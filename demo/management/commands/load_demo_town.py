import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from demo import assistance as assistance_demo
from demo import association as association_demo
from demo import benefits, registry, scoring
from demo import health as health_demo
from demo import honours as honours_demo
from demo import services as services_demo
from demo import town as demo_town
from demo import training as training_demo

# Each app's part of the demo town, in dependency order; each builder takes the town, is
# deterministic, and does nothing when its part is already there.
STEPS = [
    (gettext_lazy("households and people"), registry.build),
    (gettext_lazy("association members, contact cards, feedback, meetings and evaluations"), association_demo.build),
    (gettext_lazy("policies, recorded facts and a year of computed, approved and paid benefits"),
     benefits.build),
    (gettext_lazy("the year's training classes and who came to them"), training_demo.build),
    (gettext_lazy("assessments, ledger and responsibility books"), scoring.build),
    (gettext_lazy("service sites, their investment, village funds and the September fundraising"), services_demo.build),
    (gettext_lazy("the July health campaign: invitations, examinations, findings and their follow-up"),
     health_demo.build),
    (gettext_lazy("model families, the Top Ten Village Cadres appraisals and the Ping'an Villages"),
     honours_demo.build),
    (gettext_lazy("assistance to families in difficulty and Xunzi Village's seedling base"), assistance_demo.build),
]


class Command(BaseCommand):
    help = "Build the demo town Hongshandian deterministically; running it again changes nothing."

    def handle(self, *args, **options):
        started = time.perf_counter()
        town = demo_town.build()
        self.stdout.write(
            _("Demo town %(town)s: %(villages)d villages, %(groups)d villager groups (%(seconds).1f s).")
            % {
                "town": town.name,
                "villages": town.villages.count(),
                "groups": sum(v.groups.count() for v in town.villages.all()),
                "seconds": time.perf_counter() - started,
            }
        )
        for label, build in STEPS:
            started = time.perf_counter()
            build(town)
            self.stdout.write(
                _("Demo %(part)s ready (%(seconds).1f s).") % {"part": label, "seconds": time.perf_counter() - started}
            )
        demo_town.analyze()
