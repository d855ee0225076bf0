"""Evaluation of what happened (#16): the difference in differences of labour productivity between
firms that applied for a scheme and comparable firms that did not, from the same firms assessed
in two rounds, disclosure-controlled (docs/decisions/0032-evaluation.md).

The report asks for it: "Via regelmatige evaluatie kan voortgang gemeten worden en inzet van
maatregelen waar nodig bijgesteld" (the slides with the plan's outcomes, "Herstel- en
groeiplan"), and its roadmap plans an evaluation in every phase ("Evaluatie (go/no go
continuering)", "Evalueren voortgang en waar nodig aanpassen Herstel- en groeiplan").

The estimate, per firm i with labour productivity (gross margin per FTE, the report's
"Productiviteit = Bruto marge / # VTE") in the later reference year of each round:

- change_i = productivity_i(later round) - productivity_i(earlier round);
- firms are matched exactly on the cell (SBI section, size class, growth segment) of their
  earlier round; a cell counts only when disclosure control publishes both its number of
  treated and its number of control firms (at least ``min_n`` each);
- DiD = sum over cells c of (n_treated_c / N_treated) x (mean change of treated_c - mean change
  of control_c): the effect on the treated (ATT) under exact matching. It is the coefficient of
  ``treated`` in a weighted least-squares regression of change_i on a constant and ``treated``
  with weight 1 for treated firms and n_treated_c / n_control_c for control firms (the ATT
  weights of exact or coarsened matching: Iacus, King and Porro 2012; Stuart 2010). The first
  difference per firm makes it the two-period difference in differences (Angrist and Pischke,
  Mostly Harmless Econometrics, 2009, ch. 5).
- The confidence interval is that of statsmodels' fit (WLS with heteroskedasticity-robust HC1
  standard errors and Student's t with n - 2 degrees of freedom), but computed from published
  figures only (below). With a constant and one indicator, the HC0 variance of the coefficient
  is a sum over firms: V = sum_i (w_i e_i / S_side(i))^2, e_i the firm's residual from its
  side's weighted mean and S_side the sum of the weights of its side (N_treated on both sides
  under the ATT weights); HC1 = V x n / (n - 2) (MacKinnon and White 1985); half-width = t(n -
  2) x sqrt(HC1).

Disclosure control (``hulplijn.core.disclosure``, decision 0013), in three families:

1. ``cells``: per matched cell and side the number of firms (threshold, perturbation); a cell is
   used only when both of its sides are published;
2. the estimate: per used firm its contribution to the estimate (w_i x change_i, with the sign of
   its side), published as three totals over the same atoms: the treated mean change, minus the
   weighted control mean change, and the DiD, with their firm counts. The threshold, the
   dominance rule (two firms that make up more than 85% of the absolute contributions hide the
   total) and the cell-key noise of 10-20% of the largest contribution apply as to any total: the
   same firms always give the same figure and a firm more or less gives fresh noise, so two
   evaluations one firm apart do not give that firm's change by subtraction;
3. the interval (decision 0035): per used firm its share of the HC0 variance, (w_i e_i / S)^2,
   published as one total with the same threshold, dominance rule and noise (two firms whose
   shares make up more than 85% of the variance hide the estimate), on cell keys of
   their own (``variance_key``) so that its noise does not repeat the DiD's. The half-width is
   derived from published figures only: the published variance, and n = the published firms
   that applied + the published comparable firms (HC1 factor and degrees of freedom); it is
   rounded to two significant digits and the interval centred on the published DiD. So the
   exact, unperturbed fit never reaches a page: two intervals one firm apart differ by that
   firm's squared residual plus fresh noise of 10-20% of the largest share, as a total does.

This is no causal effect: firms that apply differ from those that do not (self-selection); the
estimate compares their changes within cells of the same sector, size class and segment only.

Pure: no Django, no files; plain records in.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np

from hulplijn.core.disclosure import (
    Contribution,
    DisclosureError,
    Family,
    Published,
    Rules,
    publish,
)
from hulplijn.core.disclosure.cellkey import KEY_SPACE

ANY = "any"
"""The measure of the overall estimate: applied for any scheme against applied for none."""
TREATED, CONTROL = "treated", "control"
CONFIDENCE = 0.95
FORMULA = (
    "DiD = Σ_c (n_treated,c / N_treated) × (mean Δ treated,c − mean Δ control,c); "
    "Δ = productivity (gross margin / FTE) later round − earlier round"
)
REGRESSION = (
    "Δ_i = a + b × treated_i, weights 1 (treated) and n_treated,c / n_control,c (control): "
    "a = weighted mean Δ of the comparable firms, b = DiD"
)
INTERVAL = (
    "V = Σ_i (w_i × e_i / N_treated)²; SE = √(V × n / (n − 2)); "
    "interval = DiD ± t(0.975; n − 2) × SE, n = firms that applied + comparable firms"
)

Cell = tuple[str, str, str]  # (SBI section, size class, growth segment) of the earlier round


@dataclass(frozen=True)
class Observation:
    """One firm assessed in two rounds (a plain record: no id, only its cell-key).

    ``key`` is the firm's random-looking key for the cell-key method (uniform on 0 .. 2**32 -
    1; the web side derives it with a keyed hash, never stores it); ``applied`` the schemes the
    firm said it applied for, ``eligible`` those it qualified for in the earlier round."""

    key: int
    section: str
    size_class: str
    segment: str
    before: float
    after: float
    applied: frozenset[str] = frozenset()
    eligible: frozenset[str] = frozenset()

    @property
    def cell(self) -> Cell:
        return (self.section, self.size_class, self.segment)

    @property
    def change(self) -> float:
        return self.after - self.before


def sides(observations: Iterable[Observation], measure: str = ANY) -> dict[str, list[Observation]]:
    """The treated and control firms for ``measure``: for ANY, firms that applied for any scheme
    against firms that applied for none; for a scheme, firms that applied for it against firms
    that qualified for it and applied for none."""
    out: dict[str, list[Observation]] = {TREATED: [], CONTROL: []}
    for o in observations:
        if (measure == ANY and o.applied) or measure in o.applied:
            out[TREATED].append(o)
        elif not o.applied and (measure == ANY or measure in o.eligible):
            out[CONTROL].append(o)
    return out


@dataclass(frozen=True)
class Fit:
    """The exact estimate on the matched firms (confidential: only ``Evaluation`` is shown).
    ``variance_parts``: per firm (in the order treated, control) its share of the HC0 variance
    of the DiD, (w_i e_i / S_side)^2; their sum x n / (n - 2) is ``standard_error`` squared."""

    did: float
    half_width: float
    standard_error: float
    n: int
    weights: tuple[float, ...]
    variance_parts: tuple[float, ...] = ()


def weights(treated: Sequence[Observation], control: Sequence[Observation]) -> list[float]:
    """The ATT weights: 1 for a treated firm, n_treated,c / n_control,c for a control firm of
    cell c (so the controls of each cell weigh as much as its treated firms)."""
    n_t: dict[Cell, int] = {}
    n_c: dict[Cell, int] = {}
    for o in treated:
        n_t[o.cell] = n_t.get(o.cell, 0) + 1
    for o in control:
        n_c[o.cell] = n_c.get(o.cell, 0) + 1
    return [1.0] * len(treated) + [n_t[o.cell] / n_c[o.cell] for o in control]


def fit(
    treated: Sequence[Observation], control: Sequence[Observation], confidence: float = CONFIDENCE
) -> Fit:
    """The DiD and its confidence interval by statsmodels: WLS of the change on a constant and
    the treated indicator with the ATT weights, HC1 standard errors, Student's t. Every cell of
    ``control`` must have treated firms and the other way round (``matched``)."""
    import statsmodels.api as sm

    w = weights(treated, control)
    y = np.array([o.change for o in (*treated, *control)], dtype=float)
    d = np.array([1.0] * len(treated) + [0.0] * len(control))
    model = sm.WLS(y, sm.add_constant(d, has_constant="add"), weights=np.array(w))
    result = model.fit(cov_type="HC1", use_t=True)
    low, high = result.conf_int(alpha=1 - confidence)[1]
    weight = np.array(w)
    side_sum = np.where(d == 1.0, weight[d == 1.0].sum(), weight[d == 0.0].sum())
    parts = (weight * np.asarray(result.resid, dtype=float) / side_sum) ** 2
    return Fit(
        did=float(result.params[1]),
        half_width=float(high - low) / 2,
        standard_error=float(result.bse[1]),
        n=len(y),
        weights=tuple(w),
        variance_parts=tuple(float(x) for x in parts),
    )


def variance_key(key: int) -> int:
    """A firm's record key for the variance total: an odd multiple of its key plus one, modulo
    2**32. A cell's key is then a one-to-one function of the sum of its firms' keys (and their
    number): the same firms give the same noise, but not the noise of the DiD over them."""
    return (key * 0x9E3779B1 + 1) % KEY_SPACE


def interval(variance: float, n: int, confidence: float = CONFIDENCE) -> dict[str, float]:
    """The HC1 interval's pieces from a (published) HC0 variance and number of firms: the HC1
    factor n / (n - 2), the standard error, Student's t with n - 2 degrees of freedom and the
    half-width t x SE rounded to two significant digits."""
    from scipy import stats  # as statsmodels, only when an estimate is made

    factor = n / (n - 2)
    error = math.sqrt(variance * factor)
    quantile = float(stats.t.ppf(0.5 + confidence / 2, n - 2))
    return {
        "variance_hc0": variance,
        "n": n,
        "df": n - 2,
        "hc1_factor": factor,
        "standard_error": error,
        "t_quantile": quantile,
        "half_width": _significant(quantile * error),
    }


def matched(
    treated: Sequence[Observation], control: Sequence[Observation], cells: Iterable[Cell]
) -> tuple[list[Observation], list[Observation]]:
    """The firms of ``cells`` on either side."""
    use = set(cells)
    return [o for o in treated if o.cell in use], [o for o in control if o.cell in use]


@dataclass
class Evaluation:
    """What may be shown of one estimate: every number here passed disclosure control. ``did``
    etc. are None when withheld, with ``reason`` (min_n: too few matched firms; dominance: two
    firms make up most of it; secondary: hidden so that another figure cannot be derived;
    no_cells: no cell with enough firms on both sides; audit: the audit over the published
    figures could not be satisfied)."""

    measure: str
    did: float | None = None
    low: float | None = None
    high: float | None = None
    treated_mean: float | None = None
    control_mean: float | None = None
    treated_n: int | None = None
    control_n: int | None = None
    cells: list[dict[str, Any]] = field(default_factory=list)
    """The used cells: section, size class, segment and the published firms per side."""
    reason: str | None = None
    confidence: float = CONFIDENCE
    spread: dict[str, float] | None = None
    """How the interval was derived from published figures (``interval``); None when hidden."""

    def trace(self) -> dict[str, Any]:
        """The derivation: formula, the matched cells, n per side, the means, the regression
        and the interval, every figure as published (or derived from published figures only)."""
        return {
            "figure": "did_productivity",
            "formula": FORMULA,
            "inputs": {
                "treated_mean_change": self.treated_mean,
                "control_weighted_mean_change": self.control_mean,
                "cells": len(self.cells),
            },
            "cells": [dict(c) for c in self.cells],
            "n": {TREATED: self.treated_n, CONTROL: self.control_n},
            "regression": {
                "model": REGRESSION,
                "intercept": self.control_mean,
                "treated": self.did,
            },
            "interval": None if self.spread is None else dict(self.spread),
            "result": {"did": self.did, "low": self.low, "high": self.high},
            "confidence": self.confidence,
            "method": (
                "WLS of the change on treated with ATT weights (1; n_treated,c / n_control,c), "
                f"HC1 standard errors, Student's t, {round(self.confidence * 100)}% interval "
                "(statsmodels' formula); every figure published through "
                "hulplijn.core.disclosure, the interval derived from the published variance "
                "and counts"
            ),
            "reason": self.reason,
        }


def _significant(x: float, digits: int = 2) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def evaluate(observations: Sequence[Observation], measure: str, rules: Rules) -> Evaluation:
    """The disclosure-controlled DiD for ``measure`` (ANY or a scheme id)."""
    out = Evaluation(measure)
    # one order whatever the input's, so the same firms give the same sums to the last bit
    split = sides(sorted(observations, key=lambda o: (o.cell, o.key, o.change)), measure)
    atoms: dict[Hashable, Contribution] = {}
    for side, found in split.items():
        for o in found:
            atoms.setdefault((*o.cell, side), Contribution()).add(o.key)
    try:
        counted = publish(
            Family(f"evaluation-cells:{measure}", atoms, {a: [a] for a in atoms}), rules
        )
    except DisclosureError:
        out.reason = "audit"
        return out
    shown: dict[Cell, dict[str, int]] = {}
    for name, cell in counted.cells.items():
        section, size, segment, side = cast(tuple[str, str, str, str], name)
        if cell.shown_n is not None:
            shown.setdefault((section, size, segment), {})[side] = cell.shown_n
    use = sorted(c for c, n in shown.items() if TREATED in n and CONTROL in n)
    out.cells = [{"section": c[0], "size_class": c[1], "segment": c[2], **shown[c]} for c in use]
    if not use:
        out.reason = "no_cells"
        return out
    treated, control = matched(split[TREATED], split[CONTROL], use)
    exact = fit(treated, control)
    total_t = len(treated)
    values: dict[tuple[str, str, str, str], Contribution] = {}
    for i, (o, w) in enumerate(zip((*treated, *control), exact.weights, strict=True)):
        side = TREATED if i < total_t else CONTROL
        sign = 1.0 if side == TREATED else -1.0
        values.setdefault((*o.cell, side), Contribution()).add(o.key, sign * w * o.change / total_t)
    names = list(values)
    family = Family(
        f"evaluation:{measure}",
        values,
        {
            TREATED: [a for a in names if a[3] == TREATED],
            CONTROL: [a for a in names if a[3] == CONTROL],
            "did": names,
        },
        magnitude=True,
    )
    try:
        release = publish(family, rules)
    except DisclosureError:
        out.reason = "audit"
        return out
    t, c, d = release[TREATED], release[CONTROL], release["did"]
    out.treated_n, out.control_n = t.shown_n, c.shown_n
    out.treated_mean = t.shown_total
    out.control_mean = None if c.shown_total is None else -c.shown_total
    if d.shown_total is None:
        out.reason = _why(d)
        return out
    spread = _published_variance(treated, control, exact, measure, rules)
    if isinstance(spread, str):
        out.reason = spread
        return out
    if out.treated_n is None or out.control_n is None or out.treated_n + out.control_n <= 2:
        out.reason = "secondary"
        return out
    out.spread = interval(spread, out.treated_n + out.control_n, out.confidence)
    half = out.spread["half_width"]
    out.did, out.low, out.high = d.shown_total, d.shown_total - half, d.shown_total + half
    return out


def _published_variance(
    treated: Sequence[Observation],
    control: Sequence[Observation],
    exact: Fit,
    measure: str,
    rules: Rules,
) -> float | str:
    """The HC0 variance of the DiD as a published total (family 3), or why it is hidden."""
    shares: dict[tuple[str, str, str, str], Contribution] = {}
    total_t = len(treated)
    for i, (o, part) in enumerate(zip((*treated, *control), exact.variance_parts, strict=True)):
        side = TREATED if i < total_t else CONTROL
        shares.setdefault((*o.cell, side), Contribution()).add(variance_key(o.key), part)
    family = Family(
        f"evaluation-variance:{measure}", shares, {"variance": list(shares)}, magnitude=True
    )
    try:
        published = publish(family, rules)["variance"]
    except DisclosureError:
        return "audit"
    if published.shown_total is None:
        return _why(published)
    return published.shown_total


def _why(cell: Published) -> str:
    return cell.reason or cell.total_reason or "no_cells"


def evaluate_all(
    observations: Sequence[Observation], measures: Iterable[str], rules: Rules
) -> list[Evaluation]:
    """The overall estimate (ANY) and one per scheme that some firm applied for."""
    return [evaluate(observations, m, rules) for m in (ANY, *measures)]


__all__ = [
    "ANY",
    "CONTROL",
    "FORMULA",
    "INTERVAL",
    "REGRESSION",
    "TREATED",
    "Evaluation",
    "Fit",
    "Observation",
    "evaluate",
    "evaluate_all",
    "fit",
    "interval",
    "sides",
    "variance_key",
    "weights",
]
