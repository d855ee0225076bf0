"""``hulplijn plan ...``: the policy model from the command line."""

from __future__ import annotations

import typer

plan_app = typer.Typer(help="Het beleidsmodel: prioritering van maatregelen en het plan-effect.",
                       no_args_is_help=True)

# commands are added below, one function per command
