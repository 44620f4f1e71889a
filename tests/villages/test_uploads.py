"""Uploads are taken only as the kinds they are for (PDF, JPEG, PNG by content) and served as attachments."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from villages.models import Village

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


@pytest.fixture
def declared(village):
    Village.objects.filter(pk=village.pk).update(self_government_declared_on=datetime.date(2024, 5, 1))
    village.refresh_from_db()
    return village


def _post(client, village, upload):
    return client.post(reverse("villages:regulations", args=[village.pk]), {
        "regulations_adopted_on": "2025-03-01", "regulations_text": "", "regulations_file": upload,
        "version": village.version})


@pytest.mark.parametrize(("name", "content"), [
    ("章程.html", HTML), ("章程.svg", SVG), ("章程.pdf", HTML), ("章程.pdf", SVG), ("章程.png", PDF),
    ("章程.txt", b"%PDF-1.4 text"),
])
def test_the_regulations_page_refuses_a_file_that_is_not_a_pdf_or_photo(client, town_office, declared, name, content):
    client.force_login(town_office)

    response = _post(client, declared, SimpleUploadedFile(name, content, content_type="application/pdf"))

    assert response.status_code == 200
    assert response.context["form"].errors["regulations_file"]
    assert not Village.objects.get(pk=declared.pk).regulations_file


@pytest.mark.parametrize(("name", "content"), [("章程.pdf", PDF), ("章程.PNG", PNG)])
def test_a_pdf_or_photo_is_taken_and_downloaded_as_an_attachment(client, town_office, declared, name, content):
    client.force_login(town_office)
    assert _post(client, declared, SimpleUploadedFile(name, content)).status_code == 302

    download = client.get(reverse("villages:regulations_file", args=[declared.pk]))

    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] in ("application/pdf", "image/png")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_an_html_file_stored_before_the_rule_is_served_as_a_download_never_inline(client, specialist, village):
    village.regulations_file.save("old.html", ContentFile(HTML), save=False)
    Village.objects.filter(pk=village.pk).update(regulations_file=village.regulations_file.name)
    client.force_login(specialist)

    download = client.get(reverse("villages:regulations_file", args=[village.pk]))

    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == "application/octet-stream"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_the_api_refuses_an_html_regulations_file_with_a_field_error(town_office, declared):
    api = APIClient()
    api.force_authenticate(town_office)
    upload = SimpleUploadedFile("章程.pdf", HTML, content_type="application/pdf")

    response = api.post(f"/api/v1/villages/{declared.pk}/regulations/", {
        "regulations_adopted_on": "2025-03-01", "regulations_file": upload, "version": declared.version},
        format="multipart")

    assert response.status_code == 400 and "regulations_file" in response.json()
