from django.apps import apps
from django.contrib import admin


def test_every_project_model_has_an_admin():
    missing = [
        model.__name__
        for app in ("core", "members", "claims", "jury", "sharing", "winddown")
        for model in apps.get_app_config(app).get_models()
        if model not in admin.site._registry
    ]
    assert missing == []
