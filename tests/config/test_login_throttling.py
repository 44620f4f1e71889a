"""Login throttling (django-axes) on the login page, the admin's login and the API's token endpoint,
and API tokens that expire."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories
from villages.models import User

PASSWORD = "right-horse-battery-2026"


@pytest.fixture
def clerk(town):
    return factories.make_user(role=User.Role.TOWN_OFFICE, town=town, username="clerk", is_staff=True,
                               password=PASSWORD)


def _page_login(client, url, password):
    return client.post(url, {"username": "clerk", "password": password})


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_five_wrong_passwords_lock_the_login_page_even_for_the_right_one(clerk, url):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _attempt in range(4):
        assert _page_login(client, url, "wrong").status_code == 200
    assert _page_login(client, url, "wrong").status_code == 429

    response = _page_login(client, url, PASSWORD)

    assert response.status_code == 429
    text = response.content.decode()
    assert "登录已锁定" in text and "15" in text and 'class="topbar"' in text
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_for_that_username_from_that_address_only(clerk):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _attempt in range(5):
        _page_login(client, "/accounts/login/", "wrong")

    elsewhere = Client(REMOTE_ADDR="198.51.100.9")
    assert _page_login(elsewhere, "/accounts/login/", PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(clerk):
    from axes.models import AccessAttempt

    client = Client(REMOTE_ADDR="203.0.113.7")
    for _attempt in range(5):
        _page_login(client, "/accounts/login/", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))

    assert _page_login(client, "/accounts/login/", PASSWORD).status_code == 302


def test_a_good_login_clears_the_count_of_failures(clerk):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _round in range(2):
        for _attempt in range(4):
            _page_login(client, "/accounts/login/", "wrong")
        assert _page_login(client, "/accounts/login/", PASSWORD).status_code == 302
        client.logout()


def test_five_wrong_passwords_lock_the_token_endpoint(clerk):
    client = APIClient(REMOTE_ADDR="203.0.113.7")
    url = reverse("api-token")
    for _attempt in range(4):
        assert client.post(url, {"username": "clerk", "password": "wrong"}).status_code == 400
    assert client.post(url, {"username": "clerk", "password": "wrong"}).status_code == 429

    response = client.post(url, {"username": "clerk", "password": PASSWORD})

    assert response.status_code == 429
    assert "15" in response.json()["detail"] and not Token.objects.exists()


def test_a_token_is_issued_with_its_expiry_and_works(clerk):
    client = APIClient()
    issued = client.post(reverse("api-token"), {"username": "clerk", "password": PASSWORD}).json()
    assert datetime.datetime.fromisoformat(issued["expires"]) > timezone.now() + datetime.timedelta(days=6)

    client.credentials(HTTP_AUTHORIZATION=f"Token {issued['token']}")
    assert client.get(reverse("village-list")).status_code == 200


def test_an_expired_token_is_refused_and_a_new_one_replaces_it(clerk):
    token = Token.objects.create(user=clerk)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - datetime.timedelta(days=7, minutes=1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    refused = client.get(reverse("village-list"))
    assert refused.status_code in (401, 403) and "过期" in refused.json()["detail"]

    client.credentials()
    issued = client.post(reverse("api-token"), {"username": "clerk", "password": PASSWORD}).json()
    assert issued["token"] != token.key and not Token.objects.filter(key=token.key).exists()
