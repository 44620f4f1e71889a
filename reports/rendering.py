"""HTML to PDF with WeasyPrint, loading nothing but the project's own static files.

Whatever the data contains (a village name with an <img> tag, a file:// or http:// address),
the only things a document can load are files found by the staticfiles finders and the data:
URIs the renderer itself registered (the QR code). No network, no redirects, no attachments.

Font configuration and the print stylesheet are built once per thread and reused: setting
them up again for every document costs more than rendering a village's sheet.
"""

import base64
import io
import logging
import mimetypes
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib import request
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA
from weasyprint.logger import PROGRESS_LOGGER
from weasyprint.text.ffi import harfbuzz_subset
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

logger = logging.getLogger(__name__)

STYLESHEET = "pdf/document.css"
SHELL = "pdf/document.html"  # the frame of the whole document around its parts


class RefusedFetch(ValueError):
    """A document tried to load something that is not one of the project's static files."""


@dataclass(frozen=True)
class Part:
    """One section of a document: a template and its context, rendered on its own pages."""

    template: str
    context: dict = field(default_factory=dict)


def static_roots() -> list[str]:
    """The folders the staticfiles finders serve from, and the collected STATIC_ROOT."""
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            roots.append(storage.location)
    if settings.STATIC_ROOT:
        roots.append(str(settings.STATIC_ROOT))
    return [os.path.realpath(root) for root in roots if os.path.isdir(root)]


def static_file_url(path: str) -> str:
    """The file:// URL of a static file, as WeasyPrint should load it."""
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(path)
    return path2url(found)


class StaticOnlyURLFetcher(URLFetcher):
    """Serves the project's static files and our own data: URIs; refuses everything else."""

    def __init__(self, *, data_uris: Iterable[str] = (), roots: Sequence[str] | None = None):
        super().__init__(timeout=1, allowed_protocols={"file", "data"}, allow_redirects=False)
        self.data_uris = frozenset(data_uris)
        self.roots = list(roots) if roots is not None else static_roots()
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data" and url in self.data_uris:
            return self._data(url)
        if scheme == "file":
            path = self._static_path(url)
            if path is not None:
                content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
                with open(path, "rb") as file:
                    body = file.read()
                return URLFetcherResponse(url, body, {"Content-Type": content_type})
        self.refused.append(url)
        logger.warning("Refused to load %.200s in a document", url)
        raise RefusedFetch(f"refused: {url[:200]}")

    def _static_path(self, url: str) -> str | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        path = os.path.realpath(request.url2pathname(parts.path))
        for root in self.roots:
            if os.path.commonpath([root, path]) == root and os.path.isfile(path):
                return path
        return None

    @staticmethod
    def _data(url: str) -> URLFetcherResponse:
        response = request.DataHandler().data_open(request.Request(url))
        return URLFetcherResponse(url, response.read(), {"Content-Type": response.headers["Content-Type"]})

    def open(self, url, data=None, timeout=None):
        # Nothing reaches urllib's openers (HTTP, FTP, redirects): every URL goes through fetch().
        if isinstance(url, request.Request):
            url = url.full_url
        return self.fetch(url)


def qr_data_uri(text: str) -> str:
    """A QR code as a PNG data: URI, one pixel per module and the standard quiet zone, printed
    without smoothing.

    A tiny PNG costs WeasyPrint far less than an SVG path of a few hundred segments.
    """
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=1, border=4)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def subsetting_backend() -> str:
    """HarfBuzz subsets a CJK font in milliseconds; without it WeasyPrint falls back to fontTools."""
    return "harfbuzz" if harfbuzz_subset is not None else "fonttools"


# WeasyPrint's user-agent stylesheet styles six pseudo-elements of every element (::marker, and the calls and
# markers of footnotes and notes), and WeasyPrint computes each of those styles for each element: over half of the
# time it spends applying CSS to a disclosure board (about 2,500 styles for 400 elements). The documents here have
# no footnotes or notes, and lists only in <ul>/<ol>: the stylesheet below is WeasyPrint's own without those rules,
# the marker's kept for list items. LeanHTML is WeasyPrint's HTML with it.
_EVERY_ELEMENTS_PSEUDO = re.compile(r"^::(?:footnote|note)-[a-z]+ \{[^}\n]*\}\n", re.MULTILINE)


def lean_user_agent_css() -> str:
    """WeasyPrint's HTML user-agent stylesheet without the pseudo-elements that apply to every element."""
    css = _EVERY_ELEMENTS_PSEUDO.sub("", UA)
    return css.replace("\n::marker {", "\nli::marker, summary::marker {")


class LeanHTML(HTML):
    _user_agent: CSS | None = None
    _lock = threading.Lock()

    def _ua_stylesheets(self, forms=False):
        with LeanHTML._lock:
            if LeanHTML._user_agent is None:
                # Its @counter-style rules are WeasyPrint's, which every document already has (_ua_counter_style).
                LeanHTML._user_agent = CSS(string=lean_user_agent_css(), counter_style=CounterStyle())
        return [LeanHTML._user_agent]


