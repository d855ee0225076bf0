"""Upload forms: files are read in memory and never stored (``hulplijn.web.uploads``: a file
over the limit arrives as an OversizedUpload, its size without its content, and is refused here
beside its field)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [single(item, initial) for item in files]
        limit = settings.HULPLIJN_MAX_UPLOAD_BYTES
        for upload in cleaned:
            if upload.size > limit or getattr(upload, "oversized", False):
                raise forms.ValidationError(
                    _("%(name)s is too large (at most %(limit)s).")
                    % {"name": upload.name, "limit": filesizeformat(limit)},
                    code="too_large",
                )
        return cleaned


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.HULPLIJN_MAX_UPLOAD_BYTES
        if upload.size > limit or getattr(upload, "oversized", False):
            raise forms.ValidationError(
                _("The file is too large (%(size)s; at most %(limit)s).")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        return upload


class AnnualAccountsForm(UploadForm):
    file = forms.FileField(
        label=_("Annual accounts (XBRL)"),
        help_text=_(
            "The XBRL file of the annual accounts your firm filed at the KVK (.xbrl, "
            ".xhtml or a .zip with one of those). Ask your accountant if you do not "
            "have it. The file is read once and not kept."
        ),
    )


class StatementsForm(forms.Form):
    files = MultipleFileField(
        label=_("Bank statements (MT940 or CAMT.053)"),
        help_text=_(
            "Export the statements of every business account for the months of the "
            "round from your internet banking, as MT940 (.sta, .940, .txt) or "
            "CAMT.053 (.xml), or a .zip of such files. The files are read once and not kept."
        ),
        widget=MultipleFileInput(),
    )


class BatchForm(UploadForm):
    file = forms.FileField(
        label=_("CSV file with firms"),
        help_text=_(
            "One row per firm, with the columns of the template. The file is kept until it "
            "has been assessed, then deleted."
        ),
    )
