"""The words of the claimant's email about one claim event: what happened (the decision
by name, never the state), why, the deadline that matters now, a link that works, and
where to ask. Called by ``claims.services.notices`` inside the claimant's language."""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from claims.models import Claim, ClaimEvent
from claims.selectors.progress import decision_due_at, decision_words, payment_due_at
from claims.states import ClaimEventType as E
from claims.states import Decision
from core.clock import format_deadline

#: An event's notice: its headline and lines, from the event and its claim.
Text = Callable[[ClaimEvent, Claim], tuple[str, list[str]]]


def _when(moment: datetime | None) -> str:
    return _("%(moment)s (Beijing time)") % {"moment": format_deadline(moment)} if moment else ""


def _filed(event: ClaimEvent, claim: Claim) -> tuple[str, list[str]]:
    return _("Claim filed"), [
        _("We received the claim. An investigator checks it against the plan's definition."),
        _("A decision is due by %(due)s.") % {"due": _when(decision_due_at(claim))},
    ]


def _requested(event: ClaimEvent, claim: Claim) -> tuple[str, list[str]]:
    request = claim.investigation.document_requests.filter(pk=event.payload.get("request_id"))
    due = request.values_list("due_at", flat=True).first()
    lines = [_("The investigator asks for: %(what)s") % {"what": event.reason}]
    if due:
        lines.append(_("Please upload it by %(due)s on the claim's page.") % {"due": _when(due)})
    return _("A document is needed"), lines


def _not_provided(event: ClaimEvent, claim: Claim) -> tuple[str, list[str]]:
    return _("The claim goes on without the requested document"), [
        _(
            "The requested document did not arrive by its due date; the investigation goes on "
            "without it. The investigator's note: %(note)s"
        )
        % {"note": event.reason},
    ]


def _decided(event: ClaimEvent, claim: Claim) -> tuple[str, list[str]]:
    from claims.selectors import claim_decision_clauses

    words = decision_words(claim, claim.decision)
    lines = [_("Decision: %(decision)s") % {"decision": words}]
    if claim.decision == Decision.DENY:
        clauses = claim_decision_clauses(claim=claim)
        if clauses:  # one a line: a clause's own words may hold commas
            lines.append(_("Not met:"))
            lines.extend(f"- {clause}" for clause in clauses)
    lines.append(_("Reason: %(reason)s") % {"reason": claim.decision_reason})
    lines.append(
        _(
            "It will be published for 7 days of public notice in the next batch (the 7th or the "
            "21st of the month)."
        )
    )
    return _("Decision: %(decision)s") % {"decision": words}, lines


def _published(event: ClaimEvent, claim: Claim) -> tuple[str, list[str]]:
    until = _when(claim.publicity_ends_at)
    lines = [_("Decision: %(decision)s") % {"decision": decision_words(claim, claim.decision)}]
    if claim.decision == Decision.DENY:
        lines.append(
            _(
                "You may dispute the denial on the claim's page until %(until)s; a panel of "
                "member-jurors then decides."
            )
            % {"until": until}
        )
    else:
        lines.append(
            _("Under public notice until %(until)s: members of the plan may object.")
            % {"until": until}
        )
    return _("Under public notice until %(until)s") % {"until": until}, lines


def _disputed(event: ClaimEvent, claim: Claim) -> tuple[str, list[str]]:
    hours = claim.plan.jury_voting_hours
    vote = _(
        "A panel of member-jurors is drawn at random and votes for %(hours)s hours; "
        "we will write to you with its result."
    ) % {"hours": hours}
    if event.actor_id == claim.member.account_id:
        return _("Your dispute is lodged"), [_("Your dispute is lodged."), vote]
    return _("A member objected to the approval"), [
        _("A member of the plan objected to the approval during the public notice."),
        vote,
    ]


def _publicity_closed(event: ClaimEvent, claim: Claim) -> tuple[str, list[str]]:
    if claim.decision == Decision.DENY:
        return _("The denial is final"), [
            _("The public notice ended with no dispute: the denial is final."),
            _("Reason: %(reason)s") % {"reason": claim.decision_reason},
        ]
    return _("Approved and payable"), [
        _("The public notice ended with no objection: %(decision)s.")
        % {"decision": decision_words(claim, claim.decision)},
        _("Payment by %(due)s.") % {"due": _when(payment_due_at(claim))},
    ]


