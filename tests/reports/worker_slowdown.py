"""Loaded into the test worker with `celery worker --include`: makes each part of a document
take ZIZHI_TEST_PART_DELAY more seconds, so that a test can kill the worker in the middle of a
build. Production code has no such hook; nothing imports this module outside the worker tests."""

import os
import time

from reports import building

DELAY = float(os.environ.get("ZIZHI_TEST_PART_DELAY", "0"))

if DELAY:
    _html_to_pdf = building.html_to_pdf

    def _slow_html_to_pdf(pages_html, *, data_uris=(), on_part=None):
        def slowly(done, total):
            time.sleep(DELAY)
            if on_part:
                on_part(done, total)

        return _html_to_pdf(pages_html, data_uris=data_uris, on_part=slowly)

    building.html_to_pdf = _slow_html_to_pdf
