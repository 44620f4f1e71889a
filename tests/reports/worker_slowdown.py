"""Loaded into the test worker with `celery worker --include`: makes each part of a document
(each page laid out) take ZIZHI_TEST_PART_DELAY more seconds, so that a test can kill the worker in the middle of a
build. Production code has no such hook; nothing imports this module outside the worker tests."""

import os
import time

from reports import building

DELAY = float(os.environ.get("ZIZHI_TEST_PART_DELAY", "0"))

if DELAY:
    _html_to_pdf = building.html_to_pdf

    def _slow_html_to_pdf(html, *, data_uris=(), on_page=None):
        def slowly(pages):
            time.sleep(DELAY)
            if on_page:
                on_page(pages)

        return _html_to_pdf(html, data_uris=data_uris, on_page=slowly)

    building.html_to_pdf = _slow_html_to_pdf
