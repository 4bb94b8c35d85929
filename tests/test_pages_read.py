"""Every page as the people who read it see it.

Each role signs in with its real demo login (``manage.py seed_demo``, plus a sharing
period and a finished wind-down), walks its pages in Chinese and in English, and no
identifier reaches the text a person reads: no snake_case key (``malignant_tumour``),
no comma-joined keys (``troponin,ck_mb,lvef``), no kebab-case code (``critical-illness``).
Tags, scripts, styles, URLs and file names are not text a person reads; references
(``HZ…``) are upper case and never match.

``ROUTES`` says, for every route of the URL configuration, how it is reached with the
demo data and by whom, or why it is not a page (a POST action, a file). A route missing
from it fails ``test_every_route_is_in_the_table``: a new page is walked from the day it
exists. The admin, the API, i18n, static files and the health check are left out.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from claims.models import Claim, ClaimDraft, DefinitionSet, PublicityBatch
from claims.states import ClaimState
from core import clock
from demo.management.commands.seed_demo import CLAIMANT, JUROR, STAFF
from jury.models import ExamSitting, Juror, Panel, PanelStatus
from members.models import Plan
from sharing import services as sharing_services
from sharing.models import SharingPeriod
from winddown import services as winddown_services
from winddown.models import Shutdown

SKIPPED = ("admin/", "api/", "i18n/", "healthz", "favicon.ico", "static/", "media/")
LANGUAGES = ("zh-hans", "en")
LOGINS = {
    "claimant": CLAIMANT,
    "juror": JUROR,
    **{username: (username, password) for username, password, _group, _su in STAFF},
}

SNAKE = re.compile(r"(?<![\w.,-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w,-])")
JOINED_KEYS = re.compile(r"(?<![\w.-])[a-z][a-z0-9_]*(?:,[a-z][a-z0-9_]*)+(?![\w-])")
KEBAB = re.compile(r"(?<![\w.-])[a-z]+(?:-[a-z]+)+(?![\w-])")
NOT_TEXT = [
    re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<[^>]+>"),
]
#: Inline tags join their text to the words around them; other tags separate it.
INLINE_TAGS = re.compile(
    r"</?(?:a|abbr|b|bdi|code|em|i|mark|q|s|small|span|strong|sub|sup|time|u)\b[^>]*>"
)
URLS = re.compile(r"(?:https?://|/)[\w./?=&%#:-]+")
FILE_NAMES = re.compile(r"\S+\.(?:pdf|png|jpe?g|csv)\b", re.I)
EMAILS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def visible_text(page: str) -> str:
    """What a person reads: the text between the tags, entities decoded."""
    page = NOT_TEXT[0].sub(" ", NOT_TEXT[1].sub(" ", page))
    page = NOT_TEXT[2].sub(" ", INLINE_TAGS.sub("", page))
    text = html.unescape(page)
    return FILE_NAMES.sub(" ", URLS.sub(" ", EMAILS.sub(" ", text)))


def identifiers(text: str, *, language: str, codes: set[str]) -> set[str]:
    """Identifier-shaped words in ``text``. Chinese pages have no English hyphenated
    words, so any kebab-case word there is a code. English prose has them ("member-jurors",
    "the critical-illness plan"), so there only the codes no prose has are looked for:
    those with a digit (the definition sets' ``cii-2020``)."""
    found = set(SNAKE.findall(text)) | set(JOINED_KEYS.findall(text))
    if language != "en":
        found |= set(KEBAB.findall(text))
    for code in codes:
        if language == "en" and not re.search(r"\d", code):
            continue
        if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text):
            found.add(code)
    return found


# --- the demo data and how each route is reached ----------------------------------------


@dataclass
class Demo:
    """The objects the demo data gives each route (found after seed_demo ran)."""

    claimant_claims: list[str] = field(default_factory=list)
    draft: int = 0
    under_notice: str = ""  # another member's approval open to objection
    batches: list[str] = field(default_factory=list)
    panel: int = 0
    seat: int = 0
    sitting: int = 0
    period: int = 0
    shutdown: int = 0
    case_per_state: list[str] = field(default_factory=list)
    investigators_cases: list[str] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Page:
    """A page: who reads it, and its URLs for the demo data."""

    roles: tuple[str, ...]
    urls: Callable[[Demo], list[str]]


