"""The form of the project import page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jalon.portfolios.models import Programme
from jalon.web.forms import choose_from

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class ProjectImportForm(forms.Form):
    """For ``interchange.read_upload`` then ``interchange.project_import``."""

    file = forms.FileField(
        label=_("Plan file"),
        help_text=_("MS Project XML (.xml), Jalon JSON or YAML (.json, .yaml), PSPLIB (.sm); "
                    "20 MB at most. Or a task list (.xlsx, .csv; 5 MB at most)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.json,.yaml,.yml,.sm,.xlsx,.csv"}),
    )
    code = forms.CharField(label=_("Code of the new project"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=200, required=False,
                           help_text=_("The file's project name when left empty."))
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False,
        empty_label=_("— directly in the portfolio —"),
        help_text=_("The programme of the portfolio the new project belongs to, if any."))

    def __init__(self, *args: Any, programmes: QuerySet[Programme] | None = None,
                 **kwargs: Any) -> None:
        """``programmes``: those a project imported into a portfolio may join; None when the
        import is into a programme already (the field is left out)."""
        super().__init__(*args, **kwargs)
        if programmes is None:
            del self.fields["programme"]
        else:
            choose_from(self, "programme", programmes)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                gettext("%(name)s is %(size)s MB: files are limited to 20 MB.")
                % {"name": upload.name, "size": f"{upload.size / 2**20:.1f}"})
        return upload


class TaskListImportForm(forms.Form):
    """For ``task_list_import.task_list_import``: the file; its size is limited where it is
    read (``jalon.tabular``), as for the cost import."""

    file = forms.FileField(
        label=_("Task list"),
        help_text=_("An XLSX workbook (its first sheet) or a CSV file, 5 MB and 10,000 rows at "
                    "most, with the columns of the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
