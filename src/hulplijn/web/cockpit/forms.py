"""Cockpit forms: the prioritisation weights (GET), a plan scenario with its macro assumptions
(POST) and the Monte Carlo settings (GET). Every check that the plan model makes itself is left
to it (``Criteria``, ``Rules``, ``hulplijn.plan.scenario.load`` / ``apply``,
``MacroAssumptions``); the forms add only what a field can say on its own (a number, a bound),
and turn the model's problems into sentences beside the field they concern.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

import yaml
from django import forms
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from hulplijn.core import numbers
from hulplijn.core.errors import Problem
from hulplijn.imports import safe_yaml
from hulplijn.plan import montecarlo, prioritisation
from hulplijn.plan import scenario as plan_scenario
from hulplijn.plan.measures import MEASURES
from hulplijn.reference import params
from hulplijn.web import number_fields
from hulplijn.web.cockpit import planning
from hulplijn.web.cockpit.models import Scenario

# --- numbers typed the Dutch or the English way -------------------------------------------------


def parse_number(text: str) -> float:
    """A number typed the way of the page's language (``hulplijn.core.numbers``): in Dutch
    '0,5', '100.000' (= 100000), '2.700.000,5'; in English '0.5', '100,000', '2,700,000.5'.
    Raises ``numbers.NumberError`` (a ValueError), which says how to write an ambiguous number
    such as '0.5' on a Dutch page."""
    return float(numbers.parse_number(text, get_language()))


show_number = number_fields.shown


class NumberField(number_fields.FloatNumberField):
    """A float typed the way of the page's language; an ambiguous one ('0.5' or '1,300,000' on
    a Dutch page) is refused with the way to write it (docs/reference/numbers.md)."""

    default_error_messages = {
        "invalid": gettext_lazy("Enter a number, such as 1 or 0,5."),
        "required": gettext_lazy("Enter a number."),
        "min_value": gettext_lazy("Enter %(limit_value)s or more."),
        "max_value": gettext_lazy("Enter %(limit_value)s or less."),
    }


def whole(
    label,
    *,
    required: bool = False,
    minimum: int | None = None,
    maximum: int | None = None,
    help_text: str = "",
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=minimum,
        max_value=maximum,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": gettext_lazy("Enter a whole number."),
            "required": gettext_lazy("Enter a whole number."),
            "min_value": gettext_lazy("Enter %(limit_value)s or more."),
            "max_value": gettext_lazy("Enter %(limit_value)s or less."),
        },
    )


# --- prioritisation ----------------------------------------------------------------------------

CRITERION_LABELS = {
    "value_added": gettext_lazy("Contribution to value added"),
    "limited_costs": gettext_lazy("Limited costs"),
    "timely_impact": gettext_lazy("Timely impact"),
    "executability": gettext_lazy("Executability"),
    "public_support": gettext_lazy("Public support"),
    "speed_of_introduction": gettext_lazy("Speed of introduction"),
}
EDGES = (
    "impact_medium_from",
    "impact_high_from",
    "feasibility_medium_from",
    "feasibility_high_from",
)
MAX_WEIGHT = 100.0


def report_rules() -> prioritisation.Rules:
    return prioritisation.Rules.from_mapping(params.prioritisation())


class WeightsForm(forms.Form):
    """The six criterion weights and the matrix's band edges and plan size; read from the query
    string (a GET form), missing fields taking the report's values."""

    value_added = NumberField(
        label=CRITERION_LABELS["value_added"], min_value=0, max_value=MAX_WEIGHT
    )
    limited_costs = NumberField(
        label=CRITERION_LABELS["limited_costs"], min_value=0, max_value=MAX_WEIGHT
    )
    timely_impact = NumberField(
        label=CRITERION_LABELS["timely_impact"], min_value=0, max_value=MAX_WEIGHT
    )
    executability = NumberField(
        label=CRITERION_LABELS["executability"], min_value=0, max_value=MAX_WEIGHT
    )
    public_support = NumberField(
        label=CRITERION_LABELS["public_support"], min_value=0, max_value=MAX_WEIGHT
    )
    speed_of_introduction = NumberField(
        label=CRITERION_LABELS["speed_of_introduction"], min_value=0, max_value=MAX_WEIGHT
    )
    impact_medium_from = NumberField(
        label=gettext_lazy("Net impact 'medium' from"), min_value=1, max_value=5
    )
    impact_high_from = NumberField(
        label=gettext_lazy("Net impact 'high' from"), min_value=1, max_value=5
    )
    feasibility_medium_from = NumberField(
        label=gettext_lazy("Feasibility 'medium' from"), min_value=1, max_value=5
    )
    feasibility_high_from = NumberField(
        label=gettext_lazy("Feasibility 'high' from"), min_value=1, max_value=5
    )
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