@dataclass(frozen=True)
class NotAPage:
    """A route that shows no page of its own: a POST action (it answers GET with 405) or
    a file download."""

    why: str
    post_only: bool = True


ALL = ("anonymous", "claimant", "juror", "investigator", "reviewer", "finance", "operator")


def url(name: str, *args) -> Callable[[Demo], list[str]]:
    return lambda demo: [reverse(name, args=args)]


def each(name: str, attribute: str) -> Callable[[Demo], list[str]]:
    def urls(demo: Demo) -> list[str]:
        values = getattr(demo, attribute)
        return [reverse(name, args=[v]) for v in (values if isinstance(values, list) else [values])]

    return urls


def queue_tabs(demo: Demo) -> list[str]:
    base = reverse("office:queue")
    return [f"{base}?tab={tab}" for tab in ("unassigned", "mine", "due_soon", "overdue", "all")]


def draft_document_urls(demo: Demo) -> list[str]:
    """The confirmation page of removing an upload from the demo's draft."""
    from claims.models import ClaimDocument

    documents = ClaimDocument.objects.filter(draft_id=demo.draft).values_list("id", flat=True)
    urls = [reverse("claims:draft-document-remove", args=[demo.draft, d]) for d in documents]
    assert urls, "the demo's draft has no upload to remove"
    return urls


POST = NotAPage("a POST action")
ROUTES: dict[str, Page | NotAPage] = {
    "home": Page(ALL, url("home")),
    "login": Page(("anonymous",), url("login")),
    "logout": POST,
    "start": NotAPage("a redirect to the role's own start page", post_only=False),
    # The claimant's portal.
    "claims:portal-home": Page(("claimant",), url("claims:portal-home")),
    "claims:claim-new": Page(("claimant",), url("claims:claim-new")),
    "claims:draft-edit": Page(("claimant",), each("claims:draft-edit", "draft")),
    "claims:document-download": NotAPage("a document's file", post_only=False),
    "claims:claim-detail": Page(("claimant",), each("claims:claim-detail", "claimant_claims")),
    "claims:claim-dispute": POST,
    "claims:claim-withdraw": POST,
    "claims:claim-appeal": POST,
    "claims:claim-add-document": POST,
    "claims:request-answer": POST,
    "claims:objections": Page(("claimant",), url("claims:objections")),
    "claims:objection-appeal": POST,
    "claims:draft-delete": Page(("claimant",), each("claims:draft-delete", "draft")),
    "claims:draft-document-remove": Page(("claimant",), lambda demo: draft_document_urls(demo)),
    # The public board.
    "board:index": Page(("anonymous", "claimant"), url("board:index")),
    "board:batch": Page(("anonymous",), each("board:batch", "batches")),
    "board:claim-object": Page(("claimant",), each("board:claim-object", "under_notice")),
    # The jury.
    "jury:home": Page(("juror",), url("jury:home")),
    "jury:volunteer": POST,
    "jury:resume": POST,
    "jury:exam": Page(("juror",), url("jury:exam")),
    "jury:exam-start": POST,
    "jury:exam-sitting": Page(("juror",), each("jury:exam-sitting", "sitting")),
    "jury:panel": Page(("juror",), each("jury:panel", "panel")),
    "jury:seat-decline": Page(("juror",), each("jury:seat-decline", "seat")),
    "jury:office": Page(("reviewer",), url("jury:office")),
    "jury:office-repanel": POST,
    # Sharing.
    "sharing:ledger": Page(("claimant",), url("sharing:ledger")),
    "sharing:history": Page(("anonymous",), url("sharing:history")),
    "sharing:office-periods": Page(("finance",), url("sharing:office-periods")),
    "sharing:office-period": Page(("finance",), each("sharing:office-period", "period")),
    "sharing:payouts-csv": NotAPage("the bank's CSV file", post_only=False),
    "sharing:office-payouts": Page(("finance",), url("sharing:office-payouts")),
    "sharing:office-payouts-release": POST,
    # The wind-down.
    "winddown:notice": Page(("anonymous", "claimant"), url("winddown:notice")),
    "winddown:insurance": POST,
    "winddown:office-shutdowns": Page(("operator",), url("winddown:office-shutdowns")),
    "winddown:office-shutdown": Page(("operator",), each("winddown:office-shutdown", "shutdown")),
    "winddown:office-confirm": POST,
    "winddown:office-cancel": POST,
    "winddown:office-finish": POST,
    "winddown:office-report": Page(("operator",), each("winddown:office-report", "shutdown")),
    "winddown:office-report-csv": NotAPage("the report's CSV file", post_only=False),
    "winddown:office-insurance-csv": NotAPage("the insurer's CSV file", post_only=False),
    # The back office.
    "office:queue": Page(("investigator", "reviewer"), queue_tabs),
    "office:case": Page(("reviewer",), each("office:case", "case_per_state")),
    "office:publicity": Page(("reviewer",), url("office:publicity")),
    "office:publish-batch": POST,
    "office:assign-bulk": POST,
    "office:take": POST,
    "office:close-publicity": POST,
    "office:jury-result": POST,
    "office:settle-jury-result": POST,
    "office:assign": POST,
    "office:assign-next": POST,
    "office:confirm": POST,
    "office:override": POST,
    "office:visit": POST,
    "office:request": POST,
    "office:receive": POST,
    "office:not-provided": POST,
    "office:facts": POST,
    "office:complete": POST,
}
#: Pages a second role reads differently (the investigator's own case with its forms).
EXTRA_VISITS: list[tuple[str, str, Callable[[Demo], list[str]]]] = [
    ("office:case", "investigator", each("office:case", "investigators_cases")),
    ("claims:claim-detail", "reviewer", each("claims:claim-detail", "claimant_claims")),
]
#: Every Chinese page is held to Chinese punctuation (，：；（） between Chinese words,
#: never the ASCII ones).
ASCII_BESIDE_CHINESE = re.compile(
    r".{0,8}(?:(?<=[\u3400-\u9fff])\s*[,:;()]|[,:;()]\s*(?=[\u3400-\u9fff])"
    r"|[。；！？][ \t]+(?=[\u3400-\u9fff])"  # nor a space after a Chinese full stop
    r"|[ \t]+（).{0,8}"  # nor before a full-width bracket, which has its own space
)


