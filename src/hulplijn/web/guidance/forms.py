"""A mini-survey as a form: one question per field, five described answers each."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hulplijn.core.survey import Survey
from hulplijn.core.text import pick


class SurveyForm(forms.Form):
    def __init__(self, *args, survey: Survey, language: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        for question in survey.questions:
            self.fields[question.code] = forms.TypedChoiceField(
                label=pick(language, question.text, question.text_en),
                choices=[(a.score, pick(language, a.label, a.label_en)) for a in question.anchors],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose one answer.")},
            )
