"""hulplijn.imports.safe_yaml: plain data from untrusted YAML text, or a refusal that names the
line and never repeats the text."""

from __future__ import annotations

import json

import pytest
import yaml

from hulplijn.imports import safe_yaml
from hulplijn.imports.safe_yaml import YamlRefused, load


def refused(text: str, **limits) -> YamlRefused:
    with pytest.raises(YamlRefused) as caught:
        load(text, **limits)
    error = caught.value
    assert error.text.nl and error.text.en and error.text.nl != error.text.en
    return error


def test_ordinary_scenario_reads_as_safe_load_would():
    text = (
        "name: Zonder korting\n"
        'drop: ["2", 3]\n'
        "start_year: 2022\n"
        "general: {flowback_share: 0.4, firms: 250_000}\n"
        "measures:\n"
        '  "7":\n'
        "    ramp: [0.5, 1.0, .5]\n"
        "    duration_years: null\n"
        "    drop: false\n"
        "    params: {user_share: {min: 0.05, max: 0.08}, count: 0x10}\n"
    )
    assert load(text) == yaml.safe_load(text)


def test_only_json_types_come_out():
    data = load("when: 2022-01-01\nat: 2022-01-01 10:00:00\nmerge: {<<: {a: 1}}\neq: =\n")
    assert data == {
        "when": "2022-01-01",
        "at": "2022-01-01 10:00:00",
        "merge": {"<<": {"a": 1}},
        "eq": "=",
    }
    json.dumps(data)  # storable as JSON as it is


def test_empty_text_is_none():
    assert load("") is None and load("# alleen commentaar\n") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a: &x 1\nb: *x", "alias"),
        ("a: *x", "alias"),
        ("a: &x 1", "alias"),
        ("a: 1" + "0" * 5000, "number_out_of_range"),
        ("a: .inf", "number_out_of_range"),
        ("a: -.Inf", "number_out_of_range"),
        ("a: .NaN", "number_out_of_range"),
        ("a: 1.0e+400", "number_out_of_range"),
        ("a: -1000000000001", "number_out_of_range"),
        ("[" * 10_000, "too_deep"),
        ("{a: " * 30 + "1" + "}" * 30, "too_deep"),
        ("a: !!binary aGFsbG8=", "tag"),
        ("a: !custom 1", "tag"),
        ("a: !!omap [{a: 1}]", "tag"),
        ("a: 1\na: 2", "duplicate_key"),
        ("? {a: 1}\n: 2", "complex_key"),
        ("a: 1\n--- \nb: 2", "documents"),
        ("a: [1, 2", "syntax"),
        ("a: 'open", "syntax"),
    ],
)
def test_refusals(text, code):
    error = refused(text)
    assert error.code == code
    assert len(error.message("nl")) < 200


def test_limits_are_parameters():
    assert refused("[1, 2, 3]", max_nodes=3).code == "too_many_nodes"
    assert load("[1, 2]", max_nodes=3) == [1, 2]
    assert refused("[[1]]", max_depth=1).code == "too_deep"
    assert refused("a: 1", max_bytes=3).code == "too_large"


def test_size_is_counted_in_utf8_bytes():
    text = "a: " + "é" * 10_000  # 10,003 characters, 20,003 bytes
    assert refused(text).code == "too_large"


def test_refusal_names_the_place_and_not_the_text():
    error = refused("a: 1\nb:\n  c: &geheim [1]\n")
    assert (error.line, error.column) == (3, 6)
    assert error.message("nl").startswith("regel 3, kolom 6: ")
    assert error.message("en").startswith("line 3, column 6: ")
    assert "geheim" not in error.message("nl") + error.message("en")
    error = refused("nietsvermoedend: 1\nnietsvermoedend: 2")
    assert "'nietsvermoedend'" in error.text.nl  # a plain key name may be named
    error = refused("'<script>': 1\n'<script>': 2")
    assert "script" not in error.text.nl


def test_pure_python_parser_gives_the_same(monkeypatch):
    monkeypatch.setattr(safe_yaml, "_PARSER", yaml.SafeLoader)
    assert load("a: [1, {b: 2.5}]\n") == {"a": [1, {"b": 2.5}]}
    assert refused("a: &x 1\nb: *x").code == "alias"
    assert refused("[" * 10_000).code == "too_deep"
