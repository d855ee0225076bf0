"""The owner's pages in Dutch write numbers and dates the Dutch way and show no internal codes or
developer prose (issue 14).

A review found on Dutch pages "7 Dec 2026", the untranslated segment code "grow" in the
comparison with an earlier assessment, 36.5 cash buffer days shown as 36, moments as "2020-02",
taxonomy names in the import notes ("NetRevenue min CostOfRawMaterialsAndConsumables") and "hoe
zeker wij zijn van het aflezen van die door elkaar gehaalde tabel: laag". This sweep walks an
owner through the wizard, its review, the result page with an earlier assessment, the account
page and the import pages, in Dutch, and reads every page's visible text for English month names,
English number notation, ISO dates, internal codes and the known developer prose.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hulplijn.web.assessments.models import AssessmentRound
from tests.web.conftest import EXAMPLE_STEPS
from tests.web.factories import AssessmentFactory, UserFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures"
NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

ENGLISH_MONTHS = (
    *("January", "February", "March", "April", "May", "June", "July", "August", "September"),
    *("October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug"),
    *("Sep", "Sept", "Oct", "Nov", "Dec"),
)

DUTCH_MONTHS = (
    *("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september"),
    *("oktober", "november", "december"),
)

PROBLEMS: dict[str, re.Pattern[str]] = {
    "English month": re.compile(rf"\b(?:{'|'.join(ENGLISH_MONTHS)})\b"),
    "ISO date or month": re.compile(r"(?<![\d-])\d{4}-\d{2}(?:-\d{2})?(?![\d-])"),
    # 0.92 or 36.5; not a version (1.0.0) or Dutch thousands (1.300)
    "English decimal point": re.compile(r"(?<![\d.])\d+\.\d{1,2}(?![\d.])"),
    # 965,000 or 1,300,000.50: English thousands (a Dutch 0,125 starts with 0)
    "English thousands": re.compile(r"(?<![\d,.])[1-9]\d{0,2}(?:,\d{3})+(?![\d,])"),
    "segment code": re.compile(r"\b(?:accelerate|grow|renew|reform)\b"),
    "peer group key": re.compile(r"\b(?:\d{2}|[A-U])/(?:zzp|micro|klein|midden)\b"),
    "identifier": re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b"),
    "taxonomy name": re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b"),
    "developer prose": re.compile(
        r"door elkaar|scrambled|hoe zeker wij|tekstversie|confidence|docs/", re.IGNORECASE
    ),
}


class _Visible(HTMLParser):
    """The text a reader sees: no scripts (chart specs), styles or templates."""

    HIDDEN = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.hidden -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return parser.parts


ENGLISH_PAGE_PROBLEMS: dict[str, re.Pattern[str]] = {
    # the segments' English names are words ("Grow"), no longer codes there
    **{k: v for k, v in PROBLEMS.items() if not k.startswith("English") and k != "segment code"},
    "Dutch month": re.compile(rf"\b(?:{'|'.join(DUTCH_MONTHS)})\b"),
    "Dutch decimal comma": re.compile(r"(?<![\d,])\d+,\d{1,2}(?![\d,])"),
    "Dutch thousands": re.compile(r"(?<![\d,.])[1-9]\d{0,2}(?:\.\d{3})+(?![\d.])"),
    # a Dutch interface word left untranslated
    "Dutch words": re.compile(r"\b(?:Groeien|Versnellen|Vernieuwen|Hervormen|bedrijf|uw)\b"),
}
"""The same sweep on the English pages: the other language's notation and words."""


def problems(pages: dict[str, str], patterns: dict[str, re.Pattern[str]] = PROBLEMS) -> list[str]:
    """Every hit of a problem pattern, as "page: kind: 'hit' in 'text'"."""
    found = []
    for page, html in pages.items():
        for text in visible_text(html):
            for kind, pattern in patterns.items():
                found += [
                    f"{page}: {kind}: {m.group()!r} in {text[:120]!r}"
                    for m in pattern.finditer(text)
                ]
    return found


def test_the_sweep_finds_what_the_review_found():
    """The patterns catch the findings (so a clean sweep means something)."""
    page = (
        "<p>7 Dec 2026</p><td>grow</td><p>Kasbuffer in dagen, 2020-02</p><p>0.92</p>"
        "<p>€ 965,000</p><p>(47/midden)</p><li>NetRevenue min CostOfSales</li>"
        "<p>hoe zeker wij zijn van het aflezen van die door elkaar gehaalde tabel: laag</p>"
        "<p>short_term_receivables</p><p>docs/domain.md sectie 4</p>"
    )
    kinds = {hit.split(": ")[1] for hit in problems({"page": page})}
    assert kinds == set(PROBLEMS)
    clean = (
        "<p>7 december 2026 14:05</p><p>Groeien</p><p>Kasbuffer in dagen, februari 2020</p>"
        "<p>0,92</p><p>€ 965.000</p><p>model 1.0.0</p><p>36,5</p><p>0,125</p>"
        "<p>SBI 47, Middenbedrijf</p><p>Herstel- en groeiplan mkb (2016/2018, feb/jul 2020)</p>"
        '<script>{"percentile": 40.5}</script>'
    )
    assert problems({"page": clean}) == []


