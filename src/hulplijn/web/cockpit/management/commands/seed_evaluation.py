"""`manage.py seed_evaluation`: a demonstration history for the evaluation page (#16): the same
firms assessed in two rounds, some of which said they applied for a scheme in between.

Two closed rounds (2022/2023 and 2024/2025, so new visitors never land in them), and per firm an
owner account (no password: nobody can log in as it) with a consenting assessment in each
round, made by the engine as the wizard makes one. Two in five firms of each cell answer "applied" for
a scheme they qualify for on their first assessment; a third of the others answer "not for me".
Productivity grows by about € 1,500 per FTE at every firm and by about € 2,000 more at the firms
that applied (plus noise), so the page's estimate should come out near € 2,000 per FTE.

Synthetic, and labelled so: the rounds are called "Demo-evaluatie", the accounts
demo-evaluatie-N@example.invalid. Running it again adds nothing for firms that have both
assessments already.
"""

from __future__ import annotations

import copy
import random

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from hulplijn.core import assess, parse_firm
from hulplijn.web.assessments import services
from hulplijn.web.assessments.models import Assessment, AssessmentRound
from hulplijn.web.cockpit.services.evaluation import DEMO
from hulplijn.web.guidance.models import MeasureUptake
from hulplijn.web.reference_store import reference_for

ROUNDS = (
    (f"{DEMO} 2022/2023", 2022, 2023, "2023-06"),
    (f"{DEMO} 2024/2025", 2024, 2025, "2025-06"),
)
CELLS = ((("47", 20)), (("25", 60)))
"""(SBI division, working persons): retail trade (G) with 20 persons (klein) and metal products
(C) with 60 (midden); every firm grows in jobs and productivity in the first round (accelerate)."""
APPLYING = (0, 2)
"""Two in every five firms of a cell apply (firm number // cells, modulo 5): 40%, exactly."""
EFFECT = 2_000.0  # extra productivity change of the firms that applied, € per FTE
TREND = 1_500.0  # productivity change of every firm, € per FTE
LIQUIDITY = {
    "cash": 150000,
    "short_term_receivables": 20000,
    "trade_debtors": 90000,
    "short_term_debts": 110000,
    "trade_creditors": 70000,
    "interest_costs": 15000,
    "wage_costs": 340000,
    "other_costs": 180000,
}


def firm_input(
    sbi: str,
    persons: int,
    years: tuple[int, int],
    moment: str,
    productivity: tuple[float, float],
    fte: tuple[float, float],
) -> dict:
    return {
        "sbi": sbi,
        "working_persons": persons,
        "years": [
            {
                "year": year,
                "gross_margin": round(p * f),
                "wage_costs": round(0.36 * p * f),
                "fte": f,
            }
            for year, p, f in zip(years, productivity, fte, strict=True)
        ],
        "liquidity": [{"moment": moment, **LIQUIDITY}],
        "solvency": {"equity": 520000, "total_assets": 1300000},
        # the one extra question: plans that make schemes such as the KIA apply
        "plans": ["invest", "innovate"],
    }


def assessed(firm: dict, owner, round: AssessmentRound) -> Assessment:
    reference = reference_for(
        [y["year"] for y in firm["years"]], [m["moment"] for m in firm["liquidity"]]
    )
    result = assess(parse_firm(copy.deepcopy(firm)), reference)
    return services.store(result, firm, owner=owner, round=round, consent_statistics=True)


class Command(BaseCommand):
    help = "Seed two rounds of assessments of the same firms, with uptake (the evaluation page)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--firms", type=int, default=120, help="firms per cell (default 120 in all)"
        )
        parser.add_argument(
            "--cells", type=int, default=2, choices=(1, 2), help="matching cells (1 or 2)"
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, firms: int, cells: int, seed: int, **options):
        draw = random.Random(seed)
        rounds = []
        for name, first, last, moment in ROUNDS:
            found, _created = AssessmentRound.objects.get_or_create(
                name=name,
                defaults={"year_1": first, "year_2": last, "moment_1": moment, "is_open": False},
            )
            rounds.append(found)
        made = applied = 0
        for i in range(firms):
            sbi, persons = CELLS[i % cells]
            owner, _created = get_user_model().objects.get_or_create(
                email=f"demo-evaluatie-{i}@example.invalid"
            )
            if _created:
                owner.set_unusable_password()
                owner.save(update_fields=["password"])
            if Assessment.objects.filter(owner=owner, round__in=rounds).count() >= 2:
                continue
            treated = (i // cells) % 5 in APPLYING
            fte = persons * 0.8
            p0 = draw.uniform(50_000, 70_000)
            p1 = p0 * 1.03  # first round: productivity +3%, jobs +5% (accelerate)
            change = TREND + (EFFECT if treated else 0.0) + draw.gauss(0, 500)
            p2 = p1 + change / 2
            p3 = p1 + change
            with transaction.atomic():
                first = assessed(
                    firm_input(sbi, persons, (2022, 2023), "2023-06", (p0, p1), (fte, fte * 1.05)),
                    owner,
                    rounds[0],
                )
                assessed(
                    firm_input(
                        sbi, persons, (2024, 2025), "2025-06", (p2, p3), (fte * 1.05, fte * 1.05)
                    ),
                    owner,
                    rounds[1],
                )
                eligible = [s["id"] for s in first.result.get("schemes") or [] if s.get("eligible")]
                if treated and eligible:
                    MeasureUptake.objects.create(
                        assessment=first, measure=eligible[0], status=MeasureUptake.Status.APPLIED
                    )
                    applied += 1
                elif eligible and draw.random() < 1 / 3:
                    MeasureUptake.objects.create(
                        assessment=first,
                        measure=eligible[0],
                        status=MeasureUptake.Status.NOT_FOR_ME,
                    )
            made += 1
        self.stdout.write(
            f"Twee rondes, {made} bedrijven beoordeeld, {applied} met een aanvraag (demo, synthetisch)."
        )
