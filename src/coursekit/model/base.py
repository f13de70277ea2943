"""Shared building blocks of the model: strict base class, slugs, text coercion, errors.

The model is pure data plus invariants. Invariant violations are raised as
``PydanticCustomError`` whose type is a stable CK code (a validator collects every one it
finds and raises them together, ``raise_all``); the loader turns them into located
diagnostics using the error's ``loc`` (plus an optional ``at`` sub-path in the context, when
the offending node is below the model that checks the rule).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, StringConstraints, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from ..diagnostics import Location

SLUG_RE = r"^[a-z0-9][a-z0-9-]*$"


class Node(BaseModel):
    """Every model node: unknown keys are errors, and the loader records where it came from.

    The location lives in ``__pydantic_private__["_loc"]`` (``set_loc``), not in a declared
    private attribute: pydantic runs Python code for every new instance of a model that declares
    one, and a 10,000-question bank makes about 100,000 nodes.

    Field descriptions (the JSON Schemas of ``coursekit schema``) are ``Field(description=...)``:
    pydantic's ``use_attribute_docstrings`` reads every model's source at import, 40 % of building
    the models and a twentieth of ``validate``.
    """

    model_config = ConfigDict(extra="forbid", frozen=False, validate_default=False)

    @property
    def loc(self) -> Location:
        private = self.__pydantic_private__
        loc = private.get("_loc") if private else None
        if loc is None:
            if locate_pending():  # the loader had not given the nodes of some files their locations
                return self.loc
            return Location("<memory>", 1, 1)
        if not isinstance(loc, Location):
            loc = private["_loc"] = loc()
        return loc


# The field values that hold no node: walks over a model's tree (the loader's locating walk,
# a variant's location copy) skip them by their exact type before any isinstance, which goes
# through pydantic's ABC metaclass for Node.
LEAF_TYPES = frozenset({str, int, float, bool, type(None)})


def set_loc(node: Node, loc: Location | Callable[[], Location] | None) -> None:
    """Set where ``node`` came from: a Location, or a function computing it (the loader locates
    nodes lazily: a file's positions are read only when one of its nodes is reported)."""
    private = node.__pydantic_private__
    if private is None:
        object.__setattr__(node, "__pydantic_private__", {"_loc": loc})
    else:
        private["_loc"] = loc


def raw_loc(node: Node) -> Location | Callable[[], Location] | None:
    """What ``set_loc`` stored (None when the node was never located)."""
    private = node.__pydantic_private__
    loc = private.get("_loc") if private else None
    if loc is None and locate_pending():
        return raw_loc(node)
    return loc


def shared_loc(node: Node) -> Location | Callable[[], Location] | None:
    """A location to give a copy of ``node`` (``set_loc``): what the node holds, or, while the
    loader's walks are pending, a function asking the node when the copy is located. Unlike
    ``raw_loc`` it runs no walk: copying the nodes of every variant must not locate a bank."""
    private = node.__pydantic_private__
    loc = private.get("_loc") if private else None
    if loc is None and (_deferred or _deferred_deep):
        return functools.partial(_node_loc, node)
    return loc


def _node_loc(node: Node) -> Location:
    return node.loc


# The loader's walks that give the nodes of a file their locations, run the first time any
# node's location is asked for: a clean validate asks for none, a build asks at its first
# warning. They come in two depths: a file's questions and their direct parts
# (``loader._locate_questions``), where almost all of a build's warnings point, and every node
# (``loader._locate``: ~40,000 in a 10,000-question bank), run only when a deeper one is asked for.
_deferred: list[Callable[[], None]] = []
_deferred_deep: list[Callable[[], None]] = []


def locate_later(walk: Callable[[], None], *, deep: bool = False) -> None:
    (_deferred_deep if deep else _deferred).append(walk)


def locate_pending() -> bool:
    """Run the shallowest deferred walks there are (a shallow walk defers its file's deep one);
    False when none were left."""
    for pending in (_deferred, _deferred_deep):
        if pending:
            while pending:
                pending.pop()()
            return True
    return False


def locate_all() -> None:
    """Run every deferred walk (the loader does before it loads again, so a long-lived process,
    ``coursekit serve``, keeps no walks of files loaded before)."""
    while locate_pending():
        pass


def invariant(code: str, message: str, hint: str = "", at: tuple = ()) -> PydanticCustomError:
    """An invariant violation; ``at`` locates the offending child relative to the model."""
    return PydanticCustomError(code, message, {"hint": hint, "at": at})


def sum_overflows_at(values: Iterable[float]) -> int | None:
    """The index of the value at which the running sum of ``values`` passes the largest float
    (about 1.8e308) and is infinite, which no target can write; None when it never does. Points
    are added up so for a quiz (model), for the course (loader) and for rendered variants."""
    total = 0.0
    for i, value in enumerate(values):
        total += value
        if not math.isfinite(total):
            return i
    return None


def raise_all(problems: list[PydanticCustomError]) -> None:
    """Raise every invariant violation a validator found, not just the first: pydantic keeps
    each as an error of its own at the model's place (a ``ValidationError`` raised in a
    validator is merged into the one being built), so validate reports them in one run.
    The first stays first, for callers that report one (variants, importers)."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ValidationError.from_exception_data(
            "invariants", [InitErrorDetails(type=p, loc=(), input=None) for p in problems]
        )


class RawTextNeeded(Exception):
    """A number in a text field of data read without its source text (the loader's fast YAML
    reader): the loader reads the file again with the locating parse, which keeps it."""


_raw_text_required = False


@contextmanager
def raw_text_required() -> Iterator[None]:
    """Validate data whose numbers have no ``yaml_raw``: a number in a text field raises RawTextNeeded."""
    global _raw_text_required
    _raw_text_required = True
    try:
        yield
    finally:
        _raw_text_required = False


def _scalar_text(value: Any) -> Any:
    # YAML 1.2 says `text: 0.40` is a number, but the author meant the text as written.
    if type(value) is str:
        return value
    raw = getattr(value, "yaml_raw", None)
    if raw is not None:
        return raw
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if _raw_text_required:
            raise RawTextNeeded
        return repr(value) if isinstance(value, float) else str(value)
    return value


# The constraints come before the BeforeValidator: pydantic then checks them in its core string
# validator (errors "string_too_long", "string_too_short"). After it, pydantic wraps the field in
# Python checks of its own, three calls per value, with errors about list items.
Slug = Annotated[str, StringConstraints(pattern=SLUG_RE, max_length=64), BeforeValidator(_scalar_text)]
"""Ids: ``[a-z0-9][a-z0-9-]*``, at most 64 characters."""

Text = Annotated[str, BeforeValidator(_scalar_text)]
"""Plain text, shown verbatim (what a learner types or picks)."""

_NON_EMPTY = StringConstraints(min_length=1, strip_whitespace=False)
NonEmptyText = Annotated[str, _NON_EMPTY, BeforeValidator(_scalar_text)]

Markdown = Annotated[str, BeforeValidator(_scalar_text)]
"""Markdown with TeX math, images and directives; rendered by coursekit.render."""

NonEmptyMarkdown = Annotated[str, _NON_EMPTY, BeforeValidator(_scalar_text)]

Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
"""A YAML number (int or float); quoted text is not a number."""

PositiveNumber = Annotated[float, Strict(), Field(gt=0, allow_inf_nan=False)]
Fraction = Annotated[float, Strict(), Field(ge=0, le=1, allow_inf_nan=False)]
Bool = Annotated[bool, Strict()]
Count = Annotated[int, Strict(), Field(ge=0)]

TEMPLATE_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def is_template(value: Any) -> bool:
    # The substring tests skip the regex for the many strings that hold no tag at all.
    return isinstance(value, str) and ("{" in value) and TEMPLATE_RE.search(value) is not None


def _template_only(value: Any) -> Any:
    if isinstance(value, str) and not is_template(value):
        raise PydanticCustomError(
            "CK131",
            "expected a number or a {{ template }}, got the text '{value}'",
            {
                "value": value,
                "hint": 'write a number, or a Jinja2 template such as "{{ x }}" in a question with variants',
            },
        )
    return value


Template = Annotated[str, BeforeValidator(_template_only)]
"""A Jinja2 template standing for a number or boolean; only allowed with ``variants``."""
