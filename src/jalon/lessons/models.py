"""Lessons learned: what happened on a project, its effect and what to do next time, tagged
so that other projects find it (phase, category, method, sector), and the marks of readers who
found a suggested lesson useful."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jalon.accounts.history import audit_trail


class Lesson(models.Model):
    """A lesson learned on a project, at one of its stage gates or at its closure."""

    class Impact(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEGATIVE = "negative", _("Negative")

    class Category(models.TextChoices):
        SCOPE = "scope", _("Scope")
        SCHEDULE = "schedule", _("Schedule")
        COST = "cost", pgettext_lazy("lesson category", "Cost")
        QUALITY = "quality", _("Quality")
        RESOURCES = "resources", _("Resources")
        RISK = "risk", pgettext_lazy("lesson category", "Risk")
        STAKEHOLDERS = "stakeholders", _("Stakeholders")
        PROCUREMENT = "procurement", _("Procurement")
        TECHNICAL = "technical", _("Technical")
        GOVERNANCE = "governance", _("Governance")

    class Method(models.TextChoices):
        PMBOK = "pmbok", _("PMBOK (PMP)")
        PRINCE2 = "prince2", _("PRINCE2")
        AGILEPM = "agilepm", _("AgilePM")
        HYBRID = "hybrid", _("Hybrid")

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE,
                                related_name="lessons", verbose_name=_("project"))
    gate = models.ForeignKey("governance.Gate", on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="lessons", verbose_name=_("stage gate"),
                             help_text=_("Empty: recorded at the project's closure."))
    title = models.CharField(_("title"), max_length=200)
    what_happened = models.TextField(_("what happened"))
    impact = models.CharField(_("impact"), max_length=10, choices=Impact.choices,
                              default=Impact.NEGATIVE)
    recommendation = models.TextField(_("recommendation"), blank=True)
    phase = models.CharField(_("phase"), max_length=50, blank=True,
                             help_text=_("The phase of the methodology the lesson comes from."))
    category = models.CharField(_("category"), max_length=15, choices=Category.choices)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, blank=True)
    sector = models.CharField(_("sector"), max_length=60, blank=True,
                              help_text=_("The line of business: construction, IT, "
                                          "manufacturing…"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("author"))
    recorded_on = models.DateField(_("recorded on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = audit_trail(excluded=["created_at", "updated_at"])

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")

    def __str__(self) -> str:
        return self.title

    @property
    def text(self) -> str:
        """The words the suggestions compare with a project's."""
        return " ".join((self.title, self.what_happened, self.recommendation))


class UsefulMark(models.Model):
    """A reader found a lesson useful for a project: suggestions rank lessons marked useful
    more often higher."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="useful_marks",
                               verbose_name=_("lesson"))
    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("project"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+", verbose_name=_("user"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("useful mark")
        verbose_name_plural = _("useful marks")
        constraints = [models.UniqueConstraint(fields=["lesson", "project", "user"],
                                               name="useful_mark_unique")]

    def __str__(self) -> str:
        return f"{self.lesson} · {self.project}"
