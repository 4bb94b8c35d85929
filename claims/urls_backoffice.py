"""The back office (后台) of reviewers and investigators, under /office/."""

from django.urls import path

from claims.views import backoffice, backoffice_investigation, backoffice_review

app_name = "office"

urlpatterns = [
    path("", backoffice.queue, name="queue"),
    path("assign/", backoffice_review.bulk_assign, name="assign-bulk"),
    path("publicity/", backoffice_review.publicity, name="publicity"),
    path("publicity/publish/", backoffice_review.publish_batch, name="publish-batch"),
    path("claims/<str:reference>/", backoffice.case, name="case"),
    path("claims/<str:reference>/assign/", backoffice.assign, name="assign"),
    path("claims/<str:reference>/assign-next/", backoffice.assign_next, name="assign-next"),
    path("claims/<str:reference>/take/", backoffice.take, name="take"),
    path("claims/<str:reference>/decide/", backoffice.confirm, name="confirm"),
    path("claims/<str:reference>/override/", backoffice.override, name="override"),
    path("claims/<str:reference>/visits/", backoffice_investigation.record_visit, name="visit"),
    path(
        "claims/<str:reference>/requests/",
        backoffice_investigation.request_document,
        name="request",
    ),
    path(
        "claims/<str:reference>/requests/received/",
        backoffice_investigation.receive_document,
        name="receive",
    ),
    path(
        "claims/<str:reference>/requests/not-provided/",
        backoffice_investigation.close_request_not_provided,
        name="not-provided",
    ),
    path("claims/<str:reference>/facts/", backoffice_investigation.record_facts, name="facts"),
    path("claims/<str:reference>/complete/", backoffice_investigation.complete, name="complete"),
    path(
        "claims/<str:reference>/close-publicity/",
        backoffice_review.close_publicity,
        name="close-publicity",
    ),
    path(
        "claims/<str:reference>/jury-result/",
        backoffice_review.record_jury_result,
        name="jury-result",
    ),
    path(
        "claims/<str:reference>/settle-jury-result/",
        backoffice_review.settle_jury_result,
        name="settle-jury-result",
    ),
]
