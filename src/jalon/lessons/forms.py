"""The form of a lesson learned: cleans into ``lesson_create``'s or ``lesson_update``'s
keyword arguments; its phases and gates are the project's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jalon.governance.models import Gate
from jalon.lessons.models import Lesson
from jalon.portfolios.models import Project
from jalon.web.forms import DateInput


class LessonForm(forms.Form):
    """For ``lesson_create`` and ``lesson_update``."""

    title = forms.CharField(label=_("Title"), max_length=200)
    what_happened = forms.CharField(label=_("What happened"),
                                    widget=forms.Textarea(attrs={"rows": 4}))
    impact = forms.ChoiceField(label=_("Impact"), choices=Lesson.Impact.choices)
    recommendation = forms.CharField(label=_("Recommendation"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ChoiceField(label=_("Category"), choices=Lesson.Category.choices)
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=[])
    gate = forms.ModelChoiceField(label=_("Stage gate"), queryset=Gate.objects.none(),
                                  required=False, help_text=_("Empty: at the closure."))
    method = forms.ChoiceField(label=_("Method"), required=False,
                               choices=[("", "—"), *Lesson.Method.choices])
    sector = forms.CharField(label=_("Sector"), max_length=60, required=False)
    recorded_on = forms.DateField(label=_("Recorded on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gate"].queryset = (  # type: ignore[attr-defined]
            Gate.objects.filter(phase__project=project))
        self.fields["phase"].choices = [  # type: ignore[attr-defined]
            ("", "—"), *((p.key, p.name) for p in project.phases.all())]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # left empty, the service takes the date of the day
        if data.get("recorded_on") is None:
            data.pop("recorded_on", None)
        return data
