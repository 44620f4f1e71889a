"""The seed's figures the demo reproduces, and the demo's dates."""

import datetime

REFERENCE_DATE = datetime.date(2025, 12, 31)
BASELINE = datetime.date(2022, 1, 1)
PEOPLE = 47_600
MARRIED_WOMEN_15_49 = 9_344
HOUSEHOLDS = 12_000
XUNZI_LIFTED_THIS_YEAR = 18  # families out of poverty through Xunzi Village's seedling base
BATCH = 2000
