"""Small explicit builders for tests. Each test builds the few rows it needs."""

from itertools import count

from villages.models import County, Town, User, Village, VillagerGroup

_sequence = count(1)


def make_town(*, name="红山店镇", code="421122100") -> Town:
    county, _ = County.objects.get_or_create(code=code[:6], defaults={"name": "某县" if code[:6] == "421122" else
                                                                      f"县 {code[:6]}"})
    town, _ = Town.objects.get_or_create(code=code, defaults={"name": name, "county": county})
    return town


# The last three digits of a village's 12-digit code when a test does not choose them: none of the numbers that
# tests choose themselves (77, 90, 2xx, 4xx, 6xx, 9xx), and none taken in the town already, however long the run.
_UNCHOSEN_NUMBERS = (*range(1, 70), *range(700, 900))


def make_village(*, town=None, name=None, number=None) -> Village:
    town = town or make_town()
    if number is None:
        taken = set(Village.objects.filter(town=town).values_list("code", flat=True))
        free = [n for n in _UNCHOSEN_NUMBERS if f"{town.code}{n:03d}" not in taken]
        number = free[next(_sequence) % len(free)]
    return Village.objects.create(
        town=town, code=f"{town.code}{number:03d}", name=name or f"测试{number}村"
    )


def make_group(*, village=None, number=1, name=None) -> VillagerGroup:
    village = village or make_village()
    return VillagerGroup.objects.create(
        village=village, number=number, name=name or f"第{number}组"
    )


def make_user(*, role=User.Role.TOWN_OFFICE, town=None, village=None, group=None, county=None,
              username=None, password="pass-zizhi-2026", **extra) -> User:
    if role in (User.Role.TOWN_OFFICE, User.Role.LEADERSHIP) and town is None:
        town = (village.town if village else None) or make_town()
    if role == User.Role.SPECIALIST and village is None:
        village = make_village()
    if role == User.Role.MEMBER and group is None:
        group = make_group(village=village)
    if role == User.Role.COUNTY_OFFICE and county is None:
        county = (town or make_town()).county
    jurisdiction = {User.Role.TOWN_OFFICE: "town", User.Role.LEADERSHIP: "town", User.Role.COUNTY_OFFICE: "county",
                    User.Role.SPECIALIST: "village", User.Role.MEMBER: "group"}.get(role)
    fields = {"county": county, "town": town, "village": village, "group": group}
    for key in fields:
        if key != jurisdiction:
            fields[key] = None
    user = User(username=username or f"user{next(_sequence)}", role=role, **fields, **extra)
    user.set_password(password)
    user.save()
    return user
