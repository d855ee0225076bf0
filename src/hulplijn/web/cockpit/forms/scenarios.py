"""The scenario form: a plan scenario in the structure of ``hulplijn.plan.scenario`` (structured
fields, plus that structure typed as YAML). Every check the plan model makes itself is left to it
(``load`` / ``apply``); its problems are shown beside the field they concern."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

import yaml
from django import forms
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from hulplijn.imports import safe_yaml
from hulplijn.plan import scenario as plan_scenario
from hulplijn.plan.measures import MEASURES
from hulplijn.web.cockpit.forms.fields import NumberField, parse_number, show_number, whole
from hulplijn.web.cockpit.models import Scenario
from hulplijn.web.cockpit.services.common import dutch, in_language
from hulplijn.web.cockpit.services.plan import assumptions, measure_label
from hulplijn.web.cockpit.services.scenarios import problem_text

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
    unit_text = in_language(p, "unit")
    label = getattr(p, "label", None)
    if dutch() and label:  # a semicolon: the Dutch range has decimal commas
        return f"{label} ({name}): {_range_text(p)}{'; ' + unit_text if unit_text else ''}"
    return f"{name} ({_range_text(p)}{', ' + unit_text if unit_text else ''})"


def parameter_choices() -> list[tuple[str, Any]]:
    """'general.<name>' and '<measure id>.<name>', grouped by measure, with the baseline range."""
    plan = assumptions()
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
        choices.append((measure_label(measure_id), options))
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
        plan = assumptions()
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
        self.fields["drop"].choices = [(i, measure_label(i)) for i in plan.measures]
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
            groups.append({"id": i, "label": measure_label(i), "fields": fields, "open": used})
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
            plan_scenario.apply(assumptions(), spec)
        except plan_scenario.ScenarioError as problem:
            field = "advanced" if advanced else None
            for found in problem.problems:
                self.add_error(field, problem_text(found))
            return data
        self.overrides = merged
        return data


EXAMPLE = """measures:
  "7":
    duration_years: 3
    params:
      user_share: {min: 0.05, max: 0.08}
general:
  flowback_share: 0.4"""
"""A worked example the form page shows beside the YAML field."""
