"""Issue 13: the liquidity reason of a measure says what the firm's own liquidity section says.
The section shows per moment the cash buffer against peers (low / average / high) and the quick
ratio norm (healthy from 1, weak below 0.5); the reason names exactly those, never more."""

from hulplijn.core import assess
from hulplijn.core.eligibility import sentence
from tests.conftest import hand_reference, linear

# peers of 47/midden in February 2020: cash buffer days spread evenly 0..200 over p0..p100,
# so a firm with d days sits at percentile d / 2 (low below 25, i.e. below 50 days)
REFERENCE = hand_reference(
    [("cash_buffer_days@2020-02", "division_size", "47/midden", 12, linear(0, 200), 100, 180)]
)
COSTS = {"interest_costs": 15000, "wage_costs": 340000, "other_costs": 180000}  # 535,000 a year


def firm(cash, debtors, debts):
    return {
        "sbi": "47",
        "working_persons": 60,
        "years": [
            {"year": 2016, "gross_margin": 909000, "wage_costs": 329000, "fte": 56},
            {"year": 2018, "gross_margin": 965000, "wage_costs": 348740, "fte": 58},
        ],
        "liquidity": [
            {
                "moment": "2020-02",
                "cash": cash,
                "short_term_receivables": 0,
                "trade_debtors": debtors,
                "short_term_debts": debts,
                "trade_creditors": 0,
                **COSTS,
            }
        ],
    }


def verdict_f(data):
    a = assess(data, REFERENCE)
    f = next(v for v in a.eligible_measures if v.id == "F")
    return a.liquidity[0], sentence(f)


def test_average_cash_and_a_quick_ratio_below_1_names_only_the_quick_ratio():
    # 146,575 / (535,000 / 365) = 100 days: percentile 50, average;
    # (146,575 + 0) / 183,000 = 0.80: below 1 (needs attention), not weak
    section, said = verdict_f(firm(146575, 0, 183000))
    assert (section.state, section.quick_ratio_norm) == ("average", "attention")
    assert said == "U komt in aanmerking omdat uw quick ratio in februari 2020 onder 1 lag."
    assert "kasbuffer" not in said and "krap" not in said


def test_low_cash_with_a_healthy_quick_ratio_names_only_the_cash_buffer():
    # 29,315 / 1,465.75 = 20 days: percentile 10, low; (29,315 + 200,000) / 100,000 = 2.29
    section, said = verdict_f(firm(29315, 200000, 100000))
    assert (section.state, section.quick_ratio_norm) == ("low", "healthy")
    assert said == (
        "U komt in aanmerking omdat uw kasbuffer in februari 2020 laag was vergeleken met "
        "vergelijkbare bedrijven."
    )


def test_average_cash_and_a_healthy_quick_ratio_is_not_tight_at_all():
    section, said = verdict_f(firm(146575, 100000, 100000))  # 100 days; 2.47
    assert (section.state, section.quick_ratio_norm) == ("average", "healthy")
    assert said.startswith("U komt niet in aanmerking omdat uw quick ratio in februari 2020 gezond")
