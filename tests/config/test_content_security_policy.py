"""A Content Security Policy with no inline script, and pages that keep it."""

import re
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
# Templates the browser shows (templates/pdf/ are read by WeasyPrint, which runs no script).
PAGES = [path for path in (ROOT / "templates").rglob("*.html") if "pdf" not in path.relative_to(ROOT).parts[1:2]]
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<[^>]+\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"<[^>]+\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_answer_a_policy_that_allows_only_the_apps_own_scripts(db):
    response = Client().get("/accounts/login/")
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]


def test_no_page_template_holds_inline_script_handlers_or_styles():
    found = [f"{path.relative_to(ROOT)}: {what}" for path in PAGES for pattern, what in INLINE
             if pattern.search(path.read_text())]
    assert PAGES and not found


def test_the_admin_keeps_the_policy(db, office_staff):
    client = Client()
    client.force_login(office_staff)
    response = client.get("/admin/villages/village/add/")
    assert response.status_code == 200 and "'unsafe-inline'" not in response["Content-Security-Policy"]
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) and not re.search(r"<[^>]+\son[a-z]+\s*=", html)


def test_the_api_docs_load_their_script_from_a_file_and_loosen_only_style(db, town_office):
    client = Client()
    client.force_login(town_office)
    response = client.get("/api/v1/docs/")
    policy = _directives(response["Content-Security-Policy"])
    assert response.status_code == 200 and policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())
    script = re.search(r'<script src="([^"]*[?&;]script=[^"]*)"', response.content.decode())
    assert script and client.get(script.group(1).replace("&amp;", "&")).status_code == 200
