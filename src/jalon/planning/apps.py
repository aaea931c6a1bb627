from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "jalon.planning"
    label = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        # The portfolio pages show their projects' dates, which the plans give (portfolios.figures).
        from jalon.planning.selectors import schedules_for
        from jalon.portfolios.figures import provide

        provide("schedule", schedules_for)
