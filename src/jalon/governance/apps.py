from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "jalon.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # The project service (portfolios, below) sets a new project up from a pack or a saved
        # template through portfolios.methods (docs/decisions/project-methodology.md), and the
        # portfolio page lists the open tolerance exceptions through portfolios.figures.
        from jalon.governance.project_templates import project_from_template
        from jalon.governance.selectors import (
            methodology_choices,
            open_exceptions_of,
            template_choices,
        )
        from jalon.governance.services import project_start
        from jalon.governance.tasks import check_projects
        from jalon.portfolios.after_change import listen
        from jalon.portfolios.figures import provide as provide_figure
        from jalon.portfolios.methods import Methods, provide

        provide(Methods(choices=methodology_choices, start=project_start,
                        templates=template_choices, from_template=project_from_template))
        provide_figure("exceptions", open_exceptions_of)
        # A change that moves a forecast (a longer task, a new cost) has its projects checked
        # against their tolerances by the worker as soon as it commits.
        listen("tolerances", check_projects.enqueue)
