"""The back office (后台) of reviewers and investigators, under /office/."""

from django.urls import path

from office.views import case, investigation, queue, review

app_name = "office"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("assign/", review.bulk_assign, name="assign-bulk"),
    path("publicity/", review.publicity, name="publicity"),
    path("publicity/publish/", review.publish_batch, name="publish-batch"),
    path("claims/<str:reference>/", case.case, name="case"),
    path("claims/<str:reference>/assign/", case.assign, name="assign"),
    path("claims/<str:reference>/assign-next/", case.assign_next, name="assign-next"),
    path("claims/<str:reference>/take/", case.take, name="take"),
    path("claims/<str:reference>/decide/", case.confirm, name="confirm"),
    path("claims/<str:reference>/override/", case.override, name="override"),
    path("claims/<str:reference>/visits/", investigation.record_visit, name="visit"),
    path(
        "claims/<str:reference>/requests/",
        investigation.request_document,
        name="request",
    ),
    path(
        "claims/<str:reference>/requests/received/",
        investigation.receive_document,
        name="receive",
    ),
    path(
        "claims/<str:reference>/requests/not-provided/",
        investigation.close_request_not_provided,
        name="not-provided",
    ),
    path("claims/<str:reference>/facts/", investigation.record_facts, name="facts"),
    path("claims/<str:reference>/complete/", investigation.complete, name="complete"),
    path(
        "claims/<str:reference>/close-publicity/",
        review.close_publicity,
        name="close-publicity",
    ),
    path(
        "claims/<str:reference>/jury-result/",
        review.record_jury_result,
        name="jury-result",
    ),
    path(
        "claims/<str:reference>/settle-jury-result/",
        review.settle_jury_result,
        name="settle-jury-result",
    ),
]
