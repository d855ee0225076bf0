"""factory_boy factories for the web apps."""

import copy
import json
from datetime import date
from pathlib import Path

import factory

from hulplijn.web.accounts.models import User
from hulplijn.web.assessments.models import Assessment, AssessmentRound
from hulplijn.web.cockpit.models import StatisticalRecord

EXAMPLE = Path(__file__).parents[2] / "src/hulplijn/examples/voorbeeldbedrijf.json"

PASSWORD = "een-lang-wachtwoord-42"
# a staff member's authenticator app (base32); tests compute its current code with totp_code()
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app shows now for ``secret`` (RFC 6238, 30 s, 6 digits)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def with_second_factor(user, secret: str = TOTP_SECRET):
    """Give ``user`` an authenticator app (a real allauth TOTP authenticator)."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)
    return user


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"ondernemer{n}@example.nl")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            if obj.email:  # the owner opened the verification link sent at sign-up
                from allauth.account.models import EmailAddress

                EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=True)


class AdviserFactory(UserFactory):
    email = factory.Sequence(lambda n: f"adviseur{n}@example.nl")
    is_adviser = True


class PolicyUserFactory(UserFactory):
    """A staff member in the policy group (the cockpit's role, migration cockpit 0002)."""

    email = factory.Sequence(lambda n: f"beleid{n}@example.nl")
    is_staff = True

    @factory.post_generation
    def policy_group(obj, create, extracted, **kwargs):
        if create:
            from django.contrib.auth.models import Group, Permission

            from hulplijn.web.cockpit.models import POLICY_GROUP

            # the group comes from a migration; a browser test's flush removes it again
            group = Group.objects.get_or_create(name=POLICY_GROUP)[0]
            group.permissions.add(Permission.objects.get(codename="view_cockpit"))
            obj.groups.add(group)
            with_second_factor(obj)  # staff work with a second factor


# --- assessments and the statistics made from them ----------------------------------------------


def example_firm(gross_margins: tuple[int, int] | None = None) -> dict:
    """The report's example firm (src/hulplijn/examples/voorbeeldbedrijf.json) as engine input;
    ``gross_margins`` replaces its two years' gross margins (earlier, later)."""
    firm = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    if gross_margins is not None:
        for year, margin in zip(firm["years"], gross_margins, strict=True):
            year["gross_margin"] = margin
    return firm


def engine_result(firm_input: dict, percentiles: dict[str, float] | None = None):
    """The engine's result for ``firm_input`` on the site's reference; ``percentiles`` replaces
    the benchmark percentiles of the metrics it names (for tests about bands)."""
    from hulplijn.core import assess, parse_firm
    from hulplijn.web.reference_store import reference

    result = assess(parse_firm(copy.deepcopy(firm_input)), reference())
    if percentiles:
        benchmark = {
            metric: bench.model_copy(update={"percentile": percentiles[metric]})
            if metric in percentiles
            else bench
            for metric, bench in result.benchmark.items()
        }
        result = result.model_copy(update={"benchmark": benchmark})
    return result


def current_round() -> AssessmentRound:
    """The open round (the report's, from the data migration), or a new one like it."""
    return AssessmentRound.current() or AssessmentRoundFactory()


class AssessmentRoundFactory(factory.django.DjangoModelFactory):
    """A round like the report's: reference years 2016 and 2018, liquidity in February and
    July 2020 (the example firm's years and moments)."""

    class Meta:
        model = AssessmentRound

    name = factory.Sequence(lambda n: f"Ronde {n}")
    year_1 = 2016
    year_2 = 2018
    moment_1 = "2020-02"
    moment_2 = "2020-07"
    is_open = True


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A stored assessment of the report's example firm, made as the wizard and the API make
    one: the engine's result on the site's reference, saved by ``services.store`` (one
    transaction; queued for the anonymised statistics when ``consent_statistics``). Anonymous
    in its own session unless given an ``owner``; in the open round. Any other field of the
    model (``kvk_number``, ``verification``...) is passed on to the store.

    ``gross_margins=(earlier, later)`` assesses the example firm with other gross margins (the
    value-added change of its statistical record); ``percentiles={"metric": p}`` sets benchmark
    percentiles in the result (its bands)."""

    class Meta:
        model = Assessment

    class Params:
        gross_margins = None
        percentiles = None

    owner = None
    session_key = factory.Sequence(lambda n: f"sessie-{n}")
    round = factory.LazyFunction(current_round)
    firm_input = factory.LazyAttribute(lambda o: example_firm(o.gross_margins))
    result = factory.LazyAttribute(lambda o: engine_result(o.firm_input, o.percentiles))

    @classmethod
    def _create(cls, model_class, *, result, firm_input, owner, round, session_key, **fields):
        from hulplijn.web.assessments import services

        return services.store(
            result, firm_input, owner=owner, round=round, session_key=session_key, **fields
        )


class StatisticalRecordFactory(factory.django.DjangoModelFactory):
    """An anonymised statistical record as a batch writes it (``statistics.store``: the record
    and the monitoring atoms): March 2024, micro, SBI section G, accelerate, every band 40-59.
    ``create_batch(n, ...)`` writes the n records as one batch.

    Record key 0, so every cell key is 0 and every perturbation the one derived by hand in
    tests/plan/test_monitoring.py: a published count is the true one + 1, a published total
    the true one + 0.102643 x its largest contribution."""

    class Meta:
        model = StatisticalRecord

    round = factory.LazyFunction(current_round)
    month = date(2024, 3, 1)
    size_class = "micro"
    section = "G"
    segment = "accelerate"
    value_added_change = 0
    productivity_growth_band = "40-59"
    job_growth_band = "40-59"
    liquidity_band = "40-59"
    solvency_band = "40-59"
    sector_impact = "groei"
    record_key = 0

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return cls._store([model_class(*args, **kwargs)])[0]

    @classmethod
    def create_batch(cls, size, **kwargs):
        return cls._store(cls.build_batch(size, **kwargs))

    @staticmethod
    def _store(batch: list[StatisticalRecord]) -> list[StatisticalRecord]:
        from hulplijn.web.cockpit import statistics

        statistics.store(batch)
        return batch
