"""Read untrusted YAML text (a scenario typed in the cockpit, a scenario file for the CLI) safely.

``yaml.safe_load`` builds whatever a document describes: a few hundred bytes of anchors and
aliases (``&a [..]`` referenced by ``*a`` several levels deep, "billion laughs") expand to
billions of nodes, a 5,000-digit integer or 10,000 nested ``[`` raise errors that are no
``YAMLError`` (ValueError, RecursionError), and ``.inf`` / ``.nan`` pass as numbers. This loader
reads the parser's event stream instead and builds the plain data itself, refusing before
anything is built:

- text over ``MAX_BYTES`` (UTF-8), one document only;
- anchors (``&a``) and aliases (``*a``): refused outright, so nothing is ever expanded;
- nesting deeper than ``MAX_DEPTH`` lists/mappings, more than ``MAX_NODES`` values in all;
- tags other than the plain YAML types (``!!python/...``, ``!!set``, ``!!binary``, ...);
- numbers that are not finite or larger than ``MAX_MAGNITUDE`` (the plan model's figures are
  counts up to millions and amounts in EUR bn; 10**12 leaves room for any of them), and integers
  written with more than ``MAX_NUMBER_CHARS`` characters (checked before ``int()`` reads them);
- mapping keys that are lists or mappings, and a key given twice (YAML keeps the last one
  silently).

The result holds only ``dict``, ``list``, ``str``, ``int``, ``float``, ``bool`` and ``None`` (a
date stays the text it was written as), so it can be stored as JSON. Every refusal is a
:class:`YamlRefused` with a ``code``, the line and column where it was found, and a Dutch and an
English sentence; the user's text itself is never repeated in it.

Pure: text in, data out.
"""

from __future__ import annotations

import math
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from hulplijn.core import numbers
from hulplijn.core.errors import Problem, Refused, placed
from hulplijn.core.text import Text

MAX_BYTES = 20_000
MAX_DEPTH = 20
MAX_NODES = 5_000
MAX_MAGNITUDE = 1e12
MAX_NUMBER_CHARS = 40

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null")}
_PLAIN_TAGS = _SCALAR_TAGS | {_TAG + "seq", _TAG + "map", "!"}


class YamlRefused(Refused):
    """YAML text we do not read; ``line`` / ``column`` (1-based, or None) say where, and ``text``
    says what with the place first ('regel 3, kolom 5: ...')."""

    def __init__(
        self,
        code: str,
        message_nl: str,
        message_en: str,
        line: int | None = None,
        column: int | None = None,
        limit: int | float | None = None,
    ):
        text = placed(Text(message_nl, message_en), line=line, column=column)
        super().__init__([Problem(code, text)])
        self.detail: str | None = None  # a syntax error: the parser's own words
        self.line = line
        self.column = column
        self.limit = limit


def _where(event: Event | None) -> tuple[int | None, int | None]:
    mark = getattr(event, "start_mark", None)
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _refuse(
    code: str,
    nl: str,
    en: str,
    event: Event | None = None,
    limit: int | float | None = None,
) -> YamlRefused:
    line, column = _where(event)
    return YamlRefused(code, nl, en, line, column, limit)


class _Scalars(SafeConstructor):
    """PyYAML's own readers of YAML 1.1 integers and floats (0x1F, 1_000, 1e3, .5), fed one
    scalar at a time after the length check."""


_SCALARS = _Scalars()
_RESOLVER = Resolver()
# libyaml's parser when PyYAML has it (the same events, fifty times faster on hostile text)
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _number_refused(event: Event) -> YamlRefused:
    limit_nl, limit_en = numbers.number(MAX_MAGNITUDE, "nl"), numbers.number(MAX_MAGNITUDE, "en")
    return _refuse(
        "number_out_of_range",
        f"dit getal is te groot of geen eindig getal (toegestaan: tot {limit_nl})",
        f"this number is too large or not finite (allowed: up to {limit_en})",
        event,
        MAX_MAGNITUDE,
    )


def _scalar(event: ScalarEvent) -> Any:
    tag = event.tag
    if tag in (None, "!"):
        # types-PyYAML leaves BaseResolver.resolve unannotated
        tag = _RESOLVER.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    elif tag not in _SCALAR_TAGS:
        raise _tag_refused(event)
    value = event.value
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return SafeConstructor.bool_values[value.lower()]
    if tag in (_TAG + "int", _TAG + "float"):
        if len(value) > MAX_NUMBER_CHARS:
            raise _number_refused(event)
        # types-PyYAML types a node's marks as yaml.error.Mark only, an event's also as libyaml's
        # yaml._yaml.Mark; PyYAML itself takes either (it only reads line and column)
        node = ScalarNode(tag, value, event.start_mark, event.end_mark)  # type: ignore[arg-type]
        try:
            if tag == _TAG + "int":
                number: int | float = _SCALARS.construct_yaml_int(node)
            else:
                number = _SCALARS.construct_yaml_float(node)
        except (ValueError, ConstructorError):
            raise _refuse(
                "not_a_number",
                "dit is geen getal dat we kunnen lezen",
                "this is not a number we can read",
                event,
            ) from None
        if isinstance(number, float) and not math.isfinite(number):
            raise _number_refused(event)
        if abs(number) > MAX_MAGNITUDE:
            raise _number_refused(event)
        return number
    # str, and the implicit types we keep as the text written: timestamps (2022-01-01),
    # the merge key '<<' and the value key '='
    return value


