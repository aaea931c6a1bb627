from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RaidConfig(AppConfig):
    name = "jalon.raid"
    label = "raid"
    verbose_name = _("Decisions, assumptions and dependencies")
