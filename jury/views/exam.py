"""The jurors' home and the qualification exam: thin views over jury.services.jurors."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import clock
from core.errors import DomainError
from jury import selectors
from jury.forms import ExamForm, VolunteerForm, in_english
from jury.models import ExamSitting, ExamTopic, Juror, JurorEventType, JurorStatus
from jury.services import jurors as juror_services

PANELS_TEMPLATE = "jury/_my_panels.html"


def _optional_template(name: str) -> str | None:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


def _exam_rules() -> dict[str, int]:
    per_topic = settings.JURY_EXAM_QUESTIONS_PER_TOPIC
    return {
        "min_age": settings.JURY_MIN_AGE,
        "per_topic": per_topic,
        "question_count": per_topic * len(ExamTopic.choices),
        "pass_mark": settings.JURY_EXAM_PASS_MARK,
        "cooldown_hours": settings.JURY_EXAM_COOLDOWN_HOURS,
    }


def _exam_status(juror: Juror, now: datetime) -> dict[str, Any]:
    """Where the juror stands with the exam: an open sitting, the last result, a retake."""
    open_sitting = selectors.exam_open_sitting(juror=juror)
    last = selectors.exam_sittings_submitted(juror=juror).first()
    retake_at = selectors.exam_waiting_until(juror=juror, now=now)
    waiting = juror.status == JurorStatus.CANDIDATE and retake_at is not None
    return {
        "open_sitting": open_sitting,
        "last_sitting": last,
        "retake_at": retake_at if waiting else None,
        "may_start": juror.status == JurorStatus.CANDIDATE and not open_sitting and not waiting,
    }


def _result_rows(sitting: ExamSitting) -> list[dict[str, Any]]:
    """Each question of a submitted sitting: the answer given, the right one, why."""
    english = in_english(get_language())
    lang = "en" if english else "zh"
    key = selectors.exam_sitting_key(sitting)
    rows = []
    for number, question in enumerate(selectors.exam_sitting_questions(sitting), 1):
        labels = {c["key"]: c[lang] for c in question.choices}
        given = sitting.answers.get(str(question.pk))
        right = key.get(str(question.pk), question.answer)
        rows.append(
            {
                "number": number,
                "topic": question.get_topic_display(),
                "text": question.text_en if english else question.text_zh,
                "given": labels.get(given, "—"),
                "correct": labels.get(right, right),
                "is_right": given == right,
                "explanation": question.explanation_en if english else question.explanation_zh,
            }
        )
    return rows


@login_required
def jury_home(request, volunteer_form: VolunteerForm | None = None):
    now = clock.now()
    member = selectors.self_member_of(account=request.user)
    juror = selectors.juror_for_account(request.user)
    context: dict[str, Any] = {
        "member": member,
        "juror": juror,
        "rules": _exam_rules(),
        "panels_template": _optional_template(PANELS_TEMPLATE),
    }
    if juror is None:
        context["volunteer_form"] = volunteer_form or VolunteerForm()
        if member is not None:
            context["refusal"] = selectors.juror_volunteer_refusal(member=member, now=now)
    else:
        context.update(_exam_status(juror, now))
        if juror.panels_sat:  # rounded half up, in whole per cent
            context["agreement_percent"] = (200 * juror.agreed_with_final + juror.panels_sat) // (
                2 * juror.panels_sat
            )
        if juror.status == JurorStatus.PAUSED:
            context["pause"] = selectors.juror_last_event(
                juror=juror, event_type=JurorEventType.PAUSED
            )
        if juror.status == JurorStatus.DISQUALIFIED:
            context["disqualification"] = selectors.juror_last_event(
                juror=juror, event_type=JurorEventType.DISQUALIFIED
            )
    return render(request, "jury/home.html", context)


@login_required
@require_POST
def juror_volunteer(request):
    member = selectors.self_member_of(account=request.user)
    form = VolunteerForm(request.POST)
    if member is None:
        messages.error(request, _("Add yourself as a member of a plan before you volunteer."))
        return redirect("jury:home")
    if not form.is_valid():
        return jury_home(request, volunteer_form=form)
    try:
        juror_services.juror_volunteer(member=member, actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect("jury:home")
    messages.success(request, _("Thank you for volunteering. Pass the exam to qualify as a juror."))
    return redirect("jury:exam")


@login_required
@require_POST
def juror_resume(request):
    juror = selectors.juror_for_account(request.user)
    if juror is None:
        return redirect("jury:home")
    try:
        juror_services.juror_resume(juror=juror, actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Welcome back: you may be drawn onto panels again."))
    return redirect("jury:home")


@login_required
def exam(request):
    """Start, answer and submit the exam; see the last result and when a retake is possible."""
    juror = selectors.juror_for_account(request.user)
    if juror is None:
        messages.info(request, _("Volunteer as a juror first; then take the exam."))
        return redirect("jury:home")
    now = clock.now()
    status = _exam_status(juror, now)
    form = None
    sitting = status["open_sitting"]
    if sitting is not None:
        questions = selectors.exam_sitting_questions(sitting)
        data = request.POST if request.method == "POST" else None
        form = ExamForm(data, questions=questions, language=get_language())
        if request.method == "POST" and form.is_valid():
            try:
                sitting = juror_services.exam_submit(
                    sitting=sitting, actor=request.user, answers=form.answers(), now=now
                )
            except DomainError as refusal:
                form.add_error(None, refusal.message)
            else:
                if sitting.passed:
                    messages.success(request, _("You passed. You are now a qualified juror."))
                else:
                    messages.error(request, _("You did not pass this time."))
                return redirect("jury:exam-sitting", sitting.pk)
        topics = [q.get_topic_display() for q in questions]
        fields = list(zip(form, topics, strict=True))
    elif request.method == "POST":
        messages.error(request, _("This exam was already submitted."))
        return redirect("jury:exam")
    else:
        fields = []
    last = status["last_sitting"]
    return render(
        request,
        "jury/exam.html",
        {
            "juror": juror,
            "form": form,
            "fields": fields,
            "rules": _exam_rules(),
            "rows": _result_rows(last) if last is not None and form is None else [],
            "sittings": selectors.exam_sittings_submitted(juror=juror)[:10],
            **status,
        },
    )


@login_required
@require_POST
def exam_start(request):
    juror = selectors.juror_for_account(request.user)
    if juror is None:
        return redirect("jury:home")
    try:
        juror_services.exam_start(juror=juror, actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    return redirect("jury:exam")


@login_required
def exam_sitting(request, sitting_id: int):
    """One submitted sitting of the account's own juror: score, answers, explanations."""
    sitting = get_object_or_404(
        ExamSitting,
        pk=sitting_id,
        juror__account=request.user,
        submitted_at__isnull=False,
    )
    juror = sitting.juror
    return render(
        request,
        "jury/exam_sitting.html",
        {
            "juror": juror,
            "sitting": sitting,
            "rows": _result_rows(sitting),
            "rules": _exam_rules(),
            **_exam_status(juror, clock.now()),
        },
    )
