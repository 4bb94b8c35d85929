"""Shared set-up for the back-office page tests."""

from datetime import date, datetime

from django.urls import reverse

from claims import services
from tests.factories import BEIJING, EnrolmentFactory, file_claim, staff

T0 = datetime(2025, 3, 10, 10, 0, tzinfo=BEIJING)  # file_claim's default filing moment


def case_url(claim) -> str:
    return reverse("office:case", args=[claim.reference])


def action_url(name: str, claim) -> str:
    return reverse(f"office:{name}", args=[claim.reference])


def form_for(name: str, claim) -> str:
    """The opening of the case page's form for one action."""
    return f'action="{action_url(name, claim)}'


def assigned_claim(*, investigator=None, condition_code="deep_coma", due_on: date | None = None):
    """A filed claim assigned by a reviewer to ``investigator`` (default: "inv")."""
    investigator = investigator or staff("investigator", "inv")
    claim = file_claim(enrolment=EnrolmentFactory(), condition_code=condition_code, now=T0)
    services.investigation_assign(
        claim=claim,
        investigator=investigator,
        actor=staff("reviewer", "rev"),
        due_on=due_on,
        now=T0,
    )
    return claim


def page_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]
