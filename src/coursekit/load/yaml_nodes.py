"""Safe YAML 1.2 reading that remembers where every node came from.

Two readers give the same data:

- ``parse_yaml``, the locating parse: libyaml's events through PyYAML, values constructed here
  so that plain scalars follow the YAML 1.2 core schema (``yes``/``no`` stay strings, ``1e-4``
  is a number), duplicate keys are errors, alias expansion and nesting are bounded (no "billion
  laughs"), and the line and column of every node, the scalar styles and the double-quote trap
  (``yaml_escapes``) are recorded. Every diagnostic about a file comes from this parse.
- ``read_fast``, the data only, for files that need no location: yaml-rs (Rust) builds the
  Python values in one call, about eight times faster than the event loop, which spends most
  of its time creating one Python event and two marks per node. It answers ``None`` (read
  the file with ``parse_yaml``) for anything the two could read differently or that
  ``parse_yaml`` reports: a syntax error or a duplicate key (yaml-rs refuses both), tabs,
  several documents or directives, tags, anchors and aliases, a double-quoted scalar holding a
  backslash (the only source of escapes, so of the double-quote trap and of characters no
  export can carry), the number spellings yaml-rs accepts beyond the core schema (``1_000``,
  ``0b1``, ``-0x1F``), keys that are not strings or are ``<<``, nesting deeper than
  ``MAX_DEPTH`` and files big enough to hold ``MAX_NODES`` nodes. Numbers come back as plain
  ``int``/``float`` without their source text: a number in a text field (``text: 0.40``) makes
  the loader read the file again with ``parse_yaml`` (``model.base.RawTextNeeded``).
  tests/test_yaml_fast.py holds the two readers equal on every YAML file of the repository and
  on generated documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yaml_escapes

try:  # the fast reader; without it every file takes the locating parse (same results, slower)
    import yaml_rs
except ImportError:  # pragma: no cover
    yaml_rs = None
from .yaml_escapes import SUSPECT_RE, Escape

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 1_000_000
MAX_DEPTH = 64

_NULL = {"~", "null", "Null", "NULL", ""}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT_RE = re.compile(r"^[-+]?[0-9]+$")
_OCT_RE = re.compile(r"^0o[0-7]+$")
_HEX_RE = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT_RE = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF_RE = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN_RE = re.compile(r"^\.(?:nan|NaN|NAN)$")
_NUMBER_START = frozenset("0123456789+-.")  # how every number, inf and nan above begins
# Characters XML 1.0 cannot hold at all (HTML calls them parse errors): C0 controls other than
# tab, LF and CR, and the non-characters U+FFFE/U+FFFF. A file cannot hold them (checked on
# reading); a double-quoted YAML scalar can still make them with an escape such as "\x01".
NOT_XML_RE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class YamlInt(int):
    """An int that remembers its source text (``text: 007`` is the text "007")."""

    yaml_raw: str


class YamlFloat(float):
    """A float that remembers its source text (``text: 0.40`` is the text "0.40")."""

    yaml_raw: str


Path_ = tuple  # a data path: keys and list indices from the document root


@dataclass
class YamlProblem(Exception):
    code: str
    message: str
    line: int  # 1-based
    col: int
    hint: str = ""


@dataclass
class YamlDoc:
    """A parsed document: the data plus the position of every value and key."""

    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # path -> (line, col) of value
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # path -> (line, col) of its key
    block: dict[Path_, int] = field(default_factory=dict)  # path -> line of a block scalar's first text line
    quoted: set = field(default_factory=set)  # paths of quoted scalars (their text starts one column later)
    # paths of double-quoted scalars whose escapes ate TeX (see yaml_escapes); the loader decides
    # which of them are Markdown fields, where that is an error
    escapes: dict[Path_, list[Escape]] = field(default_factory=dict)
    line_offset: int = 0

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The closest known position for ``path`` (walks up to the nearest known ancestor)."""
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if path in self.keys:
                return self.keys[path]
            if not path:
                return (1 + self.line_offset, 1)
            path = path[:-1]


