"""Property tests (hypothesis).

1. Random *valid* courses (slug ids; titles with Unicode and XML-special characters; all nine
   question types with random valid options; math; points; feedback) are written as YAML files
   (PyYAML, multi-line text as block scalars) and built for every target in-process (load, render, each exporter).
   Then: no exception and no error, every QTI 2.1/3.0 item, test and manifest valid against the
   official XSDs, Canvas's QTI 1.2 against its XSD, both SCORM manifests against theirs,
   Moodle XML imported by the port of Moodle's importer without error, and a second build of
   the same files gives identical bytes.
   1b. Random courses of two quizzes exported with the quizzes split over two processes
   (coursekit.fanout, forced on whatever the size) give the same files and diagnostics as one
   process, for canvas, qti21, qti30 and moodle.
2. Random mutations of a valid course's YAML and Markdown text (delete, duplicate or swap
   lines, insert characters, change indentation) never make the loader raise: it returns
   diagnostics, every error located at file:line:col inside the course; when no error is left,
   the course builds for every target.

Profiles: ``ci`` (default; at least 300 examples per property, derandomised, no deadline) and
``dev`` (more examples, random); choose with ``HYPOTHESIS_PROFILE``. Failures found while
writing these tests are kept below as explicit regression examples.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import qti_xsd
import yaml
from coursefixture import PNG, QUESTION, QUIZ_HEAD
from hypothesis import HealthCheck, Phase, assume, event, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from coursekit.build import _exporter_class
from coursekit.exporters import ExportOptions
from coursekit.load import load_course
from coursekit.model.gaps import find_gaps
from coursekit.model.question import normalize_answer
from coursekit.render.pipeline import render_course
from coursekit.targets import expand

_HEALTH = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.function_scoped_fixture,
]
# CK_NO_SHRINK=1 reports the first failing course as found (shrinking a course can take minutes).
_PHASES = [Phase.explicit, Phase.generate] if os.environ.get("CK_NO_SHRINK") else list(Phase)
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=_HEALTH,
    phases=_PHASES,
)
settings.register_profile(
    "dev",
    max_examples=3000,
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=_HEALTH,
    phases=_PHASES,
)
# Finding bugs fast: random, no shrinking (shrinking a whole course can take minutes).
settings.register_profile(
    "explore",
    max_examples=1000,
    deadline=None,
    database=None,
    derandomize=False,
    phases=[Phase.explicit, Phase.generate],
    report_multiple_bugs=True,
    suppress_health_check=_HEALTH,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ALL = expand(["all"])

# ---------------------------------------------------------------- strategies

slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)

# Letters from many scripts, combining marks, XML/HTML specials, quotes, emoji, RTL, a
# no-break space, the private-use characters coursekit's renderer uses internally.
_SPECIAL = list("<>&\"'`*_#+-!?()=;%@/\\|~^.,") + [
    "]]>",
    "&amp;",
    "&#x41;",
    "<b>",
    "</p>",
    "\u00a0",
    "\u200b",
    "\u202e",
    "\ue000",
    "\ue001",
    "İ",
    "ß",
    "ﬁ",
    "é",
    "é",
    "Ω",
    "中文",
    "ש",
    "🎓",
    "𝔸",
]
_ALPHA = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Zl", "Zp"), exclude_characters="{}:[]$\ufeff\ufffe\uffff"
)
words = st.lists(
    st.one_of(st.text(_ALPHA, min_size=1, max_size=8), st.sampled_from(_SPECIAL)), min_size=1, max_size=6
).map(" ".join)
# Plain text (titles, typed answers): must show something once trimmed.
plain = words.filter(lambda s: s.strip() != "")

MATH = [
    r"x^2",
    r"\frac{a}{b}",
    r"\sqrt{2}",
    r"\alpha + \beta",
    r"\sum_{i=1}^{n} i",
    r"a < b",
    r"e^{i\pi} = -1",
    r"\mathbb{R}",
    r"x_{t+1}",
]
inline_md = (
    st.lists(
        st.one_of(
            words,
            words.map(lambda w: f"**{w.strip() or 'b'}**"),
            words.map(lambda w: f"*{w.strip() or 'i'}*"),
            st.sampled_from(MATH).map(lambda m: f"${m}$"),
            st.sampled_from(
                [
                    "`code < & >`",
                    "<kbd>K</kbd>",
                    "<script>alert(1)</script>",
                    "[link](https://example.org/?a=1&b=2)",
                    "H~2~O",
                ]
            ),
        ),
        min_size=0,
        max_size=5,
    )
    .map(" ".join)
    .filter(lambda s: "[[" not in s and "{{" not in s)
)
# Always some visible text: a field that sanitises to nothing is an author error the
# exporters report (e.g. CK811, an empty matching pair), not a valid course.
inline_md = st.tuples(inline_md, st.sampled_from(["alpha", "beta", "Ωmega", "café", "日本", "x", "42"])).map(" ".join)


def block_md_from(image: str):
    """Block Markdown; ``image`` is the dot's path relative to the file holding the text."""
    return st.lists(
        st.one_of(
            inline_md,
            inline_md.map(lambda t: "## " + t.replace("\n", " ")),
            st.lists(inline_md, min_size=1, max_size=3).map(
                lambda xs: "\n".join("- " + x.replace("\n", " ") for x in xs)
            ),
            st.sampled_from(MATH).map(lambda m: f"$$\n{m}\n$$"),
            inline_md.map(lambda t: "```\n" + t + "\n```"),
            inline_md.map(lambda t: ":::{note} Note\n" + t + "\n:::"),
            st.just("| a | b |\n| --- | --- |\n| 1 | 2 |"),
            st.just(f"![a dot]({image})"),
        ),
        min_size=1,
        max_size=4,
    ).map(lambda parts: "\n".join(line.rstrip(" ") for line in "\n\n".join(parts).split("\n")))


