"""villages.api_errors: every endpoint answers an action's refusal the same way."""

from django.core.exceptions import ValidationError
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.test import APIRequestFactory

from villages.locking import StaleRecord


def _answer(error: Exception):
    @api_view(["POST"])
    @permission_classes([AllowAny])
    def endpoint(request):
        raise error

    return endpoint(APIRequestFactory().post("/", {}, format="json"))


def test_field_errors_answer_400_field_by_field():
    response = _answer(ValidationError({"number": "重复", "__all__": "不行"}))
    assert response.status_code == 400 and response.data == {"number": ["重复"], "non_field_errors": ["不行"]}


def test_an_error_of_no_field_answers_400_under_non_field_errors():
    response = _answer(ValidationError("不行"))
    assert response.status_code == 400 and response.data == {"non_field_errors": ["不行"]}


def test_a_stale_version_answers_409_with_the_pages_message():
    response = _answer(StaleRecord())
    assert response.status_code == 409 and response.data == {"detail": str(StaleRecord())}
