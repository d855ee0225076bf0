"""Record keys, cell keys and the perturbations of the cell-key method (ABS TableBuilder; ONS
Census 2021).

Every contribution (a statistical record, an answer) carries a random record key, uniform on
0 .. 2**32 - 1, drawn once when it is stored. A cell's key is the sum of its contributors' keys
modulo 2**32: uniform again, and the same whenever the same contributors make up a cell, in
whatever table, view or release it appears. Perturbations are looked up from the cell key, so a
cell always gets the same perturbation, and repeating or recombining queries averages nothing
away (Fraser and Wooton 2005; Thompson, Broadfoot and Elazar 2013).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from hulplijn.core.disclosure.rules import Rules

KEY_BITS = 32
KEY_SPACE = 1 << KEY_BITS
_MASK64 = (1 << 64) - 1


def new_record_key() -> int:
    """A fresh random record key (from the operating system's CSPRNG, not reproducible)."""
    return secrets.randbits(KEY_BITS)


def cell_key(keys: Iterable[int]) -> int:
    """The key of a cell: the sum of its record keys modulo 2**32."""
    return sum(keys) % KEY_SPACE


def uniform(key: int, stream: int = 0) -> float:
    """A number in [0, 1) from a cell key; each ``stream`` gives an independent number of the
    same cell (splitmix64 finaliser: Steele, Lea and Flood 2014)."""
    z = (key + (stream + 1) * 0x9E3779B97F4A7C15) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    z ^= z >> 31
    return z / float(1 << 64)


def count_perturbation(n: int, key: int, rules: Rules) -> int:
    """The perturbation of a count of ``n`` contributors with cell key ``key``: -D .. D with
    the rules' symmetric probabilities (cut to -n .. n for small n and renormalised, so a count
    never turns negative), by the inverse distribution function at ``uniform(key)``."""
    reach = min(rules.max_perturbation, n)
    values = range(-reach, reach + 1)
    weights = [rules.perturbation_weights[abs(v)] for v in values]
    u = uniform(key, 0) * sum(weights)
    for v, w in zip(values, weights, strict=True):
        if u < w:
            return v
        u -= w
    return reach


def total_perturbation(largest: float, key: int, rules: Rules) -> float:
    """The noise on a total whose largest absolute contribution is ``largest``: a share between
    ``noise_min`` and ``noise_max`` of it, either sign, from the cell key (streams 1 and 2, so
    it is independent of the count's perturbation)."""
    share = rules.noise_min + (rules.noise_max - rules.noise_min) * uniform(key, 2)
    sign = 1.0 if uniform(key, 1) < 0.5 else -1.0
    return sign * share * abs(largest)
