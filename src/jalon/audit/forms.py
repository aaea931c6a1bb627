"""The history's filters, one form for the History tab and ``GET /projects/{id}/history``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jalon.audit.kinds import KINDS
from jalon.audit.selectors import kind_choices
from jalon.portfolios.models import SUPPORTED_DATES, Project
from jalon.web.forms import DateInput


def _every_kind() -> list[tuple[str, Any]]:
    return [(kind.key, kind.label) for kind in KINDS]


class HistoryFilters(forms.Form):
    """What, who and when: the kinds the user may read, a person who made changes, the days
    from and until (inclusive). Each cleans into ``audit.selectors.project_history``'s keyword
    arguments (``filters()``)."""

    # every kind, as the API documents it; each reader is offered those they may read
    kind = forms.ChoiceField(label=_("Object"), required=False, choices=_every_kind)
    # a number, offered as a list of the people who made the changes (``show_authors``)
    user = forms.IntegerField(label=_("Changed by"), required=False, min_value=1,
                              widget=forms.Select)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput(),
                            validators=SUPPORTED_DATES)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput(),
                            validators=SUPPORTED_DATES)

    def __init__(self, data: Any = None, *, user: Any, project: Project,
                 authors: list[tuple[int, str]] | None = None) -> None:
        super().__init__(data)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", _("Everything")), *kind_choices(user=user, project=project)]
        self.show_authors(authors or [])

    def show_authors(self, authors: list[tuple[int, str]]) -> None:
        """Offer the people who made changes, known once the history is read; any person's
        key is accepted, and matches nothing when they made none."""
        self.fields["user"].widget.choices = [("", _("Anyone")), *authors]

    def filters(self) -> dict[str, Any]:
        """The cleaned filters as ``project_history``'s keyword arguments."""
        data = self.cleaned_data
        return {"kinds": [data["kind"]] if data.get("kind") else [], "author": data.get("user"),
                "since": data.get("since"), "until": data.get("until")}
