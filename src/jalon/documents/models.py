"""Document libraries: a project's, a programme's or a portfolio's documents, each with its
uploaded versions and the approvals of its reviews.

Files go through Django's storage API under a generated name (``documents/<random>.<ext>``);
the name the user gave is kept only to be shown and sent back in the download's header.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Category(models.TextChoices):
    """What a document is, as a PMO files it."""

    MANAGEMENT = "management", _("Management product")
    SPECIFICATION = "specification", _("Specification")
    CONTRACT = "contract", _("Contract")
    REPORT = "report", _("Report")
    MINUTES = "minutes", _("Minutes")
    OTHER = "other", _("Other")


class Template(models.TextChoices):
    """The documents Jalon writes from a project's data."""

    CHARTER = "charter", _("Project charter (PID)")
    BUSINESS_CASE = "business_case", _("Business case")


class Document(models.Model):
    """A document of a library: exactly one of project, programme or portfolio holds it.

    Its status follows its reviews: draft (or returned) until submitted, in review until every
    approver named for the latest version has approved (approved) or one has returned it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    project = models.ForeignKey("portfolios.Project", on_delete=models.CASCADE, null=True,
                                blank=True, related_name="library", verbose_name=_("project"))
    programme = models.ForeignKey("portfolios.Programme", on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="library",
                                  verbose_name=_("programme"))
    portfolio = models.ForeignKey("portfolios.Portfolio", on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="library",
                                  verbose_name=_("portfolio"))
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices,
                                default=Category.OTHER)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              related_name="+", verbose_name=_("owner"))
    deliverable = models.ForeignKey(
        "governance.ProjectDocument", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="library", verbose_name=_("deliverable"),
        help_text=_("The document of a phase that this one is: approving it approves that."))
    gate = models.ForeignKey("governance.Gate", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="library", verbose_name=_("stage gate"))
    template = models.CharField(_("generated from"), max_length=20, blank=True,
                                choices=Template.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    return_comment = models.TextField(_("why it was returned"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [models.CheckConstraint(
            condition=(models.Q(project__isnull=False, programme=None, portfolio=None)
                       | models.Q(project=None, programme__isnull=False, portfolio=None)
                       | models.Q(project=None, programme=None, portfolio__isnull=False)),
            name="document_one_scope")]

    def __str__(self) -> str:
        return self.title

    @property
    def scope(self) -> Any:
        """The project, programme or portfolio whose library holds it."""
        return self.project or self.programme or self.portfolio


def stored_name(version: DocumentVersion, filename: str) -> str:
    """A name of Jalon's making: nothing of the user's file name reaches the storage but its
    extension, already checked against the allow-list."""
    extension = filename.rpartition(".")[2].lower()
    return f"documents/{secrets.token_hex(16)}.{extension}"


class DocumentVersion(models.Model):
    """One uploaded (or generated) file of a document; a new one never replaces the others."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions",
                                 verbose_name=_("document"))
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=stored_name, max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [models.UniqueConstraint(fields=["document", "number"],
                                               name="document_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class Approval(models.Model):
    """An approver's part in the review of a version: pending, approved or returned."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Awaited")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE,
                                related_name="approvals", verbose_name=_("version"))
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="+", verbose_name=_("approver"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices,
                                default=Decision.PENDING)
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "pk"]
        verbose_name = _("document approval")
        verbose_name_plural = _("document approvals")

    def __str__(self) -> str:
        return f"{self.version} · {self.approver}"