class _Dumper(yaml.SafeDumper):
    """Writes multi-line text as block scalars, as the format asks of math in YAML (in double
    quotes a line break before "e^{i\\pi}" would read as TeX's \\ne, CK030)."""


_Dumper.add_representer(
    str,
    lambda dumper, s: dumper.represent_scalar("tag:yaml.org,2002:str", s, style="|" if "\n" in s else None),
)


def _dump(data) -> str:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    double = [e.value for e in yaml.parse(text) if isinstance(e, yaml.ScalarEvent) and e.style == '"']
    assert not any("\n" in v for v in double), "multi-line text must be written as a block scalar"
    return text


block_md = block_md_from("../assets/dot.png")  # chapters and quizzes sit one folder down

points = st.one_of(
    st.integers(1, 10),
    st.floats(0.01, 100, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.1, 0.5, 1 / 3, 2.5]),
)


@st.composite
def feedback(draw) -> dict:
    keys = draw(st.sets(st.sampled_from(["correct", "incorrect", "general"])))
    return {k: draw(inline_md) for k in sorted(keys)}


def _distinct(key):
    return lambda xs: len({key(x) for x in xs}) == len(xs)


def _ws(text: str) -> str:
    return " ".join(text.split())


@st.composite
def question(draw, qid: str, qtype: str) -> dict:
    q: dict = {"id": qid, "type": qtype}
    if qtype != "fill_blanks" or draw(st.booleans()):
        q["prompt"] = draw(inline_md if draw(st.booleans()) else block_md)
    if draw(st.booleans()):
        q["points"] = draw(points)
    fb = draw(feedback())
    if fb:
        q["feedback"] = fb
    if draw(st.booleans()):
        q["tags"] = draw(st.lists(plain, max_size=2))
    if qtype in ("single_choice", "multiple_response"):
        texts = draw(st.lists(inline_md, min_size=2, max_size=4).filter(_distinct(_ws)))
        if qtype == "single_choice":
            right = draw(st.integers(0, len(texts) - 1))
            correct = [i == right for i in range(len(texts))]
        else:
            correct = draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts)).filter(any))
            q["scoring"] = draw(st.sampled_from(["all_or_nothing", "partial"]))
        q["choices"] = []
        for t, c in zip(texts, correct, strict=True):
            choice = {"text": t, "correct": c}
            if draw(st.booleans()):
                choice["feedback"] = draw(inline_md)
            q["choices"].append(choice)
        q["shuffle"] = draw(st.booleans())
    elif qtype == "true_false":
        q["answer"] = draw(st.booleans())
    elif qtype == "numeric":
        q["answer"] = draw(
            st.one_of(st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))
        )
        q["tolerance"] = draw(st.one_of(st.just(0), st.floats(0, 100, allow_nan=False, allow_infinity=False)))
        if draw(st.booleans()):
            q["unit"] = draw(plain)
    elif qtype == "short_answer":
        cs = draw(st.booleans())
        texts = draw(st.lists(plain, min_size=1, max_size=3).filter(_distinct(lambda t: normalize_answer(t, cs))))
        scores = [1] + [draw(st.sampled_from([0, 0.25, 0.5, 1])) for _ in texts[1:]]
        q["answers"] = [{"text": t, "score": s} for t, s in zip(texts, scores, strict=True)]
        q["case_sensitive"] = cs
    elif qtype == "essay":
        lo = draw(st.one_of(st.none(), st.integers(0, 50)))
        hi = draw(st.one_of(st.none(), st.integers(max(lo or 1, 1), 500)))
        if lo is not None:
            q["min_words"] = lo
        if hi is not None:
            q["max_words"] = hi
        if draw(st.booleans()):
            q["model_answer"] = draw(block_md)
    elif qtype == "matching":
        rights = draw(st.lists(plain, min_size=2, max_size=6).filter(_distinct(str.strip)))
        n = draw(st.integers(2, len(rights)))
        q["pairs"] = [{"left": draw(inline_md), "right": r} for r in rights[:n]]
        if rights[n:]:
            q["distractors"] = rights[n:]
        q["scoring"] = draw(st.sampled_from(["partial", "all_or_nothing"]))
    elif qtype == "ordering":
        q["items"] = draw(st.lists(inline_md, min_size=2, max_size=4).filter(_distinct(_ws)))
        q["scoring"] = draw(st.sampled_from(["partial", "all_or_nothing"]))
    elif qtype == "fill_blanks":
        names = draw(st.lists(st.from_regex(r"[a-z0-9_-]{1,6}", fullmatch=True), min_size=1, max_size=3, unique=True))
        parts = [draw(inline_md) for _ in range(len(names) + 1)]
        # A gap is its own word: never inside code, math or emphasis markers of the text.
        q["text"] = parts[0] + "".join(f" [[{n}]] {p}" for n, p in zip(names, parts[1:], strict=True))
        # A stray backtick or dollar in the words around a gap can put it inside code or
        # math, where it is text: such a text is not what this strategy means to build.
        assume([g.name for g in find_gaps(q["text"])] == names)
        q["blanks"] = {}
        for n in names:
            if draw(st.booleans()):
                q["blanks"][n] = {"accept": draw(st.lists(plain, min_size=1, max_size=3))}
                if draw(st.booleans()):
                    q["blanks"][n]["case_sensitive"] = draw(st.booleans())
            else:
                choices = draw(st.lists(plain, min_size=2, max_size=4).filter(_distinct(str.strip)))
                q["blanks"][n] = {"choices": choices, "correct": draw(st.sampled_from(choices))}
        q["scoring"] = draw(st.sampled_from(["partial", "all_or_nothing"]))
        q["case_sensitive"] = draw(st.booleans())
    return q


