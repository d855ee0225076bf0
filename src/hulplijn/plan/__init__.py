"""The policy model of the Herstel- en groeiplan mkb: prioritisation of the 20 measures, the plan
impact model 2021-2025 with ranges and scenarios, Monte Carlo, and the macro projection.
Pure: no Django, no DuckDB, no file or network I/O (import-linter)."""
