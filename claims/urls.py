from django.urls import path

from claims.views import objections, portal, portal_drafts

app_name = "claims"

urlpatterns = [
    path("", portal.portal_home, name="portal-home"),
    path("new/", portal_drafts.draft_edit, name="claim-new"),
    path("drafts/<int:draft_id>/", portal_drafts.draft_edit, name="draft-edit"),
    path("drafts/<int:draft_id>/delete/", portal_drafts.draft_delete, name="draft-delete"),
    path(
        "drafts/<int:draft_id>/documents/<int:document_id>/remove/",
        portal_drafts.draft_document_remove,
        name="draft-document-remove",
    ),
    path("documents/<int:document_id>/", portal.document_download, name="document-download"),
    path("objections/", objections.objections_home, name="objections"),
    path(
        "objections/<str:reference>/appeal/",
        objections.objection_appeal,
        name="objection-appeal",
    ),
    path("<str:reference>/", portal.claim_detail, name="claim-detail"),
    path("<str:reference>/dispute/", portal.claim_dispute, name="claim-dispute"),
    path("<str:reference>/withdraw/", portal.claim_withdraw, name="claim-withdraw"),
    path("<str:reference>/appeal/", portal.claim_appeal, name="claim-appeal"),
    path("<str:reference>/documents/", portal.claim_add_document, name="claim-add-document"),
    path(
        "<str:reference>/requests/<int:request_id>/",
        portal.request_answer,
        name="request-answer",
    ),
]
