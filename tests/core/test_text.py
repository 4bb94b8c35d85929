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
