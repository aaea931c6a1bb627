"""Forms of the document libraries (pages and the API's multipart upload); each cleans into
one service's keyword arguments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from jalon.accounts import permissions as perms
from jalon.documents import selectors, uploads
from jalon.documents.generation import FORMATS
from jalon.documents.models import Category, Template
from jalon.errors import ValidationFailed
from jalon.governance.models import Gate, ProjectDocument
from jalon.web.forms import choose_from


def _received(file: UploadedFile | None) -> uploads.Upload | None:
    """The file read, unless it is over the size limit (refused before it is read)."""
    if file is None:
        return None
    try:
        return uploads.from_file(file)
    except ValidationFailed as exc:
        raise forms.ValidationError(exc.message) from None


class DocumentForm(forms.Form):
    """For ``document_create``: a new document of a library with its first file; a project's
    document may stand for a deliverable of its phases and go with a gate."""

    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices,
                                 initial=Category.OTHER, required=False)
    description = forms.CharField(label=_("Description"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label=_("File"))
    deliverable = forms.ModelChoiceField(
        label=_("Deliverable"), required=False, queryset=ProjectDocument.objects.none(),
        help_text=_("The document of a phase it stands for: approving it approves that."))
    gate = forms.ModelChoiceField(label=_("Stage gate"), required=False,
                                  queryset=Gate.objects.none())

    def __init__(self, *args: Any, scope: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if perms.scope_level(scope) == "project":
            choose_from(self, "deliverable",
                        ProjectDocument.objects.filter(phase__project=scope)
                        .select_related("phase").order_by("phase__position", "pk"))
            choose_from(self, "gate", Gate.objects.filter(phase__project=scope))
        else:
            del self.fields["deliverable"], self.fields["gate"]

    def clean_file(self) -> uploads.Upload | None:
        return _received(self.cleaned_data.get("file"))

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["upload"] = data.pop("file")
        data["category"] = data["category"] or Category.OTHER
        return data


class VersionForm(forms.Form):
    """For ``version_add``."""

    file = forms.FileField(label=_("File"))

    def clean_file(self) -> uploads.Upload | None:
        return _received(self.cleaned_data.get("file"))


class SubmitForm(forms.Form):
    """For ``document_submit``: the approvers, by default the project's board."""

    approvers = forms.ModelMultipleChoiceField(
        label=_("Approvers"), required=False, queryset=get_user_model().objects.none(),
        help_text=_("Without any, the holders of the project's approving roles (its board)."))

    def __init__(self, *args: Any, scope: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["approvers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = selectors.approver_choices(scope=scope)

    def service_arguments(self) -> dict[str, Any]:
        return {"approvers": list(self.cleaned_data["approvers"]) or None}


class ReviewForm(forms.Form):
    """For ``document_approve`` and ``document_return`` (which needs the comment)."""

    comment = forms.CharField(label=_("Comment"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class GenerateForm(forms.Form):
    """For ``document_generate``."""

    template = forms.ChoiceField(label=_("Document"), choices=Template.choices)
    file_format = forms.ChoiceField(label=_("Format"), initial="docx",
                                    choices=[(f, f.upper()) for f in FORMATS])
    deliverable = forms.ModelChoiceField(label=_("Deliverable"), required=False,
                                         queryset=ProjectDocument.objects.none())

    def __init__(self, *args: Any, project: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "deliverable", ProjectDocument.objects.filter(phase__project=project))
