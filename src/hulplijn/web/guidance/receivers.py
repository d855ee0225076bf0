"""What the guidance app does when the assessments app announces something (it does not know
this app: docs/decisions/0019-app-layers.md)."""

from __future__ import annotations

from django.dispatch import receiver

from hulplijn.web.assessments import signals
from hulplijn.web.guidance.models import SurveyResponse


@receiver(signals.carried_over, dispatch_uid="hulplijn-guidance-carry-surveys")
def carry_surveys(sender, assessment, source, **kwargs) -> None:
    """The owner's survey answers of the assessment the new one was filled in from, copied to
    the new one (the owner changes them there; the earlier assessment keeps its own)."""
    SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(assessment=assessment, survey=r.survey, answers=r.answers)
            for r in SurveyResponse.objects.filter(assessment=source)
        ],
        ignore_conflicts=True,
    )
