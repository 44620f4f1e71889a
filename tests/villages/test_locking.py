"""villages.locking: a change made from an old version is refused with StaleRecord, shown on the
form that made it and answered with 409 by the API; nothing is saved."""

import pytest
from django.db import transaction
from django.urls import reverse

from tests.factories.members import make_household
from villages.locking import StaleRecord, claim, lock
from villages.models import Village


def test_lock_gives_the_current_row(village):
    Village.objects.filter(pk=village.pk).update(name="大旗新村")
    with transaction.atomic():
        assert lock(village, 1).name == "大旗新村"


def test_a_stale_version_is_refused_with_the_current_row(village):
    Village.objects.filter(pk=village.pk).update(version=2)
    with transaction.atomic(), pytest.raises(StaleRecord) as refused:
        lock(village, 1)
    assert refused.value.instance.version == 2


def test_claim_moves_the_version_on_for_the_save(village):
    with transaction.atomic():
        claimed = claim(village, 1)
    assert claimed.version == 2 and village.version == 1


def test_without_a_version_the_row_is_only_locked(village):
    Village.objects.filter(pk=village.pk).update(version=5)
    with transaction.atomic():
        assert lock(village).version == 5


def test_a_page_shows_the_stale_record_message_on_the_form(client, town_office, village):
    client.force_login(town_office)
    page = reverse("villages:declare", args=[village.pk])
    client.post(page, {"self_government_declared_on": "2024-05-01", "version": 1})
    response = client.post(page, {"self_government_declared_on": "2024-06-01", "version": 1})
    assert response.context["form"].non_field_errors() == [str(StaleRecord())]


def test_every_api_answers_a_stale_version_with_409_and_the_same_message(client, specialist, village):
    household = make_household(village=village, by=specialist)
    client.force_login(specialist)
    url = f"/api/v1/households/{household.pk}/"
    assert client.patch(url, {"address": "甲", "version": 1}, content_type="application/json").status_code == 200
    response = client.patch(url, {"address": "乙", "version": 1}, content_type="application/json")
    assert response.status_code == 409 and response.json() == {"detail": str(StaleRecord())}
