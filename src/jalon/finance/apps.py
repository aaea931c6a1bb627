from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "jalon.finance"
    label = "finance"
    verbose_name = _("Money and performance")

    def ready(self) -> None:
        # The portfolio Gantt colours each project by its overall status (portfolios.figures).
        from jalon.finance.selectors import overall_statuses
        from jalon.portfolios.figures import provide

        provide("rag", overall_statuses)
