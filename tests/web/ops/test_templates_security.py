"""Every template is fit for the Content-Security-Policy, and every POST form carries a CSRF token.

The templates are read as text (all of them, including ones added later), so a new inline
script, event handler, style attribute or token-less form fails here before it reaches a browser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

WEB = Path(__file__).parents[3] / "src/hulplijn/web"
TEMPLATES = sorted(p for p in WEB.rglob("templates/**/*.html"))
# rendered to PDF by WeasyPrint (guidance/report.py, cockpit/services/brief.py), never served as a
# page: their <style> is fine
PDF_ONLY = {"guidance/report.html", "cockpit/brief.html"}

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)
POST_FORM = re.compile(r"<form\b[^>]*\bmethod\s*=\s*[\"']?post\b[^>]*>(.*?)</form>", re.S | re.I)


COMMENTS = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}|<!--.*?-->", re.S)


def source(path: Path) -> str:
    """The template without its comments."""
    return COMMENTS.sub("", path.read_text(encoding="utf-8"))


def name_of(path: Path) -> str:
    return path.as_posix().split("/templates/", 1)[1]


def test_templates_are_found():
    names = {name_of(p) for p in TEMPLATES}
    assert {"base.html", "assessments/dashboard.html", "account/login.html"} <= names


@pytest.mark.parametrize("path", TEMPLATES, ids=name_of)
def test_no_inline_script_handler_or_style(path):
    text = source(path)
    problems = []
    for attributes, body in SCRIPT.findall(text):
        data_block = re.search(r"""type\s*=\s*["']application/(ld\+)?json["']""", attributes)
        if body.strip() and not data_block:
            problems.append(f"inline <script>: {body.strip()[:60]!r}")
    problems += [f"event handler attribute: {m.group(0)[-40:]!r}" for m in HANDLER.finditer(text)]
    problems += [f"javascript: URL: {m.group(0)!r}" for m in JAVASCRIPT_URL.finditer(text)]
    if name_of(path) not in PDF_ONLY:
        problems += [
            f"style attribute: {m.group(0)[-40:]!r}" for m in STYLE_ATTRIBUTE.finditer(text)
        ]
        problems += ["<style> element" for _ in STYLE_ELEMENT.finditer(text)]
    assert problems == [], f"{name_of(path)} breaks the Content-Security-Policy"


@pytest.mark.parametrize("path", TEMPLATES, ids=name_of)
def test_every_post_form_has_a_csrf_token(path):
    text = source(path)
    missing = [
        form.group(0)[:80]
        for form in POST_FORM.finditer(text)
        if "{% csrf_token %}" not in form.group(1)
    ]
    assert missing == [], f"{name_of(path)}: POST form without {{% csrf_token %}}"


def test_the_csrf_scan_sees_the_forms():
    forms = sum(len(POST_FORM.findall(source(p))) for p in TEMPLATES)
    assert forms >= 10


@pytest.mark.django_db
def test_policy_header_on_pages(client):
    response = client.get("/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["base-uri"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in response


@pytest.mark.django_db
def test_csrf_is_enforced_and_its_cookie_is_http_only():
    client = Client(enforce_csrf_checks=True)
    page = client.get("/account/login/")
    assert page.cookies[settings.CSRF_COOKIE_NAME]["httponly"]
    refused = client.post("/account/login/", {"login": "a@example.nl", "password": "x"})
    assert refused.status_code == 403
