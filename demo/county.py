"""The synthetic county: N towns the size of the demo town, each built by the demo town's own builders.

The county health commission runs the same work for about twenty towns; a county of that size is the demo
town twenty times over, each town with its own name, township code, seed and identity-number region, so that
no two towns share names, codes or identity numbers, and the same seed gives the same rows. Deterministic and
idempotent like the demo town: a part already built is left alone.
"""

import random
import time
from dataclasses import dataclass

from django.db import close_old_connections, connection, connections

from demo.town import TOWN_NAME, TownProfile, building

DEFAULT_COUNTY_CODE = "429901"  # a county code no real county has (no prefecture 99 in Hubei)
FIRST_TOWN = 100  # township codes go county code + 100, 101, …
MAX_TOWNS = 899  # up to …998: the demo town's region 999999 stays its own
# Characters for fictitious town names, "<two characters>镇".
NAME_CHARACTERS = "安白柏宝北碧长城川春大丹东枫凤福高广桂汉禾河和红华黄鸡江金锦九康兰乐李莲林柳龙芦鹿马梅明南平" \
                  "桥青清泉仁三沙山上石双水顺松太桃天田桐湾万王吴溪仙祥新兴杏阳杨义永玉元月云枣樟竹"


@dataclass(frozen=True)
class TownBuilt:
    code: str
    name: str
    seconds: float
    steps: tuple[tuple[str, float], ...] = ()  # (step, seconds) in the order they ran


def town_profiles(*, county_code: str, county_name: str, towns: int, seed: int) -> list[TownProfile]:
    """The towns of the county: names drawn from the seed (never twice, never the demo town's), codes in order."""
    if not 1 <= towns <= MAX_TOWNS:
        raise ValueError(f"a county has 1 to {MAX_TOWNS} towns")
    rng = random.Random(f"county:{seed}:{county_code}")
    names: list[str] = []
    while len(names) < towns:
        name = "".join(rng.sample(NAME_CHARACTERS, 2)) + "镇"
        if name not in names and name != TOWN_NAME:
            names.append(name)
    return [TownProfile(name=name, code=f"{county_code}{FIRST_TOWN + index:03d}", county_name=county_name,
                        county_code=county_code, seed=f"{seed}:{county_code}:{index}", id_region=id_region(
                            county_code, FIRST_TOWN + index))
            for index, name in enumerate(names)]


def id_region(county_code: str, town_number: int) -> str:
    """The fictitious identity-number region of a town: 9, the county code's last two digits, the town's three.

    No province is numbered 9x, so no real person has such a number; two towns of one county never share one.
    """
    return f"9{county_code[-2:]}{town_number:03d}"


def county_name_for(county_code: str, seed: int) -> str:
    rng = random.Random(f"county-name:{seed}:{county_code}")
    return "".join(rng.sample(NAME_CHARACTERS, 2)) + "县"


def build_town(profile: TownProfile) -> TownBuilt:
    """Build one town of the county with every step of the demo town, in the order load_demo_town runs them."""
    from demo import town as demo_town
    from demo.management.commands.load_demo_town import STEPS

    started = time.perf_counter()
    steps = []
    with building(profile):
        town = demo_town.build()
        steps.append(("town", time.perf_counter() - started))
        for label, build in STEPS:
            step_started = time.perf_counter()
            build(town)
            steps.append((str(label), time.perf_counter() - step_started))
    return TownBuilt(code=profile.code, name=profile.name, seconds=time.perf_counter() - started, steps=tuple(steps))


def _build_town_in_worker(profile: TownProfile) -> TownBuilt:
    close_old_connections()
    try:
        return build_town(profile)
    finally:
        connections.close_all()


def build_towns(profiles: list[TownProfile], *, processes: int = 1, report=None) -> list[TownBuilt]:
    """Build the towns one after the other, or side by side in `processes` processes (each its own connection;
    SQLite has one writer, so there it is always one)."""
    if connection.vendor == "sqlite":
        processes = 1
    built = []
    if processes <= 1:
        for profile in profiles:
            built.append(build_town(profile))
            if report:
                report(built[-1])
        return built
    import multiprocessing

    connections.close_all()  # a forked process must not share the parent's connection
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        for result in pool.imap(_build_town_in_worker, profiles):
            built.append(result)
            if report:
                report(result)
    return built
