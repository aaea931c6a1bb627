"""Portfolio structure: portfolios > programmes > projects, and the strategic objectives they serve."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jalon.accounts.history import audit_trail
from jalon.engine.limits import FIRST_DATE, LAST_DATE

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: The dates a plan may hold (``jalon.engine.limits``), for every date field of a plan.
SUPPORTED_DATES = [
    MinValueValidator(FIRST_DATE, message=_("Dates before %(limit_value)s are not supported.")),
    MaxValueValidator(LAST_DATE, message=_("Dates after %(limit_value)s are not supported: the "
                                           "schedule would run past the calendars (year 2200).")),
]

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    _("Use letters, digits, dots, dashes and underscores only, starting with a letter or digit."),
)


class LiveManager(models.Manager[Any]):
    """The rows that are not in the trash: every page, list, figure and the API read these.

    The default manager of portfolios, programmes and projects, so that a trashed object is
    gone everywhere as if deleted; ``all_objects`` reads the trash too. Forward relations
    (``task.project``) use the base manager and still reach a trashed project: only its own
    pages would show it, and they answer 404.
    """

    def get_queryset(self) -> models.QuerySet[Any]:
        return super().get_queryset().filter(deleted_at__isnull=True)


class Trashable(models.Model):
    """What the trash needs of a portfolio, programme or project (``jalon.portfolios.trash``).

    ``deleted_at`` is when it went to the trash; what went with a parent carries the parent's
    very moment, which is how a restore knows what comes back with it. A code stays taken while
    its owner is in the trash (restore it or delete it for good to use it again).
    """

    deleted_at = models.DateTimeField(_("moved to the trash at"), null=True, blank=True,
                                      editable=False, db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        editable=False, related_name="+", verbose_name=_("moved to the trash by"))

    #: What a new object is told when its code belongs to one in the trash.
    code_in_trash: StrOrPromise = ""

    # The first manager is the default one: it must be the one that hides the trash.
    objects = LiveManager()
    all_objects = models.Manager()  # noqa: DJ012 (ruff takes a second manager for a field)

    class Meta:
        abstract = True

    def validate_unique(self, exclude: Collection[str] | None = None) -> None:
        # Django checks uniqueness through the default manager, which does not see the trash.
        super().validate_unique(exclude)
        if exclude and "code" in exclude:
            return
        in_trash = type(self).all_objects.filter(deleted_at__isnull=False).exclude(pk=self.pk)
        if in_trash.filter(**{"code": getattr(self, "code", None)}).exists():  # each has a code
            raise ValidationError({"code": self.code_in_trash})


class Portfolio(Trashable):
    """A collection of programmes and projects steered together toward strategic objectives."""

    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = audit_trail(excluded=["created_at"])

    code_in_trash = _("A portfolio with this code is in the trash: restore it or delete it for "
                      "good first.")

    class Meta:
        ordering = ["code"]
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class StrategicObjective(models.Model):
    """A goal of the organisation that projects of a portfolio serve."""

    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("portfolio")
    )
    code = models.CharField(_("code"), max_length=30, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["portfolio", "code"]
        verbose_name = _("strategic objective")
        verbose_name_plural = _("strategic objectives")
        constraints = [
            models.UniqueConstraint(fields=["portfolio", "code"], name="objective_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Programme(Trashable):
    """A group of related projects inside a portfolio, managed together for shared benefits."""

    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.CASCADE, related_name="programmes", verbose_name=_("portfolio")
    )
    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_programmes",
        verbose_name=_("programme manager"),
    )

    history = audit_trail()

    code_in_trash = _("A programme with this code is in the trash: restore it or delete it for "
                      "good first.")

    class Meta:
        ordering = ["code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Project(Trashable):
    """A temporary endeavour with a plan, a team and a budget.

    It belongs to a programme or directly to a portfolio; ``portfolio`` is always set (to the
    programme's portfolio when there is one), so that permissions and roll-ups follow one path.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        IN_PROGRESS = "in_progress", _("In progress")
        ON_HOLD = "on_hold", _("On hold")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.PROTECT, related_name="projects", verbose_name=_("portfolio")
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("programme"),
    )
    sponsor = models.CharField(_("sponsor"), max_length=200, blank=True)
    project_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_projects",
        verbose_name=_("project manager"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        default=500,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
        help_text=_("0 (lowest) to 1000 (highest), as in MS Project."),
    )
    methodology = models.CharField(_("methodology"), max_length=100, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True,
                                     validators=SUPPORTED_DATES)
    status_date = models.DateField(_("status date"), null=True, blank=True,
                                   validators=SUPPORTED_DATES)
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="EUR",
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code."))],
    )
    calendar = models.ForeignKey(
        "calendars.Calendar",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("calendar"),
    )
    retained_logic = models.BooleanField(
        _("retained logic"),
        default=True,
        help_text=_(
            "Out-of-sequence progress: the remaining work of a task started early still waits "
            "for its predecessors (retained logic); unticked, it goes on at once (progress "
            "override)."
        ),
    )
    constraints_before_start = models.BooleanField(
        _("constraints may start tasks before the project start"),
        default=False,
        help_text=_(
            "As MS Project: a task constrained to start (or finish) no earlier than a date before "
            "the project start is scheduled on that date. Set on projects imported from MS "
            "Project; unticked, no task starts before the project start."
        ),
    )
    objectives = models.ManyToManyField(
        StrategicObjective, blank=True, related_name="projects", verbose_name=_("objectives")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Raised by every change: an edit made on an older version is refused."))

    history = audit_trail(excluded=["created_at", "updated_at", "version"])

    code_in_trash = _("A project with this code is in the trash: restore it or delete it for "
                      "good first.")

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def clean(self) -> None:
        if (self.programme is not None and self.portfolio_id
                and self.programme.portfolio_id != self.portfolio_id):
            raise ValidationError(
                {"programme": _("The programme belongs to another portfolio.")}
            )


class InputsVersion(models.Model):
    """How many times what a project's figures are computed from has changed (its plan, costs,
    time, risks, the pool it draws on): stored results of an older version are out of date.

    Kept apart from :class:`Project` so that saving a project object read earlier can never put
    an older number back. No row means version 0.
    """

    project = models.OneToOneField(Project, on_delete=models.CASCADE, primary_key=True,
                                   related_name="inputs", verbose_name=_("project"))
    version = models.PositiveBigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("inputs version")
        verbose_name_plural = _("inputs versions")

    def __str__(self) -> str:
        return f"{self.project_id} v{self.version}"


class ProjectResult(models.Model):
    """A figure of a project computed from its inputs — its schedule, its loading of the pool,
    its performance — kept until the inputs change, so that pages read it instead of computing
    it again (``jalon.portfolios.results``).

    ``key`` records what it was computed from: the revision of the computation and the inputs
    version of the project and of every project it depends on (those linked to it). A result
    whose key differs from the current one is out of date and is computed again when read.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="results",
                                verbose_name=_("project"))
    kind = models.CharField(_("kind"), max_length=30)
    key = models.CharField(_("computed from"), max_length=2000)
    data = models.JSONField(_("data"))
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("stored result")
        verbose_name_plural = _("stored results")
        constraints = [models.UniqueConstraint(fields=["project", "kind"],
                                               name="project_result_unique_kind")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.kind}"

