"""Locust users for the load and durability run (bench/load/run.py starts this headless).

Two kinds of user, mixed 3 : 2 (``LOAD_MIX``): integrations creating assessments through the JSON
API with a token, and owners logged in with e-mail and password viewing their dashboards. Every
create that gets a 2xx has its id appended to ``LOAD_IDS`` (one per line, flushed), so the run
can check afterwards that each one is in the database.

Environment: LOAD_ACCOUNTS (JSON file written by run.py: e-mail, password, token, assessment ids
per account), LOAD_IDS (output file).
"""

from __future__ import annotations

import json
import os
import random
import threading
from pathlib import Path

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text(encoding="utf-8"))
IDS = open(os.environ["LOAD_IDS"], "a", encoding="utf-8")  # noqa: SIM115 (open for the whole run)
_lock = threading.Lock()
_next = iter(range(10**9))


def _account() -> dict:
    with _lock:
        return ACCOUNTS[next(_next) % len(ACCOUNTS)]


def firm(rng: random.Random) -> dict:
    """The report's example firm (src/hulplijn/examples/voorbeeldbedrijf.json), figures varied by
    up to 20% so the peer lookups differ."""

    def vary(x: float) -> float:
        return round(x * rng.uniform(0.8, 1.2))

    return {
        "sbi": rng.choice(["47", "46", "56", "62", "43", "25"]),
        "working_persons": 60,
        "years": [
            {"year": 2016, "gross_margin": vary(909000), "wage_costs": vary(329000), "fte": 56},
            {"year": 2018, "gross_margin": vary(965000), "wage_costs": vary(348740), "fte": 58},
        ],
        "liquidity": [
            {
                "moment": "2020-02",
                "cash": vary(150000),
                "short_term_receivables": 20000,
                "trade_debtors": 90000,
                "short_term_debts": 110000,
                "trade_creditors": 70000,
                "interest_costs": 15000,
                "wage_costs": 340000,
                "other_costs": 180000,
            },
            {
                "moment": "2020-07",
                "cash": vary(95000),
                "short_term_receivables": 15000,
                "trade_debtors": 60000,
                "short_term_debts": 120000,
                "trade_creditors": 65000,
                "interest_costs": 15000,
                "wage_costs": 330000,
                "other_costs": 150000,
            },
        ],
        "solvency": {"equity": vary(520000), "total_assets": 1300000},
    }


class Integration(FastHttpUser):
    """Adviser software posting assessments through the API."""

    weight = int(os.environ.get("LOAD_MIX", "3:2").split(":")[0])
    wait_time = between(0, 0.05)

    def on_start(self) -> None:
        account = _account()
        self.headers = {
            "Authorization": f"Bearer {account['token']}",
            "Content-Type": "application/json",
        }
        self.rng = random.Random(account["email"])

    @task
    def create(self) -> None:
        body = firm(self.rng)
        consent = "true" if self.rng.random() < 0.5 else "false"
        with self.client.post(
            f"/api/v1/assessments?consent_statistics={consent}",
            data=json.dumps(body),
            headers=self.headers,
            name="API create",
            catch_response=True,
        ) as response:
            if 200 <= response.status_code < 300:
                assessment_id = response.json()["id"]
                with _lock:
                    IDS.write(f"{assessment_id}\n")
                    IDS.flush()
                response.success()
            else:
                response.failure(f"status {response.status_code}")


class Owner(FastHttpUser):
    """An owner, logged in, looking at the dashboards of their assessments."""

    weight = int(os.environ.get("LOAD_MIX", "3:2").split(":")[1])
    wait_time = between(0.1, 0.5)

    def on_start(self) -> None:
        account = _account()
        self.assessments = account["assessments"]
        self.client.get("/account/login/", name="login page")
        # FastHttpUser keeps cookies per user
        csrf = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
        self.client.post(
            "/account/login/",
            data={
                "login": account["email"],
                "password": account["password"],
                "csrfmiddlewaretoken": csrf,
            },
            headers={"Referer": self.host + "/account/login/"},
            name="login",
        )

    @task
    def dashboard(self) -> None:
        pk = random.choice(self.assessments)
        self.client.get(f"/beoordeling/{pk}/", name="dashboard")
