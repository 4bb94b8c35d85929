"""The qualification exam: its questions and each juror's sittings."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jury.models.jurors import Juror


class ExamTopic(models.TextChoices):
    JOINING = "joining", _("Joining rules")
    PAYOUT = "payout", _("Payout rules")
    ETHICS = "ethics", _("Juror ethics")


class ExamQuestion(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    topic = models.CharField(_("topic"), max_length=10, choices=ExamTopic.choices)
    text_zh = models.TextField(_("question (Chinese)"))
    text_en = models.TextField(_("question (English)"))
    choices = models.JSONField(_("choices"), help_text='[{"key": "a", "zh": "…", "en": "…"}]')
    answer = models.CharField(_("correct choice"), max_length=5)
    explanation_zh = models.TextField(blank=True)
    explanation_en = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["topic", "code"]
        verbose_name = _("exam question")
        verbose_name_plural = _("exam questions")

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "").startswith("en") else self.text_zh


class ExamSitting(models.Model):
    juror = models.ForeignKey(Juror, on_delete=models.PROTECT, related_name="sittings")
    questions = models.JSONField(default=list)
    answers = models.JSONField(default=dict, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    started_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("exam sitting")
        verbose_name_plural = _("exam sittings")
        constraints = [
            models.UniqueConstraint(
                fields=["juror"],
                condition=Q(submitted_at__isnull=True),
                name="one_open_sitting_per_juror",
            )
        ]

    def __str__(self) -> str:
        return f"sitting {self.pk} of juror {self.juror_id}"
