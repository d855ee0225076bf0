"""Monte Carlo over the assumption ranges: reproducible, ordered, inside the model's min-max."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from hulplijn.plan import impact, montecarlo
from hulplijn.reference import params


@pytest.fixture(scope="module")
def data() -> dict:
    return params.plan_assumptions()


@pytest.fixture(scope="module")
def mc(data) -> montecarlo.MonteCarloResult:
    return montecarlo.run(data, draws=20_000, seed=7)


def test_same_seed_same_bands(data, mc):
    again = montecarlo.run(data, draws=20_000, seed=7)
    for quantity in ("contribution", "investment", "revenue"):
        assert np.array_equal(getattr(mc, quantity), getattr(again, quantity))
    for key, value in mc.totals.items():
        assert np.array_equal(value, again.totals[key]), key


def test_another_seed_other_draws(data, mc):
    other = montecarlo.run(data, draws=20_000, seed=8)
    assert not np.array_equal(mc.contribution, other.contribution)
    # ... but the same picture: medians within a few tenths of a billion
    assert np.allclose(mc.contribution[2], other.contribution[2], atol=0.1)


def test_bands_are_ordered(mc):
    assert mc.percentiles == (5, 25, 50, 75, 95)
    for quantity in ("contribution", "investment", "revenue"):
        bands = getattr(mc, quantity)
        assert bands.shape == (5, 5)
        assert np.all(np.diff(bands, axis=0) >= 0), quantity
    for key, value in mc.totals.items():
        assert np.all(np.diff(value) >= 0), key


def test_bands_lie_inside_the_models_min_and_max(data, mc):
    """Every output rises with every parameter, so all-min and all-max bound every draw."""
    total = impact.run(data).total
    for quantity in ("contribution", "investment", "revenue"):
        low, high = getattr(total, quantity)[0], getattr(total, quantity)[2]
        bands = getattr(mc, quantity)
        assert np.all(bands[0] >= low - 1e-9) and np.all(bands[-1] <= high + 1e-9), quantity


def test_draws_are_per_parameter_uniform(data):
    sims = montecarlo.simulate(data, draws=4_000, seed=1)
    assert sims["contribution"].shape == (4_000, 5)
    # revenue is 50% of the contribution in every draw (r. 3672-3676)
    assert np.allclose(sims["revenue"], 0.5 * sims["contribution"])
    # the only 2021 contribution of the investment discount ranges 2.0-2.5 (its one range is the
    # value added per EUR): the 2021 spread of the total is that of a sum of uniforms
    assert sims["contribution"][:, 0].std() > 0


def test_point_parameters_give_the_mid(data):
    """With every range collapsed to its mid, every draw equals the model's mid column."""
    points = copy.deepcopy(data)
    for m in points["measures"].values():
        for name, p in m["params"].items():
            if "value" not in p:
                mid = p.get("mid", (p["min"] + p["max"]) / 2)
                m["params"][name] = {"value": mid}
    result = montecarlo.run(points, draws=500, seed=3)
    mid = impact.run(points).total
    for q in range(5):
        assert np.allclose(result.contribution[q], mid.contribution[1])
        assert np.allclose(result.investment[q], mid.investment[1])


def test_same_seed_same_draws_in_a_scenario(data):
    """Common random numbers: an empty scenario changes nothing; dropping a measure lowers every
    draw by that measure's own draw."""
    base = montecarlo.simulate(data, draws=3_000, seed=11)
    same = montecarlo.simulate(data, draws=3_000, seed=11, scenario={"name": "niets"})
    assert np.array_equal(base["contribution"], same["contribution"])
    without = montecarlo.simulate(data, draws=3_000, seed=11, scenario={"drop": ["4"]})
    # measure 4 has no ranged parameter in its value added: 0.24 a year in every draw
    assert np.allclose(
        base["contribution"] - without["contribution"], np.cumsum(np.full((3_000, 5), 0.24), axis=1)
    )


def test_draws_must_be_positive(data):
    with pytest.raises(ValueError, match="draws"):
        montecarlo.run(data, draws=0)


def test_json(mc):
    d = json.loads(json.dumps(mc.to_dict(), allow_nan=False))
    assert set(d["contribution"]) == {"p5", "p25", "p50", "p75", "p95"}
    assert d["draws"] == 20_000 and d["seed"] == 7


def test_the_dependence_between_assumptions_is_stated_and_selectable(data, mc):
    """#16: independent draws narrow the band, unsaid. Correlated draws (one uniform for every
    assumption: all at the same place in their ranges) give a wider band, still inside the
    deterministic min-max (every assumption at its bound: 17.86-41.40 for value added 2025)."""
    assert mc.dependence == "independent" and mc.to_dict()["dependence"] == "independent"
    same = montecarlo.run(data, draws=20_000, seed=7, dependence="independent")
    assert np.array_equal(same.totals["va_2025"], mc.totals["va_2025"])  # the default
    together = montecarlo.run(data, draws=20_000, seed=7, dependence="correlated")
    assert together.to_dict()["distribution"].startswith("one uniform for every parameter")
    low, high = impact.run(data).total.va_2025[[0, 2]]
    p5, p95 = together.totals["va_2025"][[0, 4]]
    i5, i95 = mc.totals["va_2025"][[0, 4]]
    assert low < p5 < i5 < i95 < p95 < high
    # the correlated band spans more than twice the independent one (18.8-40.0 against
    # 25.3-31.9 with 10,000 draws and seed 0)
    assert p95 - p5 > 2 * (i95 - i5)
    with pytest.raises(ValueError, match="dependence"):
        montecarlo.run(data, draws=100, dependence="sometimes")