def decode_utf8(data: bytes) -> str:
    """Decode UTF-8 (a BOM is allowed); raise YamlProblem at the first bad byte's line:col."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            "CK011", f"the file is not UTF-8 (byte 0x{data[exc.start]:02x})", line, col, "save the file as UTF-8"
        ) from None
    if "\x00" in text:
        i = text.index("\x00")
        line = text.count("\n", 0, i) + 1
        raise YamlProblem(
            "CK011",
            "the file contains a NUL byte (binary data?)",
            line,
            i - (text.rfind("\n", 0, i) + 1) + 1,
            "save the file as UTF-8 text",
        )
    bad = NOT_XML_RE.search(text)
    if bad:
        i = bad.start()
        line = text.count("\n", 0, i) + 1
        raise YamlProblem(
            "CK011",
            f"the file contains the control character U+{ord(bad.group()):04X}, "
            "which no export (XML or HTML) can carry",
            line,
            i - (text.rfind("\n", 0, i) + 1) + 1,
            "delete it (it is invisible in most editors)",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    return decode_utf8(read_limited(path, limit))


def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a file of at most ``limit`` bytes; raise YamlProblem CK013 when larger."""
    size = path.stat().st_size
    if size > limit:
        raise YamlProblem(
            "CK013", f"the file is {size:,} bytes, over the limit of {limit:,}", 1, 1, "split the file or shrink it"
        )
    with path.open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise YamlProblem(
            "CK013", f"the file is over the limit of {limit:,} bytes", 1, 1, "split the file or shrink it"
        )
    return data


def _scalar(value: str, style: str | None) -> Any:
    if style not in (None, ""):
        return value  # quoted and block scalars are text
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if value[0] not in _NUMBER_START:  # most plain scalars are words: skip the number patterns
        return value
    try:
        if _INT_RE.match(value):
            out: Any = YamlInt(int(value, 10))
        elif _OCT_RE.match(value):
            out = YamlInt(int(value[2:], 8))
        elif _HEX_RE.match(value):
            out = YamlInt(int(value[2:], 16))
        elif _FLOAT_RE.match(value):
            out = YamlFloat(float(value))
        elif _INF_RE.match(value):
            out = YamlFloat(float("-inf") if value.startswith("-") else float("inf"))
        elif _NAN_RE.match(value):
            out = YamlFloat(float("nan"))
        else:
            return value
    except ValueError:
        return value
    out.yaml_raw = value
    return out


class _Container:
    __slots__ = ("value", "path", "key", "is_map", "anchor", "start")

    def __init__(self, value, path, anchor, start):
        self.value = value
        self.path = path
        self.key = None  # pending mapping key (mappings only)
        self.is_map = isinstance(value, dict)
        self.anchor = anchor
        self.start = start  # node count when the container started (for anchors)


def _pos(event, offset: int) -> tuple[int, int]:
    return (event.start_mark.line + 1 + offset, event.start_mark.column + 1)


