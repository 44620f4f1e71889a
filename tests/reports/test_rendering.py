import io
import shutil
import socket
import subprocess

import pytest
from django.contrib.staticfiles import finders
from pypdf import PdfReader

from reports import rendering
from reports.rendering import RefusedFetch, StaticOnlyURLFetcher, qr_data_uri, static_file_url
from tests.factories.reports import build_requested, make_designation, make_team


def pdf_text(document) -> str:
    with document.file.open("rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def listener():
    """A local TCP port that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.setblocking(False)
    yield server
    server.close()


def connected(server) -> bool:
    try:
        server.accept()[0].close()
        return True
    except BlockingIOError:
        return False


@pytest.fixture
def fetched(monkeypatch):
    """Every URL WeasyPrint asks the fetcher for."""
    urls = []
    original = StaticOnlyURLFetcher.fetch

    def spy(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyURLFetcher, "fetch", spy)
    return urls


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/x",
    "https://example.com/logo.png",
    "ftp://example.com/file",
    "file:///etc/passwd",
    "file://evil.example/static/css/zizhi.css",
    "data:text/plain;base64,aGVsbG8=",
])
def test_fetcher_refuses_anything_but_our_static_files_and_data(url):
    with pytest.raises(RefusedFetch):
        StaticOnlyURLFetcher().fetch(url)


def test_fetcher_refuses_a_path_climbing_out_of_the_static_folder():
    climbing = static_file_url("pdf/document.css").replace("/pdf/document.css", "/../../../../../../etc/passwd")

    with pytest.raises(RefusedFetch):
        StaticOnlyURLFetcher().fetch(climbing)


def test_fetcher_serves_static_files_and_the_data_uris_it_was_given():
    qr = qr_data_uri("http://127.0.0.1:8000/verify/ABCDEFGHJKMN")
    fetcher = StaticOnlyURLFetcher(data_uris=[qr])

    css = fetcher.fetch(static_file_url("pdf/document.css"))
    image = fetcher.fetch(qr)

    assert b"@page" in css.read() and css.content_type == "text/css"
    assert image.read().startswith(b"\x89PNG") and image.content_type == "image/png"


def test_fetcher_does_not_follow_urllib_openers():
    with pytest.raises(RefusedFetch):
        StaticOnlyURLFetcher().open("http://127.0.0.1:9/x")


def test_hostile_data_renders_as_text_and_nothing_is_fetched(town_office, village, listener, fetched):
    port = listener.getsockname()[1]
    village.name = f'<img src="http://127.0.0.1:{port}/x">'
    village.save(update_fields=["name"])
    make_designation(village=village, plan=(
        f'<link rel="attachment" href="file:///etc/passwd"><style>@import url(http://127.0.0.1:{port}/a.css);'
        'body { background: url(file:///etc/passwd) }</style>'))

    document = build_requested(requested_by=town_office, village=village)

    text = pdf_text(document)
    assert document.status == "done"
    assert f'<img src="http://127.0.0.1:{port}/x">' in text
    assert "file:///etc/passwd" in text and "@import" in text
    assert not connected(listener)
    assert fetched and all(url.startswith("data:image/png;base64,") for url in fetched)
    with document.file.open("rb") as file:
        assert not PdfReader(io.BytesIO(file.read())).attachments


def test_attachments_are_dropped_even_from_our_own_markup(settings):
    css = static_file_url("pdf/document.css")
    html = (f'<html><head><link rel="attachment" href="{css}"></head>'
            f'<body><a rel="attachment" href="{css}">x</a></body></html>')

    pdf = rendering.html_to_pdf(html)

    assert not PdfReader(io.BytesIO(pdf)).attachments


def test_rare_chinese_characters_render_in_a_cjk_font(town_office, village, tmp_path):
    make_team(village=village, secretary="王喆", specialist="李玥", director="张龑")

    document = build_requested(requested_by=town_office, village=village)

    text = pdf_text(document)
    for name in ("王喆", "李玥", "张龑", "大旗村村民自治情况表", "三位一体"):
        assert name in text
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", document.file.path], capture_output=True, text=True).stdout
        assert "Noto-Sans-CJK-SC" in fonts
        assert all("CJK" in line for line in fonts.splitlines()[2:])  # no fallback font for a missing glyph


def test_static_stylesheet_is_found():
    assert finders.find(rendering.STYLESHEET)


def test_documents_are_styled_without_the_pseudo_elements_of_every_element():
    """The lean user-agent stylesheet (rendering.LeanHTML) is the one WeasyPrint applies, and lists keep their
    numbers: a WeasyPrint that no longer asks HTML._ua_stylesheets would silently style every element again."""
    from weasyprint import HTML

    assert "_ua_stylesheets" in vars(HTML) and "_ua_stylesheets" in vars(rendering.LeanHTML)
    lean = rendering.lean_user_agent_css()
    assert "::footnote-call" not in lean and "::note-call" not in lean
    assert "\nli::marker, summary::marker {" in lean and "\n::marker {" not in lean
    assert rendering.LeanHTML(string="<p>x</p>")._ua_stylesheets()[0] is rendering.LeanHTML(
        string="<p>y</p>")._ua_stylesheets()[0]  # parsed once per process

    pdf = rendering.html_to_pdf('<html lang="zh-hans"><body><ol><li>甲</li><li>乙</li></ol></body></html>')

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "1." in text and "2." in text and "甲" in text
