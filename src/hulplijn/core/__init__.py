"""The pure assessment engine: metrics, segments, benchmarking, size of the prize.

No Django, DuckDB, file or network code here (import-linter enforces it).
"""

from hulplijn.core.assessment import MODEL_VERSION, Assessment, assess, assess_many, explain
from hulplijn.core.errors import InvalidInput, Problem, Refused
from hulplijn.core.firm import FirmInput, parse_firm
from hulplijn.core.reference import Reference
from hulplijn.core.text import Text

__all__ = [
    "MODEL_VERSION",
    "Assessment",
    "FirmInput",
    "InvalidInput",
    "Problem",
    "Reference",
    "Refused",
    "Text",
    "assess",
    "assess_many",
    "explain",
    "parse_firm",
]
