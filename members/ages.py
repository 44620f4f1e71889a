"""Ages on a given day, as birth-date bounds a database can filter on."""

import datetime


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def born_between_for_ages(on: datetime.date, youngest: int, oldest: int) -> tuple[datetime.date, datetime.date]:
    """(born_after, born_on_or_before): aged youngest..oldest inclusive on the day `on`.

    Someone is aged `oldest` until the day before their (oldest+1)th birthday.
    """
    return years_before(on, oldest + 1), years_before(on, youngest)