QTYPES = [
    "single_choice",
    "multiple_response",
    "true_false",
    "numeric",
    "short_answer",
    "essay",
    "matching",
    "ordering",
    "fill_blanks",
]


@st.composite
def courses(draw, min_chapters: int = 1) -> dict[str, str | bytes]:
    """The files of a small valid course (path -> text); each chapter has a quiz."""
    n_chapters = draw(st.integers(min_chapters, 2))
    chapter_ids = draw(st.lists(slugs, min_size=n_chapters, max_size=n_chapters, unique=True))
    course = {
        "id": draw(slugs),
        "title": draw(plain),
        "language": draw(st.sampled_from(["en", "de", "pt-BR", "zh-Hant-TW", "fr-CA", "he"])),
        "chapters": [f"chapters/{c}.md" for c in chapter_ids],
    }
    if draw(st.booleans()):
        course["description"] = draw(block_md_from("assets/dot.png"))
    if draw(st.booleans()):
        course["authors"] = draw(st.lists(plain, min_size=1, max_size=2))
    if draw(st.booleans()):
        course["passing_score"] = draw(st.floats(0, 1, allow_nan=False))
    if draw(st.booleans()):
        course["version"] = draw(plain)
    files: dict[str, str | bytes] = {
        "course.yaml": _dump(course),
        "assets/dot.png": PNG,
    }
    quiz_ids = draw(st.lists(slugs, min_size=n_chapters, max_size=n_chapters, unique=True))
    for cid, quiz_id in zip(chapter_ids, quiz_ids, strict=True):
        qtypes = draw(st.lists(st.sampled_from(QTYPES), min_size=1, max_size=4))
        qids = draw(st.lists(slugs, min_size=len(qtypes), max_size=len(qtypes), unique=True))
        quiz = {
            "id": quiz_id,
            "title": draw(plain),
            "questions": [draw(question(qid, t)) for qid, t in zip(qids, qtypes, strict=True)],
        }
        if draw(st.booleans()):
            quiz["passing_score"] = draw(st.floats(0, 1, allow_nan=False))
        if draw(st.booleans()):
            quiz["shuffle_questions"] = True
        if len(qtypes) > 1 and draw(st.booleans()):
            quiz["select"] = draw(st.integers(1, len(qtypes)))
        front = {"id": cid, "title": draw(plain), "quiz": f"../quizzes/{quiz_id}.yaml"}
        if draw(st.booleans()):
            front["summary"] = draw(inline_md)
        if draw(st.booleans()):
            front["objectives"] = draw(st.lists(inline_md, min_size=1, max_size=2))
        body = draw(block_md)
        files[f"chapters/{cid}.md"] = "---\n" + _dump(front) + "---\n\n" + body + "\n"
        files[f"quizzes/{quiz_id}.yaml"] = _dump(quiz)
    return files


