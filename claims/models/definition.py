"""Versioned critical-illness definitions (重大疾病定义) as data."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class DefinitionSet(models.Model):
    """A version of the definitions (e.g. the 2020 industry standard), in force for a time.

    A claim is judged against the set in force on its diagnosis date.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    in_force_from = models.DateField(_("in force from"))
    in_force_to = models.DateField(_("in force to (included)"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported at"))
    facts = models.JSONField(
        _("words for the facts"),
        default=dict,
        blank=True,
        help_text=_(
            "Each fact's label, and its choices' labels, in Chinese and English: how pages "
            "say what the investigator found (claims.definitions.wording)."
        ),
    )

    class Meta:
        ordering = ["-in_force_from", "code"]
        verbose_name = _("definition set")
        verbose_name_plural = _("definition sets")
        constraints = [
            models.CheckConstraint(
                condition=Q(in_force_to__isnull=True)
                | Q(in_force_to__gte=models.F("in_force_from")),
                name="definition_set_period",
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "").startswith("en") else self.title_zh


class Severity(models.TextChoices):
    SEVERE = "severe", _("Severe")
    MILD = "mild", _("Mild")


class ConditionDefinition(models.Model):
    """One condition of a set: its names, the plans that cover it, its share of the benefit,
    and its criteria tree (claims.definitions.criteria)."""

    definition_set = models.ForeignKey(
        DefinitionSet,
        on_delete=models.PROTECT,
        related_name="conditions",
        verbose_name=_("definition set"),
    )
    code = models.SlugField(_("code"), max_length=60)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    benefit_share = models.DecimalField(
        _("share of the benefit"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        # xgettext:no-python-format
        help_text=_("Mild conditions pay at most 30% of the severe amount."),
    )
    plans = models.ManyToManyField(
        "members.Plan", related_name="conditions", verbose_name=_("plans")
    )
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    criteria = models.JSONField(_("criteria"))

    class Meta:
        ordering = ["definition_set", "id"]
        verbose_name = _("condition definition")
        verbose_name_plural = _("condition definitions")
        constraints = [
            models.UniqueConstraint(fields=["definition_set", "code"], name="condition_per_set"),
            models.CheckConstraint(
                condition=Q(benefit_share__gt=0, benefit_share__lte=1),
                name="condition_share_range",
            ),
            models.CheckConstraint(
                condition=~Q(severity="mild") | Q(benefit_share__lte=Decimal("0.30")),
                name="mild_pays_at_most_30_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition_set.code}/{self.code}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh

    @property
    def description(self) -> str:
        return (
            self.description_en if (get_language() or "").startswith("en") else self.description_zh
        )