def page_routes() -> dict[str, str]:
    """Every route outside the admin, the API, i18n, static files and the health check:
    its name (namespaced) → its pattern."""
    routes: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED):
                continue
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                routes[f"{namespace}{pattern.name}" if pattern.name else route] = route

    walk(get_resolver().url_patterns, "", "")
    return routes


def test_every_route_is_in_the_table():
    """Add a route to ROUTES (how the demo reaches it, or why it is no page) with it."""
    routes = page_routes()
    missing = sorted(set(routes) - set(ROUTES))
    gone = sorted(set(ROUTES) - set(routes))
    assert missing == [], f"routes not walked by test_pages_read: {missing}"
    assert gone == [], f"ROUTES names routes that no longer exist: {gone}"


def test_identifiers_are_found():
    """The detector itself: what it flags, and what it leaves alone."""
    page = (
        "<p>条款 malignant_tumour；方案 critical-illness；建议 (troponin,ck_mb,lvef)</p>"
        "<a href='/claims/HZ20250101-0001/'>HZ20250101-0001</a><script>var a_b = 1;</script>"
        "<p>record-1.pdf · https://example.org/a_b · member-jurors</p>"
    )
    text = visible_text(page)
    codes = {"critical-illness", "cii-2020"}
    zh = identifiers(text + " cii-2020", language="zh-hans", codes=codes)
    en = identifiers(text + " cii-2020", language="en", codes=codes)
    assert zh == {
        "malignant_tumour",
        "critical-illness",
        "troponin,ck_mb,lvef",
        "member-jurors",
        "cii-2020",
    }
    assert en == {"malignant_tumour", "troponin,ck_mb,lvef", "cii-2020"}


# --- the walk ----------------------------------------------------------------------------


def _extras(now) -> None:
    """What the seed leaves out: a completed sharing period (the earlier batch's), and a
    finished wind-down of a plan with no members (its final report)."""
    sharing_services.sharing_open_due_periods(now=now)
    sharing_services.sharing_periods_complete_written(now=now)
    first, second = (LOGINS["operator"][0], LOGINS["operator2"][0])
    users = get_user_model().objects
    announced = now - timedelta(days=400)
    proposal = winddown_services.shutdown_propose(
        actor=users.get(username=first),
        plans=[Plan.objects.get(code="transport-accident")],
        stop_day=clock.beijing_date(announced + timedelta(days=30)),
        window_days=180,
        notice_zh="公共交通意外互助计划将停止运行。",
        notice_en="The public-transport accident plan stops.",
        now=announced - timedelta(hours=1),
    )
    winddown_services.shutdown_confirm(
        shutdown=proposal, actor=users.get(username=second), now=announced
    )
    winddown_services.shutdown_finish(shutdown=proposal, now=now)


