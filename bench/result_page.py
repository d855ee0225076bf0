"""Length and reading time of the result page (the dashboard), as a phone and a desktop show it.

Issue 14: the result page was 13,000-17,000 px on a desktop and 34,500 px on a phone, about
2,350 words, with no summary at the top. This measures, for the report's example firm (and,
with ``--trouble``, a firm whose figures call for help first), the owner's dashboard in Dutch in
Debian's Chromium (Playwright, the flags of tests/e2e/conftest.py) at 1280 px and 360 px wide:

- the page's height in px as it opens (folded parts closed) and with every fold opened;
- the words the reader sees in <main> as it opens (``innerText``: text in a closed <details> is
  not rendered, so not counted) and with every fold opened, and the reading time at 200 words a
  minute;
- where the summary ends (and its words) and the first details begin, in px from the top (``-``
  when the page has none of them).

A throwaway SQLite site (bench/example_site.py) serves the page from a live-server thread; the
browser gets the test client's session cookie, so it is the anonymous owner who made the
assessment. Runs against the tree it sits in (``src/`` first on the path), so a copy in a
worktree of an older commit measures that commit.

    .venv/bin/python bench/result_page.py [--trouble] [--shots DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}
WORDS_PER_MINUTE = 200

# a firm with little financial room: few cash buffer days, a weak quick ratio, negative equity
TROUBLE = {
    "liquiditeit": {
        "cash_1": "20000",
        "short_term_receivables_1": "5000",
        "trade_debtors_1": "10000",
        "short_term_debts_1": "150000",
        "trade_creditors_1": "90000",
        "interest_costs_1": "15000",
        "wage_costs_1": "340000",
        "other_costs_1": "180000",
        "cash_2": "10000",
        "short_term_receivables_2": "5000",
        "trade_debtors_2": "8000",
        "short_term_debts_2": "170000",
        "trade_creditors_2": "95000",
        "interest_costs_2": "15000",
        "wage_costs_2": "330000",
        "other_costs_2": "150000",
    },
    "solvabiliteit": {"equity": "-50000", "total_assets": "600000"},
}

MEASURE = """() => {
  const main = document.querySelector('main');
  const words = t => (t.match(/[\\p{L}\\p{N}€%][\\p{L}\\p{N}€%.,:'’/-]*/gu) || []).length;
  const top = e => e ? Math.round(e.getBoundingClientRect().top + window.scrollY) : null;
  const bottom = e => e ? Math.round(e.getBoundingClientRect().bottom + window.scrollY) : null;
  return {
    height: document.documentElement.scrollHeight,
    words: words(main.innerText),
    summary_end: bottom(document.querySelector('.hl-summary')),
    summary_words: document.querySelector('.hl-summary')
      ? words(document.querySelector('.hl-summary').innerText) : null,
    details_start: top(document.querySelector('main details.hl-fold')),
  };
}"""

# every chart that is shown (not in a closed <details>) is drawn
DRAWN = """() => [...document.querySelectorAll('[data-chart]')]
  .filter(c => !c.closest('details:not([open])'))
  .every(c => c.querySelector('svg'))"""
OPEN_ALL = "() => document.querySelectorAll('main details').forEach(d => { d.open = true; })"


def measure(trouble: bool = False, shots: Path | None = None) -> dict[str, dict]:
    from example_site import example_assessment

    client, stored = example_assessment(TROUBLE if trouble else None)
    from django.conf import settings
    from django.test.utils import modify_settings
    from playwright.sync_api import sync_playwright
    from pytest_django.live_server_helper import LiveServer

    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    with modify_settings(ALLOWED_HOSTS={"append": "127.0.0.1"}):
        server = LiveServer("127.0.0.1:0")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                out = {}
                for name, viewport in WIDTHS.items():
                    context = browser.new_context(
                        base_url=server.url, viewport=viewport, locale="nl-NL"
                    )
                    context.add_cookies(
                        [
                            {
                                "name": settings.SESSION_COOKIE_NAME,
                                "value": cookie,
                                "url": server.url,
                            }
                        ]
                    )
                    page = context.new_page()
                    page.goto(f"/beoordeling/{stored.pk}/")
                    page.wait_for_load_state("networkidle")
                    page.wait_for_function(DRAWN)
                    closed = page.evaluate(MEASURE)
                    if shots:
                        shots.mkdir(parents=True, exist_ok=True)
                        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
                    page.evaluate(OPEN_ALL)
                    page.wait_for_function(DRAWN)  # charts in opened folds are drawn then
                    opened = page.evaluate(MEASURE)
                    if shots:
                        page.screenshot(path=str(shots / f"{name}-open.png"), full_page=True)
                    out[name] = {"closed": closed, "open": opened}
                    context.close()
                browser.close()
        finally:
            server.stop()
    return out


def _minutes(words: int) -> str:
    return f"{words / WORDS_PER_MINUTE:.1f} min"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trouble", action="store_true", help="a firm that gets help first")
    parser.add_argument("--shots", type=Path, help="full-page screenshots into this folder")
    args = parser.parse_args()
    found = measure(args.trouble, args.shots)
    firm = "firm in trouble (help first)" if args.trouble else "example firm"
    print(f"result page, {firm}, Dutch:")
    for name, viewport in WIDTHS.items():
        closed, opened = found[name]["closed"], found[name]["open"]
        summary = closed["summary_end"] if closed["summary_end"] is not None else "-"
        details = closed["details_start"] if closed["details_start"] is not None else "-"
        said = closed["summary_words"]
        summary_words = f", {said} words ({_minutes(said)})" if said is not None else ""
        print(
            f"  {viewport['width']:>4} px: {closed['height']:,} px as it opens, "
            f"{closed['words']:,} words ({_minutes(closed['words'])}); every fold open "
            f"{opened['height']:,} px, {opened['words']:,} words ({_minutes(opened['words'])}); "
            f"summary ends at {summary} px{summary_words}, first details at {details} px"
        )


if __name__ == "__main__":
    main()
