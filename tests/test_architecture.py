"""House rules checked over the source tree."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["config", "core", "members", "claims", "jury", "sharing", "winddown"]


def source_files(exclude_migrations=True):
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if exclude_migrations and "migrations" in path.parts:
                continue
            yield path


def test_only_core_clock_reads_the_clock():
    pattern = re.compile(r"(datetime\.now\(|timezone\.now\(|date\.today\(|time\.time\()")
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in source_files()
        if p.relative_to(ROOT).as_posix() != "core/clock.py"
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_no_float_for_money_in_apps():
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in source_files()
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if "float(" in line or "FloatField" in line
    ]
    assert offenders == []


def test_no_countdown_or_eta_for_deadlines():
    pattern = re.compile(r"\b(countdown|eta)\s*=")
    offenders = [str(p) for p in source_files() if pattern.search(p.read_text())]
    assert offenders == []


def test_templates_and_styles_load_nothing_from_other_hosts():
    pattern = re.compile(r"""(src|href)\s*=\s*["']?(https?:)?//""", re.I)
    offenders = [
        str(p.relative_to(ROOT))
        for folder in ("templates", "static")
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and p.suffix in {".html", ".css", ".js"} and pattern.search(p.read_text())
    ]
    assert offenders == []


def test_templates_have_no_inline_script_or_style():
    """The Content-Security-Policy (config/settings/security.py) refuses inline scripts,
    event-handler attributes, <style> blocks and style attributes: use static files."""
    pattern = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.I
    )
    offenders = [
        f"{p.relative_to(ROOT)}: {m.group(0)}"
        for p in (ROOT / "templates").rglob("*.html")
        for m in pattern.finditer(p.read_text())
    ]
    assert offenders == []


@pytest.mark.django_db
def test_models_and_migrations_agree():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