def parse_yaml(text: str, *, line_offset: int = 0) -> YamlDoc:
    """Parse one YAML document; raise YamlProblem with a 1-based line:col on any problem.

    Built from the parser's event stream with an explicit stack: no recursion (deep
    nesting cannot crash the process) and no node objects (about twice as fast). This loop
    runs once per YAML event of every file, so the names it uses are local variables.
    """
    # PyYAML is imported here, not with the module: most files never take this parse (read_fast).
    import yaml

    # the C parser is ~10x faster; the pure-Python one gives identical events
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    doc = YamlDoc(None, line_offset=line_offset)
    values, keys, block, quoted = doc.values, doc.keys, doc.block, doc.quoted
    stack: list[_Container] = []
    anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, node count)
    count = 0
    documents = 0
    Scalar, Alias, MapStart, SeqStart, DocStart = (
        yaml.ScalarEvent,
        yaml.AliasEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
        yaml.DocumentStartEvent,
    )
    skip = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)
    end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        for event in yaml.parse(text, Loader=loader):
            kind = type(event)
            if kind in skip:
                continue
            if kind is DocStart:
                documents += 1
                if documents > 1:
                    line, col = _pos(event, line_offset)
                    raise YamlProblem(
                        "CK012",
                        "the file holds more than one YAML document",
                        line,
                        col,
                        "remove the second '---' or split the file",
                    )
                continue
            parent = stack[-1] if stack else None
            if kind in end:
                done = stack.pop()
                if done.anchor:
                    anchors[done.anchor] = (done.value, count - done.start)
                _attach(doc, stack, done.value)
                continue
            mark = event.start_mark
            line, col = mark.line + 1 + line_offset, mark.column + 1
            # a node: scalar, alias, or the start of a collection
            if parent is None:
                path: tuple = ()
            elif parent.is_map:
                if parent.key is None:
                    # this event is a mapping key
                    if kind is not Scalar:
                        raise YamlProblem(
                            "CK017", "a mapping key must be a plain name", line, col, "write keys as simple words"
                        )
                    key = event.value
                    if key == "<<" and event.style in (None, ""):
                        raise YamlProblem("CK017", "merge keys (<<) are not supported", line, col, "write the keys out")
                    if key in parent.value:
                        first = keys.get(parent.path + (key,), (0, 0))[0]
                        raise YamlProblem(
                            "CK016",
                            f"duplicate key {key!r} (first at line {first})",
                            line,
                            col,
                            "remove one of the two",
                        )
                    parent.key = key
                    keys[parent.path + (key,)] = (line, col)
                    parent.value[key] = None  # reserve, so a duplicate is seen even before the value
                    continue
                path = parent.path + (parent.key,)
            else:
                path = parent.path + (len(parent.value),)
            count += 1
            if count > MAX_NODES:
                raise YamlProblem(
                    "CK014",
                    f"the document expands to more than {MAX_NODES:,} nodes (aliases?)",
                    line,
                    col,
                    "remove alias (*name) expansions or split the file",
                )
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(
                    "CK015", f"nesting is deeper than {MAX_DEPTH} levels", line, col, "flatten the structure"
                )
            values[path] = (line, col)
            if kind is Scalar:
                style = event.style
                value = _scalar(event.value, style)
                if style in ("|", ">"):
                    block[path] = line + 1
                elif style in ("'", '"'):
                    quoted.add(path)
                    if style == '"' and SUSPECT_RE.search(value):
                        _check_escapes(doc, text, event, path, value)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                _attach(doc, stack, value)
            elif kind is Alias:
                if event.anchor not in anchors:
                    raise YamlProblem(
                        "CK012",
                        f"unknown or recursive alias *{event.anchor}",
                        line,
                        col,
                        "define the anchor (&name) before using it",
                    )
                value, size = anchors[event.anchor]
                count += size
                if count > MAX_NODES:
                    raise YamlProblem(
                        "CK014",
                        f"alias *{event.anchor} expands the document past {MAX_NODES:,} nodes",
                        line,
                        col,
                        "remove alias (*name) expansions or split the file",
                    )
                _attach(doc, stack, value)
            elif kind is MapStart:
                stack.append(_Container({}, path, event.anchor, count))
            elif kind is SeqStart:
                stack.append(_Container([], path, event.anchor, count))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 1
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        lines = text.split("\n")
        bad_line = lines[line - line_offset - 1] if 0 < line - line_offset <= len(lines) else ""
        if problem in _ESCAPE_PROBLEMS and "\\" in bad_line[:col]:
            # TeX in double quotes: \sqrt, \xi, \underbrace are not YAML escapes
            at = bad_line.rfind("\\", 0, col)
            word = "\\" + yaml_escapes.letters_after(bad_line, at + 1)
            raise YamlProblem(
                "CK012",
                f"YAML syntax: `{word[:2]}` of `{word}` is not a YAML escape ({problem} in a double-quoted string)",
                line,
                at + 1,
                yaml_escapes.HINT,
            ) from None
        hint = (
            "indent with spaces, not tabs"
            if "\t" in bad_line[:col]
            else "check the YAML syntax around here (quotes, colons, indentation)"
        )
        raise YamlProblem("CK012", f"YAML syntax: {problem}", line, col, hint) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("CK012", f"YAML syntax: {exc}", 1 + line_offset, 1, "check the YAML syntax") from None
    return doc


# What the fast reader must leave to parse_yaml, searched where a YAML node can begin (a
# superset: a false match only costs the slower parse). Searched in "\n" + text, so that every
# match begins with one of a set of characters (where a node can begin, or a line break):
# re then skips to those characters in C instead of trying the pattern at every position.
_SLOW_RE = re.compile(
    r"[\n\[{,:?-](?:[ \t]*(?:"  # where a node can begin
    r'"[^"]*\\'  # a double-quoted scalar with an escape: its first backslash comes before any quote in it
    r"|[!*&]"  # tags, aliases, anchors
    r"|[-+]0[xXoObB]|0[bBXO]|[-+]?[0-9.][0-9a-zA-Z.+-]*_"  # numbers yaml-rs reads beyond the core schema
    r")|(?<=\n)(?:---|\.\.\.|%))"  # several documents, directives
)


