"""The fast YAML reader (yaml-rs) gives exactly the data of the locating parse (libyaml), or declines.

``yaml_nodes.read_fast`` reads most course files; every diagnostic still comes from
``parse_yaml``. These tests hold the two equal on every YAML file of the repository, on a
generated bench course and on generated documents in every scalar style, check that each
construct the fast reader must leave to the locating parse makes it decline, and that a course
that loads cleanly never pays for a locating parse.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from coursekit.load import load_course, loader, yaml_nodes
from coursekit.load.yaml_nodes import (
    YamlFloat,
    YamlInt,
    YamlProblem,
    parse_yaml,
    question_keys,
    quick_positions,
    read_fast,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from coursefixture import write_course  # noqa: E402
from gen_course import generate  # noqa: E402


def dumped(data, style, flow) -> str | None:
    """``data`` as PyYAML writes it in one scalar style, or None where PyYAML cannot."""
    try:
        return yaml.dump(data, default_style=style, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return None


def located_data(text: str):
    """The locating parse's data of ``text``, or None when it refuses the text (a CK error)."""
    try:
        return parse_yaml(text).data
    except YamlProblem:
        return None


def same(a, b) -> bool:
    """Equal data, and equal types but for the source text numbers carry in parse_yaml."""
    if isinstance(b, (YamlInt, YamlFloat)):
        b = (int if isinstance(b, int) else float)(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def yaml_texts(folder: Path) -> list[tuple[str, str]]:
    out = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".yaml", ".yml") and "node_modules" not in path.parts and ".venv" not in path.parts:
            out.append((path.relative_to(folder).as_posix(), path.read_text(encoding="utf-8")))
        elif path.suffix == ".md" and path.read_text(encoding="utf-8").startswith("---\n"):
            text = path.read_text(encoding="utf-8").split("\n")
            end = next(i for i in range(1, len(text)) if text[i].strip() in ("---", "..."))
            out.append((path.relative_to(folder).as_posix(), "\n".join(text[1:end])))
    return out


def test_every_yaml_file_of_the_repository_reads_the_same() -> None:
    files = [
        t
        for sub in ("course", "examples", "tests", "src", "docs")
        for t in yaml_texts(ROOT / sub)
        if (ROOT / sub).is_dir()
    ]
    assert len(files) > 20
    fast = 0
    for name, text in files:
        got = read_fast(text)
        if got is not None:
            fast += 1
            assert same(got[0], parse_yaml(text).data), name
    assert fast >= len(files) // 2  # most files take the fast reader


def test_a_generated_bench_course_reads_the_same(tmp_path: Path) -> None:
    course = generate(tmp_path / "bench", questions=600)
    for name, text in yaml_texts(course):
        got = read_fast(text)
        assert got is not None, name
        assert same(got[0], parse_yaml(text).data), name


scalars = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff"), max_size=30),
    st.sampled_from(
        ["yes", "no", "on", "null", "~", "True", "FALSE", "0.40", "007", "1e3", ".5", "-.inf", ".NaN", "0o17", "0x1F"]
        + ["1_000", "0b1", "+0x1", "2024-01-01", "12:30", "a: b", "- x", "#c", "$x_1$", "'q'", '"dq"', "\\nu", "*a*"]
    ),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, width=64),
    st.booleans(),
    st.none(),
)
keys = st.text(alphabet="abcxyz_-0123 .:#'\"", min_size=1, max_size=8)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    documents,
    st.sampled_from([None, "'", '"', "|", ">"]),
    st.booleans(),
)
def test_generated_documents_read_the_same(data, style, flow) -> None:
    """Whatever PyYAML writes in any scalar style, read_fast gives parse_yaml's data or declines."""
    text = dumped({"root": data}, style, flow)
    assume(text is not None)
    slow = located_data(text)
    if slow is None:  # the locating parse refuses it: the fast reader must decline too
        assert read_fast(text) is None
    else:
        got = read_fast(text)
        if got is not None:
            assert same(got[0], slow), text


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key (CK016)
        "a: [1, 2\n",  # syntax (CK012)
        "a:\tb\n",  # tab
        "a: 1\n---\nb: 2\n",  # two documents
        "%YAML 1.1\n---\na: 1\n",  # directive
        "a: !!str 1\n",  # tag
        "a: &x [1]\nb: *x\n",  # anchor and alias
        'a: "$\\nu$"\n',  # the double-quote trap (CK030)
        'a: "x\\x01"\n',  # a character no export can carry (CK011)
        "a: 1_000\n",  # numbers yaml-rs reads beyond the core schema
        "a: 0b101\n",
        "a: -0x1F\n",
        "a: 0X1F\n",
        "1: x\n",  # a key that is not a string
        "? [a]\n: b\n",
        "<<: {a: 1}\n",  # merge key (CK017)
        "a: " + "[" * 70 + "]" * 70 + "\n",  # nesting past MAX_DEPTH (CK015)
    ],
)
def test_what_the_locating_parse_must_read(text: str) -> None:
    assert read_fast(text) is None


