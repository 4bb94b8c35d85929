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


#: Not translated texts of the site: the catalogue itself, tests, benchmarks, local files.
SKIPPED_BY_MAKEMESSAGES = {
    "locale",
    "tests",
    "bench",
    "node_modules",
    "var",
    "media",
    "screenshots",
}


def test_the_catalogue_holds_every_text_the_code_marks_and_no_other(
    tmp_path, settings, monkeypatch
):
    """``makemessages`` over the source, into a copy of the catalogue: no text the code or a
    template marks is missing or fuzzy, and none the code no longer uses is kept. A message
    changed in the code but not in the catalogue would show in English on a Chinese page."""
    from django.core.management import call_command

    # makemessages writes every file under a LOCALE_PATHS entry's parent to that entry: it
    # runs in a tree of links to the source, so the copy is written and the catalogue is not.
    root, tree = PO.parents[3], tmp_path / "src"
    tree.mkdir()
    for entry in root.iterdir():
        if entry.name not in SKIPPED_BY_MAKEMESSAGES and not entry.name.startswith("."):
            (tree / entry.name).symlink_to(entry)
    copy = tree / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    copy.write_text(PO.read_text())
    settings.LOCALE_PATHS = [tree / "locale"]
    monkeypatch.chdir(tree)
    call_command("makemessages", locale=["zh_Hans"], symlinks=True, verbosity=0)
    blocks = copy.read_text().split("\n\n")[1:]
    missing = [b for b in blocks if re.search(r'^msgstr(\[0\])? ""$', b, re.M) and '"\n"' not in b]
    missing = [b for b in missing if not re.search(r'^msgstr(\[0\])? ""\n"', b, re.M)]
    fuzzy = [b for b in blocks if "#, fuzzy" in b]
    unused = [b for b in blocks if b.lstrip().startswith("#~")]
    assert (missing, fuzzy, unused) == ([], [], [])


def test_the_compiled_catalogue_is_used():
    with translation.override("zh-hans"):
        assert translation.gettext("Filed") == "已提交"
    with translation.override("en"):
        assert translation.gettext("Filed") == "Filed"


# --- one register, one vocabulary, Chinese punctuation -------------------------------------

CATALOGUES = [PO]
#: Words for paying a claim that are not the platform's: it says 赔付 (and 打款 for the
#: bank transfer of a payout); 缴纳 is what a member pays in, 承担 who bears a period.
NOT_OUR_WORDS = ("支付", "赔偿", "给付")
ASCII_BESIDE_CHINESE = re.compile(r"(?<=[\u3400-\u9fff])\s*[,:;()]|[,:;()]\s*(?=[\u3400-\u9fff])")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def chinese_texts():
    """Every Chinese text a page shows: each catalogue's msgstr, the juror exam's questions
    and the definitions' names, clauses and fact labels."""
    import json

    from jury.exam_bank import QUESTIONS

    for catalogue in CATALOGUES:
        for block in catalogue.read_text().split("\n\n")[1:]:
            strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
            for string in strings:
                yield catalogue.parent.parent.parent.name, "".join(re.findall(r'"(.*)"', string))

    def walk(where, node):
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and (key.endswith("_zh") or key == "zh"):
                    yield where, value
                else:
                    yield from walk(where, value)
        elif isinstance(node, list | tuple):
            for value in node:
                yield from walk(where, value)

    data = Path(__file__).resolve().parent.parent / "claims" / "definitions" / "data"
    for path in data.glob("*.json"):
        yield from walk(path.name, json.loads(path.read_text()))
    for question in QUESTIONS:
        yield from walk("exam_bank", question)
        for choice in question["choices"]:
            yield "exam_bank", choice[1] if isinstance(choice, tuple) else choice.get("zh", "")


def test_one_register_the_reader_is_always_nin():
    """您, never 你: one polite register on every page."""
    informal = [(where, text) for where, text in chinese_texts() if "你" in text]
    assert informal == []


def test_one_vocabulary_for_paying_a_claim():
    """赔付 throughout, never 支付 / 赔偿 / 给付 beside it."""
    mixed = [
        (where, text)
        for where, text in chinese_texts()
        if any(word in text for word in NOT_OUR_WORDS)
    ]
    assert mixed == []


def test_chinese_punctuation_in_chinese_text():
    """Chinese text takes ，：；（）, not the ASCII ",:;()" beside a Chinese character
    (placeholders count as words: "%(fact)s：%(value)s")."""
    ascii_punctuation = [
        (where, text)
        for where, text in chinese_texts()
        if ASCII_BESIDE_CHINESE.search(PLACEHOLDER.sub("字", text))
    ]
    assert ascii_punctuation == []


def test_the_checks_find_what_they_look_for():
    assert ASCII_BESIDE_CHINESE.search(PLACEHOLDER.sub("字", "%(fact)s: %(value)s"))
    assert ASCII_BESIDE_CHINESE.search("公示 (北京时间)")
    assert not ASCII_BESIDE_CHINESE.search(PLACEHOLDER.sub("字", "%(fact)s：%(value)s（北京时间）"))
    assert not ASCII_BESIDE_CHINESE.search("ICD-O-3 (malignant), GCS ≤ 5")
    texts = list(chinese_texts())
    assert len(texts) > 1000 and any("您" in t for _w, t in texts)
