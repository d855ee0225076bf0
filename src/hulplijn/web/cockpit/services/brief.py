"""A scenario's one-page Dutch brief (PDF, WeasyPrint), fit for a nota or Kamerbrief: the
headline with its recommended range and what the range means, what the scenario changes, the
figures beside the plan's, and the cross-checks. The figures are the scenario page's own
(``services.scenarios.detail``); this module only lays them out on one A4 page, always in Dutch.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from hulplijn.core import MODEL_VERSION
from hulplijn.web.cockpit.tables import Table

BRIEF_COLUMNS = ("figure", "b_mid", "s_mid", "difference")
"""The scenario page's headline figures as the brief shows them: mid values only, to fit."""


def brief_table(headline: Table) -> Table:
    """The scenario page's table of headline figures with only the mids and the difference."""
    columns = [c for c in headline.columns if c.key in BRIEF_COLUMNS]
    return Table(headline.slug, headline.title, columns, headline.rows, headline.note)


def render(context: Mapping[str, Any]) -> bytes:
    """The brief of a scenario page's ``context`` as PDF bytes (Dutch, one A4 page)."""
    with translation.override("nl"):
        html = render_to_string(
            "cockpit/brief.html",
            {**context, "printed_at": timezone.localtime(), "model_version": MODEL_VERSION},
        )
    import weasyprint  # a second to import: only where a PDF is made, not with the URLs

    return bytes(weasyprint.HTML(string=html).write_pdf())
