"""`make run`: a round for every round the reference folder has built peers for.

On a fresh machine `make reference` builds the report's round (2016/2018, February and July
2020) and a current one (var/reference/periods/); this opens a round for each that has none
with the same years and moments, the newest last so new visitors start in the current round
while the report's stays selectable (docs/decisions/0024-periods.md). A round the reference
serves in full needs no warning; rounds it cannot serve are opened only in the admin, with a
confirmation."""

from django.core.management.base import BaseCommand

from hulplijn.core.period import month
from hulplijn.web.assessments.models import AssessmentRound
from hulplijn.web.reference_store import references


class Command(BaseCommand):
    help = "Open a round for each round the reference data covers and no round has yet."

    def handle(self, *args, **options):
        for reference in sorted(references(), key=lambda r: (max(r.years), r.moments)):
            if len(reference.moments) > 2:
                continue
            first, last = sorted(reference.years)
            moments = (*sorted(reference.moments), "", "")[:2]
            exists = AssessmentRound.objects.filter(
                year_1=first, year_2=last, moment_1=moments[0], moment_2=moments[1]
            ).exists()
            if exists:
                continue
            kind = "synthetisch" if reference.synthetic else "microdata"
            said = " en ".join(month(m).nl for m in sorted(reference.moments)) or "geen liquiditeit"
            round = AssessmentRound.objects.create(
                name=f"Ronde {first}/{last} ({said}; {kind})",
                year_1=first,
                year_2=last,
                moment_1=moments[0],
                moment_2=moments[1],
                is_open=True,
            )
            self.stdout.write(f"Ronde geopend: {round.name}")
