"""docs/deploy.md shows the files in deploy/ as they are, and nginx's body limit leaves
room for the largest document upload."""

import re

import pytest
from django.conf import settings

from tests.deploy.support import ROOT

DOC = (ROOT / "docs" / "deploy.md").read_text()
FILES = sorted((ROOT / "deploy").rglob("*.service")) + [ROOT / "deploy" / "nginx.conf"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_doc_shows_each_file_as_it_is(path):
    assert path.read_text().strip() in DOC


def test_the_units_cover_the_web_the_worker_beat_and_migrations():
    assert {p.stem for p in FILES if p.suffix == ".service"} == {
        "mutual-aid-beat",
        "mutual-aid-migrate",
        "mutual-aid-web",
        "mutual-aid-worker",
    }


def test_nginx_lets_the_largest_upload_request_through_and_no_more():
    """The proxy's limit is the app's UPLOAD_MAX_REQUEST_BYTES (5 documents and their
    form): neither refuses what the other accepts."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1))
    limit = megabytes * 1024 * 1024
    assert limit == settings.UPLOAD_MAX_REQUEST_BYTES
    assert limit >= settings.DOCUMENT_MAX_BYTES * settings.DOCUMENT_MAX_FILES_PER_REQUEST
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
