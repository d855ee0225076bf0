"""Reading cockpit pages in tests: a table's row from the HTML, a label in Dutch."""

from __future__ import annotations

import re

from django.utils import translation


def cells_of(html: str, slug: str, *first: str) -> list[str]:
    """The cells (as text) of the first row of table ``slug`` that starts with ``first``."""
    block = html.split(f'id="tabel-{slug}"', 1)[1].split("</table>", 1)[0]
    for tr in re.findall(r"<tr class=\"utrecht-table__row\">(.*?)</tr>", block, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        ]
        if tuple(cells[: len(first)]) == first:
            return cells
    raise AssertionError(f"no row {first} in {slug}")


def t(msgid: str) -> str:
    """An interface string as the (Dutch) page shows it."""
    with translation.override("nl"):
        return translation.gettext(msgid)