def _jury(event: ClaimEvent, claim: Claim) -> tuple[str, list[str]]:
    payload = event.payload
    verdict = _("pay") if payload.get("verdict") == Decision.APPROVE else _("deny")
    head = _("The jury decided to %(verdict)s: %(pay)s votes to pay, %(deny)s to deny") % {
        "verdict": verdict,
        "pay": payload.get("pay_votes"),
        "deny": payload.get("deny_votes"),
    }
    lines = [head + "."]
    if event.event_type == E.JURY_RESULT_RECORDED and claim.appeal_ends_at:
        lines.append(
            _(
                "The side the jury ruled against may appeal once until %(until)s; otherwise "
                "the result is final then."
            )
            % {"until": _when(claim.appeal_ends_at)}
        )
    return head, lines


def _settled(event: ClaimEvent, claim: Claim) -> tuple[str, list[str]]:
    if claim.jury_verdict == Decision.APPROVE:
        return _("The jury's decision to pay is final"), [
            _("The jury's decision is final: %(decision)s.") % {"decision": decision_words(claim)},
            _("Payment by %(due)s.") % {"due": _when(payment_due_at(claim))},
        ]
    return _("The jury's decision to deny is final"), [
        _("The jury's decision is final: the claim is denied.")
    ]


def _paid(event: ClaimEvent, claim: Claim) -> tuple[str, list[str]]:
    return _("Paid: %(decision)s") % {"decision": decision_words(claim)}, [
        _("The payment is made (reference %(ref)s).") % {"ref": claim.payout_reference},
    ]


def _simple(headline: Callable[[], StrOrPromise]) -> Text:
    def text(event: ClaimEvent, claim: Claim) -> tuple[str, list[str]]:
        lines = [event.reason] if event.reason else []
        return str(headline()), lines

    return text


TEXTS: dict[str, Text] = {
    E.FILED: _filed,
    E.DOCUMENT_REQUESTED: _requested,
    E.DOCUMENT_NOT_PROVIDED: _not_provided,
    E.INVESTIGATION_RECORDED: _decided,
    E.PUBLISHED: _published,
    E.DISPUTE_LODGED: _disputed,
    E.PUBLICITY_CLOSED: _publicity_closed,
    E.JURY_RESULT_RECORDED: _jury,
    E.APPEAL_RESULT_RECORDED: _jury,
    E.APPEAL_LODGED: _simple(lambda: _("An appeal is lodged: a fresh, larger panel hears it")),
    E.JURY_RESULT_SETTLED: _settled,
    E.PAID: _paid,
    E.WITHDRAWN: _simple(lambda: _("The claim is withdrawn")),
}


#: The events whose email says what the decision rests on, clause by clause.
DECISION_EVENTS = {E.INVESTIGATION_RECORDED, E.PUBLISHED}


def deciding_facts_text(event: ClaimEvent) -> str:
    """For a decision: each clause it rests on with the fact found, in the words of the
    pages (claims.selectors.facts), one line each; empty for other events."""
    from claims.selectors.facts import claim_deciding_facts

    if event.event_type not in DECISION_EVENTS:
        return ""
    deciding = claim_deciding_facts(claim=event.claim)
    lines = [line.text for line in deciding.lines]
    if deciding.non_disclosure:
        lines.append(str(_("A pre-existing illness was not disclosed at joining")))
    if not lines:
        return ""
    return "\n\n" + _("What the decision rests on:") + "\n" + "\n".join(f"• {t}" for t in lines)


def notice_text(event: ClaimEvent) -> tuple[str, str]:
    """The email's subject and body for ``event`` in the active language."""
    claim = event.claim
    headline, lines = TEXTS.get(event.event_type, _simple(lambda: E(event.event_type).label))(
        event, claim
    )
    url = settings.SITE_URL + reverse("claims:claim-detail", args=[claim.reference])
    subject = _("Claim %(ref)s: %(what)s") % {"ref": claim.reference, "what": headline}
    intro = _("Claim %(ref)s for %(name)s (%(condition)s).") % {
        "ref": claim.reference,
        "name": claim.member.full_name,
        "condition": claim.condition_name,
    }
    contact = _("Questions? Write to %(email)s.") % {"email": settings.SUPPORT_EMAIL}
    if settings.SUPPORT_PHONE:
        contact = _("Questions? Write to %(email)s or call %(phone)s.") % {
            "email": settings.SUPPORT_EMAIL,
            "phone": settings.SUPPORT_PHONE,
        }
    follow = _("Follow the claim and act on it here:") + "\n" + url  # the link on a line of its own
    facts = deciding_facts_text(event).strip()  # the clauses, as the pages word them
    body = "\n\n".join(
        part
        for part in (intro, "\n".join(str(line) for line in lines if line), facts, follow, contact)
        if part
    )
    return subject, body + "\n"