def read_fast(text: str) -> tuple[Any] | None:
    """``(data,)`` as ``parse_yaml(text).data`` would give it (numbers without ``yaml_raw``), or
    None when the file must take the locating parse (see the module's docstring)."""
    # tabs: libyaml's rules and its hint ("indent with spaces")
    if yaml_rs is None or len(text) >= 2 * MAX_NODES or "\t" in text or _SLOW_RE.search("\n" + text):
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # noqa: BLE001 - any refusal (syntax, duplicate key, limits): the locating parse reports it
        return None
    return (data,) if _plain(data) else None


def _plain(data: Any) -> bool:
    """Keys are strings (parse_yaml takes every key as written) and not merge keys; nesting is
    shallower than MAX_DEPTH. One pass over the containers (scalars are only looked at)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        if depth >= MAX_DEPTH:
            return False
        if type(node) is dict:
            try:
                "".join(node)  # in C: TypeError for any key that is not a string
            except TypeError:
                return False
            if "<<" in node:
                return False
            values = node.values()
        elif type(node) is list:
            values = node
        else:
            continue
        depth += 1
        for value in values:
            kind = type(value)
            if kind is dict or kind is list:
                push((value, depth))
    return True


class QuickPositions:
    """What ``quick_positions`` read: each question's position at once, the positions of its
    values (``_question_keys``) the first time one of them is asked for. A build's warnings
    point at whole questions: a 10,000-question bank asked for every question's keys."""

    def __init__(self, lines: list[str], out: dict[Path_, tuple[int, int]]):
        self._lines = lines
        self._out = out
        self._pending: dict[int, tuple[int, int, int, tuple]] = {}  # index: first, last, col, keys

    def get(self, path: Path_) -> tuple[int, int] | None:
        if len(path) > 2 and path[0] == "questions" and path[1] in self._pending:
            self._keys(path[1])
        return self._out.get(path)

    def __contains__(self, path: Path_) -> bool:
        return self.get(path) is not None

    def items(self):
        for index in list(self._pending):
            self._keys(index)
        return self._out.items()

    def _keys(self, index: int) -> None:
        first, last, col, keys = self._pending.pop(index)
        _question_keys(self._lines, first, last, col, keys, ("questions", index), self._out)


def question_keys(data: Any) -> tuple | None:
    """What ``quick_positions`` reads of a quiz file's data: None when the data is no non-empty
    mapping; else the keys of each item of its ``questions`` list, in order (None for an item
    that is no non-empty mapping), or () when there is no such list. A loaded quiz keeps this
    instead of its data (loader.Source.keep_question_keys)."""
    if not isinstance(data, dict) or not data:
        return None
    questions = data.get("questions")
    if not isinstance(questions, list):
        return ()
    return tuple(tuple(q) if isinstance(q, dict) and q else None for q in questions)


def quick_positions(text: str, keys: tuple | None) -> QuickPositions | None:
    """The positions ``parse_yaml(text).position`` gives for the document (``()``) and for each
    item of a top-level ``questions:`` block sequence, read from the lines alone, for a file the
    fast reader took (``keys`` is ``question_keys`` of what it read): a quiz's warnings point at
    its questions, and this spares their file the locating parse. None when the layout is not
    the plain one, or anything disagrees with ``keys``; then the caller takes the locating parse.

    Every item of a block sequence begins a line with ``- `` at the sequence's indentation; a
    line that merely looks like one (inside a multi-line quoted scalar) can only add items, so
    the count equal to the number of questions, and each item's first key where it has keys,
    make the reading exact. tests/test_yaml_fast.py holds it equal to ``parse_yaml``.
    """
    if keys is None:
        return None
    lines = text.split("\n")
    out: dict[Path_, tuple[int, int]] = {}
    found = QuickPositions(lines, out)
    i, n = 0, len(lines)
    while i < n and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
        i += 1
    if i == n or lines[i][:1] in (" ", "{"):
        return None  # the root mapping is not a block mapping at column 1
    out[()] = (i + 1, 1)
    if not keys:
        return found
    start = next((j for j in range(i, n) if _QUESTIONS_KEY_RE.match(lines[j])), None)
    if start is None:
        return None
    indent = -1
    items: list[tuple[int, int]] = []
    end = n
    for j in range(start + 1, n):
        line = lines[j]
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        k = len(line) - len(stripped)
        if indent < 0:
            indent = k
        if k < indent or (k == indent and not stripped.startswith("- ")):
            end = j  # the next top-level key, or the end of the sequence
            break
        if k == indent:
            rest = stripped[1:].lstrip(" ")
            if not rest or rest.startswith("#"):
                return None  # the item's node begins on a later line
            items.append((j + 1, len(line) - len(rest) + 1))
    if len(items) != len(keys):
        return None
    for index, (item_keys, (line_no, col)) in enumerate(zip(keys, items, strict=True)):
        if item_keys:
            rest = lines[line_no - 1][col - 1 :]
            if not (rest.startswith("{") or rest.startswith(f"{item_keys[0]}:")):
                return None
            if not rest.startswith("{"):
                last = items[index + 1][0] - 1 if index + 1 < len(items) else end
                found._pending[index] = (line_no, last, col, item_keys)
        out[("questions", index)] = (line_no, col)
    return found