def upload(name: str, folder: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FIXTURES / folder / name).read_bytes())


def test_the_owners_pages_in_dutch(client):
    owner = UserFactory()
    client.force_login(owner)
    AssessmentFactory(owner=owner)  # an earlier assessment: the comparison table
    pages: dict[str, str] = {}
    # at the second moment € 19.200 cash against € 192.000 of costs a year: 36,5 days
    liquidity = {
        **EXAMPLE_STEPS["liquiditeit"],
        "cash_2": "19.200",
        "interest_costs_2": "12.000",
        "wage_costs_2": "100.000",
        "other_costs_2": "80.000",
    }
    steps = {**EXAMPLE_STEPS, "liquiditeit": liquidity}
    client.get("/zelfdiagnose/", **NL)
    for slug, data in steps.items():
        pages[f"stap {slug}"] = client.get(f"/zelfdiagnose/{slug}/", **NL).content.decode()
        response = client.post(f"/zelfdiagnose/{slug}/", {**data, "action": "next"}, **NL)
        assert response.status_code == 302, (slug, response.content.decode()[:2000])
    pages["controle"] = client.get("/zelfdiagnose/controle/", **NL).content.decode()
    result = client.post("/zelfdiagnose/controle/", {"action": "calculate"}, follow=True, **NL)
    pages["resultaat"] = html = result.content.decode()
    pages["account"] = client.get("/account/", **NL).content.decode()
    surveys = sorted(set(re.findall(r'href="(/beoordeling/[^"]+/vragenlijst/[^"]+/)"', html)))
    assert surveys
    for address in surveys:
        pages[address] = client.get(address, **NL).content.decode()
    for name in ("micro-nt19.xbrl", "small-nt19.xbrl"):
        pages[f"jaarrekening {name}"] = client.post(
            "/zelfdiagnose/jaarrekening/", {"file": upload(name, "xbrl")}, **NL
        ).content.decode()
    assert not problems(pages), "\n".join(problems(pages))
    assert "eerdere zelfdiagnoses" in html  # the comparison with the earlier one is there
    texts = visible_text(html)
    assert "36,5" in texts  # the cash buffer days at the second moment, not 36
    assert any(text.startswith("Kasbuffer in dagen, juli 2020") for text in texts)


def test_the_bank_statements_page_in_dutch(client):
    """Moments as months, the buffer with its decimal, a reason's dates written out."""
    AssessmentRound.objects.create(
        name="Maart 2026", year_1=2023, year_2=2024, moment_1="2026-03", moment_2="2026-04"
    )
    client.get("/zelfdiagnose/", **NL)
    response = client.post(
        "/zelfdiagnose/bankafschriften/",
        {
            "files": [
                SimpleUploadedFile(
                    "afschriften.sta", (FIXTURES / "bank/two_accounts.sta").read_bytes()
                )
            ]
        },
        **NL,
    )
    html = response.content.decode()
    assert not problems({"bankafschriften": html}), "\n".join(problems({"bankafschriften": html}))
    texts = visible_text(html)
    assert "maart 2026" in texts and "april 2026" in texts
    assert "60,2 dagen" in " ".join(texts)  # was 60


def test_the_owners_pages_in_english(client):
    """The same walk on the English pages: the English notation, months and labels."""
    owner = UserFactory()
    client.force_login(owner)
    AssessmentFactory(owner=owner)
    pages: dict[str, str] = {}
    steps = {
        slug: {name: value.replace(".", ",") for name, value in data.items()}
        for slug, data in EXAMPLE_STEPS.items()
    }
    steps["liquiditeit"].update(
        cash_2="19,200", interest_costs_2="12,000", wage_costs_2="100,000", other_costs_2="80,000"
    )
    client.get("/zelfdiagnose/", **EN)
    for slug, data in steps.items():
        pages[f"step {slug}"] = client.get(f"/zelfdiagnose/{slug}/", **EN).content.decode()
        response = client.post(f"/zelfdiagnose/{slug}/", {**data, "action": "next"}, **EN)
        assert response.status_code == 302, (slug, response.content.decode()[:2000])
    pages["review"] = client.get("/zelfdiagnose/controle/", **EN).content.decode()
    result = client.post("/zelfdiagnose/controle/", {"action": "calculate"}, follow=True, **EN)
    pages["result"] = html = result.content.decode()
    pages["account"] = client.get("/account/", **EN).content.decode()
    for name in ("micro-nt19.xbrl", "small-nt19.xbrl"):
        pages[f"annual accounts {name}"] = client.post(
            "/zelfdiagnose/jaarrekening/", {"file": upload(name, "xbrl")}, **EN
        ).content.decode()
    found = problems(pages, ENGLISH_PAGE_PROBLEMS)
    assert not found, "\n".join(found)
    texts = visible_text(html)
    assert "36.5" in texts
    assert any(text.startswith("Cash buffer days, July 2020") for text in texts)
