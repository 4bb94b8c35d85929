"""The claimant portal, mounted at /claims/: its URL names stay in the ``claims`` namespace
(``{% url 'claims:claim-detail' … %}``), as they were before the portal had its own app."""

from django.urls import path

from portal.views import claims, drafts, objections

app_name = "claims"

urlpatterns = [
    path("", claims.portal_home, name="portal-home"),
    path("new/", drafts.draft_edit, name="claim-new"),
    path("drafts/<int:draft_id>/", drafts.draft_edit, name="draft-edit"),
    path("drafts/<int:draft_id>/delete/", drafts.draft_delete, name="draft-delete"),
    path(
        "drafts/<int:draft_id>/documents/<int:document_id>/remove/",
        drafts.draft_document_remove,
        name="draft-document-remove",
    ),
    path("documents/<int:document_id>/", claims.document_download, name="document-download"),
    path("objections/", objections.objections_home, name="objections"),
    path(
        "objections/<str:reference>/appeal/",
        objections.objection_appeal,
        name="objection-appeal",
    ),
    path("<str:reference>/", claims.claim_detail, name="claim-detail"),
    path("<str:reference>/dispute/", claims.claim_dispute, name="claim-dispute"),
    path("<str:reference>/withdraw/", claims.claim_withdraw, name="claim-withdraw"),
    path("<str:reference>/appeal/", claims.claim_appeal, name="claim-appeal"),
    path("<str:reference>/documents/", claims.claim_add_document, name="claim-add-document"),
    path(
        "<str:reference>/requests/<int:request_id>/",
        claims.request_answer,
        name="request-answer",
    ),
]