def _demo() -> Demo:
    juror = Juror.objects.get(account__username=JUROR[0])
    panel = Panel.objects.filter(status=PanelStatus.OPEN, seats__juror=juror).first()
    claims = Claim.objects.order_by("id")
    per_state = {}
    for claim in claims:
        per_state.setdefault(claim.state, claim.reference)
    demo = Demo(
        claimant_claims=list(
            claims.filter(member__account__username=CLAIMANT[0]).values_list("reference", flat=True)
        ),
        draft=ClaimDraft.objects.filter(account__username=CLAIMANT[0]).first().pk,
        under_notice=claims.filter(state=ClaimState.PUBLICISED, publicity_closed_at=None)
        .exclude(member__account__username=CLAIMANT[0])
        .first()
        .reference,
        batches=[
            b.isoformat() for b in PublicityBatch.objects.values_list("batch_date", flat=True)
        ],
        panel=panel.pk,
        seat=panel.seats.get(juror=juror).pk,
        sitting=ExamSitting.objects.filter(juror=juror).first().pk,
        period=SharingPeriod.objects.order_by("id").first().pk,
        shutdown=Shutdown.objects.get().pk,
        case_per_state=list(per_state.values()),
        investigators_cases=list(
            claims.filter(investigation__investigator__username="investigator").values_list(
                "reference", flat=True
            )[:4]
        ),
    )
    demo.codes = set(Plan.objects.values_list("code", flat=True)) | set(
        DefinitionSet.objects.values_list("code", flat=True)
    )
    return demo


#: Words a page must show, so that the walk reads real pages (the facts in words).
LANDMARKS = {
    "zh-hans": {
        "/jury/panels/": ("查明", "条款"),
        "/board/20": ("结论所依据的事实", "查明"),
        "/office/claims/": ("查明",),
    },
    "en": {
        "/jury/panels/": ("Found", "Clause"),
        "/board/20": ("What the decision rests on", "Found"),
        "/office/claims/": ("Found",),
    },
}


def _client(role: str, language: str) -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if role != "anonymous":
        username, password = LOGINS[role]
        response = client.post(reverse("login"), {"username": username, "password": password})
        assert response.status_code == 302, f"{role} could not sign in"
    return client


def _visits(demo: Demo):
    for name, route in ROUTES.items():
        if isinstance(route, Page):
            for role in route.roles:
                for target in route.urls(demo):
                    yield name, role, target
    for name, role, urls in EXTRA_VISITS:
        for target in urls(demo):
            yield name, role, target


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_role_reads_no_identifier_on_any_page():
    call_command("seed_demo", members=140, stdout=StringIO())
    _extras(clock.now())
    demo = _demo()
    problems = []
    visited = 0
    for language in LANGUAGES:
        clients = {role: _client(role, language) for role in ALL}
        for _name, role, target in _visits(demo):
            response = clients[role].get(target)
            visited += 1
            if response.status_code != 200:
                problems.append(f"{language} {role} {target}: HTTP {response.status_code}")
                continue
            text = visible_text(response.content.decode())
            found = identifiers(text, language=language, codes=demo.codes)
            if found:
                problems.append(f"{language} {role} {target}: {sorted(found)}")
            if language != "en":
                for ascii_punctuation in ASCII_BESIDE_CHINESE.findall(text):
                    problems.append(f"{language} {role} {target}: «{ascii_punctuation}»")
            for path, words in LANDMARKS.get(language, {}).items():
                if target.startswith(path) and not all(w in text for w in words):
                    problems.append(f"{language} {role} {target}: lacks {words}")
    assert visited > 100
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_what_is_not_a_page_answers_no_page():
    """A POST action refuses a GET (405) even to the superuser, who passes every check."""
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-12345")
    client = Client()
    client.force_login(admin)
    routes = page_routes()
    for name, route in ROUTES.items():
        if not (isinstance(route, NotAPage) and route.post_only):
            continue
        kwargs = {key: 1 for key in re.findall(r"<(?:\w+:)?(\w+)>", routes[name])}
        if "reference" in kwargs:
            kwargs["reference"] = "HZ-NONE"
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 405, (name, response.status_code)
