"""Django REST framework, the OpenAPI schema, and the limits on API request bodies."""

from config.env import env

REST_FRAMEWORK = {
    # The token first: a request without credentials gets 401 with its WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # JSON bodies are size- and depth-checked before parsing (core/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}

# A JSON body larger than this is refused (413) before it is read; one nesting arrays and
# objects deeper than this is refused (400) before it is parsed.
API_JSON_MAX_BYTES = int(env("API_JSON_MAX_BYTES", str(1024 * 1024)))
API_JSON_MAX_DEPTH = int(env("API_JSON_MAX_DEPTH", "32"))

SPECTACULAR_SETTINGS = {
    "TITLE": "Mutual-aid claims API",
    "DESCRIPTION": "Claims adjudication for online mutual-aid plans (网络互助计划).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ClaimStateEnum": "claims.states.ClaimState",
        "DecisionEnum": "claims.states.Decision",
        "DocumentKindEnum": "claims.states.DocumentKind",
        "ClaimEventTypeEnum": "claims.states.ClaimEventType",
        "PlanKindEnum": "members.models.PlanKind",
        "RelationEnum": "members.models.Relation",
        "DraftStatusEnum": "claims.models.draft.DraftStatus",
        "VisitKindEnum": "claims.models.investigation.VisitKind",
        "ClauseStatusEnum": "claims.api.serializers.CLAUSE_STATUSES",
        "PanelStatusEnum": "jury.models.PanelStatus",
        "SeatStatusEnum": "jury.models.SeatStatus",
        "ClauseAnswerEnum": "jury.models.ClauseAnswer",
        "QueueEnum": "office.api.serializers.QUEUE_KEYS",
        "PeriodStatusEnum": "sharing.models.PeriodStatus",
        "PayerEnum": "sharing.models.Payer",
        "SharingEventTypeEnum": "sharing.models.SharingEventType",
        "ShutdownStatusEnum": "winddown.models.ShutdownStatus",
    },
    # A choice field that may be blank (a claim not yet decided has decision "") is
    # documented as the enum or "": a client's validator must accept what we send.
    "ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.postprocess_error_responses",
    ],
}