# ---------------------------------------------------------------- helpers


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    if root.exists():
        shutil.rmtree(root)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


def build_in_process(root: Path):
    """load + render + every exporter; (diagnostics, {artifact name: files})."""
    from coursekit.diagnostics import CourseError

    course, diags = load_course(root)
    if course is None or diags.has_errors():
        return diags, None
    out = {}
    try:
        rendered = render_course(course)
        for name in ALL:
            result = _exporter_class(name)(ExportOptions()).run(rendered)
            diags.extend(result.diagnostics)
            for artifact in result.artifacts:
                out[artifact.name] = artifact.files
    except CourseError as exc:  # a located error found while building (as build_course reports it)
        diags.extend(exc.diagnostics)
        return diags, None
    return diags, out


def _scorm_validators():
    from test_scorm_manifest import _validate12, _validate2004  # each gives the list of errors

    return _validate12, _validate2004


def schema_problems(artifacts: dict[str, dict[str, bytes]]) -> dict[str, list[str]]:
    v12, v2004 = _scorm_validators()
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "support"))
    import moodle_import as mi

    problems: dict[str, list[str]] = {}

    def note(where: str, errs) -> None:
        if errs:
            problems[where] = list(errs)[:3]

    for name, files in artifacts.items():
        for path, data in files.items():
            where = f"{name}!{path}"
            if name.endswith(".imscc"):
                note(where, cc_problems(path, data))
                continue
            if not path.endswith(".xml"):
                continue
            if name.endswith("-qti21.zip"):
                note(where, qti_xsd.validate("imscp" if path == "imsmanifest.xml" else "qti21", data))
            elif name.endswith("-qti30.zip"):
                note(where, qti_xsd.validate("qti30_cp" if path == "imsmanifest.xml" else "qti30", data))
            elif name.endswith("-canvas.zip"):
                if path == "imsmanifest.xml":
                    as_cp = data.replace(
                        b"http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1", b"http://www.imsglobal.org/xsd/imscp_v1p1"
                    )
                    note(where, qti_xsd.validate("imscp", as_cp))
                elif not path.endswith("assessment_meta.xml"):
                    note(where, qti_xsd.validate("qti12", data))
                else:
                    etree.fromstring(data)
            elif name.endswith("-scorm12.zip") and path == "imsmanifest.xml":
                note(where, v12(data))
            elif name.endswith("-scorm2004.zip") and path == "imsmanifest.xml":
                note(where, v2004(data))
            elif name.endswith("-moodle.xml"):
                result = mi.importprocess(data)
                note(where, result.errors + result.notices + (["import stopped"] if result.stopped else []))
            else:
                etree.fromstring(data)  # at least well-formed
    return problems


