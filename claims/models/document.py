import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from claims.states import DocumentKind


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
