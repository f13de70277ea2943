"""load_course: read a course folder into a validated, located ``Course``.

Every file is read once, every problem in every file is collected (not just the first),
and every diagnostic points at the file, line and column of the offending node.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..codes import OPT_IN
from ..diagnostics import Diagnostic, Diagnostics, Location, Severity, TextAnchor, display_path
from ..i18n.language import resolve as resolve_language
from ..model import Chapter, ChapterMeta, Course, CourseFile, Node, Quiz
from ..model.base import (
    LEAF_TYPES,
    RawTextNeeded,
    locate_all,
    locate_later,
    raw_text_required,
    set_loc,
    sum_overflows_at,
)
from ..model.lint import WARNING_CODES
from ..model.question import GENERATOR_RE, QUESTION_TYPES, FillBlanks, Matching, Ordering, QuestionBase
from ..model.simulation import Simulation
from ..render.code import CODE_DIRECTIVES, IGNORED_CODE_OPTIONS
from .errors import diagnostics_from_validation
from .lint_rules import LintRules, lint_rules
from .markdown_html import RemovedHtml, removed_html
from .markdown_math import check as check_tex
from .markdown_math import equation_problems, find_math
from .markdown_math import line_col as text_line_col
from .markdown_refs import (
    FIGURE_OPTIONS,
    IGNORED_FIGURE_OPTIONS,
    KNOWN_DIRECTIVES,
    MarkdownLink,
    find_directives,
    find_fences,
    find_html_images,
    find_images,
    find_md_links,
    unclosed_directives,
)
from .paths import resolve_in_course
from .yaml_escapes import is_markdown_path
from .yaml_nodes import (
    MAX_FILE_BYTES,
    QuickPositions,
    YamlDoc,
    YamlProblem,
    decode_utf8,
    parse_yaml,
    question_keys,
    quick_positions,
    read_fast,
    read_limited,
)

_FENCE_DIRECTIVE_RE = re.compile(r"^\{([a-z][a-z0-9_-]*)\}\s*(.*)$")


class Source:
    """One file read from the course: its YAML data (front matter for chapters) and, when asked
    for a position, its located YAML document.

    Most files are read by the fast reader (``yaml_nodes.read_fast``), which keeps no positions:
    the first position asked for (a diagnostic, a warning, a model node's ``loc``) reads the file
    again with the locating parse, so only files with something to report pay for it.
    """

    def __init__(self, path: Path, display: str, text: str, line_offset: int, data: Any, doc: YamlDoc | None):
        self.path, self.display, self.text, self.line_offset = path, display, text, line_offset
        self.data = data
        self._doc = doc
        self._lines: list[str] | None = None
        self._quick: QuickPositions | dict[tuple, tuple[int, int]] | None = None
        self._question_keys: tuple | None = None

    def keep_question_keys(self) -> None:
        """Drop the data of a loaded file the fast reader took, keeping what its quick positions
        read (``question_keys``): the model holds what the build needs, and a 100,000-question
        bank's parsed YAML is 150 MB. A located file's data lives on in its document anyway."""
        if self._doc is None and self.data is not None:
            self._question_keys = question_keys(self.data)
            self.data = None

    @property
    def located(self) -> bool:
        """The locating parse has run (every diagnostic of the file comes from its document)."""
        return self._doc is not None

    @property
    def doc(self) -> YamlDoc:
        if self._doc is None:
            try:
                self._doc = parse_yaml(self.text, line_offset=self.line_offset)
            except YamlProblem:  # pragma: no cover - read_fast accepts only what this parse reads
                self._doc = YamlDoc(self.data, line_offset=self.line_offset)
        return self._doc

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = [""] * self.line_offset + self.text.split("\n")
        return self._lines

    @lines.setter
    def lines(self, value: list[str]) -> None:
        self._lines = value

    def loc(self, path: tuple = (), *, key: bool = False) -> Location:
        if self._doc is None and not key:
            # A quiz's warnings point at its questions: their positions come from the lines
            # (yaml_nodes.quick_positions) while the file needs no locating parse otherwise.
            if self._quick is None:
                keys = self._question_keys if self.data is None else question_keys(self.data)
                self._quick = quick_positions(self.text, keys) or {}
            at = self._quick.get(tuple(path))
            if at is not None:
                return Location(self.display, at[0] + self.line_offset, at[1])
        line, col = self.doc.position(path, key=key)
        return Location(self.display, line, col)

    def lazy_loc(self, path: tuple) -> functools.partial:
        """``loc(path)`` when called: a node's location, computed only if someone asks."""
        return functools.partial(self.loc, path)

    def text_loc(self, path: tuple, line_in_text: int, col_in_text: int) -> Location:
        """Where a position inside a YAML string value lies in the file."""
        doc = self.doc
        if path in doc.block:
            line = doc.block[path] + line_in_text - 1
            src = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
            indent = len(src) - len(src.lstrip(" "))
            return Location(self.display, line, indent + col_in_text)
        line, col = doc.position(path)
        if line_in_text == 1:
            return Location(self.display, line, col + col_in_text - 1 + (path in doc.quoted))
        return Location(self.display, line, col)

    def text_anchor(self, path: tuple) -> TextAnchor:
        """Where the text of a YAML string value begins (``text_loc`` for later use)."""
        doc = self.doc
        if path in doc.block:
            line = doc.block[path]
            src = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
            return TextAnchor(self.display, line, len(src) - len(src.lstrip(" ")) + 1, block=True)
        line, col = doc.position(path)
        return TextAnchor(self.display, line, col + (path in doc.quoted))


class LazyAnchor:
    """``Source.text_anchor(path)``, computed on the first ``at()`` (a build-time template error)."""

    __slots__ = ("src", "path", "_anchor")

    def __init__(self, src: Source, path: tuple):
        self.src, self.path, self._anchor = src, path, None

    def at(self, line_in_text: int = 1, col_in_text: int = 1) -> Location:
        if self._anchor is None:
            self._anchor = self.src.text_anchor(self.path)
        return self._anchor.at(line_in_text, col_in_text)


@dataclass
class ChapterPart:
    """What a chapter file alone yields: its front matter, its body and the quizzes it names."""

    meta: ChapterMeta | None  # None: the front matter failed validation (its quizzes are still loaded)
    body: str
    body_line: int
    loc: Location
    # Each quiz it names, and where: a front matter's ``quiz:`` is located only when reported
    # (its position needs the file's locating parse, which a clean chapter never takes).
    refs: list[tuple[str, Location | Callable[[], Location]]]


@dataclass
class UnitEffects:
    """What loading one file did besides returning its value (replayed when a LoadMemo reuses it)."""

    diags: list[Diagnostic] = field(default_factory=list)
    used_assets: set[Path] = field(default_factory=set)
    used_sims: set[str] = field(default_factory=set)
    touched: dict[Path, str | None] = field(default_factory=dict)  # file -> SHA-256 of the bytes read, or None
    md_links: list[MarkdownLink] = field(default_factory=list)


def _located(at: Location | Callable[[], Location]) -> Location:
    return at if isinstance(at, Location) else at()


def load_course(course_dir: Path, memo: Any = None) -> tuple[Course | None, Diagnostics]:
    """``memo``: a coursekit.load.memo.LoadMemo kept between loads (coursekit serve) so that only
    changed chapter and quiz files are read and validated again."""
    return CourseLoader(Path(course_dir), memo=memo).load()


# What one unit (a chapter or quiz file) collects on its own while it is loaded: saved and
# swapped out by CourseLoader.recording, so the unit's effects can be stored and replayed.
_UNIT_STATE = (
    "diags",
    "used_assets",
    "used_sims",
    "_svgs_checked",
    "_functions",
    "_touched",
    "md_links",
)


# What check_markdown looks at (images, directives, raw HTML tags, math, equation references,
# code fences, links to chapters): a field holding none of them, most quiz fields, needs no parse.
# One search in C for the ~60,000 fields of a 10,000-question bank; case-insensitive for <IMG>
# (the rest only gets more texts checked).
_MARKDOWN_TO_CHECK_RE = re.compile(r"!\[|:::|<[a-z/!?]|\$|\\eqref|```|\.md", re.IGNORECASE)


class CourseLoader:
    def __init__(self, course_dir: Path, memo: Any = None):
        self.root = course_dir.resolve()
        self.dir = course_dir
        self.memo = memo
        self.diags = Diagnostics()
        self._functions: dict[Path, set[str] | None] = {}
        self._resolved: dict[tuple[str, Path, str], Path] = {}  # found files, by (ref, folder, what)
        self.used_assets: set[Path] = set()
        self._svgs_checked: set[Path] = set()
        self.used_sims: set[str] = set()
        self._touched: dict[Path, str | None] | None = None  # files the unit being recorded depends on
        self._sims_key: str | None = None
        self.files_read: set[Path] = set()  # for the report's files_checked
        self.md_links: list[MarkdownLink] = []  # links to .md files, checked once every chapter is known
        self.loaded_quizzes: list[Quiz] = []  # in chapter order
        self.unattached_quizzes: list[Quiz] = []  # loaded for a chapter whose front matter is broken
        self.allow_raw_html = False  # course.yaml's: which raw HTML learners never see (CK264)

    # ------------------------------------------------------------------ helpers
    # ``at``: a Location, or a function computing it (``Source.lazy_loc``: positions read only when reported)
    def error(self, code: str, message: str, at: Location | Callable[[], Location], hint: str = "") -> None:
        self.diags.add(Diagnostic(code, message, at if isinstance(at, Location) else at(), Severity.ERROR, hint))

    def warning(self, code: str, message: str, at: Location | Callable[[], Location], hint: str = "") -> None:
        self.diags.add(Diagnostic(code, message, at if isinstance(at, Location) else at(), Severity.WARNING, hint))

    def display(self, path: Path) -> str:
        return display_path(path)

    def touch(self, path: Path, data: bytes | None = None) -> None:
        """Note that the unit being recorded depends on ``path`` (and on exactly ``data``, when read)."""
        if self._touched is not None and (data is not None or path not in self._touched):
            self._touched[path] = hashlib.sha256(data).hexdigest() if data is not None else None

    def read(self, path: Path) -> str | None:
        try:
            data = read_limited(path, MAX_FILE_BYTES)
            self.touch(path, data)
            self.files_read.add(path)
            return decode_utf8(data)
        except YamlProblem as p:
            self.touch(path)
            self.error(p.code, p.message, Location(self.display(path), p.line, p.col), p.hint)
        except OSError as exc:
            self.touch(path)
            self.error(
                "CK010",
                f"cannot read the file: {exc.strerror}",
                Location(self.display(path), 1, 1),
                "check the file's permissions",
            )
        return None

    def parse(self, path: Path, text: str, line_offset: int = 0) -> Source | None:
        fast = read_fast(text)
        if fast is not None:
            return Source(path, self.display(path), text, line_offset, fast[0], None)
        try:
            doc = parse_yaml(text, line_offset=line_offset)
        except YamlProblem as p:
            self.error(p.code, p.message, Location(self.display(path), p.line, p.col), p.hint)
            return None
        return Source(path, self.display(path), text, line_offset, doc.data, doc)

    def check_escapes(self, src: Source, kind: str) -> None:
        """The double-quote trap (see yaml_escapes): escapes that ate TeX in a Markdown field
        (none in a file the fast reader took: it has no double-quoted scalar with an escape)."""
        if not src.located:
            return
        for path, escapes in src.doc.escapes.items():
            if not is_markdown_path(kind, src.data, path):
                continue
            for e in escapes:
                self.error(
                    "CK030",
                    f"YAML read `{e.seq}` of `{e.word}` as {e.what}: "
                    "write the string in single quotes or as a block scalar",
                    Location(src.display, e.line, e.col),
                    "in '...' or a | block a backslash is just a backslash ('' writes a quote inside '...')",
                )

    def validate(self, model: type[BaseModel], src: Source, what: str) -> Any:
        if not isinstance(src.data, dict):
            self.error("CK017", f"{what} must be a mapping of keys to values", src.loc(), "write key: value lines")
            return None
        if not src.located:
            # Data from the fast reader: valid, or read again with the locating parse, whose data
            # (numbers with their source text) and positions every diagnostic is made from.
            try:
                with raw_text_required():
                    return model.model_validate(src.data)
            except (ValidationError, RawTextNeeded):
                src.data = src.doc.data
        try:
            return model.model_validate(src.data)
        except ValidationError as exc:
            self.diags.extend(diagnostics_from_validation(exc, src.doc, src.display, model))
            return None

    def resolve(self, ref: str, base_file: Path, at: Location | Callable[[], Location], what: str) -> Path | None:
        # Every question of a quiz names the same generator file: resolve it (a realpath and a
        # stat) once per load. Only found files are kept: a problem is reported at each use.
        key = (ref, base_file.parent, what)
        path = self._resolved.get(key)
        problem = None
        if path is None:
            path, problem = resolve_in_course(ref, base_file, self.root, at, what, root_real=self.root)
            if path is not None:
                self._resolved[key] = path
        if problem:
            self.diags.add(problem)
        if self._touched is not None:
            # The answer depends on whether the file exists (and the folder's names, for the hint).
            target = path or Path(os.path.normpath(base_file.parent / ref))
            self.touch(target)
            if path is None:
                self.touch(target.parent)
        return path

    def check_svg(self, path: Path) -> None:
        """An author SVG must be well-formed XML with an <svg> root; entities are never fetched
        and internal ones may not expand past libxml2's limit (no "billion laughs")."""
        if path in self._svgs_checked:
            return
        self._svgs_checked.add(path)
        from lxml import etree

        from ..render.assets import parse_svg

        try:
            data = path.read_bytes()
            self.touch(path, data)
            self.files_read.add(path)
        except OSError as exc:
            self.error(
                "CK010",
                f"cannot read {self.display(path)}: {exc.strerror or exc}",
                Location(self.display(path), 1, 1),
                "check the file's permissions",
            )
            return
        hint = "export the image again as plain SVG (no DTD, no entities), or use a PNG"
        try:
            parse_svg(data)
        except etree.XMLSyntaxError as exc:
            line, col = exc.position if exc.position and exc.position[0] else (1, 1)
            msg = (exc.msg or str(exc)).split(", line ")[0]
            self.error(
                "CK263",
                f"SVG image is not well-formed or not safe to read: {msg}",
                Location(self.display(path), max(line, 1), max(col, 1)),
                hint,
            )
        except ValueError as exc:
            self.error(
                "CK263",
                f"SVG image cannot be used: {exc}",
                Location(self.display(path), getattr(exc, "line", 1), 1),
                hint,
            )

    # ------------------------------------------------------------------ the course
    def load(self) -> tuple[Course | None, Diagnostics]:
        locate_all()  # walks deferred by an earlier load (a live preview's) hold its files
        if self.memo is None:
            return self._load()
        self.memo.begin()
        try:
            return self._load()
        finally:
            self.memo.end()

    def finish(self, spec: CourseFile | None, chapters: list[Chapter]) -> LintRules:
        """Leave out the warnings the author silenced (and opt-in checks not enabled); count files."""
        rules = lint_rules(spec, chapters, self.unattached_quizzes)
        self.diags.items = rules.apply(self.diags.items)
        self.diags.files_checked = len(self.files_read | self.used_assets)
        return rules

    def _load(self) -> tuple[Course | None, Diagnostics]:
        course_path = self.root / "course.yaml"
        if not self.root.is_dir() or not course_path.is_file():
            self.error(
                "CK019",
                f"no course.yaml in {self.display(self.dir)}",
                Location(self.display(self.dir / "course.yaml"), 1, 1),
                "run coursekit in a course folder, or give its path; `coursekit new DIR` makes one",
            )
            return None, self.diags
        text = self.read(course_path)
        src = self.parse(course_path, text) if text is not None else None
        if src is None:
            self.finish(None, [])
            return None, self.diags
        self.check_escapes(src, "course")
        spec: CourseFile | None = self.validate(CourseFile, src, "course.yaml")
        self.allow_raw_html = bool(spec.allow_raw_html) if spec else _raw_html_data(src.data)
        chapter_refs = spec.chapters if spec else _str_list(src.data, "chapters")
        # None: course.yaml's simulations are broken, so directives cannot be checked against them.
        sims = {s.id: s for s in spec.simulations} if spec else _valid_simulations(src.data)
        if spec:
            self.check_simulations(spec, src)
            self.check_markdown(spec.description, src, ("description",), course_path, sims)
            self.check_markdown(spec.prerequisites, src, ("prerequisites",), course_path, sims)
        else:
            self.check_course_data(src, course_path, sims)
        chapters: list[Chapter] = []
        chapter_files: set[Path] = set()
        quiz_users: dict[Path, Location | Callable[[], Location]] = {}
        for i, ref in enumerate(chapter_refs):
            at = src.lazy_loc(("chapters", i))
            path = self.resolve(ref, course_path, at, "chapter file")
            if path is None:
                continue
            chapter_files.add(path.resolve())
            chapter = self.load_chapter(path, sims, quiz_users)
            if chapter is not None:
                chapters.append(chapter)
        self.check_unique(chapters, self.loaded_quizzes)
        self.check_total_points(chapters)
        self.check_links(chapter_files)
        if spec is not None:
            self.check_unused(spec, src, quiz_users, chapter_files)
            self.check_course_language(spec, src)
        rules = self.finish(spec, chapters)
        if self.diags.has_errors() or spec is None:
            return None, self.diags
        fields = {k: getattr(spec, k) for k in CourseFile.model_fields if k != "chapters"}
        course = Course.model_construct(**fields, chapters=chapters)
        course._root = self.root
        set_loc(course, src.lazy_loc(()))
        course._lint_rules = rules
        _locate(spec, src, ())
        return course, self.diags

    def check_course_data(self, src: Source, course_path: Path, sims: dict | None) -> None:
        """course.yaml failed validation: its texts are checked all the same, from its data (the
        simulations' sources are not: their declarations are part of what failed)."""
        data = src.data
        if not isinstance(data, dict):
            return
        simulations = data.get("simulations")
        for i, sim in enumerate(simulations if isinstance(simulations, list) else ()):
            if isinstance(sim, dict):
                description = _text(sim.get("description"))
                self.check_markdown(description, src, ("simulations", i, "description"), course_path, {})
        self.check_markdown(_text(data.get("description")), src, ("description",), course_path, sims)
        self.check_markdown(_text(data.get("prerequisites")), src, ("prerequisites",), course_path, sims)

    # ------------------------------------------------------------------ chapters
    def load_chapter(
        self, path: Path, sims: dict, quiz_users: dict[Path, Location | Callable[[], Location]]
    ) -> Chapter | None:
        if self.memo is None:
            part = self.chapter_part(path, sims)
        else:
            part = self.memo.unit(self, "chapter", path, self.sims_key(sims), lambda: self.chapter_part(path, sims))
        if part is None:
            return None
        quizzes: list[Quiz] = []
        for ref, at in part.refs:  # a chapter whose front matter is broken still has its quizzes checked
            qpath = self.resolve(ref, path, at, "quiz file")
            if qpath is None:
                continue
            if qpath in quiz_users:
                self.error(
                    "CK241",
                    f"quiz file {ref!r} is already used (at {_located(quiz_users[qpath])})",
                    at,
                    "use each quiz file in one place only; copy it under another id if needed",
                )
                continue
            quiz_users[qpath] = at
            quiz = self.load_quiz(qpath, sims)
            if quiz is not None:
                quizzes.append(quiz)
        self.loaded_quizzes.extend(quizzes)
        meta = part.meta
        if meta is None:
            self.unattached_quizzes.extend(quizzes)  # their lint rules apply all the same
            return None
        chapter = Chapter.model_construct(
            **{k: getattr(meta, k) for k in ChapterMeta.model_fields}, body=part.body, quizzes=quizzes
        )
        chapter._path = path
        chapter._body_line = part.body_line
        set_loc(chapter, part.loc)
        if not part.refs:
            self.warning(
                "CK402",
                f"chapter {meta.id!r} has no quiz",
                part.loc,
                "add quiz: ../quizzes/<file>.yaml to the front matter (or a :::{quiz} directive), "
                "or lint: {ignore: [CK402]} if it needs none",
            )
        return chapter

    def chapter_part(self, path: Path, sims: dict) -> ChapterPart | None:
        """Read one chapter file: front matter, body and the checks that need nothing else."""
        text = self.read(path)
        if text is None:
            return None
        display = self.display(path)
        lines = text.split("\n")
        if not lines or lines[0].strip() != "---":
            self.error(
                "CK018",
                "the chapter has no front matter",
                Location(display, 1, 1),
                "start the file with --- lines holding id: and title:",
            )
            return None
        end = next((n for n in range(1, len(lines)) if lines[n].strip() in ("---", "...")), None)
        if end is None:
            self.error(
                "CK018",
                "the front matter is not closed",
                Location(display, 1, 1),
                "add a line with --- after the front matter",
            )
            return None
        reported = len(self.diags.items), len(self.md_links)
        src = self.parse(path, "\n".join(lines[1:end]), line_offset=1)
        meta: ChapterMeta | None = None
        if src is not None:
            src.lines = lines
            self.check_escapes(src, "chapter")
            meta = self.validate(ChapterMeta, src, "the front matter")
        body = "\n".join(lines[end + 1 :])
        body_line = end + 2
        body_src = Source(path, display, "", end + 1, None, YamlDoc(None, line_offset=end + 1))
        body_src.lines = lines
        self.check_body(body, body_src, body_line, path, sims)
        refs: list[tuple[str, Location | Callable[[], Location]]] = []
        if src is not None:
            if meta is not None:
                objectives, summary, quiz = meta.objectives, meta.summary, meta.quiz
            else:
                # The front matter failed validation: its texts and quiz are checked all the same,
                # from its data, so that no problem waits for the next run (nor is CK404 misreported).
                data = src.data if isinstance(src.data, dict) else {}
                listed = data.get("objectives")
                objectives = [_text(o) for o in listed] if isinstance(listed, list) else []
                summary, quiz = _text(data.get("summary")), _text(data.get("quiz"))
            for i, objective in enumerate(objectives):
                self.check_markdown(objective, src, ("objectives", i), path, sims)
            self.check_markdown(summary, src, ("summary",), path, sims)
            if quiz:
                refs.append((quiz, src.lazy_loc(("quiz",))))
        for d in find_directives(body):
            if d.name == "quiz":
                refs.append((d.arg, Location(display, body_line + d.line - 1, d.col)))
        if meta is None:
            # No chapter is made, so lint_rules never sees its lint: it applies here.
            rules = _unit_rules()
            if src is not None and isinstance(src.data, dict):
                rules.files[display] = set(_data_ignores(src.data.get("lint")))
            self.silence(rules, *reported)
        return ChapterPart(meta, body, body_line, src.loc() if src is not None else Location(display, 1, 1), refs)

    def check_body(self, body: str, src: Source, body_line: int, path: Path, sims: dict) -> None:
        def at(line: int, col: int) -> Location:
            return Location(src.display, body_line + line - 1, col)

        self._check_text(body, path, at, sims, allow_quiz=True)

    # ------------------------------------------------------------------ quizzes
    def load_quiz(self, path: Path, sims: dict) -> Quiz | None:
        if self.memo is None:
            return self.quiz_file(path, sims)
        return self.memo.unit(self, "quiz", path, self.sims_key(sims), lambda: self.quiz_file(path, sims))

    def quiz_file(self, path: Path, sims: dict) -> Quiz | None:
        text = self.read(path)
        if text is None:
            return None
        src = self.parse(path, text)
        if src is None:
            return None
        self.check_escapes(src, "quiz")
        quiz: Quiz | None = self.validate(Quiz, src, "a quiz file")
        if quiz is None:
            reported = len(self.diags.items), len(self.md_links)
            self.check_quiz_data(src, path, sims)
            self.silence(_data_lint_rules(src), *reported)
            return None
        quiz._path = path
        locate_later(functools.partial(_locate_questions, quiz, src))
        needs_check = _MARKDOWN_TO_CHECK_RE.search
        for qi, q in enumerate(quiz.questions):
            base = ("questions", qi)
            templated = q.variants is not None
            for sub, text_value in markdown_fields(q):
                if text_value and needs_check(text_value):  # check_markdown's own test, before the call
                    self.check_markdown(text_value, src, base + sub, path, sims, templated=templated)
            if q.variants is not None:
                quiz._field_at[q.id] = {
                    sub: functools.partial(src.text_loc, base + sub) for sub, _ in markdown_fields(q)
                }
            if q.variants is not None:
                self.check_generator(q.variants.generator, src, base, path)
                q.variants._anchors = self.check_templates(src, base)
            if not q.has_feedback():
                self.no_feedback(q.id, src, base)
        src.keep_question_keys()
        return quiz

    def check_quiz_data(self, src: Source, path: Path, sims: dict) -> None:
        """The quiz file failed validation: the per-field checks of every question (formulas,
        images, directives, generators, templates, feedback) run all the same, on its data, so
        that one invalid question (or quiz key) hides no problem of the others, nor its own."""
        data = src.data
        questions = data.get("questions") if isinstance(data, dict) else None
        for qi, q in enumerate(questions if isinstance(questions, list) else ()):
            if not isinstance(q, dict):
                continue
            base = ("questions", qi)
            templated = q.get("variants") is not None
            for sub, text_value in data_markdown_fields(q):
                self.check_markdown(text_value, src, base + sub, path, sims, templated=templated)
            variants = q.get("variants")
            if isinstance(variants, dict):
                generator = variants.get("generator")
                if isinstance(generator, str) and GENERATOR_RE.match(generator):
                    self.check_generator(generator, src, base, path)
                self.check_templates(src, base)
            qid = q.get("id")
            if isinstance(qid, str) and not data_has_feedback(q):
                self.no_feedback(qid, src, base)

    def silence(self, rules: LintRules, diags_from: int, links_from: int) -> None:
        """Apply the lint of a file that failed validation (no model brings it to ``finish``)
        to what was reported since ``diags_from`` and the links found since ``links_from``."""
        self.diags.items[diags_from:] = rules.apply(self.diags.items[diags_from:])
        self.md_links[links_from:] = [
            link
            for link in self.md_links[links_from:]
            if rules.keeps(Diagnostic("CK701", "", link.location, Severity.WARNING))
        ]

    def check_generator(self, generator: str, src: Source, base: tuple, path: Path) -> None:
        """A parametric question's ``file.py:function`` names a function of a file in the course."""
        at = src.lazy_loc(base + ("variants", "generator"))
        file, function = generator.rsplit(":", 1)
        gen = self.resolve(file, path, at, "generator file")
        if gen is not None:
            self.check_function(gen, function, at, "generator")

    def no_feedback(self, qid: str, src: Source, base: tuple) -> None:
        self.warning(
            "CK401",
            f"question {qid!r} has no feedback",
            src.loc(base + ("id",)),
            "add feedback: {correct: ..., incorrect: ...} or per-choice feedback",
        )

    # ------------------------------------------------------------------ templates
    def check_templates(self, src: Source, base: tuple) -> dict[tuple, LazyAnchor]:
        """The Jinja syntax of every string of a parametric question (parsing runs no author
        code); returns each string's text anchor, kept so build can locate "'x' is undefined"."""
        from ..render.templates import TAG_START_RE, syntax_problem  # jinja2 only for parametric questions

        anchors: dict[tuple, LazyAnchor] = {}
        data = src.data["questions"][base[1]]
        for sub, text in _template_strings(data, (), TAG_START_RE):
            anchors[sub] = LazyAnchor(src, base + sub)
            problem = syntax_problem(text)
            if problem is not None:
                anchor = src.text_anchor(base + sub)
                self.error(
                    "CK322",
                    f"template syntax: {problem.message}",
                    anchor.at(problem.line),
                    "fix the Jinja2 template: {{ name }} inserts a value, {% if %}...{% endif %} chooses",
                )
        return anchors

    # ------------------------------------------------------------------ Markdown
    def check_markdown(
        self, text: str | None, src: Source, path: tuple, base: Path, sims: dict, templated: bool = False
    ) -> None:
        if not text or not _MARKDOWN_TO_CHECK_RE.search(text):
            return

        def at(line: int, col: int) -> Location:
            return src.text_loc(path, line, col)

        self._check_text(text, base, at, sims, allow_quiz=False, templated=templated)

    def _check_text(self, text: str, base: Path, at, sims: dict, *, allow_quiz: bool, templated: bool = False) -> None:
        self.check_math(text, at, templated)
        for target, line, col in find_md_links(text):
            if not (templated and "{{" in target):
                self.md_links.append(MarkdownLink(base, target, at(line, col)))
        for img in find_images(text):
            where = functools.partial(at, img.line, img.col)  # a position only if something is reported
            if not img.alt.strip():
                self.error(
                    "CK260", f"image {img.src!r} has no alt text", where, "describe the image: ![what it shows](path)"
                )
            if templated and "{{" in img.src:
                continue
            path = self.resolve(img.src, base, where, "image")
            if path is not None:
                self.used_assets.add(path)
                if path.suffix.lower() == ".svg":
                    self.check_svg(path)
        for src, line, col in find_html_images(text):
            self.warning(
                "CK262",
                f"raw HTML <img src={src!r}> is removed when sanitising",
                at(line, col),
                "use a Markdown image: ![alt](path)",
            )
        if "<" in text:
            self.check_html(text, at, templated)
        for d in find_directives(text):
            where = functools.partial(at, d.line, d.col)
            if d.name not in KNOWN_DIRECTIVES:
                self.error(
                    "CK250",
                    f"unknown directive {{{d.name}}}",
                    where,
                    "use one of: " + ", ".join(sorted(KNOWN_DIRECTIVES)),
                )
            elif d.name == "quiz" and not allow_quiz:
                self.error(
                    "CK251", "a quiz directive is only allowed in chapter bodies", where, "move the quiz to a chapter"
                )
            elif d.name == "simulation":
                self.check_sim_directive(d, sims, at)
            elif d.name == "figure":
                self.check_figure(d.arg, d.options, where, at, base, templated)
            elif d.name in CODE_DIRECTIVES:
                self.check_code_block(d.arg, d.options, d.lines, where, at)
        for f in find_fences(text):
            where = at(f.line, f.col)
            m = _FENCE_DIRECTIVE_RE.match(f.info)
            if m and m.group(1) == "figure":
                self.check_figure(m.group(2).strip(), f.options, where, at, base, templated)
            elif m and m.group(1) in CODE_DIRECTIVES:
                self.check_code_block(m.group(2).strip(), f.options, f.lines, where, at)
            elif not m and f.info:
                self.check_language(f.info.split()[0], where)
        for name, line in unclosed_directives(text):
            self.warning(
                "CK252", f"directive {{{name}}} is never closed with :::", at(line, 1), "add a ::: line where it ends"
            )

    def check_html(self, text: str, at, templated: bool) -> None:
        """CK264: raw HTML that learners never see (an element the sanitiser removes, or with
        allow_raw_html a tag that names no element), at its "<" (see markdown_html)."""
        for found in removed_html(text, raw=self.allow_raw_html):
            if templated and ("{{" in found.markup or "{%" in found.markup):
                continue  # a template's tag: the variants say what it becomes
            line, col = text_line_col(text, found.offset) if found.offset is not None else (1, 1)
            message, hint = _removed_html_words(found)
            self.warning("CK264", message, at(line, col), hint)

    def check_figure(self, arg: str, options: dict, where: Location, at, base: Path, templated: bool) -> None:
        """``{figure} path`` with ``:alt:`` (required, like every image) and an optional ``:name:``."""
        for name, (_, line) in options.items():
            if name in IGNORED_FIGURE_OPTIONS:
                self.warning(
                    "CK407",
                    f"figure option :{name}: is ignored (the site sizes figures to the page)",
                    at(line, 1),
                    "remove it; figures are shown at most as wide as the text",
                )
            elif name not in FIGURE_OPTIONS:
                self.error(
                    "CK253",
                    f"the figure directive has no option :{name}:",
                    at(line, 1),
                    "use :alt: (required) and :name: (an id for links); the caption is the directive's body",
                )
        if not options.get("alt", ("", 0))[0].strip():
            self.error(
                "CK260",
                f"figure {arg!r} has no alt text",
                where,
                "add a line :alt: describing the image, right after the {figure} line",
            )
        if not arg:
            self.error("CK253", "the figure directive names no image", where, "write :::{figure} ../assets/file.png")
            return
        if templated and "{{" in arg:
            return
        path = self.resolve(arg, base, where, "image")
        if path is not None:
            self.used_assets.add(path)
            if path.suffix.lower() == ".svg":
                self.check_svg(path)

    def check_code_block(self, language: str, options: dict, lines: int, where: Location, at) -> None:
        """``{code-block} LANGUAGE`` and its options (coursekit.render.code)."""
        from ..render.code import CodeOptionError, code_options

        if language:
            self.check_language(language.split()[0], where)
        kept = {}
        for name, (value, line) in options.items():
            if name in IGNORED_CODE_OPTIONS:
                self.warning(
                    "CK407",
                    f"code-block option :{name}: is ignored",
                    at(line, 1),
                    "remove it; the code is shown as written",
                )
            else:
                kept[name] = value
        try:
            code_options(kept, lines)
        except CodeOptionError as exc:
            self.error("CK253", exc.message, at(options[exc.option][1], 1), exc.hint)

    def check_language(self, language: str, where: Location) -> None:
        from ..render.code import known_language

        if not known_language(language):
            self.warning(
                "CK408",
                f"code language {language!r} is not known to the highlighter: the block is shown without colours",
                where,
                "use a Pygments language name (python, r, bash, sql, json, ...) or text",
            )

    def check_math(self, text: str, at, templated: bool) -> None:
        """Every formula must convert (CK270-CK273 at the offending token); a formula holding a
        Jinja template is checked per variant when the build renders it (render/pipeline.py)."""
        refs = find_math(text)
        for ref in refs:
            if templated and ("{{" in ref.tex or "{%" in ref.tex):
                continue
            problem = check_tex(ref)
            if problem is not None:
                line, col = text_line_col(text, problem.offset) if problem.offset is not None else (1, 1)
                self.error(problem.code, problem.message, at(line, col), problem.hint)
        if "\\label" in text or "ref" in text or any(r.label for r in refs):
            if templated and "{{" in text:
                refs = [r for r in refs if "{{" not in r.tex and "{%" not in r.tex]
            for problem in equation_problems(text, refs):
                line, col = text_line_col(text, problem.offset) if problem.offset is not None else (1, 1)
                self.error(problem.code, problem.message, at(line, col), problem.hint)

    def check_sim_directive(self, d, sims: dict | None, at) -> None:
        if sims is None:
            return
        where = functools.partial(at, d.line, d.col)
        sim = sims.get(d.arg)
        if sim is None:
            import difflib

            close = difflib.get_close_matches(d.arg, list(sims), n=1)
            self.error(
                "CK230",
                f"unknown simulation {d.arg!r}",
                where,
                f"did you mean {close[0]!r}?" if close else "declare it under simulations: in course.yaml",
            )
            return
        self.used_sims.add(sim.id)
        for name, (raw, line) in d.options.items():
            oat = functools.partial(at, line, 1)
            param = sim.param(name)
            if param is None:
                self.error(
                    "CK231",
                    f"simulation {sim.id!r} has no parameter {name!r}",
                    oat,
                    "parameters: " + (", ".join(p.name for p in sim.params) or "none"),
                )
                continue
            if param.kind == "choice":
                if raw not in [str(c) for c in param.choices]:
                    self.error(
                        "CK232",
                        f"{raw!r} is not a choice of {name!r}",
                        oat,
                        "use one of: " + ", ".join(str(c) for c in param.choices),
                    )
                continue
            try:
                value = float(raw)
            except ValueError:
                self.error(
                    "CK232",
                    f"option :{name}: {raw!r} is not a number",
                    oat,
                    f"write a number between {param.min:g} and {param.max:g}",
                )
                continue
            if not param.min - 1e-9 <= value <= param.max + 1e-9:
                self.error(
                    "CK233",
                    f"option :{name}: {raw} is outside {param.min:g}..{param.max:g}",
                    oat,
                    f"write a number between {param.min:g} and {param.max:g}",
                )

    # ------------------------------------------------------------------ simulations and code
    def check_simulations(self, spec: CourseFile, src: Source) -> None:
        course_path = self.root / "course.yaml"
        for i, sim in enumerate(spec.simulations):
            at = src.lazy_loc(("simulations", i, "source"))  # located only if reported
            path = self.resolve(sim.source_file, course_path, at, "simulation source")
            if path is not None:
                self.check_function(path, sim.function, at, "simulation function")
            self.check_markdown(sim.description, src, ("simulations", i, "description"), course_path, {})

    def check_function(self, path: Path, name: str, at: Location | Callable[[], Location], what: str) -> None:
        """Find ``def name`` at the top level of the file, statically (author code never runs here)."""
        if path in self._functions:
            self.touch(path)
        else:
            self._functions[path] = None
            if path.suffix != ".py":
                self.error(
                    "CK221",
                    f"{what} file {path.name!r} is not a .py file",
                    at,
                    "point at a Python file: file.py:function",
                )
                return
            text = self.read(path)
            if text is None:
                return
            try:
                tree = ast.parse(text, filename=str(path))
            except SyntaxError as exc:
                self.error(
                    "CK222",
                    f"{path.name} has a Python syntax error: {exc.msg}",
                    Location(self.display(path), exc.lineno or 1, exc.offset or 1),
                    "fix the Python syntax",
                )
                return
            self._functions[path] = {
                n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            } | {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
        names = self._functions[path]
        if names is not None and name not in names:
            import difflib

            close = difflib.get_close_matches(name, sorted(names), n=1)
            self.error(
                "CK223",
                f"{path.name} defines no function {name!r}",
                at,
                f"did you mean {close[0]!r}?" if close else f"add def {name}(...) at the top level of {path.name}",
            )

    # ------------------------------------------------------------------ memoised units (LoadMemo)
    def sims_key(self, sims: dict | None) -> str:
        """What every chapter and quiz check depends on besides its own files (the simulations,
        and ``allow_raw_html``, which decides what raw HTML is lost)."""
        if self._sims_key is None:
            decls = None if sims is None else [s.model_dump(mode="json") for s in sims.values()]
            key = (os.getcwd(), decls, self.allow_raw_html)
            self._sims_key = str(hashlib.sha256(repr(key).encode()).hexdigest())
        return self._sims_key

    @contextmanager
    def recording(self) -> Iterator[UnitEffects]:
        """Run one unit (a chapter or quiz file) with its own diagnostics, used sets and
        per-file checks, so that what it did can be stored and replayed on its own."""
        saved = {name: getattr(self, name) for name in _UNIT_STATE}
        effects = UnitEffects()
        self.diags, self.used_assets, self.used_sims = Diagnostics(), set(), set()
        self._svgs_checked, self._functions, self._touched = set(), {}, effects.touched
        self.md_links = effects.md_links
        try:
            yield effects
        finally:
            effects.diags, effects.used_assets, effects.used_sims = self.diags.items, self.used_assets, self.used_sims
            for name, value in saved.items():
                setattr(self, name, value)
            self.replay(effects)

    def replay(self, effects: UnitEffects) -> None:
        self.diags.extend(effects.diags)
        self.used_assets |= effects.used_assets
        self.used_sims |= effects.used_sims
        self.files_read |= {path for path, digest in effects.touched.items() if digest is not None}
        self.md_links.extend(effects.md_links)

    # ------------------------------------------------------------------ course-wide checks
    def check_unique(self, chapters: list[Chapter], quizzes: list[Quiz]) -> None:
        """Chapter ids, and the ids of ``quizzes``: every quiz loaded, in chapter order (those of a
        chapter whose front matter is broken too)."""
        seen: dict[str, Location] = {}
        for ch in chapters:
            if ch.id in seen:
                self.error(
                    "CK242",
                    f"chapter id {ch.id!r} is used twice (first at {seen[ch.id]})",
                    ch.loc,
                    "give every chapter a distinct id",
                )
            seen.setdefault(ch.id, ch.loc)
        first_quiz: dict[str, Quiz] = {}  # locations read only for a duplicate (they may need a parse)
        for q in quizzes:
            if q.id in first_quiz:
                self.error(
                    "CK243",
                    f"quiz id {q.id!r} is used twice (first at {first_quiz[q.id].loc})",
                    q.loc,
                    "give every quiz a distinct id",
                )
            first_quiz.setdefault(q.id, q)

    def check_total_points(self, chapters: list[Chapter]) -> None:
        """The SCORM runtime adds up the points of every quiz for the course's score: past the
        largest float (about 1.8e308) the sum is infinite, which no target can write. Authored
        numbers here (one quiz's own sum is its model's CK333); generated ones at build."""
        questions = [q for ch in chapters for quiz in ch.quizzes for q in quiz.questions]
        i = sum_overflows_at(q.points if isinstance(q.points, float | int) else 0.0 for q in questions)
        if i is not None:
            self.error(
                "CK333",
                "the points of the course's quizzes add up past the largest number a target can "
                f"write (about 1.8e308) at question '{questions[i].id}'",
                questions[i].loc,
                "give the questions smaller points: only their ratios matter to a score",
            )

    def check_links(self, chapter_files: set[Path]) -> None:
        """A link to a Markdown file must name a chapter of the course (whose page it becomes)."""
        from urllib.parse import unquote

        for link in self.md_links:
            target = (link.base.parent / unquote(link.target)).resolve()
            if target in chapter_files:
                continue
            # Only files inside the course are looked at; a link out of it is no chapter either way.
            inside = target == self.root or str(target).startswith(str(self.root) + os.sep)
            if inside and not target.exists():
                message = f"link to {link.target!r}: the file does not exist"
            else:
                message = f"link to {link.target!r} names a Markdown file that is not a chapter of the course"
            self.warning(
                "CK701",
                message,
                link.location,
                "link to a chapter's file (e.g. 02-next.md), as a path from this file, or to a web address",
            )

    def check_course_language(self, spec: CourseFile, src: Source) -> None:
        """CK115: coursekit cannot speak the course's language; say what learners get instead."""
        lang = resolve_language(spec.language)
        if not lang.known_locale:
            self.warning(
                "CK115",
                f"language {spec.language!r} is not a language coursekit knows (CLDR): its UI text and "
                "numbers fall back to English (en)",
                src.loc(("language",)),
                "check the tag (en, de, pt-BR, ...); see docs/translating.md",
            )
        elif not lang.has_words:
            self.warning(
                "CK115",
                f"coursekit has no UI translation for language {spec.language!r}: learners see its UI strings "
                f"in English (en), its numbers and text direction in {spec.language!r}",
                src.loc(("language",)),
                "translate the UI (docs/translating.md), or override single strings with ui_strings",
            )

    def check_unused(
        self,
        spec: CourseFile,
        src: Source,
        quiz_users: dict[Path, Location | Callable[[], Location]],
        chapter_files: set[Path],
    ) -> None:
        for i, sim in enumerate(spec.simulations):
            if sim.id not in self.used_sims:
                self.warning(
                    "CK405",
                    f"simulation {sim.id!r} is declared but never shown",
                    src.loc(("simulations", i, "id")),
                    f"embed it with :::{{simulation}} {sim.id} or remove it",
                )
        chapters_dir = self.root / "chapters"
        if chapters_dir.is_dir():
            for f in sorted(chapters_dir.glob("*.md")):
                if not f.name.startswith(".") and f.resolve() not in chapter_files:
                    rel = f.relative_to(self.root).as_posix()
                    self.warning(
                        "CK406",
                        f"chapter file {f.name!r} is not listed under chapters: in course.yaml, so it is not exported",
                        Location(self.display(f), 1, 1),
                        f"add - {rel} to chapters: in course.yaml, or move the file out of chapters/",
                    )
        quizzes_dir = self.root / "quizzes"
        if quizzes_dir.is_dir():
            for f in sorted(quizzes_dir.glob("*.y*ml")):
                if f.resolve() not in quiz_users:
                    self.warning(
                        "CK404",
                        f"quiz file {f.name!r} is not used by any chapter and is not exported",
                        Location(self.display(f), 1, 1),
                        "name it in a chapter's quiz: front matter, or delete it",
                    )
        assets_dir = self.root / "assets"
        if assets_dir.is_dir():
            for f in sorted(p for p in assets_dir.rglob("*") if p.is_file() and not p.name.startswith(".")):
                if f.resolve() not in self.used_assets:
                    self.warning(
                        "CK403",
                        f"asset {f.relative_to(self.root).as_posix()!r} is not used",
                        Location(self.display(f), 1, 1),
                        "reference it from Markdown or delete it",
                    )


def _text(value: Any) -> str | None:
    """A text value of data that failed validation (its other values were reported)."""
    return value if isinstance(value, str) else None


def _data_ignores(lint: Any) -> set[str]:
    """The warning codes a ``lint:`` in data that failed validation silences (a bad code in it
    is reported, CK112; the good ones still apply)."""
    ignore = lint.get("ignore") if isinstance(lint, dict) else None
    return {c for c in ignore if isinstance(c, str) and c in WARNING_CODES} if isinstance(ignore, list) else set()


def _unit_rules() -> LintRules:
    """Rules applied to one file's diagnostics (opt-in checks are left to ``finish``)."""
    return LintRules(enabled=frozenset(OPT_IN))


def _data_lint_rules(src: Source) -> LintRules:
    """The lint of a quiz file that failed validation, as ``LintRules.add_quiz`` reads a quiz's:
    the file's, and each question's over its lines (up to the next question)."""
    rules = _unit_rules()
    data = src.data
    if not isinstance(data, dict):
        return rules
    rules.files[src.display] = _data_ignores(data.get("lint"))
    questions = data.get("questions")
    for i, q in enumerate(questions if isinstance(questions, list) else ()):
        codes = _data_ignores(q.get("lint")) if isinstance(q, dict) else set()
        if codes:
            first = src.loc(("questions", i)).line
            last = src.loc(("questions", i + 1)).line - 1 if i + 1 < len(questions) else 1 << 30
            rules.spans.setdefault(src.display, []).append((first, last, frozenset(codes)))
    return rules


def _valid_simulations(data: Any) -> dict | None:
    """The simulations of a course.yaml that failed validation, when they are valid on their own
    and their ids distinct (chapters' directives are checked against them), else None."""
    listed = data.get("simulations", []) if isinstance(data, dict) else None
    if not isinstance(listed, list):
        return None
    try:
        sims = [Simulation.model_validate(item) for item in listed]
    except ValidationError:
        return None
    by_id = {s.id: s for s in sims}
    return by_id if len(by_id) == len(sims) else None


def _raw_html_data(data: Any) -> bool:
    """``allow_raw_html`` of a course.yaml that did not validate (its other errors are reported)."""
    return isinstance(data, dict) and data.get("allow_raw_html") is True


def _removed_html_words(found: RemovedHtml) -> tuple[str, str]:
    """CK264's message and hint for one piece of lost raw HTML."""
    markup = found.markup
    shown = markup if len(markup) <= 40 else markup[:39] + "…"
    if found.kind == "markup":
        return (
            f"raw HTML {shown} is removed with its text when sanitising",
            "put it in a code span (`...`), or write \\< for its < to show it as text",
        )
    literal = markup if len(markup) <= 40 else f"<{'/' if found.closing else ''}{found.name}>"
    entities = literal.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    fix = f"write \\{literal} (or {entities}) to show it as text"
    if found.kind == "unknown":
        return f"{shown} is read as an HTML tag, and sanitising removes it: learners see nothing of it", fix
    if found.kind == "tag":
        return (
            f"raw HTML {shown} is not allowed: sanitising removes the tag (its text stays)",
            f"{fix}, or leave it out",
        )
    if found.kind == "content":
        return (
            f"raw HTML {shown} is not allowed: sanitising removes it with its content",
            f"{fix}; allow_raw_html: true in course.yaml keeps raw HTML",
        )
    return f"{shown} is read as an HTML tag, but {found.name} is no HTML element: browsers show nothing of it", fix


def _str_list(data: Any, key: str) -> list[str]:
    value = data.get(key) if isinstance(data, dict) else None
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _template_strings(value: Any, path: tuple, tag_re) -> Iterator[tuple[tuple, str]]:
    """Every string of a question's YAML data (but its variants) in which Jinja sees a tag."""
    if isinstance(value, str):
        if tag_re.search(value):
            yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if not (key == "variants" and not path):
                yield from _template_strings(item, (*path, key), tag_re)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _template_strings(item, (*path, i), tag_re)


def markdown_fields(q) -> Iterator[tuple[tuple, str]]:
    """Every Markdown field of a question, with its data path below the question."""
    fields = q.__dict__  # the field values; getattr of a field a type lacks is slow in pydantic
    if fields.get("prompt"):
        yield ("prompt",), fields["prompt"]
    feedback = q.feedback.__dict__
    for name in ("correct", "incorrect", "general"):
        value = feedback[name]
        if value:
            yield ("feedback", name), value
    for i, c in enumerate(fields.get("choices") or ()):
        yield ("choices", i, "text"), c.text
        if c.feedback:
            yield ("choices", i, "feedback"), c.feedback
    for i, a in enumerate(fields.get("answers") or ()):
        if a.feedback:
            yield ("answers", i, "feedback"), a.feedback
    if fields.get("model_answer"):
        yield ("model_answer",), fields["model_answer"]
    if isinstance(q, FillBlanks):
        yield ("text",), q.text
    if isinstance(q, Matching):
        for i, p in enumerate(q.pairs):
            yield ("pairs", i, "left"), p.left
    if isinstance(q, Ordering):
        for i, item in enumerate(q.items):
            yield ("items", i), item


def _data_type(data: dict) -> type[QuestionBase]:
    """The model of a question's YAML data (QuestionBase when its type is unknown)."""
    qtype = data.get("type")
    return (QUESTION_TYPES.get(qtype) if isinstance(qtype, str) else None) or QuestionBase


def data_markdown_fields(data: dict) -> Iterator[tuple[tuple, str]]:
    """``markdown_fields`` of a question's YAML data that failed validation: the same fields
    (those of its type) where they hold text, held equal to it by tests/test_every_problem.py."""
    fields = _data_type(data).model_fields

    def items(key: str) -> Iterator[tuple[int, Any]]:
        value = data.get(key) if key in fields else None
        return enumerate(value) if isinstance(value, list) else iter(())

    if _text(data.get("prompt")):
        yield ("prompt",), data["prompt"]
    feedback = data.get("feedback")
    if isinstance(feedback, dict):
        for name in ("correct", "incorrect", "general"):
            if _text(feedback.get(name)):
                yield ("feedback", name), feedback[name]
    for i, c in items("choices"):
        if isinstance(c, dict):
            if _text(c.get("text")) is not None:
                yield ("choices", i, "text"), c["text"]
            if _text(c.get("feedback")):
                yield ("choices", i, "feedback"), c["feedback"]
    for i, a in items("answers"):
        if isinstance(a, dict) and _text(a.get("feedback")):
            yield ("answers", i, "feedback"), a["feedback"]
    if "model_answer" in fields and _text(data.get("model_answer")):
        yield ("model_answer",), data["model_answer"]
    if "text" in fields and _text(data.get("text")) is not None:
        yield ("text",), data["text"]
    for i, p in items("pairs"):
        if isinstance(p, dict) and _text(p.get("left")) is not None:
            yield ("pairs", i, "left"), p["left"]
    for i, item in items("items"):
        if _text(item) is not None:
            yield ("items", i), item


def data_has_feedback(data: dict) -> bool:
    """``has_feedback()`` of a question's YAML data that failed validation; a value of the wrong
    kind counts as feedback (it is reported as an error, not as missing)."""
    fields = _data_type(data).model_fields

    def given(value: Any) -> bool:
        return value is not None and value != ""

    feedback = data.get("feedback")
    if feedback is not None and not isinstance(feedback, dict):
        return True
    if feedback and any(given(feedback.get(name)) for name in ("correct", "incorrect", "general")):
        return True
    for key in ("choices", "answers"):
        listed = data.get(key) if key in fields else None
        if isinstance(listed, list) and any(not isinstance(x, dict) or given(x.get("feedback")) for x in listed):
            return True
    return "model_answer" in fields and given(data.get("model_answer"))


def _locate_questions(quiz: Quiz, src: Source) -> None:
    """The locations of a quiz, its questions and their direct parts (feedback, variants), as
    ``_locate`` gives them: a build's warnings point there (thousands in a big bank, for Canvas
    and Moodle). The walk over every node is deferred until a deeper one is asked for."""
    later, loc, leaf = functools.partial, src.loc, LEAF_TYPES
    set_loc(quiz, later(loc, ()))
    for index, question in enumerate(quiz.questions):
        at = ("questions", index)
        set_loc(question, later(loc, at))
        for key, value in question.__dict__.items():
            if type(value) not in leaf and isinstance(value, Node):
                set_loc(value, later(loc, (*at, key)))
    locate_later(functools.partial(_locate, quiz, src, ()), deep=True)


def _locate(node: Any, src: Source, path: tuple) -> None:
    """Give every model node its location: ``src.lazy_loc`` of its data path, which reads the
    file's positions only when a node's ``loc`` is asked for (``Node.loc``)."""
    # A 10,000-question bank has ~40,000 nodes and ~200,000 field values, walked at a build's
    # first warning: src.lazy_loc is inlined here, and values are told apart by their exact type
    # first (LEAF_TYPES), so a str, number or None is skipped at once: a quarter less time.
    stack = [(node, path)]
    later, loc, leaf = functools.partial, src.loc, LEAF_TYPES
    while stack:
        value, at = stack.pop()
        kind = type(value)
        if kind is list:
            items = enumerate(value)
        elif kind is dict:
            items = value.items()
        elif isinstance(value, Node):
            private = value.__pydantic_private__
            if private is None:
                set_loc(value, later(loc, at))
            else:
                private["_loc"] = later(loc, at)
            items = value.__dict__.items()  # the fields' values, without pydantic's attribute lookup
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            items = value.items()
        for key, item in items:
            if type(item) not in leaf and isinstance(item, (Node, list, dict)):
                stack.append((item, (*at, key)))
