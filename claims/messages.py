"""What the portal tells a member after an action: what happened and what comes next,
with the deadline that matters (never a bare "Done")."""

from django.utils.translation import gettext as _

from claims.hearings import hearing_deadlines, hearings_of
from claims.models import Claim, ClaimDocument, DocumentRequest
from core.clock import format_deadline


def dispute_lodged(claim: Claim) -> str:
    """After a dispute or an objection: until when the jury votes (its panel opens once
    the dispute commits; if it is still being drawn, how long it will vote)."""
    deadline = hearing_deadlines(claim_ids=[claim.pk]).get(claim.pk)
    if deadline is not None:
        return _(
            "Your dispute is lodged; the jury votes until %(deadline)s (Beijing time). "
            "We will write to you with its result."
        ) % {"deadline": format_deadline(deadline)}
    return _(
        "Your dispute is lodged. A panel of member-jurors is being drawn; it votes for "
        "%(hours)s hours, and we will write to you with its result."
    ) % {"hours": claim.plan.jury_voting_hours}


def objection_lodged(claim: Claim) -> str:
    deadline = hearing_deadlines(claim_ids=[claim.pk]).get(claim.pk)
    if deadline is not None:
        return _(
            "Your objection is lodged; the jury votes until %(deadline)s (Beijing time). "
            "Follow it under “My objections”."
        ) % {"deadline": format_deadline(deadline)}
    return _(
        "Your objection is lodged. A panel of member-jurors is being drawn; it votes for "
        "%(hours)s hours. Follow it under “My objections”."
    ) % {"hours": claim.plan.jury_voting_hours}


def appeal_lodged(claim: Claim) -> str:
    """After the appeal: until when the fresh panel votes (it opens once the appeal
    commits; if it is still being drawn, how long it will vote)."""
    hearing = hearings_of(claim_ids=[claim.pk]).get(claim.pk)
    if hearing is None or not hearing.appeal:
        return _(
            "Your appeal is lodged. A fresh panel of member-jurors is being drawn; it votes "
            "for %(hours)s hours, and its verdict is final."
        ) % {"hours": claim.plan.jury_voting_hours}
    values = {"deadline": format_deadline(hearing.deadline_at), "seats": hearing.seats}
    if hearing.seats:
        return (
            _(
                "Your appeal is lodged; a fresh panel of %(seats)s jurors votes until "
                "%(deadline)s (Beijing time). Its verdict is final."
            )
            % values
        )
    return (
        _(
            "Your appeal is lodged; a fresh panel of jurors votes until %(deadline)s "
            "(Beijing time). Its verdict is final."
        )
        % values
    )


def document_added(document: ClaimDocument, *, upload_name: str) -> str:
    if document.already_there:
        return _(
            "“%(name)s” is already on this claim (the same file, added on %(date)s as "
            "“%(original)s”); nothing was added."
        ) % {
            "name": upload_name,
            "date": format_deadline(document.uploaded_at),
            "original": document.original_name,
        }
    return _("“%(name)s” is added to the claim. The investigator will see it.") % {
        "name": document.original_name
    }


def request_answered(document: ClaimDocument, request: DocumentRequest, upload_name: str) -> str:
    values = {"name": upload_name, "request": request.description}
    if document.already_there:
        return (
            _(
                "“%(name)s” was already on the claim; it is now your answer to “%(request)s”. "
                "The investigator will check it."
            )
            % values
        )
    return (
        _(
            "“%(name)s” is sent for “%(request)s”. The investigator will check it and "
            "tell you if anything else is needed."
        )
        % values
    )