_QUESTIONS_KEY_RE = re.compile(r"questions:[ ]*(?:#.*)?$")
_KEY_LINE_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$")


def _question_keys(
    lines: list[str], first: int, last: int, col: int, keys: tuple, base: Path_, out: dict[Path_, tuple[int, int]]
) -> None:
    """The positions of a block-mapping question's values written on their key's line (lines
    ``first``..``last``, 1-based; keys at column ``col``), added to ``out`` only when the keys
    found there are exactly the question's keys, in order. A warning about feedback or a
    blank points at such a value."""
    found: list[tuple[str, int, int]] = []  # key, line, column of the value (0: on a later line)
    for j in range(first - 1, last):
        line = lines[j]
        text = line[col - 1 :] if j == first - 1 else line
        if j != first - 1:
            stripped = line.lstrip(" ")
            if not stripped or stripped.startswith("#") or len(line) - len(stripped) > col - 1:
                continue
            if len(line) - len(stripped) < col - 1:
                return
            text = stripped
        m = _KEY_LINE_RE.match(text)
        if m is None:
            return
        value = m.group(2)
        if value is None or not value.strip() or value[0] in "|>#&*!?":
            found.append((m.group(1), j + 1, 0))
        else:
            found.append((m.group(1), j + 1, len(line) - len(text) + m.start(2) + 1))
    if tuple(k for k, _, _ in found) != keys:
        return
    for key, line_no, value_col in found:
        if value_col:
            out[(*base, key)] = (line_no, value_col)


_ESCAPE_PROBLEMS = {
    "found unknown escape character",
    "did not find expected hexdecimal number",
    "found invalid Unicode character escape code",
}


def _check_escapes(doc: YamlDoc, text: str, event, path: Path_, value: str) -> None:
    """A double-quoted scalar whose value looks damaged: find the escapes in its source text.
    A character no export can carry is an error here (CK011) in any field; escapes that turned
    TeX into line breaks or tabs are kept for the loader, which knows the Markdown fields."""
    bad = yaml_escapes.UNCARRIABLE_RE.search(value)
    if not bad and not yaml_escapes.BREAK_BEFORE_LETTER_RE.search(value):
        return  # a line break or tab before a space or punctuation: nothing to report
    start, end = event.start_mark, event.end_mark
    line, col = start.line + 1 + doc.line_offset, start.column + 1
    escapes = yaml_escapes.scan(text, start.index, end.index, line, col)
    if bad:
        char = bad.group()
        made = next((e for e in escapes if yaml_escapes.UNCARRIABLE_RE.match(e.char)), None)
        if made is None:  # pragma: no cover - files cannot hold these characters, so an escape made it
            raise YamlProblem(
                "CK011",
                f"the text holds the control character U+{ord(char):04X}, which no export (XML or HTML) can carry",
                line,
                col,
                "remove the escape",
            )
        if made.before_letters:
            message = f"YAML read `{made.seq}` of `{made.word}` as {made.what}, which no export (XML or HTML) can carry"
            hint = yaml_escapes.HINT
        else:
            message = f"the escape `{made.seq}` makes {made.what}, which no export (XML or HTML) can carry"
            hint = "remove the escape (or, for TeX, " + yaml_escapes.HINT + ")"
        raise YamlProblem("CK011", message, made.line, made.col, hint)
    damage = yaml_escapes.markdown_damage(escapes)
    if damage:
        doc.escapes[path] = damage


def _attach(doc: YamlDoc, stack: list, value: Any) -> None:
    if not stack:
        doc.data = value
        return
    parent = stack[-1]
    if parent.is_map:
        parent.value[parent.key] = value
        parent.key = None
    else:
        parent.value.append(value)