# --- plan scenarios ----------------------------------------------------------------------------

GENERAL_PARAMS = plan_scenario.GENERAL_PARAMS
PARAM_ROWS = 3


def _range_text(p: Any) -> str:
    if p.min == p.max:
        return show_number(p.min)
    return f"{show_number(p.min)}–{show_number(p.max)}"


def parameter_text(name: str, p: Any) -> str:
    """One parameter as the list shows it, with the baseline range. Dutch: its Dutch label with the
    YAML name in brackets and the Dutch unit ("bereik (firms_per_year): 8000–12000; bedrijven per
    jaar"); English: the YAML name with the English unit ("firms_per_year (8000–12000, firms per
    year)"), as plan_assumptions.yaml has no English labels."""
    unit_text = planning.in_language(p, "unit")
    label = getattr(p, "label", None)
    if planning.dutch() and label:  # a semicolon: the Dutch range has decimal commas
        return f"{label} ({name}): {_range_text(p)}{'; ' + unit_text if unit_text else ''}"
    return f"{name} ({_range_text(p)}{', ' + unit_text if unit_text else ''})"


def parameter_choices() -> list[tuple[str, Any]]:
    """'general.<name>' and '<measure id>.<name>', grouped by measure, with the baseline range."""
    plan = planning.assumptions()
    general = [
        (f"general.{name}", parameter_text(name, getattr(plan.general, name)))
        for name in GENERAL_PARAMS
    ]
    choices: list[tuple[str, Any]] = [("", _("(no parameter)")), (_("General"), general)]
    for measure_id, m in plan.measures.items():
        options = [
            (f"{measure_id}.{name}", parameter_text(name, m.params[name]))
            for name in MEASURES[m.key].params
        ]
        choices.append((planning.measure_label(measure_id), options))
    return choices


def parse_ramp(text: str) -> list[float]:
    """'0,5; 0,75; 1' or '0,5 0,75 1' on a Dutch page, '0.5; 0.75; 1' or '0.5, 1.0' on an
    English one; raises ValueError."""
    tokens = [t.rstrip(",") for t in re.split(r"[;\s]+", text.strip()) if t.rstrip(",")]
    if not tokens:
        raise ValueError(text)
    return [parse_number(t) for t in tokens]


def show_ramp(ramp: list[float]) -> str:
    return "; ".join(show_number(float(x)) for x in ramp)


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``; mappings merge key by key, anything else is replaced."""
    result = copy.deepcopy(dict(base))
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = deep_merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def problem_text(problem: Problem) -> str:
    """One problem of ``hulplijn.plan.scenario`` in the page's language, naming the key."""
    if problem.code == "extra_forbidden":  # this page shows the structure below the form
        message = _("unknown key (see the scenario structure below)")
        return f"{problem.path}: {message}" if problem.path else message
    return problem.line(get_language())