def _tag_refused(event: Event) -> YamlRefused:
    return _refuse(
        "tag",
        "YAML-tags (zoals !!set of !!python/...) gebruiken we niet; schrijf de waarde zonder tag",
        "YAML tags (such as !!set or !!python/...) are not used; write the value without a tag",
        event,
    )


def load(
    text: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> Any:
    """The plain data of one YAML document, or :class:`YamlRefused`. Empty text gives None."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise YamlRefused(
            "too_large",
            f"de tekst is te lang ({numbers.count(size, 'nl')} bytes; "
            f"hoogstens {numbers.count(max_bytes, 'nl')})",
            f"the text is too long ({numbers.count(size, 'en')} bytes; "
            f"at most {numbers.count(max_bytes, 'en')})",
            limit=max_bytes,
        )
    # the parser keeps its own stack (no recursion); its events are read one at a time, so a
    # refusal stops it where the problem is, before anything further is read or built
    stack: list[tuple[Any, Any]] = []  # (container, pending key or _NO_KEY) per open collection
    root: list[Any] = []
    documents = 0
    nodes = 0
    try:
        for event in yaml.parse(text, Loader=_PARSER):
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _refuse(
                        "documents",
                        "de tekst bevat meer dan één YAML-document (---); geef er één",
                        "the text holds more than one YAML document (---); give one",
                        event,
                    )
                continue
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
                raise _refuse(
                    "alias",
                    "ankers en verwijzingen (&naam, *naam) gebruiken we niet; schrijf elke "
                    "waarde uit",
                    "anchors and aliases (&name, *name) are not used; write out every value",
                    event,
                )
            if isinstance(event, ScalarEvent | CollectionStartEvent):
                nodes += 1
                if nodes > max_nodes:
                    raise _refuse(
                        "too_many_nodes",
                        "de tekst bevat te veel waarden "
                        f"(hoogstens {numbers.count(max_nodes, 'nl')})",
                        "the text holds too many values "
                        f"(at most {numbers.count(max_nodes, 'en')})",
                        event,
                        max_nodes,
                    )
            if isinstance(event, CollectionStartEvent):
                if event.tag is not None and event.tag not in _PLAIN_TAGS:
                    raise _tag_refused(event)
                if len(stack) >= max_depth:
                    raise _refuse(
                        "too_deep",
                        f"de tekst is te diep genest (hoogstens {max_depth} niveaus)",
                        f"the text is nested too deeply (at most {max_depth} levels)",
                        event,
                        max_depth,
                    )
                container: Any = {} if isinstance(event, MappingStartEvent) else []
                stack.append((container, _NO_KEY))
                continue
            if isinstance(event, MappingEndEvent | SequenceEndEvent):
                container, _key = stack.pop()
                _add(stack, root, container, event)
                continue
            if isinstance(event, ScalarEvent):
                _add(stack, root, _scalar(event), event)
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        what = getattr(problem, "problem", None)
        # the parser's own words name the construct (e.g. "expected ',' or ']'"), never the text
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        refused = YamlRefused(
            "syntax",
            f"dit is geen geldige YAML ({what})" if what else "dit is geen geldige YAML",
            f"this is not valid YAML ({what})" if what else "this is not valid YAML",
            line,
            column,
        )
        refused.detail = what
        raise refused from None
    return root[0] if root else None


_NO_KEY = object()


def _add(stack: list[tuple[Any, Any]], root: list[Any], value: Any, event: Event) -> None:
    """Put a finished value into the open collection (or make it the document)."""
    if not stack:
        root.append(value)
        return
    container, key = stack[-1]
    if isinstance(container, list):
        container.append(value)
        return
    if key is _NO_KEY:
        if isinstance(value, dict | list):
            raise _refuse(
                "complex_key",
                "een sleutel moet een naam of getal zijn, geen lijst of verzameling",
                "a key must be a name or a number, not a list or a mapping",
                event,
            )
        if value in container:
            name = _key_text(value)
            raise _refuse(
                "duplicate_key",
                f"de sleutel {name or ''}staat twee keer in dezelfde verzameling",
                f"the key {name or ''}appears twice in the same mapping",
                event,
            )
        stack[-1] = (container, value)
        return
    container[key] = value
    stack[-1] = (container, _NO_KEY)


def _key_text(value: Any) -> str | None:
    """A key as named in a message ("'drop' "): only a short name of letters, digits, '_',
    '-' and '.'; any other key is not repeated (None)."""
    text = str(value)
    if not text or len(text) > 40 or not all(c.isalnum() or c in "_-." for c in text):
        return None
    return f"'{text}' "
