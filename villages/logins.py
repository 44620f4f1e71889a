"""Logins: the lockout page of django-axes' throttling, and API tokens that expire.

Five wrong passwords for a username from one address lock that pair out for settings.AXES_COOLOFF_TIME
(settings' AXES_*): the login page and the admin's answer 429 with `lockout_response`'s page, the token
endpoint with its message.

API tokens are issued at /api/v1/auth/token/. A token is good for settings.API_TOKEN_TTL after it was
issued; then requests with it answer 401 and the client asks for a new one with the username and
password, which replaces the old token (villages.api.ObtainExpiringToken).
"""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def expires_at(token: Token):
    return token.created + settings.API_TOKEN_TTL


def has_expired(token: Token) -> bool:
    return expires_at(token) <= timezone.now()


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if has_expired(token):
            raise exceptions.AuthenticationFailed(_("This token has expired: ask for a new one."))
        return user, token


def cool_off_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out_message() -> str:
    return _("Too many failed logins for this username from this address. Try again in %(minutes)d minutes, "
             "or ask the system administrator to unlock the account.") % {"minutes": cool_off_minutes()}


def lockout_response(request, original_response=None, credentials=None):
    """settings.AXES_LOCKOUT_CALLABLE: the page a locked-out login answers."""
    return render(request, "registration/locked_out.html",
                  {"message": locked_out_message(), "failure_limit": settings.AXES_FAILURE_LIMIT},
                  status=settings.AXES_HTTP_RESPONSE_CODE)