# The first form of the fast reader's refusal pattern, tried at every position (slow, plain).
_FIRST_SLOW_RE = re.compile(
    r"\t|^(?:---|\.\.\.|%)|(?:^|[\[{,:?-])[ \t]*"
    r'(?:"[^"]*\\|[!*&]|[-+]0[xXoObB]|0[bBXO]|[-+]?[0-9.][0-9a-zA-Z.+-]*_)',
    re.M,
)
_PIECES = ["\n", "\t", " ", "-", "[", "]", "{", "}", ",", ":", "?", '"', "\\", "!", "*", "&", "%", ".", "0", "x"]
_PIECES += ["b", "o", "X", "B", "O", "1", "_", "+", "a", "#", "'", "---", "..."]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_the_refusal_pattern_finds_what_its_first_form_found(text: str) -> None:
    fast_form = "\t" in text or yaml_nodes._SLOW_RE.search("\n" + text) is not None
    assert fast_form == (_FIRST_SLOW_RE.search(text) is not None)


def test_a_clean_course_is_never_located(tmp_path: Path, monkeypatch) -> None:
    """Positions are read only for files with something to report: a clean bench course needs none."""
    course = generate(tmp_path / "bench", questions=300)
    calls = []
    real = loader.parse_yaml
    monkeypatch.setattr(loader, "parse_yaml", lambda text, **kw: calls.append(kw) or real(text, **kw))
    loaded, diags = load_course(course)
    assert loaded is not None and not diags.items
    chapter_front_matter = [c for c in calls if c.get("line_offset") == 1]
    assert len(calls) == len(chapter_front_matter)  # quizzes and course.yaml: none (front matter is tiny)
    monkeypatch.setattr(loader, "parse_yaml", real)
    q = loaded.chapters[0].quizzes[0].questions[3]
    assert q.loc.line > 1  # and a position is still there when asked for


def test_a_number_in_a_text_field_keeps_its_source_text(tmp_path: Path) -> None:
    root = write_course(tmp_path / "c")
    quiz = root / "quizzes" / "one.yaml"
    quiz.write_text(
        "id: one\ntitle: One\nquestions:\n"
        "  - id: q1\n    type: short_answer\n    prompt: Two fifths as a decimal?\n"
        "    feedback: {correct: Yes.}\n    answers:\n      - {text: 0.40}\n      - {text: 007}\n"
    )
    assert read_fast(quiz.read_text()) is not None  # the fast reader takes it, as 0.4 and 7
    loaded, diags = load_course(root)
    assert loaded is not None, diags.render()
    answers = loaded.chapters[0].quizzes[0].questions[0].answers
    assert [a.text for a in answers] == ["0.40", "007"]


def test_a_problem_in_a_fast_read_file_is_located(tmp_path: Path) -> None:
    root = write_course(tmp_path / "c")
    quiz = root / "quizzes" / "one.yaml"
    quiz.write_text(
        "id: one\ntitle: One\nquestions:\n"
        "  - id: q1\n    type: true_false\n    prompt: Is it?\n    feedback: {correct: Yes.}\n    answer: maybe\n"
    )
    assert read_fast(quiz.read_text()) is not None
    _, diags = load_course(root)
    (err,) = diags.errors
    assert (err.location.line, err.location.col) == (8, 13)


# ---------------------------------------------------------------- positions without the locating parse


def quick_agrees(text: str) -> bool:
    """quick_positions gives parse_yaml's position for every path it answers (or declines)
    and True when it answered."""
    got = read_fast(text)
    if got is None:
        return False
    quick = quick_positions(text, question_keys(got[0]))
    if quick is None:
        return False
    doc = parse_yaml(text)
    for path, at in quick.items():
        assert at == doc.position(path), (path, at, doc.position(path), text)
    questions = got[0].get("questions")
    if isinstance(questions, list):
        assert all(("questions", i) in quick for i in range(len(questions)))
    return True


