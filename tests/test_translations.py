"""The Chinese catalogue is complete: nothing untranslated, nothing fuzzy."""

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries():
    for block in PO.read_text().split("\n\n")[1:]:  # the first block is the header
        if not block.strip() or block.lstrip().startswith("#~"):
            continue
        yield block


def test_every_entry_is_translated_and_none_is_fuzzy():
    untranslated = [
        b
        for b in entries()
        if re.search(r'^msgstr(\[0\])? ""\n?$', b, re.M)
        and not re.search(r'^msgstr(\[0\])? ""\n"', b, re.M)
    ]
    fuzzy = [b for b in entries() if "#, fuzzy" in b]
    assert untranslated == [] and fuzzy == []


def test_the_compiled_catalogue_is_used():
    with translation.override("zh-hans"):
        assert translation.gettext("Filed") == "已提交"
    with translation.override("en"):
        assert translation.gettext("Filed") == "Filed"
