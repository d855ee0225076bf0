"""A scenario's macro assumptions (``hulplijn.plan.macro.MacroAssumptions``): an empty field keeps
macro.yaml's value."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from hulplijn.reference import params
from hulplijn.web.cockpit.forms.fields import NumberField, show_number
from hulplijn.web.cockpit.services.common import in_language
from hulplijn.web.cockpit.services.macro import macro_assumptions, macro_defaults

MACRO_BOUNDS: dict[str, tuple[float | None, float | None]] = {
    "value_added_2018": (1, 10_000),
    "growth_2019": (-0.5, 0.5),
    "baseline_change_2019_2021": (-0.9, 1),
    "baseline_growth_2021": (-0.5, 0.5),
    "baseline_growth_after_2021": (-0.5, 0.5),
    "jobs_2019": (1, 100_000_000),
    "baseline_jobs_change_2019_2021": (-0.9, 1),
    "mlt_growth_to_2021": (-0.5, 0.5),
    "mlt_growth_2022_2025": (-0.5, 0.5),
    "koplopers_value_added_share": (0, 1),
    "peloton_percentiles": (0, 100),
    "peloton_value_added_gain": (0, 1),
    "peloton_start": (2019, 2030),
    "peloton_end": (2019, 2031),
    "peloton_ramp_factor": (0.01, 100),
    "government_share": (0, 1),
}
MACRO_BY_YEAR = ("extra_job_growth", "koplopers_productivity_growth")
MACRO_FIXED = ("first_year", "last_year")


def macro_labels() -> dict[str, dict[str, str]]:
    """label (in the page's language) and unit of each macro assumption (macro.yaml)."""
    data = params.macro_parameters()
    return {
        name: {
            "label": in_language(spec, "label"),
            "unit": in_language(spec, "unit") or "",
        }
        for name, spec in data.items()
    }


class MacroForm(forms.Form):
    """The knobs of ``hulplijn.plan.macro.MacroAssumptions``; an empty field keeps macro.yaml's
    value, and only what differs from it is stored."""

    prefix = "macro"

    def __init__(self, *args, overrides: Mapping[str, Any] | None = None, **kwargs):
        defaults = macro_defaults()
        initial: dict[str, Any] = {}
        for name, value in dict(overrides or {}).items():
            if name in MACRO_BY_YEAR:
                for year, rate in dict(value).items():
                    initial[f"{name}_{int(year)}"] = float(rate)
            elif name in defaults and name not in MACRO_FIXED:
                initial[name] = value
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        labels = macro_labels()

        def described(unit: str, default: Any) -> str:
            return _("%(unit)s; report: %(value)s") % {"unit": unit, "value": show_number(default)}

        for name, value in defaults.items():
            if name in MACRO_FIXED:
                continue
            label, unit = labels[name]["label"], labels[name]["unit"]
            if name in MACRO_BY_YEAR:
                for year, rate in sorted((int(y), r) for y, r in dict(value).items()):
                    self.fields[f"{name}_{year}"] = NumberField(
                        label=f"{label} {year}",
                        min_value=-0.5,
                        max_value=0.5,
                        required=False,
                        help_text=described(unit.split(",")[0], rate),
                    )
            elif name == "peloton_timing":
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=[
                        ("", _("As the report: %(value)s") % {"value": value}),
                        ("year_average", _("Average over the year (year_average)")),
                        ("year_end", _("Level at the end of the year (year_end)")),
                    ],
                )
            else:
                low, high = MACRO_BOUNDS.get(name, (None, None))
                self.fields[name] = NumberField(
                    label=label,
                    min_value=low,
                    max_value=high,
                    required=False,
                    help_text=described(unit, value),
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        defaults = macro_defaults()
        changed: dict[str, Any] = {}
        for name, default in defaults.items():
            if name in MACRO_FIXED:
                continue
            if name in MACRO_BY_YEAR:
                rates = {int(y): float(r) for y, r in dict(default).items()}
                given = {y: data.get(f"{name}_{y}") for y in rates}
                merged = {y: (rates[y] if v is None else v) for y, v in given.items()}
                if merged != rates:
                    changed[name] = merged
            elif data.get(name) not in (None, "") and data[name] != default:
                changed[name] = data[name]
        try:
            macro_assumptions(changed)
        except (ValueError, KeyError) as problem:
            text = str(problem).strip("'\"")
            field = next((n for n in self.fields if text.startswith(n)), None)
            self.add_error(
                field,
                _("These macro assumptions do not fit together: %(problem)s") % {"problem": text},
            )
            return data
        self.overrides = {
            name: ({str(y): r for y, r in value.items()} if name in MACRO_BY_YEAR else value)
            for name, value in changed.items()
        }
        return data