def test_question_positions_of_every_yaml_file_of_the_repository() -> None:
    files = [t for sub in ("course", "examples", "tests", "docs") for t in yaml_texts(ROOT / sub)]
    answered = sum(quick_agrees(text) for _, text in files)
    assert answered >= len(files) // 2


def test_question_positions_of_a_bench_course(tmp_path: Path) -> None:
    course = generate(tmp_path / "bench", questions=600)
    quizzes = [text for name, text in yaml_texts(course) if name.startswith("quizzes/")]
    assert quizzes and all(quick_agrees(text) for text in quizzes)


@pytest.mark.parametrize(
    "text",
    [
        "# c\n\nid: q\nquestions:\n- id: a\n  type: essay\n-   {id: b, type: essay}\ntitle: T\n",
        "id: q\nquestions:  # the list\n  # a comment\n  - id: a\n    prompt: |\n      - not an item\n  - id: b\n",
        'id: q\nquestions:\n  - id: a\n    prompt: "one\n  - id: x\n    two"\n  - id: b\n',  # a quoted item look-alike
        "id: q\nquestions:\n  -\n    id: a\n",  # the item's node on the next line
        "id: q\nquestions: [{id: a}, {id: b}]\n",  # a flow sequence
        "{id: q, questions: [{id: a}]}\n",  # a flow root
        "id: q\nquestions:\n  - 'id': a\n",  # a quoted first key
        "id: q\nquestions:\n  - a\n  - b\n",
        "id: q\nquestions: []\n",
        "id: q\nquestions:\n  - id: a  # c\n    type:   essay\n    prompt: 'x: y'\n    feedback:\n      correct: Yes.\n"
        "    choices: # c\n      - {text: a}\n\n  # c\n  - id: b\n    prompt: >\n      two\n"
        '    hint: "q"\ntitle: T\n',
        'id: q\nquestions:\n  - id: a\n    prompt: "one\n    type: x"\n',  # a quoted key look-alike
        "id: q\n",
    ],
)
def test_question_positions_agree_or_decline(text: str) -> None:
    quick_agrees(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(documents, min_size=1, max_size=4), st.sampled_from([None, "'", '"', "|", ">"]), st.booleans())
def test_generated_question_lists_agree(items, style, flow) -> None:
    text = dumped({"id": "q", "questions": items, "title": "t"}, style, flow)
    assume(text is not None)
    assume(located_data(text) is not None)  # refused: nothing to locate
    quick_agrees(text)


def test_a_warned_about_question_needs_no_locating_parse(tmp_path: Path, monkeypatch) -> None:
    """A question's loc comes from the lines; a node below it takes the locating parse."""
    course = generate(tmp_path / "bench", questions=100)
    loaded, _ = load_course(course)
    quiz = loaded.chapters[0].quizzes[0]
    calls = []
    real = loader.parse_yaml
    monkeypatch.setattr(loader, "parse_yaml", lambda text, **kw: calls.append(kw) or real(text, **kw))
    quick = [(q.loc.line, q.loc.col) for q in quiz.questions] + [(quiz.loc.line, quiz.loc.col)]
    feedback = [(q.feedback.loc.line, q.feedback.loc.col) for q in quiz.questions]
    assert not calls
    choices = next(q for q in quiz.questions if getattr(q, "choices", None)).choices[0]
    assert choices.loc.line > 1 and len(calls) == 1
    doc = real(quiz.path.read_text())
    assert quick == [doc.position(("questions", i)) for i in range(len(quiz.questions))] + [doc.position(())]
    assert feedback == [doc.position(("questions", i, "feedback")) for i in range(len(quiz.questions))]


def test_a_loaded_quiz_keeps_its_questions_keys_not_its_yaml_data(tmp_path: Path, monkeypatch) -> None:
    """A big bank's parsed YAML would stay in memory beside its model (150 MB at 100,000
    questions) only for the quick positions of later warnings: a loaded quiz file keeps the
    keys of its questions instead, and its positions are still read from the lines."""
    import gc

    course = generate(tmp_path / "bench", questions=60)
    loaded, diags = load_course(course)
    assert not diags.errors
    quizzes = course / "quizzes"
    sources = [o for o in gc.get_objects() if type(o) is loader.Source and o.path.parent == quizzes]
    assert sources and all(s.data is None for s in sources)
    monkeypatch.setattr(loader, "parse_yaml", lambda *a, **k: pytest.fail("locating parse"))
    for _, quiz in loaded.all_quizzes():
        text = quiz._path.read_text()
        doc = parse_yaml(text)
        for i, question in enumerate(quiz.questions):
            assert (question.loc.line, question.loc.col) == doc.position(("questions", i))
