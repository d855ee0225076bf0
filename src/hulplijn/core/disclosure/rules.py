"""The disclosure-control rules, read from the reference parameters (disclosure.yaml, each with
its label, unit and source)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Rules:
    min_n: int
    """A cell of fewer firms is never published (min_cell_firms)."""
    dominance_top: int = 2
    dominance_share: float = 0.85
    """A total whose ``dominance_top`` largest contributions exceed this share is hidden."""
    max_perturbation: int = 2
    """D: a published count differs from the true one by at most this many firms."""
    perturbation_weights: tuple[float, ...] = (0.45, 0.2, 0.075)
    """Probabilities of a perturbation of 0, ±1, ..., ±D (per sign)."""
    noise_min: float = 0.1
    noise_max: float = 0.2
    """A published total is off by this share of its largest contribution (between the two)."""
    protection_count: int = 3
    """The audit: a small count's possible values must span at least this many firms."""
    protection_share: float = 0.1
    """The audit: a small or dominated total must stay uncertain by this share of its largest
    contribution, either way."""

    def __post_init__(self) -> None:
        weights = self.perturbation_weights
        if len(weights) != self.max_perturbation + 1:
            raise ValueError("one perturbation weight per value 0 .. D")
        if abs(weights[0] + 2 * sum(weights[1:]) - 1) > 1e-9:
            raise ValueError("perturbation weights must add up to 1 (both signs)")
        if not 0 <= self.noise_min <= self.noise_max:
            raise ValueError("0 <= noise_min <= noise_max")
        if self.noise_max > 0 and self.noise_min < self.protection_share:
            raise ValueError("noise_min below protection_share breaks the p%-rule")

    @classmethod
    def from_parameters(cls, values: Mapping[str, Any]) -> Rules:
        """The rules from the reference parameters (disclosure.yaml); every one is required."""
        reach = int(values["count_max_perturbation"])
        return cls(
            min_n=int(values["min_cell_firms"]),
            dominance_top=int(values["dominance_top_firms"]),
            dominance_share=float(values["dominance_share"]),
            max_perturbation=reach,
            perturbation_weights=tuple(
                float(values[f"count_perturbation_p{v}"]) for v in range(reach + 1)
            ),
            noise_min=float(values["magnitude_noise_min"]),
            noise_max=float(values["magnitude_noise_max"]),
            protection_count=int(values["protection_count"]),
            protection_share=float(values["protection_share"]),
        )

    @classmethod
    def suppression_only(cls, min_n: int = 10, **overrides: Any) -> Rules:
        """Rules without perturbation (D = 0, no noise on totals): classic cell suppression,
        which the audit must then protect by hiding more cells (used in tests)."""
        base: dict[str, Any] = {
            "min_n": min_n,
            "max_perturbation": 0,
            "perturbation_weights": (1.0,),
            "noise_min": 0.0,
            "noise_max": 0.0,
            "protection_share": 0.0,
        }
        base.update(overrides)
        return cls(**base)