def cc_problems(path: str, data: bytes) -> list[str]:
    """A Common Cartridge file: the CC 1.1 schemas Moodle validates with, QTI 1.2 for Canvas's copies."""
    if path == "imsmanifest.xml":
        return qti_xsd.errors("cc11/cc11libxml2validator.xsd", data)
    if path.endswith("/assessment_qti.xml"):
        return qti_xsd.errors("cc11/ccv1p1_qtiasiv1p2p1_v1p0.xsd", data)
    if path.endswith(".xml.qti"):
        return qti_xsd.validate("qti12", data)
    if path.endswith(".xml"):
        etree.fromstring(data)  # Canvas settings: at least well-formed
    return []


def zip_bytes_of(artifacts: dict[str, dict[str, bytes]]) -> dict[str, bytes]:
    from coursekit.package import zip_bytes

    return {
        name: zip_bytes(files, level=0)  # the names and layout; deflating is zlib's (a fifth of the test's time)
        if name.endswith((".zip", ".imscc"))
        else b"".join(k.encode() + b"\0" + v for k, v in sorted(files.items()))
        for name, files in artifacts.items()
    }


@pytest.fixture(scope="module")
def workdir():
    d = Path(tempfile.mkdtemp(prefix="ck-prop-"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


def _count(outcome: str) -> None:
    """Outcome statistics: pytest --hypothesis-show-statistics lists them per property."""
    event(outcome)


# ---------------------------------------------------------------- property 1: valid courses build


def check_valid_course(root: Path, files: dict) -> None:
    write_files(root, files)
    diags, first = build_in_process(root)
    assert first is not None, diags.render("text")
    assert not diags.has_errors(), diags.render("text")
    problems = schema_problems(first)
    assert not problems, problems
    # Every package of this course zips (safe, unique archive names). Once: zip_bytes is a pure
    # function of the sorted (name, bytes) pairs compared file by file below, so zipping the second
    # build too (a third of this test's time, in zlib) could not fail when they pass; that the same
    # files give the same zip bytes in every process, folder, time zone and locale is
    # tests/test_reproducible.py's check.
    zip_bytes_of(first)
    # Same files again, from scratch (fresh load and render): identical bytes.
    write_files(root, files)
    _, second = build_in_process(root)
    assert second is not None
    assert {n: sorted(f) for n, f in first.items()} == {n: sorted(f) for n, f in second.items()}
    for name in first:
        for path in first[name]:
            assert first[name][path] == second[name][path], f"{name}!{path} differs between builds"
    _count("valid: built")


# Regression examples found while writing these tests (each was a crash or an invalid file).
_PH_COURSE = {
    "course.yaml": "id: a\ntitle: T\nchapters: [chapters/a.md]\n",
    "chapters/a.md": (
        "---\nid: a\ntitle: A\nquiz: ../quizzes/q.yaml\n---\n\nText \ue000M5\ue001 and $x$ \ue000M0\ue001.\n"
    ),
    "quizzes/q.yaml": (
        "id: q\ntitle: Q\nquestions:\n- id: t\n"
        '  type: true_false\n  prompt: "\\ue000I0\\ue001 &#xe000;M0&#xe001;"\n  answer: true\n'
    ),
    "assets/dot.png": PNG,
}


def _small_course(prompt: str = "P", choice: str = "b", version: str = "1.0.0") -> dict:
    quiz = {
        "id": "q",
        "title": "Q",
        "questions": [
            {
                "id": "s",
                "type": "single_choice",
                "prompt": prompt,
                "choices": [{"text": "a", "correct": True}, {"text": choice}],
            }
        ],
    }
    return {
        "course.yaml": yaml.safe_dump({"id": "a", "title": "T", "version": version, "chapters": ["chapters/a.md"]}),
        "chapters/a.md": "---\nid: a\ntitle: A\nquiz: ../quizzes/q.yaml\n---\n\nText.\n",
        "quizzes/q.yaml": yaml.safe_dump(quiz, allow_unicode=True),
        "assets/dot.png": PNG,
    }


@example(files=_PH_COURSE)  # author text with the renderer's private-use placeholder characters: IndexError
@example(files=_small_course(choice="**a </p> b**"))  # QTI: <p> inside <strong>
@example(files=_small_course(prompt="> quoted <b> & *x* beta"))  # QTI: inline <b> directly in <blockquote>
@example(files=_small_course(prompt="- a </ul> b\n\n- c"))  # QTI: <li> outside any list
@example(files=_small_course(prompt="- a <b>\n- c <b> d\n- e"))  # QTI: stray <b> between <li>s
@example(files=_small_course(version="version twenty-one chars and more"))  # SCORM 1.2 CP: version > 20 characters
@given(files=courses())
def test_random_valid_courses_build_validate_and_reproduce(workdir, files) -> None:
    check_valid_course(workdir / "valid", files)


# ------------------------------------------- property 1b: a bank split over processes, same output

SPLIT_TARGETS = ["canvas", "qti21", "qti30", "moodle", "cc"]


def export_all(root: Path, jobs: int) -> dict:
    """Each splitting target exported from a fresh load and render: {target: (files, diagnostics)}."""
    from coursekit.diagnostics import CourseError

    course, diags = load_course(root)
    assert course is not None and not diags.has_errors(), diags.render("text")
    rendered = render_course(course)
    out = {}
    for name in SPLIT_TARGETS:
        try:
            result = _exporter_class(name)(ExportOptions(jobs=jobs)).run(rendered)
            out[name] = ([(a.name, a.files) for a in result.artifacts], [d.as_text() for d in result.diagnostics])
        except CourseError as exc:
            out[name] = (None, [d.as_text() for d in exc.diagnostics.items])
    return out


@settings(max_examples=max(20, settings.default.max_examples // 10))  # each example forks 4 workers
@given(files=courses(min_chapters=2))
def test_random_courses_split_over_two_processes_export_the_same(workdir, files) -> None:
    """coursekit.fanout forced on (any size): the second quiz goes to a forked worker."""
    from unittest import mock

    import coursekit.fanout as fanout

    root = write_files(workdir / "split", files)
    with mock.patch.object(fanout, "MIN_QUESTIONS", 0), mock.patch.object(fanout, "runs", wraps=fanout.runs) as cut:
        split = export_all(root, jobs=2)
    assert cut.call_count == len(SPLIT_TARGETS)  # every target really split its two quizzes
    assert split == export_all(root, jobs=1)
    _count("split: exported the same")


# ---------------------------------------------------------------- property 2: mutations

BASE = {
    "course.yaml": (
        'id: demo\ntitle: Demo <course> & "more"\nlanguage: en\ndescription: |\n'
        "  A course with $x^2$ math.\nchapters:\n  - chapters/one.md\n  - chapters/two.md\n"
    ),
    "chapters/one.md": (
        "---\nid: one\ntitle: One\nobjectives:\n  - Learn **this**.\nquiz: ../quizzes/one.yaml\n---\n\n"
        "# Heading\n\nBody with ![a dot](../assets/dot.png) and $a+b$.\n\n"
        ":::{note} Careful\nA note.\n:::\n\n- item\n- item two\n"
    ),
    "chapters/two.md": "---\nid: two\ntitle: Two\n---\n\nJust text.\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n",
    # the fixture's valid quiz, then one question of every other type
    "quizzes/one.yaml": QUIZ_HEAD
    + QUESTION
    + """  - id: many
    type: multiple_response
    prompt: Pick some.
    scoring: partial
    choices:
      - {text: x, correct: true}
      - {text: y, correct: true}
      - {text: z}
  - id: num
    type: numeric
    prompt: How much?
    answer: 1.5
    tolerance: 0.1
  - id: words
    type: short_answer
    prompt: Name it.
    answers:
      - text: Paris
      - {text: paris city, score: 0.5}
  - id: match
    type: matching
    prompt: Match.
    pairs:
      - {left: A, right: "1"}
      - {left: B, right: "2"}
  - id: order
    type: ordering
    prompt: Order.
    items: [first, second, third]
  - id: gaps
    type: fill_blanks
    text: The [[a]] is [[b]].
    blanks:
      a: {accept: [sky]}
      b: {choices: [blue, red], correct: blue}
  - id: tf
    type: true_false
    prompt: True?
    answer: false
  - id: essay
    type: essay
    prompt: Discuss.
    min_words: 1
    max_words: 10
""",
    "assets/dot.png": PNG,
}
TEXT_FILES = [k for k in BASE if not k.endswith(".png")]
_NOISE = st.sampled_from(
    list(" \t\n:-[]{}#&*!|>'\"%@`,?\\$<")
    + [
        "---",
        ":::",
        "[[",
        "]]",
        "{{",
        "\x00",
        "\ufeff",
        "\x85",
        "\u2028",
        "é",
        "  ",
        "- ",
        ": ",
        "&a",
        "*a",
        "!!str ",
        "?",
    ]
)


@st.composite
def mutation(draw):
    """(file, kind, args) for one edit of one text file."""
    rel = draw(st.sampled_from(TEXT_FILES))
    n = BASE[rel].count("\n") + 1
    kind = draw(
        st.sampled_from(
            [
                "delete",
                "duplicate",
                "swap",
                "insert",
                "indent",
                "dedent",
                "replace-char",
                "truncate",
                "foreign-line",
                "move-block",
            ]
        )
    )
    line = draw(st.integers(0, n - 1))
    other = draw(st.integers(0, n - 1))
    col = draw(st.integers(0, 60))
    text = draw(_NOISE | st.text(_ALPHA, min_size=1, max_size=3))
    width = draw(st.sampled_from([1, 2, 3, 4, 8]))
    return rel, kind, line, other, col, text, width


def apply(text: str, m) -> str:
    _, kind, line, other, col, noise, width = m
    lines = text.split("\n")
    line, other = min(line, len(lines) - 1), min(other, len(lines) - 1)
    if kind == "delete":
        del lines[line]
    elif kind == "duplicate":
        lines.insert(line, lines[line])
    elif kind == "swap":
        lines[line], lines[other] = lines[other], lines[line]
    elif kind == "insert":
        s = lines[line]
        c = min(col, len(s))
        lines[line] = s[:c] + noise + s[c:]
    elif kind == "indent":
        lines[line] = " " * width + lines[line]
    elif kind == "dedent":
        lines[line] = lines[line][min(width, len(lines[line]) - len(lines[line].lstrip(" "))) :]
    elif kind == "replace-char":
        s = lines[line]
        if s:
            c = min(col, len(s) - 1)
            lines[line] = s[:c] + noise + s[c + 1 :]
    elif kind == "truncate":  # an editor that saved half the file
        joined = "\n".join(lines)
        return joined[: min(len(joined), line * 7 + col)]
    elif kind == "foreign-line":  # a line pasted from another file of the course
        donor = BASE[TEXT_FILES[col % len(TEXT_FILES)]].split("\n")
        lines.insert(line, donor[other % len(donor)])
    elif kind == "move-block":  # cut a few lines and paste them elsewhere
        block = lines[line : line + width]
        del lines[line : line + width]
        lines[min(other, len(lines)) : min(other, len(lines))] = block
    return "\n".join(lines)


def check_mutated(root: Path, mutations) -> None:
    files = dict(BASE)
    for m in mutations:
        files[m[0]] = apply(files[m[0]], m)
    write_files(root, files)
    line_counts = {}
    for rel, data in files.items():
        if isinstance(data, str):
            line_counts[rel] = data.count("\n") + 1 + data.count("\r") + data.count("\x85") + data.count("\u2028")
    cwd = os.getcwd()
    os.chdir(root)  # diagnostics name files relative to the working folder, as the CLI does
    try:
        course, diags = load_course(root)  # must never raise
    finally:
        os.chdir(cwd)
    for d in diags.items:
        assert d.code.startswith("CK") and d.hint, d
        assert d.location.line >= 1 and d.location.col >= 1, d
        rel = d.location.file
        assert rel in line_counts or (root / rel).exists() or rel in ("course.yaml",), (
            f"diagnostic names {rel!r}: {d.as_text()}"
        )
        if rel in line_counts:
            assert d.location.line <= line_counts[rel] + 1, d.as_text()
    if diags.has_errors():
        _count("mutated: rejected " + " ".join(sorted({d.code for d in diags.errors}))[:40])
        return
    _count("mutated: built")
    diags, out = build_in_process(root)
    assert out is not None and not diags.has_errors(), diags.render("text")


@example(mutations=[("quizzes/one.yaml", "insert", 44, 0, 22, "\ue000", 1)])
@example(mutations=[("course.yaml", "insert", 3, 4, 3, "[[", 8)])  # key "des[[cription": IndexError in the loader
@settings(max_examples=settings.default.max_examples * 3)  # cheap: most mutants stop at the loader
@given(mutations=st.lists(mutation(), min_size=1, max_size=3))
def test_mutated_courses_give_located_diagnostics_never_a_traceback(workdir, mutations) -> None:
    check_mutated(workdir / "mutated", mutations)


def test_base_course_of_the_mutations_is_valid(workdir) -> None:
    root = write_files(workdir / "base", BASE)
    course, diags = load_course(root)
    assert course is not None and not diags.has_errors(), diags.render("text")


def test_cli_validate_on_a_mutated_course_exit_1_no_traceback(tmp_path: Path) -> None:
    """The same path through the real CLI once: exit status 1, located errors, no traceback."""
    from click.testing import CliRunner

    from coursekit.cli import cli

    files = dict(BASE)
    files["quizzes/one.yaml"] = files["quizzes/one.yaml"].replace(
        "    type: numeric\n", "    type: numeric\n  bad indent\n"
    )
    write_files(tmp_path, files)
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert re.search(r"quizzes/one\.yaml:\d+:\d+: error CK\d{3}:", result.output), result.output
    assert "Traceback" not in result.output
