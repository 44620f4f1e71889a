"""The demo town's 2025 annual work summary states every figure of the seed, in Chinese and in English.

The whole demo town is loaded once for the module (as tests/demo/test_catalogue.py does), 2025 is closed, and
the summary is built in both languages; the checks read the PDF's text (pypdf), with white space removed, since
lines break anywhere in Chinese.
"""

import io
import os
import pathlib
import re

import pytest
from django.core.management import call_command
from django.test import TestCase
from pypdf import PdfReader

from config.celery import app as celery_app
from demo.town import TOWN_CODE
from reports.actions import request_summary, save_summary
from villages import closing
from villages.models import Town, User
from villages.periods import Period

YEAR = Period.parse("2025")
PLAN = "明年重点：健全网络，完善会员联系制度。"


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    # Built in this process, as every test's tasks are (tests/conftest.py), though CI names a broker: a
    # module's fixture is set up before the per-test switch. The demo town goes whatever happens.
    eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, True
    with django_db_blocker.unblock():
        try:
            yield from _built()
        finally:
            celery_app.conf.task_always_eager = eager
            call_command("flush", interactive=False, verbosity=0)


def _built():
    call_command("load_demo_town", stdout=io.StringIO())
    town = Town.objects.get(code=TOWN_CODE)
    office = User.objects.create(username="summary-office", role=User.Role.TOWN_OFFICE, town=town)
    closing.close(town=town, period=YEAR, by=office)
    save_summary(town=town, year=2025, version=0, by=office, next_year_plan=PLAN)
    texts = {}
    for language in ("zh-hans", "en"):
        with TestCase.captureOnCommitCallbacks(execute=True):
            document = request_summary(town=town, year=2025, language=language, requested_by=office)
        document.refresh_from_db()
        assert document.status == "done", document.error
        with document.file.open("rb") as file:
            content = file.read()
        if os.environ.get("SUMMARY_PDF_DIR"):  # to look at the pages: pdftoppm -r 50 -png
            pathlib.Path(os.environ["SUMMARY_PDF_DIR"], f"summary-{language}.pdf").write_bytes(content)
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
        texts[language] = re.sub(r"\s+", "", "".join(pages))
    yield texts


pytestmark = pytest.mark.django_db

# What the seed says, as the Chinese summary prints it (spaces removed).
CHINESE = {
    "population 47,600": "户籍人口47,600人",
    "married women 9,344": "已婚育龄妇女9,344人",
    "41 villages, 469 groups": "41个村、469个村民小组",
    "462 association members": "469个村民小组共推选计生协会会员462名",
    "26 declared before the year": "26个村在年初前已申报村民自治",
    "39 of 41 with regulations": "41个村中已有39个村制定了村民自治章程",
    "3 specialists dismissed": "其中村计生专干3人",
    "2 candidates rejected": "2名候选人",
    "Daqi two years under key management": "大旗村连续两年（去年和今年）",
    "8 + 8 commended": "8个自治示范村和8个自治合格村",
    "5 investigated": "查处违法生育案件5件",
    "2 under party discipline": "2名村干部受到党纪处分",
    "35 economic penalties": "35名责任人受到经济处理",
    "350,000 invested": "投入服务阵地建设资金350,000元",
    "551 examined": "为551名育龄妇女进行检查",
    "216 = 3 + 21 + 192": "查出妇科疾病患者216人（子宫肌瘤3、内分泌失调21、妇科炎症192）",
    "7,350 for 34 families and 49 children": "募集资金7,350元，帮助34户家庭的49名子女",
    "18 out of poverty": "18户贫困家庭",
    "the next year's plan": PLAN,
}
POLICIES = ("35", "23", "20", "13", "9")


@pytest.mark.parametrize("expected", CHINESE.values(), ids=CHINESE.keys())
def test_the_chinese_summary_states_the_seeds_figure(built, expected):
    assert expected in built["zh-hans"]


def test_the_chinese_summary_counts_the_villages_of_each_kind_of_policy_35_23_20_13_9(built):
    found = re.search(r"双女户养老保险补贴(\d+)自愿放弃再生育奖励(\d+)独生子女家庭优待(\d+)双女户子女学费补助(\d+)"
                      r"及时落实节育措施奖励(\d+)", built["zh-hans"])
    assert found and found.groups() == POLICIES


def test_the_chinese_summary_is_final_dated_for_its_year_and_numbered(built):
    text = built["zh-hans"]
    assert "未关账" not in text and "关账" in text
    assert "2025年12月31日" in text
    assert re.search(r"〔2025〕\d+号", text)


ENGLISH = {
    "population 47,600": "registeredpopulationof47,600people",
    "married women 9,344": "including9,344marriedwomenofchildbearingage",
    "41 villages, 469 groups": "has41villageswith469villagergroups",
    "462 members": "469villagergroupsofthetownchose462members",
    "39 of 41": "39ofthe41villages",
    "3 dismissed": "3dismissedfamilyplanningspecialists",
    "2 rejected": "2candidateswererejected",
    "Daqi": "大旗村twoyearsrunning(lastyearandthisyear)",
    "216 = 3 + 21 + 192": "found216patientswithgynaecologicaldiseases(uterinefibroid3,endocrinedisorder21,"
                          "gynaecologicalinflammation192)",
    "8 + 8": "8demonstrationvillagesand8qualifiedvillages",
    "5 investigated, 2 disciplined, 35": "in5villageswereinvestigated;2villagecadresweregivenpartydisciplineand35",
    "350,000": "350,000yuanwereinvested",
    "551 and 216": "examined551womenofchildbearingageandfound216patients",
    "7,350 for 34 families and 49 children": "raised7,350yuanfor34familiesand49children",
    "18": "18poorfamilies",
}


@pytest.mark.parametrize("expected", ENGLISH.values(), ids=ENGLISH.keys())
def test_the_english_summary_states_the_seeds_figure(built, expected):
    assert expected in built["en"]


def test_the_english_summary_counts_the_villages_of_each_kind_of_policy(built):
    found = re.search(r"pensioninsurancefortwo-daughterhouseholds(\d+)rewardforgivingupafurtherbirth(\d+)"
                      r"preferentialtreatmentofone-childfamilies(\d+)tuitionforchildrenoftwo-daughterhouseholds(\d+)"
                      r"rewardfortimelybirthcontrolmeasures(\d+)", built["en"])
    assert found and found.groups() == POLICIES


def test_the_english_summary_reads_in_english(built):
    assert "Annualworksummary" in built["en"] and "Printedon" in built["en"]