class _Resources(threading.local):
    font_config: FontConfiguration | None = None
    stylesheets: list | None = None


_resources = _Resources()


def _font_config_and_stylesheets() -> tuple[FontConfiguration, list]:
    if _resources.font_config is None:
        font_config = FontConfiguration()
        css = CSS(filename=finders.find(STYLESHEET), font_config=font_config,
                  url_fetcher=StaticOnlyURLFetcher())
        _resources.font_config, _resources.stylesheets = font_config, [css]
    return _resources.font_config, _resources.stylesheets


WARM_UP_HTML = ('<html lang="zh-hans"><body><p>村务公开栏 Verification 0123456789</p>'
                '<table><tr><td>1</td></tr></table></body></html>')


def warm_up() -> None:
    """Do once, before the first document, what every document of the process needs: the font configuration and
    the stylesheet, Pango's font lookup and the CJK font file read for subsetting. A worker's first document
    otherwise pays for them (a second or more)."""
    font_config, stylesheets = _font_config_and_stylesheets()
    LeanHTML(string=WARM_UP_HTML).render(font_config=font_config, stylesheets=stylesheets).write_pdf()


def reset_resources() -> None:
    """Forget the cached font configuration and stylesheet (after the stylesheet changed)."""
    _resources.font_config = _resources.stylesheets = None


def render_html(parts: Sequence[Part]) -> list[str]:
    """Each part's HTML: a section of the document (templates extending pdf/base.html)."""
    return [render_to_string(part.template, part.context) for part in parts]


def assemble(parts_html: Sequence[str], context: dict) -> str:
    """The whole document as one HTML page: the parts in the frame of SHELL, each from a new page.

    One HTML page makes one PDF with one page numbering ("page N of M" over the whole file) and one
    running footer, however many parts it has.
    """
    return render_to_string(SHELL, {**context, "parts": [mark_safe(html) for html in parts_html]})


class _PageProgress(logging.Handler):
    """Follows WeasyPrint's documented progress log ("weasyprint.progress"): the pages laid out so far,
    told to the listener of the thread that renders (several threads may render documents at once)."""

    def __init__(self):
        super().__init__(level=logging.INFO)
        self.listeners: dict[int, Callable[[int], None]] = {}
        self.laid_out: dict[int, int] = {}
        self.lock = threading.Lock()
        self.saved = (logging.NOTSET, True)

    def emit(self, record):
        listener = self.listeners.get(record.thread)
        if listener is None or "layout - Page" not in str(record.msg) or not record.args:
            return
        page = record.args[0]
        if isinstance(page, int) and page > self.laid_out.get(record.thread, 0):  # a new pass starts at 1 again
            self.laid_out[record.thread] = page
            listener(page)

    @contextmanager
    def listening(self, on_page: Callable[[int], None] | None) -> Iterator[None]:
        if on_page is None:
            yield
            return
        thread = threading.get_ident()
        with self.lock:
            if not self.listeners:
                # Heard here only: the pages laid out are not news for the logs.
                self.saved = (PROGRESS_LOGGER.level, PROGRESS_LOGGER.propagate)
                PROGRESS_LOGGER.addHandler(self)
                PROGRESS_LOGGER.setLevel(logging.INFO)
                PROGRESS_LOGGER.propagate = False
            self.listeners[thread], self.laid_out[thread] = on_page, 0
        try:
            yield
        finally:
            with self.lock:
                self.listeners.pop(thread, None)
                self.laid_out.pop(thread, None)
                if not self.listeners:
                    PROGRESS_LOGGER.removeHandler(self)
                    PROGRESS_LOGGER.setLevel(self.saved[0])
                    PROGRESS_LOGGER.propagate = self.saved[1]


_page_progress = _PageProgress()


# Control characters (a name typed with a stray escape or bell): nothing to print, and a glyph the fonts lack
# breaks the PDF's text layer (its text can no longer be searched or copied). Tab, newline, return stay.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def html_to_pdf(html: str, *, data_uris: Iterable[str] = (),
                on_page: Callable[[int], None] | None = None) -> bytes:
    """Lay out the document's HTML and write it as a PDF.

    on_page(pages) is called as each page is laid out, with the number of pages laid out so far.
    """
    html = CONTROL_CHARACTERS.sub("", html)
    font_config, stylesheets = _font_config_and_stylesheets()
    fetcher = StaticOnlyURLFetcher(data_uris=data_uris)
    base_url = path2url(str(settings.BASE_DIR / "static")) + "/"
    with _page_progress.listening(on_page):
        document = LeanHTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            font_config=font_config, stylesheets=stylesheets)
    _drop_attachments(document)
    return document.write_pdf()


def _drop_attachments(document) -> None:
    """Files attached through <link rel=attachment> or <a rel=attachment> never enter a document."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
