from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "jalon.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # The project service (portfolios, below) sets a new project up from a pack through
        # portfolios.methods (docs/decisions/project-methodology.md).
        from jalon.governance.selectors import methodology_choices
        from jalon.governance.services import project_start
        from jalon.portfolios.methods import Methods, provide

        provide(Methods(choices=methodology_choices, start=project_start))
