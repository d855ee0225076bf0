"""The owner's answer per measure on the dashboard (one query per page, not per measure)."""

from django import template

from hulplijn.web.guidance.models import MeasureUptake

register = template.Library()


@register.simple_tag
def uptake(stored, measure: str) -> dict:
    """{'current': status or None, 'label': its label, 'choices': [(value, label), ...]}."""
    cache = getattr(stored, "_uptake_by_measure", None)
    if cache is None:
        cache = dict(
            MeasureUptake.objects.filter(assessment=stored).values_list("measure", "status")
        )
        stored._uptake_by_measure = cache
    current = cache.get(measure)
    labels = dict(MeasureUptake.Status.choices)
    return {
        "current": current,
        "label": labels.get(current, ""),
        "choices": MeasureUptake.Status.choices,
    }
