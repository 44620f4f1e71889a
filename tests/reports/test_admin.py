from django.urls import reverse

from reports.models import Document, DocumentBatch
from tests.factories import make_user
from tests.factories.reports import make_document
from villages.actions import set_up_town_office_group
from villages.models import User

CHANGELIST = "admin:reports_document_changelist"


def staff(**fields):
    user = make_user(is_staff=True, **fields)
    user.groups.add(set_up_town_office_group())
    return user


def test_town_office_staff_see_their_towns_documents_read_only(client, town_office, village, other_village):
    documents = {make_document(requested_by=town_office, village=village), make_document(requested_by=town_office)}
    client.force_login(staff(role=User.Role.TOWN_OFFICE, town=village.town, username="office-staff"))

    response = client.get(reverse(CHANGELIST))

    assert set(response.context["cl"].result_list) == documents
    assert client.get(reverse("admin:reports_document_add")).status_code == 403


def test_staff_specialist_sees_no_other_village_document(client, town_office, village, other_village):
    own = make_document(requested_by=town_office, village=village)
    other = make_document(requested_by=town_office, village=other_village)
    client.force_login(staff(role=User.Role.SPECIALIST, village=village, username="staff-specialist"))

    response = client.get(reverse(CHANGELIST))

    assert list(response.context["cl"].result_list) == [own]
    assert client.get(reverse("admin:reports_document_change", args=[other.pk])).status_code == 302


def test_admin_action_builds_failed_documents_again(client, town_office, village, django_capture_on_commit_callbacks):
    failed = make_document(requested_by=town_office, village=village, status=Document.Status.FAILED, error="x")
    client.force_login(staff(role=User.Role.TOWN_OFFICE, town=village.town, username="office-staff"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(CHANGELIST), {"action": "build_again", "_selected_action": [failed.pk]})

    failed.refresh_from_db()
    assert failed.status == Document.Status.DONE


def test_batches_are_read_only_in_the_admin_and_only_for_town_readers(client, town_office, village):
    batch = DocumentBatch.objects.create(kind=Document.Kind.QUARTERLY_ASSESSMENT, title="季度考核情况通报",
                                         town=village.town, period="2025Q1", requested_by=town_office)
    client.force_login(staff(role=User.Role.TOWN_OFFICE, town=village.town, username="office-staff"))
    listed = client.get(reverse("admin:reports_documentbatch_changelist"))
    client.force_login(staff(role=User.Role.SPECIALIST, village=village, username="staff-specialist"))

    assert list(listed.context["cl"].result_list) == [batch]
    assert client.get(reverse("admin:reports_documentbatch_changelist")).context["cl"].result_list.count() == 0
