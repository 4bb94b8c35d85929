import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from claims.states import DocumentKind
from core.models import AppendOnlyModel


def document_path(instance: "ClaimDocument", filename: str) -> str:
    """A random name: the uploaded file name is kept as data, never used as a path."""
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
    return f"claim-documents/{uuid.uuid4().hex}.{extension.get(instance.content_type, 'bin')}"


class ClaimDocument(models.Model):
    """A medical record, report or other evidence, attached to a draft and then its claim."""

    #: Set by the document services when the upload was the same file as one on record.
    already_there = False

    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    draft = models.ForeignKey(
        "claims.ClaimDraft",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("claim document")
        verbose_name_plural = _("claim documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(claim__isnull=False) | Q(draft__isnull=False),
                name="document_belongs_somewhere",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def owner_account_id(self) -> int:
        """The account the document belongs to: its claim's member's, or its draft's."""
        if self.claim is not None:
            return self.claim.member.account_id
        if self.draft is not None:
            return self.draft.account_id
        raise ValueError(f"document {self.pk} is on neither a claim nor a draft")


class ReaderRole(models.TextChoices):
    """The role a staff reader held when they opened a document (the highest first)."""

    ADMINISTRATOR = "administrator", _("administrator")
    REVIEWER = "reviewer", _("reviewer")
    INVESTIGATOR = "investigator", _("investigator")
    FINANCE = "finance", _("finance")
    OPERATOR = "operator", _("operator")
    STAFF = "staff", _("staff member")


class DocumentRead(AppendOnlyModel):
    """A member of staff opened a medical document: who, which, when. Append-only.

    Written by ``document_read_record`` before the file is served; on PostgreSQL a
    trigger refuses UPDATE and DELETE as well. The claimant sees these on the claim page
    (by role and staff number); their own reads are not recorded.
    """

    document = models.ForeignKey(ClaimDocument, on_delete=models.PROTECT, related_name="reads")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reader_role = models.CharField(_("role"), max_length=20, choices=ReaderRole.choices)
    read_at = models.DateTimeField(_("read at"))

    class Meta:
        ordering = ["-read_at", "-id"]
        verbose_name = _("document read")
        verbose_name_plural = _("document reads")
        indexes = [models.Index(fields=["document", "-read_at"], name="document_read_recent")]

    def __str__(self) -> str:
        return f"document {self.document_id} read by {self.reader_id} at {self.read_at}"

    @property
    def staff_number(self) -> str:
        """How the claimant names the reader: a number, not the person's name."""
        return staff_number(self.reader_id)


def staff_number(user_id: int) -> str:
    return f"S{user_id:05d}"
