"""The prioritisation page's form: the six criterion weights, the matrix's band edges and the
plan size, read from the query string."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hulplijn.plan import prioritisation
from hulplijn.web.cockpit.forms.fields import NumberField, show_number, whole
from hulplijn.web.cockpit.services.prioritisation import CRITERION_LABELS, report_rules

EDGES = (
    "impact_medium_from",
    "impact_high_from",
    "feasibility_medium_from",
    "feasibility_high_from",
)
MAX_WEIGHT = 100.0


def weight(name: str) -> NumberField:
    return NumberField(label=CRITERION_LABELS[name], min_value=0, max_value=MAX_WEIGHT)


def edge(label: str) -> NumberField:
    return NumberField(label=label, min_value=1, max_value=5)


class WeightsForm(forms.Form):
    """The six criterion weights and the matrix's band edges and plan size; read from the query
    string (a GET form), missing fields taking the report's values."""

    value_added = weight("value_added")
    limited_costs = weight("limited_costs")
    timely_impact = weight("timely_impact")
    executability = weight("executability")
    public_support = weight("public_support")
    speed_of_introduction = weight("speed_of_introduction")
    impact_medium_from = edge(gettext_lazy("Net impact 'medium' from"))
    impact_high_from = edge(gettext_lazy("Net impact 'high' from"))
    feasibility_medium_from = edge(gettext_lazy("Feasibility 'medium' from"))
    feasibility_high_from = edge(gettext_lazy("Feasibility 'high' from"))
    plan_size = whole(
        gettext_lazy("Measures in the plan (top)"), required=True, minimum=1, maximum=20
    )

    GROUPS = (
        (prioritisation.NET_IMPACT, gettext_lazy("net impact")),
        (prioritisation.FEASIBILITY, gettext_lazy("feasibility")),
    )

    def __init__(self, query: Mapping[str, str] | None = None, **kwargs):
        defaults = self.defaults()
        if query is not None and any(name in query for name in defaults):
            data = {name: show_number(value) for name, value in defaults.items()}
            data.update({k: query[k] for k in defaults if k in query})
            super().__init__(data, **kwargs)
        else:
            super().__init__(initial=defaults, **kwargs)
        for name in prioritisation.CRITERIA:
            self.fields[name].error_messages["min_value"] = _(
                "A weight cannot be negative; use 0 to leave the criterion out."
            )
            self.fields[name].error_messages["max_value"] = _(
                "Enter a weight of %(limit_value)s or less."
            )

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        """(legend, fields) for the template."""
        return [
            (_("Weights of net impact"), [self[n] for n in prioritisation.NET_IMPACT]),
            (_("Weights of feasibility"), [self[n] for n in prioritisation.FEASIBILITY]),
            (
                _("Band edges of the matrix and size of the plan"),
                [self[n] for n in (*EDGES, "plan_size")],
            ),
        ]

    @staticmethod
    def defaults() -> dict[str, Any]:
        rules = report_rules()
        values: dict[str, Any] = prioritisation.Criteria().as_dict()
        values.update({name: getattr(rules, name) for name in EDGES})
        values["plan_size"] = rules.plan_size
        return values

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for names, group in self.GROUPS:
            weights = [data.get(n) for n in names]
            if all(w is not None for w in weights) and sum(weights) <= 0:
                self.add_error(
                    names[0],
                    _(
                        "The weights of %(group)s add up to 0: give at least one of its three "
                        "criteria a weight above 0."
                    )
                    % {"group": group},
                )
        for axis in ("impact", "feasibility"):
            low, high = data.get(f"{axis}_medium_from"), data.get(f"{axis}_high_from")
            if low is not None and high is not None and high < low:
                self.add_error(
                    f"{axis}_high_from",
                    _("The edge of 'high' cannot lie below the edge of 'medium' (%(low)s).")
                    % {"low": show_number(low)},
                )
        if not self.errors:
            try:
                self._criteria = prioritisation.Criteria(
                    **{n: data[n] for n in prioritisation.CRITERIA}
                )
                self._rules = prioritisation.Rules(
                    **{n: data[n] for n in EDGES},
                    high_priority_cells=report_rules().high_priority_cells,
                    plan_size=data["plan_size"],
                )
            except ValueError as problem:  # the model's own check, should the form miss one
                raise forms.ValidationError(str(problem)) from None
        return data

    def criteria(self) -> prioritisation.Criteria:
        """The weights asked for, or the report's when the form is unbound or invalid."""
        if self.is_bound and self.is_valid():
            return self._criteria
        return prioritisation.Criteria()

    def rules(self) -> prioritisation.Rules:
        if self.is_bound and self.is_valid():
            return self._rules
        return report_rules()
