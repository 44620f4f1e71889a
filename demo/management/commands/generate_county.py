import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.utils.translation import gettext as _

from demo.county import (
    DEFAULT_COUNTY_CODE,
    MAX_TOWNS,
    build_towns,
    county_name_for,
    town_profiles,
)
from demo.town import analyze, ensure_county
from members.models import Household, Person
from villages.models import Village, VillagerGroup, county_code_validator


class Command(BaseCommand):
    help = ("Build a synthetic county of N towns the size of the demo town, deterministically from a seed; "
            "running it again changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--towns", type=int, default=20, help="how many towns (default 20)")
        parser.add_argument("--county-code", default=DEFAULT_COUNTY_CODE,
                            help=f"the county's 6-digit division code (default {DEFAULT_COUNTY_CODE}, fictitious)")
        parser.add_argument("--county-name", default="", help="the county's name (default: drawn from the seed)")
        parser.add_argument("--seed", type=int, default=1, help="the seed of every random choice (default 1)")
        parser.add_argument("--processes", type=int, default=1,
                            help="build towns in this many processes side by side (default 1; 1 on SQLite)")

    def handle(self, *args, towns, county_code, county_name, seed, processes, **options):
        if not 1 <= towns <= MAX_TOWNS:
            raise CommandError(_("A county has 1 to %(most)d towns.") % {"most": MAX_TOWNS})
        if processes < 1:
            raise CommandError(_("Give at least one process."))
        try:
            county_code_validator(county_code)
        except ValidationError as error:
            raise CommandError(_("A county code has exactly 6 digits.")) from error
        if connection.vendor == "sqlite" and processes > 1:
            self.stdout.write(_("SQLite has one writer: building with one process."))
            processes = 1
        started = time.perf_counter()
        county = ensure_county(code=county_code, name=county_name or county_name_for(county_code, seed))
        profiles = town_profiles(county_code=county.code, county_name=county.name, towns=towns, seed=seed)
        self.verbosity = options["verbosity"]
        build_towns(profiles, processes=processes, report=self._report_town)
        analyze()
        self._report_county(county, time.perf_counter() - started, processes)

    def _report_town(self, built):
        self.stdout.write(_("Town %(name)s (%(code)s) ready (%(seconds).1f s).")
                          % {"name": built.name, "code": built.code, "seconds": built.seconds})
        if self.verbosity > 1:
            for label, seconds in built.steps:
                self.stdout.write(f"  {seconds:7.1f} s  {label}")

    def _report_county(self, county, seconds, processes):
        towns = county.towns.aggregate(count=Count("pk"))["count"]
        self.stdout.write(
            _("County %(county)s (%(code)s): %(towns)d towns, %(villages)d villages, %(groups)d villager groups, "
              "%(households)d households, %(people)d people (%(living)d living there); built in %(seconds).1f s "
              "with %(processes)d process(es).")
            % {"county": county.name, "code": county.code, "towns": towns,
               "villages": Village.objects.filter(town__county=county).count(),
               "groups": VillagerGroup.objects.filter(village__town__county=county).count(),
               "households": Household.objects.filter(town__county=county).count(),
               "people": Person.objects.filter(town__county=county).count(),
               "living": Person.objects.filter(town__county=county, status=Person.Status.ACTIVE,
                                               household__status=Household.Status.ACTIVE).count(),
               "seconds": seconds, "processes": processes})
