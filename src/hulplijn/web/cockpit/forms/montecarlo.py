"""The scenario page's Monte Carlo settings (draws, seed, dependence between the assumptions) and
the quantity it compares, read from the query string."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from hulplijn.plan import montecarlo as plan_montecarlo
from hulplijn.plan import scenario as plan_scenario
from hulplijn.web.cockpit.forms.fields import whole
from hulplijn.web.cockpit.services import montecarlo
from hulplijn.web.cockpit.services.plan import quantity_label

DEFAULTS = {
    "draws": montecarlo.DEFAULT_DRAWS,
    "seed": montecarlo.DEFAULT_SEED,
    "quantity": "contribution",
    "dependence": "independent",
}


class MonteCarloForm(forms.Form):
    draws = whole(
        gettext_lazy("Draws"),
        required=True,
        minimum=100,
        maximum=montecarlo.MAX_DRAWS,
        help_text=gettext_lazy("100 to 100.000"),
    )
    seed = whole(
        gettext_lazy("Seed"),
        required=True,
        minimum=0,
        maximum=2**32 - 1,
        help_text=gettext_lazy("The same seed gives the same numbers."),
    )
    dependence = forms.ChoiceField(
        label=gettext_lazy("Dependence between the assumptions"),
        choices=(
            ("independent", gettext_lazy("Independent: each assumption drawn on its own")),
            ("correlated", gettext_lazy("Correlated: all assumptions err together")),
        ),
        help_text=gettext_lazy(
            "Independent draws let errors offset each other, which narrows the band; correlated "
            "draws put every assumption at the same place in its range, as when they err "
            "together through the economy as a whole."
        ),
    )
    quantity = forms.ChoiceField(label=gettext_lazy("Comparison per measure and year"), choices=())

    def __init__(self, query: Mapping[str, str] | None = None, **kwargs):
        if query is not None and any(k in query for k in DEFAULTS):
            super().__init__(
                {**DEFAULTS, **{k: query[k] for k in DEFAULTS if k in query}}, **kwargs
            )
        else:
            super().__init__(initial=DEFAULTS, **kwargs)
        self.fields["quantity"].choices = [(q, quantity_label(q)) for q in plan_scenario.QUANTITIES]
        assert montecarlo.MAX_DRAWS <= plan_montecarlo.MAX_DRAWS

    def settings(self) -> dict[str, Any]:
        """draws, seed and quantity as asked for, or the defaults when unbound or invalid."""
        if self.is_bound and self.is_valid():
            return dict(self.cleaned_data)
        return dict(DEFAULTS)
