"""The CPU budget of an imported file (issue #12): XBRL annual accounts over 5 MB (also once
unzipped) or with more than 200,000 XML elements are refused with a clear message before the
expensive parse; within the budget nothing is dropped: a file is read whole or refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from hulplijn.imports import safe_xml, xbrl
from hulplijn.imports.errors import ImportRefused

FIXTURES = Path(__file__).parents[1] / "fixtures" / "xbrl"
MB = 1024 * 1024


def small_with(extra: str) -> bytes:
    """The small-entity fixture with ``extra`` inserted before its closing tag."""
    text = (FIXTURES / "small-nt19.xbrl").read_text()
    head, _, _ = text.rpartition("</xbrl>")
    return (head + extra + "</xbrl>\n").encode()


def unmapped_facts(n: int) -> str:
    return "".join(
        f'<jenv-bw2-i:OtherDisclosure{i % 7} contextRef="D2024" unitRef="EUR" decimals="0">'
        f"{i}</jenv-bw2-i:OtherDisclosure{i % 7}>\n"
        for i in range(n)
    )


def refused(data: bytes, filename: str = "jaarrekening.xbrl") -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        xbrl.read_annual_accounts(data, filename)
    return caught.value


def test_real_fixtures_are_far_below_the_budget():
    for path in FIXTURES.iterdir():
        assert path.stat().st_size < xbrl.MAX_BYTES / 100, path


def test_a_large_generated_file_is_refused_before_it_is_parsed(monkeypatch):
    def never(data):
        raise AssertionError("parsed")

    monkeypatch.setattr(safe_xml, "parse", never)
    data = small_with(unmapped_facts(90_000))  # some 9 MB, generated here, never committed
    assert len(data) > xbrl.MAX_BYTES
    error = refused(data)
    assert error.code == "too_large"
    assert error.text.nl.startswith("het bestand is te groot (")
    assert "hoogstens 5 MB" in error.text.nl and "at most 5 MB" in error.text.en


def test_just_over_the_limit_says_so_with_a_decimal():
    error = refused(b"<xbrl>" + b" " * xbrl.MAX_BYTES + b"</xbrl>")
    assert "(5,1 MB; hoogstens 5 MB)" in error.text.nl
    assert "(5.1 MB; at most 5 MB)" in error.text.en


def test_a_zip_that_unpacks_over_the_limit_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("jaarrekening.xbrl", small_with(unmapped_facts(70_000)))
    data = buffer.getvalue()
    assert len(data) < xbrl.MAX_BYTES  # the upload itself is within
    assert refused(data, "jaarrekening.zip").code == "too_large"


def test_a_million_tiny_elements_are_refused_before_the_tree_is_built(monkeypatch):
    def never(data):
        raise AssertionError("parsed")

    monkeypatch.setattr(safe_xml, "parse", never)
    data = small_with("<a/>" * 1_000_000)  # 4 MB: within the byte limit
    assert len(data) < xbrl.MAX_BYTES
    error = refused(data)
    assert error.code == "too_many_elements"
    assert "meer dan 200.000 XML-elementen" in error.text.nl
    assert "more than 200,000 XML elements" in error.text.en


def test_within_the_budget_the_whole_file_is_read():
    data = small_with(unmapped_facts(10_000))  # 1 MB, 10,000 facts we do not map
    accounts = xbrl.read_annual_accounts(data, "jaarrekening.xbrl")
    reference = xbrl.read_annual_accounts((FIXTURES / "small-nt19.xbrl").read_bytes(), "x.xbrl")
    assert accounts.figures() == reference.figures()


def test_element_count_is_exact_around_the_limit():
    assert not safe_xml.more_elements_than(b"<r>" + b"<a/>" * 9 + b"</r>", 10)
    assert safe_xml.more_elements_than(b"<r>" + b"<a/>" * 10 + b"</r>", 10)
    # '<' in comments and CDATA is not an element
    text = b"<r><!-- <a/> <a/> <a/> --><![CDATA[<<<<<<<<]]><a/></r>"
    assert not safe_xml.more_elements_than(text, 2)
    # broken before the limit: not counted as too many; parse() names the problem
    assert not safe_xml.more_elements_than(b"<r><<" + b"<a/>" * 20 + b"</r>", 10)