class ScenarioForm(forms.Form):
    """A named scenario: the baseline plus overrides, in the structure of
    ``hulplijn.plan.scenario`` (structured fields, plus that structure typed as YAML)."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    drop = forms.MultipleChoiceField(
        label=gettext_lazy("Measures left out"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    advanced = forms.CharField(
        label=gettext_lazy("Advanced: more overrides as YAML"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "Optional, in the structure of a scenario file (docs/reference/plan-model.md), e.g. "
            'measures: {"7": {duration_years: 3}}. It is applied on top of the fields above.'
        ),
    )

    def __init__(self, *args, instance: Scenario | None = None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs and not args:
            kwargs["initial"] = self.initial_from(
                instance.name, instance.description, instance.overrides
            )
        data = args[0] if args else kwargs.get("data")
        initial = kwargs.get("initial") or {}
        super().__init__(*args, **kwargs)
        plan = planning.assumptions()
        first, last = plan.general.first_year, plan.general.last_year
        self.fields["start_year"] = whole(
            _("Plan start year"),
            minimum=first,
            maximum=last,
            help_text=_(
                "The whole plan starts later: every measure's start year moves with it, unless "
                "set below. Empty: %(year)s, as the report."
            )
            % {"year": round(plan.general.start_year.mid)},
        )
        self.fields["drop"].choices = [(i, planning.measure_label(i)) for i in plan.measures]
        self.measure_fields: list[tuple[str, list[str]]] = []
        for measure_id, m in plan.measures.items():
            names = [f"start_{measure_id}", f"duration_{measure_id}", f"ramp_{measure_id}"]
            self.fields[names[0]] = whole(
                _("Start year"),
                minimum=first,
                maximum=last,
                help_text=_("Baseline: %(year)s") % {"year": m.start_year},
            )
            self.fields[names[1]] = whole(
                _("Duration in years"),
                minimum=1,
                maximum=last - first + 1,
                help_text=_("Baseline: %(years)s") % {"years": m.duration_years or _("to the end")},
            )
            self.fields[names[2]] = forms.CharField(
                label=_("Ramp (factor per year of the measure)"),
                required=False,
                max_length=200,
                help_text=_(
                    "Baseline: %(ramp)s. Separate factors with spaces or semicolons; the "
                    "last one holds."
                )
                % {"ramp": show_ramp(m.ramp)},
            )
            self.measure_fields.append((measure_id, names))
        count = PARAM_ROWS
        if data is not None:
            indexes = [int(k.split("_")[1]) for k in data if re.fullmatch(r"param_\d+", k)]
            count = max([count, *(i + 1 for i in indexes)])
        else:
            indexes = [int(k.split("_")[1]) for k in initial if re.fullmatch(r"param_\d+", k)]
            count = max([count, *(i + 2 for i in indexes)])
        count = min(count, 60)
        choices = parameter_choices()
        self.param_rows: list[list[str]] = []
        for i in range(count):
            names = [f"param_{i}", f"min_{i}", f"mid_{i}", f"max_{i}"]
            self.fields[names[0]] = forms.ChoiceField(
                label=_("Parameter %(n)s") % {"n": i + 1}, choices=choices, required=False
            )
            self.fields[names[1]] = NumberField(label=_("min (or the value)"), required=False)
            self.fields[names[2]] = NumberField(label=_("mid (optional)"), required=False)
            self.fields[names[3]] = NumberField(label=_("max (optional)"), required=False)
            self.param_rows.append(names)
        self.order_fields(["name", "description", "start_year", "drop"])

    # -- layout helpers for the template

    def measure_groups(self) -> list[dict[str, Any]]:
        groups = []
        for i, names in self.measure_fields:
            fields = [self[n] for n in names]
            used = any(f.errors or f.value() not in (None, "") for f in fields)
            groups.append(
                {"id": i, "label": planning.measure_label(i), "fields": fields, "open": used}
            )
        return groups

    def parameter_groups(self) -> list[list[forms.BoundField]]:
        return [[self[n] for n in names] for names in self.param_rows]

    # -- from stored overrides to fields and back

    @staticmethod
    def initial_from(name: str, description: str, overrides: Mapping[str, Any]) -> dict[str, Any]:
        """Fields for a stored scenario; what the fields cannot hold goes to the YAML field."""
        rest = copy.deepcopy(dict(overrides or {}))
        rest.pop("name", None)
        rest.pop("description", None)
        initial: dict[str, Any] = {"name": name, "description": description}
        if isinstance(rest.get("start_year"), int):
            initial["start_year"] = rest.pop("start_year")
        drop = [str(x) for x in rest.pop("drop", []) or []]
        rows: list[tuple[str, Any]] = []
        for pname, value in list((rest.get("general") or {}).items()):
            rows.append((f"general.{pname}", value))
            rest["general"].pop(pname)
        for measure_id, o in list((rest.get("measures") or {}).items()):
            o = o or {}
            mid_ = str(measure_id)
            if o.pop("drop", False) is True and mid_ not in drop:
                drop.append(mid_)
            if isinstance(o.get("start_year"), int):
                initial[f"start_{mid_}"] = o.pop("start_year")
            if isinstance(o.get("duration_years"), int):
                initial[f"duration_{mid_}"] = o.pop("duration_years")
            if isinstance(o.get("ramp"), list):
                initial[f"ramp_{mid_}"] = show_ramp(o.pop("ramp"))
            for pname, value in list((o.get("params") or {}).items()):
                rows.append((f"{mid_}.{pname}", value))
                o["params"].pop(pname)
            if not o.get("params"):
                o.pop("params", None)
            if o:
                rest["measures"][measure_id] = o
            else:
                rest["measures"].pop(measure_id)
        for key in ("general", "measures"):
            if key in rest and not rest[key]:
                rest.pop(key)
        initial["drop"] = drop
        for i, (key, value) in enumerate(rows):
            initial[f"param_{i}"] = key
            if isinstance(value, int | float):
                initial[f"min_{i}"] = value
            elif isinstance(value, Mapping) and "value" in value:
                initial[f"min_{i}"] = value["value"]
            elif isinstance(value, Mapping):
                initial[f"min_{i}"] = value.get("min")
                initial[f"mid_{i}"] = value.get("mid")
                initial[f"max_{i}"] = value.get("max")
        if rest:
            initial["advanced"] = yaml.safe_dump(rest, allow_unicode=True, sort_keys=False)
        return initial

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the scenario a name."))
        taken = Scenario.objects.filter(name__iexact=name)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("A scenario with this name exists already; choose another name.")
            )
        return name

    def clean_advanced(self) -> dict[str, Any]:
        text = self.cleaned_data.get("advanced") or ""
        if not text.strip():
            return {}
        try:
            # aliases, size, depth, node count and numbers bounded before anything is built
            data = safe_yaml.load(text)
        except safe_yaml.YamlRefused as refused:
            if refused.code == "syntax" and refused.line is not None:
                raise forms.ValidationError(
                    _("This is not valid YAML (line %(line)s, column %(column)s).")
                    % {"line": refused.line, "column": refused.column}
                ) from None
            if refused.code == "syntax":
                raise forms.ValidationError(_("This is not valid YAML.")) from None
            language = "en" if (get_language() or "nl").startswith("en") else "nl"
            raise forms.ValidationError(refused.message(language)) from None
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise forms.ValidationError(
                _(
                    "A scenario is a mapping of keys with values (key: value), not a list or a "
                    "value."
                )
            )
        return data

    def _structured(self) -> dict[str, Any]:
        data = self.cleaned_data
        result: dict[str, Any] = {}
        if data.get("start_year") is not None:
            result["start_year"] = data["start_year"]
        if data.get("drop"):
            result["drop"] = list(data["drop"])
        measures: dict[str, dict[str, Any]] = {}
        for measure_id, (start, duration, ramp) in self.measure_fields:
            o: dict[str, Any] = {}
            if data.get(start) is not None:
                o["start_year"] = data[start]
            if data.get(duration) is not None:
                o["duration_years"] = data[duration]
            text = (data.get(ramp) or "").strip()
            if text:
                try:
                    factors = parse_ramp(text)
                except ValueError:
                    self.add_error(
                        ramp,
                        _("Give factors such as 0,5; 0,75; 1 (spaces or semicolons between them)."),
                    )
                else:
                    if any(f < 0 for f in factors):
                        self.add_error(ramp, _("Ramp factors must be 0 or more."))
                    else:
                        o["ramp"] = factors
            if o:
                measures[measure_id] = o
        general: dict[str, Any] = {}
        seen: set[str] = set()
        for key, low, mid, high in self.param_rows:
            chosen = data.get(key)
            values = (data.get(low), data.get(mid), data.get(high))
            if not chosen:
                if any(v is not None for v in values):
                    self.add_error(key, _("Choose the parameter these values are for."))
                continue
            if chosen in seen:
                self.add_error(key, _("This parameter is set twice; set it once."))
                continue
            seen.add(chosen)
            lo, mi, hi = values
            if lo is None:
                self.add_error(low, _("Enter the value, or the lowest value of the range."))
                continue
            if lo < 0:
                self.add_error(low, _("Enter 0 or more."))
                continue
            if hi is None and mi is not None:
                self.add_error(high, _("With a mid value, enter the highest value too."))
                continue
            if hi is not None and hi < lo:
                self.add_error(high, _("The highest value cannot lie below the lowest."))
                continue
            if mi is not None and not lo <= mi <= hi:
                self.add_error(mid, _("The mid value must lie between the lowest and the highest."))
                continue
            if hi is None or hi == lo:
                value: Any = lo
            else:
                value = {"min": lo, "max": hi}
                if mi is not None:
                    value["mid"] = mi
            owner, _sep, pname = chosen.partition(".")
            if owner == "general":
                general[pname] = value
            else:
                measures.setdefault(owner, {}).setdefault("params", {})[pname] = value
        if general:
            result["general"] = general
        if measures:
            result["measures"] = measures
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        structured = self._structured()
        if self.errors:
            return data
        advanced = data.get("advanced") or {}
        advanced = {k: v for k, v in advanced.items() if k not in ("name", "description")}
        merged = deep_merge(structured, advanced)
        try:
            spec = plan_scenario.load({"name": data.get("name") or "scenario", **merged})
            plan_scenario.apply(planning.assumptions(), spec)
        except plan_scenario.ScenarioError as problem:
            field = "advanced" if advanced else None
            for found in problem.problems:
                self.add_error(field, problem_text(found))
            return data
        self.overrides = merged
        return data


# --- macro assumptions -------------------------------------------------------------------------

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
    data = params.read_yaml("macro.yaml")["parameters"]
    return {
        name: {
            "label": planning.in_language(spec, "label"),
            "unit": planning.in_language(spec, "unit") or "",
        }
        for name, spec in data.items()
    }


class MacroForm(forms.Form):
    """The knobs of ``hulplijn.plan.macro.MacroAssumptions``; an empty field keeps macro.yaml's
    value, and only what differs from it is stored."""

    prefix = "macro"

    def __init__(self, *args, overrides: Mapping[str, Any] | None = None, **kwargs):
        defaults = planning.macro_defaults()
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
        defaults = planning.macro_defaults()
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
            planning.macro_assumptions(changed)
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


# --- Monte Carlo and comparison settings -------------------------------------------------------

MC_MAX_DRAWS = 100_000
MC_DEFAULT_DRAWS = 10_000
MC_DEFAULT_SEED = 0  # as 'hulplijn plan run --seed'


class MonteCarloForm(forms.Form):
    draws = whole(
        gettext_lazy("Draws"),
        required=True,
        minimum=100,
        maximum=MC_MAX_DRAWS,
        help_text=gettext_lazy("100 to 100.000"),
    )
    seed = whole(
        gettext_lazy("Seed"),
        required=True,
        minimum=0,
        maximum=2**32 - 1,
        help_text=gettext_lazy("The same seed gives the same numbers."),
    )
    quantity = forms.ChoiceField(label=gettext_lazy("Comparison per measure and year"), choices=())

    def __init__(self, query: Mapping[str, str] | None = None, **kwargs):
        defaults = {"draws": MC_DEFAULT_DRAWS, "seed": MC_DEFAULT_SEED, "quantity": "contribution"}
        if query is not None and any(k in query for k in defaults):
            super().__init__(
                {**defaults, **{k: query[k] for k in defaults if k in query}}, **kwargs
            )
        else:
            super().__init__(initial=defaults, **kwargs)
        self.fields["quantity"].choices = [
            (q, planning.quantity_label(q)) for q in plan_scenario.QUANTITIES
        ]
        assert MC_MAX_DRAWS <= montecarlo.MAX_DRAWS

    def settings(self) -> dict[str, Any]:
        if self.is_bound and self.is_valid():
            return dict(self.cleaned_data)
        return {"draws": MC_DEFAULT_DRAWS, "seed": MC_DEFAULT_SEED, "quantity": "contribution"}
