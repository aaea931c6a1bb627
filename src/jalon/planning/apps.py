from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "jalon.planning"
    label = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        # The portfolio pages show their projects' dates, which the plans give (portfolios.figures).
        # A project whose plan cannot be scheduled gives its reason instead (``.reason``).
        from jalon.planning.selectors import finishes_for
        from jalon.portfolios.figures import provide

        provide("schedule", finishes_for)
