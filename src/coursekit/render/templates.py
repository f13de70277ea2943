"""The Jinja2 environment of parametric questions, and what can be known about a template
without rendering it: its syntax (checked by ``validate``: parsing runs no author code) and
where it uses a name (to locate "'x' is undefined" at build time)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


# Jinja is imported when a template needs it, not with this module: ``validate`` checks a bank's
# templates through the fast path of ``syntax_problem``, and importing Jinja was a tenth of its time.
@lru_cache(maxsize=1)
def _env() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


def __getattr__(name: str) -> Any:
    if name == "ENV":  # the environment, made on first use
        return _env()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Where Jinja sees a tag: a string without one is plain text to Jinja (even "{{ x }" is a tag
# that never closes).
TAG_START_RE = re.compile(r"\{[{%#]")
# "{{ name }}" (with optional whitespace control) is always valid; most template fields hold only
# such tags, and skipping Jinja's parser for them keeps validate fast on big banks. A "{" right
# before one would make Jinja read "{{{" differently, so that case goes to the parser.
_SIMPLE_TAG_RE = re.compile(r"(?<!\{)\{\{-?\s*[A-Za-z_][A-Za-z0-9_]*\s*-?\}\}")


@dataclass(frozen=True)
class TemplateProblem:
    line: int  # 1-based, inside the template text
    message: str


@lru_cache(maxsize=16384)
def template(source: str):
    # Compiling is most of the cost; every variant of a question renders the same strings.
    return _env().from_string(source)


# A "{{ name }}" tag without whitespace control, and the names Jinja does not read from the
# context (literals, globals): a template made only of the first, naming none of the second,
# renders as the text with each tag replaced by str(value), which is what Jinja outputs.
_PLAIN_TAG_RE = re.compile(r"(?<!\{)\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_LITERALS = frozenset({"true", "false", "none", "True", "False", "None"})


@lru_cache(maxsize=1)
def _not_context() -> frozenset[str]:
    return _LITERALS | frozenset(_env().globals)


_PLAIN_TYPES = (str, int, float)  # bool is an int; str() of each is Jinja's output


def render_template(source: str, context: dict) -> str:
    """``template(source).render(context)``, without compiling when the text holds only plain
    ``{{ name }}`` tags over strings and numbers: every variant of a 10,000-question bank has
    its own prompt, and compiling each was a tenth of the build. Jinja's newline handling
    (``\\r``) and whitespace control (``{{-``) take the compiled path, as does anything else."""
    parts = _PLAIN_TAG_RE.split(source)
    if len(parts) == 1 or "\r" in source or any(TAG_START_RE.search(text) for text in parts[::2]):
        return template(source).render(context)
    names = parts[1::2]
    not_context = _not_context()
    for name in names:
        if name in not_context or not isinstance(context.get(name), _PLAIN_TYPES):
            return template(source).render(context)  # Jinja's own value, or its own error
    parts[1::2] = [str(context[name]) for name in names]
    return "".join(parts)


@lru_cache(maxsize=16384)
def syntax_problem(source: str) -> TemplateProblem | None:
    """The first syntax error of a template, or an unknown filter or test (which Jinja only
    reports when compiling); None when it would compile."""
    if not TAG_START_RE.search(_SIMPLE_TAG_RE.sub("", source)):
        return None
    from jinja2 import TemplateSyntaxError, nodes

    env = _env()
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        return TemplateProblem(exc.lineno or 1, exc.message or str(exc))
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        known, kind = (env.filters, "filter") if isinstance(node, nodes.Filter) else (env.tests, "test")
        if node.name not in known:
            return TemplateProblem(node.lineno or 1, f"no {kind} named {node.name!r}")
    return None


_UNDEFINED_RE = re.compile(r"^'([A-Za-z_][A-Za-z0-9_]*)' is undefined$")


def undefined_name(message: str) -> str | None:
    """The name in Jinja's "'x' is undefined"."""
    m = _UNDEFINED_RE.match(message)
    return m.group(1) if m else None


def where_used(source: str, name: str) -> tuple[int, int]:
    """1-based line and column of the first use of ``name`` in a template (1, 1 if not found)."""
    from jinja2 import nodes

    lines = [n.lineno for n in _env().parse(source).find_all(nodes.Name) if n.name == name and n.ctx == "load"]
    if not lines:
        return 1, 1
    text = source.split("\n")[lines[0] - 1]
    word = re.compile(rf"(?<![\w.]){re.escape(name)}\b")
    for tag in _TAG_RE.finditer(text):  # the name inside a tag, not the same word in the prose
        m = word.search(text, tag.start(), tag.end())
        if m:
            return lines[0], m.start() + 1
    return lines[0], 1


_TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\{.*|\{%.*")
