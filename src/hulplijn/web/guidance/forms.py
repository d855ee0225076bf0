"""A mini-survey as a form: one question per field, five described answers each."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hulplijn.core.survey import Survey


class SurveyForm(forms.Form):
    def __init__(self, *args, survey: Survey, english: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for question in survey.questions:
            self.fields[question.code] = forms.TypedChoiceField(
                label=question.text_en if english else question.text,
                choices=[(a.score, a.label_en if english else a.label) for a in question.anchors],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose one answer.")},
            )
