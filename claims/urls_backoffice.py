"""The back office (后台) of reviewers and investigators, under /office/."""

from django.urls import path

from claims.views import backoffice

app_name = "office"

urlpatterns = [
    path("", backoffice.queue, name="queue"),
    path("claims/<str:reference>/", backoffice.case, name="case"),
    path("claims/<str:reference>/assign/", backoffice.assign, name="assign"),
    path("claims/<str:reference>/assign-next/", backoffice.assign_next, name="assign-next"),
    path("claims/<str:reference>/decide/", backoffice.confirm, name="confirm"),
    path("claims/<str:reference>/override/", backoffice.override, name="override"),
    path("claims/<str:reference>/visits/", backoffice.record_visit, name="visit"),
    path("claims/<str:reference>/requests/", backoffice.request_document, name="request"),
    path("claims/<str:reference>/requests/received/", backoffice.receive_document, name="receive"),
    path(
        "claims/<str:reference>/requests/not-provided/",
        backoffice.close_request_not_provided,
        name="not-provided",
    ),
    path("claims/<str:reference>/facts/", backoffice.record_facts, name="facts"),
    path("claims/<str:reference>/complete/", backoffice.complete, name="complete"),
]
