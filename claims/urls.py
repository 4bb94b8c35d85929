from django.urls import path

from claims.views import portal

app_name = "claims"

urlpatterns = [
    path("", portal.portal_home, name="portal-home"),
    path("new/", portal.draft_edit, name="claim-new"),
    path("drafts/<int:draft_id>/", portal.draft_edit, name="draft-edit"),
    path("documents/<int:document_id>/", portal.document_download, name="document-download"),
    path("<str:reference>/", portal.claim_detail, name="claim-detail"),
    path("<str:reference>/dispute/", portal.claim_dispute, name="claim-dispute"),
    path("<str:reference>/withdraw/", portal.claim_withdraw, name="claim-withdraw"),
    path("<str:reference>/appeal/", portal.claim_appeal, name="claim-appeal"),
    path("<str:reference>/documents/", portal.claim_add_document, name="claim-add-document"),
]
