"""The claim form: only the account's own plans and their conditions, no city guessed,
errors beside their fields; a draft and an upload can be deleted after a confirmation."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims import services
from claims.models import ClaimDocument, ClaimDraft
from members.models import Plan, Relation
from portal.forms import ClaimDraftForm
from tests.factories import PDF_BYTES, EnrolmentFactory, MemberFactory, pdf_upload

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def plan(code: str) -> Plan:
    return Plan.objects.get(code=code)


def family():
    """An account holder in the critical-illness plan and their parent in the seniors'
    cancer plan."""
    holder = EnrolmentFactory()
    parent = MemberFactory(account=holder.member.account, relation=Relation.PARENT)
    EnrolmentFactory(member=parent, plan=plan("senior-cancer"))
    return holder.member, parent


def test_only_the_accounts_plans_and_their_conditions_are_offered():
    holder, parent = family()
    form = ClaimDraftForm(account=holder.account)
    offered = set(form.fields["plan"].queryset.values_list("code", flat=True))
    assert offered == {"critical-illness", "senior-cancer"}
    groups = [name for name, _choices in form.fields["condition_code"].choices[1:]]
    assert groups == [plan("critical-illness").name, plan("senior-cancer").name]
    html = str(form["plan"])
    assert f'data-members="{holder.pk}"' in html and f'data-members="{parent.pk}"' in html
    assert f'data-plan="{plan("senior-cancer").pk}"' in str(form["condition_code"])
    assert "transport_accident_death" not in str(form["condition_code"])


def test_a_plan_the_member_is_not_in_is_refused_beside_the_plan(client):
    holder, parent = family()
    client.force_login(holder.account)
    data = {"member": parent.pk, "plan": plan("critical-illness").pk, "save_only": ""}
    response = client.post(reverse("claims:claim-new"), data, **EN)
    assert response.status_code == 422
    field = response.content.decode().split('id="id_plan"')[1].split('<div class="field')[0]
    assert f"{parent.full_name} is not a member of this plan." in field
    assert not ClaimDraft.objects.exists()


def test_a_condition_outside_the_plan_is_refused_beside_the_condition(client):
    holder, parent = family()
    client.force_login(holder.account)
    data = {
        "member": parent.pk,
        "plan": plan("senior-cancer").pk,
        "condition_code": "deep_coma",
        "save_only": "",
    }
    response = client.post(reverse("claims:claim-new"), data, **EN)
    assert response.status_code == 422
    html = response.content.decode()
    assert "This plan does not cover that condition." in html.split('id="id_condition_code"')[1]


def test_no_city_is_prefilled_and_the_script_is_a_file(client):
    holder, _parent = family()
    client.force_login(holder.account)
    html = client.get(reverse("claims:claim-new"), **EN).content.decode()
    city = html.split('id="id_city"')[0].rsplit("<input", 1)[1]
    assert "value=" not in city
    assert '<script src="/static/js/draft_form.js" defer></script>' in html
    assert "<script>" not in html


def test_a_draft_missing_fields_shows_each_beside_its_field(client):
    holder = EnrolmentFactory()
    client.force_login(holder.member.account)
    data = {
        "member": holder.member.pk,
        "plan": holder.plan.pk,
        "documents": [SimpleUploadedFile("record.pdf", PDF_BYTES)],
        "file": "",
    }
    response = client.post(reverse("claims:claim-new"), data, follow=True, **EN)
    html = response.content.decode()
    assert html.count("Needed to file the claim.") == 5  # condition, diagnosis, hospital, …
    assert "Needed to file the claim." in html.split('id="id_hospital"')[1].split("</div>")[0]


def draft_of(member, **data):
    draft = services.draft_save(account=member.account, data={"member": member, **data})
    services.draft_attach_document(
        draft=draft, actor=member.account, upload=pdf_upload("scan.pdf"), kind="medical_record"
    )
    return draft


def test_a_draft_is_deleted_after_a_confirmation(client):
    holder = EnrolmentFactory().member
    draft = draft_of(holder, hospital="浙一医院", diagnosis_date=date(2025, 3, 1))
    client.force_login(holder.account)
    url = reverse("claims:draft-delete", args=[draft.pk])
    confirm = client.get(url, **EN).content.decode()
    assert f"Delete draft #{draft.pk}?" in confirm and "scan.pdf" in confirm
    assert ClaimDraft.objects.filter(pk=draft.pk).exists()  # asking deletes nothing
    response = client.post(url, follow=True, **EN)
    assert response.redirect_chain[-1][0] == reverse("claims:portal-home")
    assert [str(m) for m in response.context["messages"]] == [
        f"Draft #{draft.pk} is deleted, with its 1 document."
    ]
    assert not ClaimDraft.objects.filter(pk=draft.pk).exists()


def test_an_upload_is_removed_after_a_confirmation(client):
    holder = EnrolmentFactory().member
    draft = draft_of(holder)
    document = draft.documents.get()
    client.force_login(holder.account)
    page = client.get(reverse("claims:draft-edit", args=[draft.pk]), **EN).content.decode()
    url = reverse("claims:draft-document-remove", args=[draft.pk, document.pk])
    assert f'href="{url}"' in page
    assert "Remove “scan.pdf”?" in client.get(url, **EN).content.decode()
    response = client.post(url, follow=True, **EN)
    assert [str(m) for m in response.context["messages"]] == [
        f"“scan.pdf” is removed from draft #{draft.pk}."
    ]
    assert not ClaimDocument.objects.filter(pk=document.pk).exists()


def test_someone_elses_draft_cannot_be_deleted(client):
    draft = draft_of(EnrolmentFactory().member)
    client.force_login(EnrolmentFactory().member.account)
    assert client.post(reverse("claims:draft-delete", args=[draft.pk])).status_code == 404
    assert ClaimDraft.objects.filter(pk=draft.pk).exists()
