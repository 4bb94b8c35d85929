"""Lists joined as each language joins them, and the contact line on every page."""

import pytest
from django.template import Context, Template
from django.utils import translation

from core.text import join_words


def test_chinese_joins_with_the_enumeration_comma_english_with_a_comma():
    with translation.override("zh-hans"):
        assert join_words(["疾病", "医院", "城市"]) == "疾病、医院、城市"
    with translation.override("en"):
        assert join_words(["condition", "hospital"]) == "condition, hospital"
    assert join_words([]) == ""


def test_the_template_filter_joins_the_same_way():
    template = Template("{% load core_tags %}{{ items|joinwords }}")
    with translation.override("zh-hans"):
        assert template.render(Context({"items": ["甲", "乙"]})) == "甲、乙"


@pytest.mark.django_db
def test_the_footer_names_the_support_channel(client, settings):
    settings.SUPPORT_EMAIL = "help@claims.example.org"
    settings.SUPPORT_PHONE = "400-800-1234"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    footer = html.split("<footer>")[1]
    assert 'href="mailto:help@claims.example.org"' in footer
    assert 'href="tel:4008001234">400-800-1234</a>' in footer


def test_asides_and_labels_take_the_language_s_own_punctuation():
    template = Template(
        "{% load core_tags %}{{ label }}{% colon %}{{ value }}{% filter aside %}"
        "<b>{{ aside }}</b>{% endfilter %}{% sentence_gap %}{{ next }}"
    )
    context = {"label": "审核结论", "value": "予以赔付", "aside": "北京时间", "next": "下一句"}
    with translation.override("zh-hans"):
        assert template.render(Context(context)) == "审核结论：予以赔付（<b>北京时间</b>）下一句"
    context = {"label": "Decision", "value": "approve", "aside": "Beijing time", "next": "Next"}
    with translation.override("en"):
        assert template.render(Context(context)) == "Decision: approve (<b>Beijing time</b>) Next"


def test_an_aside_keeps_its_text_escaped():
    template = Template("{% load core_tags %}{% filter aside %}{{ x }}{% endfilter %}")
    with translation.override("en"):
        assert template.render(Context({"x": "<i>"})) == " (&lt;i&gt;)"
