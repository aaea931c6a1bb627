from django.apps import AppConfig
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from jalon import i18n


class DjangoTranslator:
    """Engine and file-format messages in the language Django has active: the request's on a
    page or an API call, ``LANGUAGE_CODE`` in the task queue."""

    @property
    def language(self) -> str:
        return translation.get_language() or settings.LANGUAGE_CODE

    def gettext(self, message: str) -> str:
        return translation.gettext(message)


class WebConfig(AppConfig):
    name = "jalon.web"
    label = "web"
    verbose_name = _("Web pages")

    def ready(self) -> None:
        i18n.install(DjangoTranslator())
