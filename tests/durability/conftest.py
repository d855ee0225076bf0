import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "durability: gunicorn under load with faults injected (bench/load/run.py)"
    )
