"""The cmi.interactions.n elements a SCO sends for each answered question, in jsdom: what
scorm-interactions.js makes of the answers the quiz engine scored, as the LMS (scorm-again)
receives them, in SCORM 1.2 and 2004. Fast enough to run against every mutant of the file
(scripts/mutation.sh).

The course (``FILES``, in German: its decimal separator is the comma) holds the answers that are
hard to record: partial credit, numbers typed with a comma, numbers no SCORM number can hold,
text with the data model's delimiters, text too long for an element or for its share of a
request, more choices than SCORM 1.2's identifiers, too many gaps for a 2004 fill-in, weights
out of 1.2's range, unanswered questions, numbers with white space around them that only
Python's (and the scorer's) trim knows; a second launch checks with all but two unanswered.
Each launch runs on a clock of its own (tests/js/lms.js), so time stamps, latencies and session
times are exact, and one launch sets the clock back during the attempt. A second course
(``DETAIL_FILES``) has SCOs of so many questions that their interactions are recorded in the
standard and the short form.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from support.course_dir import write_course
from support.jsdom_lms import PlanServer, answer_steps
from test_scorm_jsdom import VERSIONS, assert_clean_session, built

QUIZ_ID = "edge"
QUIZ_PAGE = "chapter-edge.html"
ONE_RIGHT = "\n".join(f"      - {{text: 'Option {i}'{', correct: true' if i < 1 else ''}}}" for i in range(37))
LAST_RIGHT = "\n".join(f"      - {{text: 'Option {i}'{', correct: true' if i == 36 else ''}}}" for i in range(37))
TWO_RIGHT = "\n".join(f"      - {{text: 'Option {i}'{', correct: true' if i < 2 else ''}}}" for i in range(90))
GAPS = " ".join(f"[[g{i}]]" for i in range(25))
BLANKS = "\n".join(f"      g{i}:\n        accept: [w{i}]" for i in range(25))

FILES = {
    "course.yaml": """\
id: edge
title: Kanten
language: de
passing_score: 0.5
chapters:
  - chapters/edge.md
""",
    "chapters/edge.md": """\
---
id: edge
title: Kanten
quiz: ../quizzes/edge.yaml
---

Fragen.
""",
    "quizzes/edge.yaml": f"""\
id: edge
title: Kanten
passing_score: 0.5
questions:
  - id: third
    type: multiple_response
    prompt: Drei von vier.
    scoring: partial
    shuffle: false
    choices:
      - {{text: A, correct: true}}
      - {{text: B, correct: true}}
      - {{text: C, correct: true}}
      - {{text: D}}
  - id: pairs
    type: matching
    prompt: Paare.
    scoring: partial
    shuffle: false
    pairs:
      - {{left: eins, right: '1'}}
      - {{left: zwei, right: '2'}}
      - {{left: drei, right: '3'}}
    distractors: ['4']
  - id: comma
    type: numeric
    prompt: Zwölf Komma fünf.
    answer: 12.5
  - id: big
    type: numeric
    prompt: Groß.
    answer: 786432
  - id: tiny
    type: numeric
    prompt: Winzig.
    answer: 1.0e-12
  - id: none
    type: numeric
    prompt: Nichts.
    answer: 4
  - id: blank
    type: numeric
    prompt: Leerzeichen.
    answer: 5
  - id: spaced
    type: numeric
    prompt: Minus fünf.
    answer: -5
  - id: odd
    type: numeric
    prompt: Zweiundvierzig.
    answer: 42
  - id: point
    type: numeric
    prompt: Ein Viertel.
    answer: 0.25
  - id: huge
    type: numeric
    prompt: Eins.
    answer: 1
  - id: far
    type: numeric
    prompt: Weit.
    answer: 786432
  - id: over
    type: numeric
    prompt: Fünf.
    answer: 5
  - id: truth
    type: true_false
    prompt: Unbeantwortet.
    answer: true
  - id: heavy
    type: true_false
    prompt: Schwer.
    points: 1000
    answer: true
  - id: brace
    type: short_answer
    prompt: Klammer.
    answers:
      - {{text: x}}
  - id: long
    type: short_answer
    prompt: Lang.
    answers:
      - {{text: x}}
  - id: wide
    type: short_answer
    prompt: Breit.
    answers:
      - {{text: x}}
  - id: full
    type: short_answer
    prompt: Voll.
    answers:
      - {{text: x}}
  - id: essay
    type: essay
    prompt: Aufsatz.
  - id: gaps
    type: fill_blanks
    text: Erst [[one]], dann [[two]], [[three]] und [[four]].
    blanks:
      one:
        accept: [a]
      two:
        accept: [b]
      three:
        accept: [c]
      four:
        accept: [d]
  - id: empty
    type: fill_blanks
    text: Erst [[one]], dann [[two]].
    blanks:
      one:
        accept: [a]
      two:
        accept: [b]
  - id: twice
    type: fill_blanks
    text: Erst [[one]], dann [[two]].
    blanks:
      one:
        accept: [x]
      two:
        accept: [x]
  - id: many
    type: fill_blanks
    text: Viele {GAPS}.
    blanks:
{BLANKS}
  - id: pick
    type: single_choice
    prompt: Die letzte.
    shuffle: false
    choices:
{ONE_RIGHT}
  - id: last
    type: single_choice
    prompt: Die erste.
    shuffle: false
    choices:
{LAST_RIGHT}
  - id: all
    type: multiple_response
    prompt: Alle.
    shuffle: false
    choices:
{TWO_RIGHT}
""",
}

KINDS = {
    "third": "multiple_response",
    "pairs": "matching",
    "comma": "numeric",
    "big": "numeric",
    "tiny": "numeric",
    "none": "numeric",
    "blank": "numeric",
    "spaced": "numeric",
    "odd": "numeric",
    "point": "numeric",
    "huge": "numeric",
    "far": "numeric",
    "over": "numeric",
    "truth": "true_false",
    "heavy": "true_false",
    "brace": "short_answer",
    "long": "short_answer",
    "wide": "short_answer",
    "full": "short_answer",
    "essay": "essay",
    "gaps": "fill_blanks",
    "empty": "fill_blanks",
    "twice": "fill_blanks",
    "many": "fill_blanks",
    "pick": "single_choice",
    "last": "single_choice",
    "all": "multiple_response",
}
RESPONSES = {
    "third": [0],  # one of three right choices: a third of the point
    "pairs": [0, 1, 3],  # two of three pairs, the third to the distractor
    "comma": "12,5",
    "big": "786432",
    "tiny": "1e-12",
    "none": None,
    "blank": " \u0085\u001f ",  # white space to the scorer (Python's isspace), not to JavaScript's \s: no answer
    "spaced": "  -0,5e1  ",  # spaces around, a decimal comma and an exponent: -5
    "odd": "\u001c42\u0085",  # the same white space around a number: the number, as the scorer read it
    "point": ",25",  # no digit before the decimal comma
    "huge": "1" * 300,  # a number (1.1e299), but none with a plain decimal form: text
    "far": "5",  # fits a 2004 number, but the answer's pattern does not: text
    "over": "123456",  # the reverse: the pattern fits, the number does not (6 integer digits)
    "truth": None,
    "heavy": True,
    "brace": "{a}   [,]  b",
    "long": "é" * 300,  # 250 characters are 1,500 bytes URL-encoded: 100 are sent
    "wide": "a" * 100 + " " + "a" * 148 + " " + "b" * 60,
    "full": "é" * 166 + "abcd",  # 1,000 bytes URL-encoded: sent whole
    "essay": "a" * 1200,
    "gaps": ["x,y", "", "w", "z" * 300],
    "empty": ["  ", ""],
    "twice": ["x", "  y   z "],
    "many": ["€" * 6] * 25,
    "pick": [36],
    "last": [0],
    "all": list(range(90)),  # 2004: 999 bytes URL-encoded
}

# The clock of the first launch: local 03:04:05.678 (single digits, so that padding shows).
START = datetime(2026, 1, 2, 3, 4, 5, 678000).astimezone()
THINKING = 3_723_456  # from the page's load to the check: 1 h 2 min 3.456 s
LINGERING = 6_543  # from the check to the end of the session: 1 h 2 min 10 s in all
AWAY = 10_000 * 3_600_000 + 61_000  # the second launch: 10,000 h 1 min 1 s after the check

ESSAY = "a" * 640
IDS = [chr(ord("a") + i) for i in range(26)] + [str(i) for i in range(10)] + [f"x{i}" for i in range(36, 90)]


def expected(version: str) -> dict[str, dict[str, str]]:
    """Each question's elements as the LMS must receive them in the first launch, in the order
    set (id and type first, then time and weighting, patterns, response, result, latency,
    description), without the common prefix."""
    v12 = version == "1.2"
    checked = START + timedelta(milliseconds=THINKING)
    when = (
        checked.strftime("%H:%M:%S")
        if v12
        else checked.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{checked.microsecond // 10000:02d}Z"
    )
    wrong = "wrong" if v12 else "incorrect"
    response = "student_response" if v12 else "learner_response"
    latency = "0001:02:03.46" if v12 else "PT1H2M3.46S"

    def rec(qid, type_, patterns, answer, result, weighting="1", description=None):
        out = {"id": f"{QUIZ_ID}_{qid}", "type": type_, ("time" if v12 else "timestamp"): when}
        if weighting is not None:
            out["weighting"] = weighting
        for i, p in enumerate(patterns):
            out[f"correct_responses.{i}.pattern"] = p
        if answer is not None:
            out[response] = answer
        out["result"] = result
        out["latency"] = latency
        if not v12:
            out["description"] = description
        return out

    text = "fill-in" if v12 else "long-fill-in"
    many_pattern = ",".join(f"w{i}" for i in range(25)) if v12 else " | ".join(f"w{i}" for i in range(25))
    if v12:
        many_pattern = many_pattern[:255]
    return {
        "third": rec("third", "choice", ["a,b,c" if v12 else "a[,]b[,]c"], "a", "0.3333", description="Drei von vier."),
        "pairs": rec(
            "pairs",
            "matching",
            ["1.a,2.b,3.c" if v12 else "1[.]a[,]2[.]b[,]3[.]c"],
            "1.a,2.b,3.d" if v12 else "1[.]a[,]2[.]b[,]3[.]d",
            "0.6667",
            description="Paare.",
        ),
        "comma": rec(
            "comma", "numeric", ["12.5" if v12 else "12.5[:]12.5"], "12.5", "correct", description="Zwölf Komma fünf."
        ),
        # 786432 is no 2004 real(10,7): text; 1.2 numbers have no such limit
        "big": rec("big", "numeric" if v12 else "fill-in", ["786432"], "786432", "correct", description="Groß."),
        # 1e-12: the number as a plain decimal in 1.2, the learner's text in 2004 (7 decimals at most)
        "tiny": rec(
            "tiny",
            "numeric" if v12 else "fill-in",
            ["0.000000000001"],
            "0.000000000001" if v12 else "1e-12",
            "correct",
            description="Winzig.",
        ),
        "none": rec("none", "numeric", ["4" if v12 else "4[:]4"], None, wrong, description="Nichts."),
        "blank": rec("blank", "numeric", ["5" if v12 else "5[:]5"], None, wrong, description="Leerzeichen."),
        "spaced": rec("spaced", "numeric", ["-5" if v12 else "-5[:]-5"], "-5", "correct", description="Minus fünf."),
        "odd": rec("odd", "numeric", ["42" if v12 else "42[:]42"], "42", "correct", description="Zweiundvierzig."),
        "point": rec(
            "point", "numeric", ["0.25" if v12 else "0.25[:]0.25"], "0.25", "correct", description="Ein Viertel."
        ),
        "huge": rec("huge", "fill-in", ["1"], "1" * (255 if v12 else 250), wrong, description="Eins."),
        "far": rec("far", "numeric" if v12 else "fill-in", ["786432"], "5", wrong, description="Weit."),
        # a 2004 number of 6 integer digits: text, with the answer as its pattern
        "over": rec("over", "numeric" if v12 else "fill-in", ["5"], "123456", wrong, description="Fünf."),
        "truth": rec("truth", "true-false", ["t" if v12 else "true"], None, wrong, description="Unbeantwortet."),
        # 1.2 weights are CMIDecimal within -100..100: none is sent
        "heavy": rec(
            "heavy",
            "true-false",
            ["t" if v12 else "true"],
            "t" if v12 else "true",
            "correct",
            weighting=None if v12 else "1000",
            description="Schwer.",
        ),
        # no line breaks, runs of spaces as one, never a leading '{'; 2004 keeps '[,]' out of a node
        "brace": rec("brace", "fill-in", ["x"], "(a} [,] b" if v12 else "(a} [ ,] b", wrong, description="Klammer."),
        "long": rec("long", "fill-in", ["x"], "é" * 100, wrong, description="Lang."),
        # cut at 250 characters, without the space it then ends with
        "wide": rec("wide", "fill-in", ["x"], "a" * 100 + " " + "a" * 148, wrong, description="Breit."),
        "full": rec("full", "fill-in", ["x"], RESPONSES["full"], wrong, description="Voll."),
        "essay": rec(
            "essay",
            "fill-in" if v12 else "long-fill-in",
            [],
            "a" * 250 if v12 else ESSAY,
            "neutral",
            description="Aufsatz.",
        ),
        # 1.2: a comma in a gap is a space, the whole at most 255 characters; 2004: each gap at
        # most 250 characters
        "gaps": rec(
            "gaps",
            "fill-in",
            ["a,b,c,d" if v12 else "{case_matters=false}{order_matters=true}a[,]b[,]c[,]d"],
            "x y,,w," + "z" * 248 if v12 else "x,y[,][,]w[,]" + "z" * 250,
            wrong,
            description="Erst ___, dann ___, ___ und ___.",
        ),
        "empty": rec(
            "empty",
            "fill-in",
            ["a,b" if v12 else "{case_matters=false}{order_matters=true}a[,]b"],
            None,
            wrong,
            description="Erst ___, dann ___.",
        ),
        # the same answer twice: no 2004 fill-in pattern holds it, the whole text instead
        "twice": rec(
            "twice",
            "fill-in" if v12 else text,
            ["x,x" if v12 else "x | x"],
            "x,y z" if v12 else "x | y z",
            "0.5",
            description="Erst ___, dann ___.",
        ),
        # 25 gaps of 6 characters of 3 bytes: even at 5 characters each more than 1,000 bytes
        # URL-encoded; the first 20 characters are sent
        "many": rec(
            "many",
            "fill-in" if v12 else text,
            [many_pattern],
            ("€€€€€,€€€€€,€€€€€,€€" if v12 else "€€€€€ | €€€€€ | €€€€"),
            wrong,
            description="Viele " + "___ " * 11 + "___...",
        ),
        # SCORM 1.2 identifiers are one character: the 37th choice is text there
        "pick": rec(
            "pick", "fill-in" if v12 else "choice", ["a"], "x36", wrong, weighting="1", description="Die letzte."
        ),
        # nor can its pattern be the 37th
        "last": rec("last", "fill-in" if v12 else "choice", ["x36"], "a", wrong, description="Die erste."),
        # 90 choices: more than a choice response holds; as text (1.2: 255 characters at most),
        # its list joined with ' | ' in 2004 (a long-fill-in pattern with a comma is refused by
        # scorm-again)
        "all": rec(
            "all",
            text,
            ["a,b" if v12 else "a | b"],
            ",".join(IDS)[:255] if v12 else " | ".join(IDS),
            wrong,
            description="Alle.",
        ),
    }


def unanswered(version: str) -> dict[str, dict[str, str]]:
    """The elements of the second launch: every question unanswered but ``truth`` (false), checked
    at once (latency 0), at the time the first session ended."""
    v12 = version == "1.2"
    checked = START + timedelta(milliseconds=THINKING + LINGERING)
    when = (
        checked.strftime("%H:%M:%S")
        if v12
        else checked.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{checked.microsecond // 10000:02d}Z"
    )
    response = "student_response" if v12 else "learner_response"
    out = {}
    for qid, rec in expected(version).items():
        rec = {k: v for k, v in rec.items() if k != response}
        rec["time" if v12 else "timestamp"] = when
        rec["latency"] = "0000:00:00.00" if v12 else "PT0H0M0S"
        if rec["result"] != "neutral":
            rec["result"] = "wrong" if v12 else "incorrect"
        out[qid] = rec
    # with no response, the type is the question's own where its correct response fits it
    # (1.2's "last" is text: its correct choice, the 37th, has no 1.2 identifier)
    numeric = {"big": "786432", "tiny": "0.000000000001", "far": "786432", "huge": "1"}
    for qid in ("pick", "all") + (() if v12 else ("last",)) + (tuple(numeric) if v12 else ("huge",)):
        out[qid]["type"] = "numeric" if qid in numeric else "choice"
    out["huge"]["correct_responses.0.pattern"] = "1" if v12 else "1[:]1"
    out["over"]["type"] = "numeric"
    out["over"]["correct_responses.0.pattern"] = "5" if v12 else "5[:]5"
    out["all"]["correct_responses.0.pattern"] = "a,b" if v12 else "a[,]b"
    # one pair of three matched (the others left open): a third of the point
    out["pairs"] = {**out["pairs"], response: "1.a" if v12 else "1[.]a", "result": "0.3333"}
    out["pairs"] = {k: out["pairs"][k] for k in [*expected(version)["pairs"]]}
    truth = out["truth"]
    out["truth"] = {**{k: v for k, v in truth.items() if k not in ("result", "latency", "description")}}
    out["truth"][response] = "f" if v12 else "false"
    out["truth"].update({k: truth[k] for k in ("result", "latency", "description") if k in truth})
    return out


def sent(launch: dict) -> dict[str, dict[str, str]]:
    """The interaction elements a launch set, per interaction id, in the order they were set."""
    by_index: dict[str, dict[str, str]] = {}
    for c in launch["calls"]:
        if c[0] in ("LMSSetValue", "SetValue") and c[1].startswith("cmi.interactions."):
            _, _, n, element = c[1].split(".", 3)
            by_index.setdefault(n, {})[element] = c[2]
    return {rec["id"]: rec for rec in by_index.values()}


def course_write(root):
    return write_course(root, FILES)


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    return built(tmp_path_factory, "edge", course_write)


def plan(version: str, pkg) -> dict:
    """Two launches: the learner answers everything, thinks for an hour, checks, and leaves;
    later starts a new attempt, answers two questions at once, checks and stays 10,000 hours."""
    start = int(START.timestamp() * 1000)
    first = {
        "clock": start,
        "steps": [
            {"goto": QUIZ_PAGE},
            *answer_steps(QUIZ_ID, KINDS, RESPONSES),
            {"later": THINKING},
            {"check": QUIZ_ID},
            {"later": LINGERING},
        ],
    }
    again = {  # a new attempt: the first one's interactions would take most of the LMS's share
        "clock": start + THINKING + LINGERING,
        "steps": [
            {"goto": QUIZ_PAGE},
            *answer_steps(QUIZ_ID, KINDS, {"truth": False, "pairs": [0, None, None]}),
            {"check": QUIZ_ID},
            {"later": AWAY},
        ],
    }
    return {"version": version, "pkg": str(pkg), "launches": [first, again]}


@pytest.fixture(scope="module")
def launches(tmp_path_factory, edge):
    """launches(version, n): the first n launches of the version's plan, run when a test first
    asks (the first alone for the first test: most mutants of a mutation run fail it)."""
    server = PlanServer(tmp_path_factory.mktemp("plans"))
    done: dict[tuple[str, int], list[dict]] = {}

    def get(version: str, n: int = 2) -> list[dict]:
        if (version, 2) in done:
            return done[version, 2][:n]
        if (version, n) not in done:
            whole = plan(version, edge[version])
            done[version, n] = server.run({version: {**whole, "launches": whole["launches"][:n]}})[version]
        return done[version, n]

    get.server = server
    try:
        yield get
    finally:
        server.close()


def assert_recorded(got: dict, want: dict) -> None:
    """Every question recorded as ``want`` says, element for element and in that order."""
    for qid in KINDS:
        rec = got[f"{QUIZ_ID}_{qid}"]
        assert rec == want[qid], qid
        assert list(rec) == list(want[qid]), qid
    assert len(got) == len(KINDS)


@pytest.mark.parametrize("version", VERSIONS)
def test_every_answer_is_recorded_in_the_elements_its_type_allows(launches, version):
    (first,) = launches(version, 1)
    assert_clean_session(first, version)
    assert_recorded(sent(first), expected(version))


@pytest.mark.parametrize("version", VERSIONS)
def test_unanswered_questions_are_recorded_without_a_response(launches, version):
    """A new attempt: two answers (one partly), a check at once: every question
    is recorded, with no response element for those left unanswered (a 2004 fill-in of many
    gaps included), with the question's own type where its correct response fits it, and a
    latency of 0."""
    first, again = launches(version)
    assert_clean_session(again, version)
    assert_recorded(sent(again), unanswered(version))


@pytest.mark.parametrize("version", VERSIONS)
def test_latency_and_session_time_are_exact_durations(launches, version):
    first, again = launches(version)
    session = {c[1]: c[2] for c in first["calls"] if c[1] in ("cmi.core.session_time", "cmi.session_time")}
    assert list(session.values()) == ["0001:02:10.00" if version == "1.2" else "PT1H2M10S"]
    session = [c[2] for c in again["calls"] if c[1] in ("cmi.core.session_time", "cmi.session_time")]
    assert session == ["9999:01:01.00" if version == "1.2" else "PT10000H1M1S"]


# ---------------------------------------------------------------- shorter forms

# One SCO per chapter, each with as many questions as make the exporter choose a shorter form of
# their interactions (exporters/scorm/budget.py): 60 true/false questions fit an LMS request in
# the standard form (no time, weighting, latency or description), 30 short answers with five
# long correct answers only in the short form (no correct patterns either).
LONG_ANSWER = ("answer " * 40)[:230]
DETAIL_FILES = {
    "course.yaml": """\
id: detail
title: Detail
language: en
passing_score: 0.5
chapters:
  - chapters/standard.md
  - chapters/short.md
""",
    "chapters/standard.md": "---\nid: standard\ntitle: Standard\nquiz: ../quizzes/many.yaml\n---\n\nText.\n",
    "chapters/short.md": "---\nid: short\ntitle: Short\nquiz: ../quizzes/long.yaml\n---\n\nText.\n",
    "quizzes/many.yaml": "id: many\ntitle: Many\nquestions:\n"
    + "".join(f"  - {{id: t{i}, type: true_false, prompt: 'True {i}.', answer: true}}\n" for i in range(60)),
    "quizzes/long.yaml": "id: long\ntitle: Long\nquestions:\n"
    + "".join(
        f"  - id: s{i}\n    type: short_answer\n    prompt: Short {i}.\n    answers:\n"
        + "".join(f"      - {{text: '{LONG_ANSWER}{k}'}}\n" for k in range(5))
        for i in range(30)
    ),
}


@pytest.fixture(scope="module")
def detail(tmp_path_factory):
    return built(tmp_path_factory, "detail", lambda root: write_course(root, DETAIL_FILES), sco_per_chapter=True)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_sco_of_many_questions_records_them_in_a_shorter_form(launches, detail, version):
    """The standard form: id, type, correct pattern, response, result; the short form: id, type,
    response, result. The learner checks each quiz with one question answered."""
    standard = {
        "page": "scorm-standard.html",
        "steps": [{"answer": ["many", "t0", "true_false", True]}, {"check": "many"}],
    }
    short = {
        "page": "scorm-short.html",
        "steps": [{"answer": ["long", "s0", "short_answer", "  Paris "]}, {"check": "long"}],
    }
    plan = {"version": version, "pkg": str(detail[version]), "launches": [standard, short]}
    many, long = launches.server.run({"detail": plan})["detail"]
    v12 = version == "1.2"
    response = "student_response" if v12 else "learner_response"
    wrong = "wrong" if v12 else "incorrect"
    for launch in (many, long):
        assert_clean_session(launch, version)
    got = sent(many)
    assert len(got) == 60
    assert got["many_t0"] == {
        "id": "many_t0",
        "type": "true-false",
        "correct_responses.0.pattern": "t" if v12 else "true",
        response: "t" if v12 else "true",
        "result": "correct",
    }
    for i in range(1, 60):
        assert got[f"many_t{i}"] == {
            "id": f"many_t{i}",
            "type": "true-false",
            "correct_responses.0.pattern": "t" if v12 else "true",
            "result": wrong,
        }
    got = sent(long)
    assert len(got) == 30
    assert got["long_s0"] == {"id": "long_s0", "type": "fill-in", response: "Paris", "result": wrong}
    for i in range(1, 30):
        assert got[f"long_s{i}"] == {"id": f"long_s{i}", "type": "fill-in", "result": wrong}


# ---------------------------------------------------------------- a clock set back


@pytest.mark.parametrize("version", VERSIONS)
def test_a_clock_set_back_during_the_attempt_sends_no_latency(launches, edge, version):
    """The computer's clock is set back a second between the page's load and the check: the
    latency would be negative, which no SCORM timespan holds, so none is sent; the rest of the
    record is as usual, its time stamp the clock's (a second before the launch)."""
    v12 = version == "1.2"
    start = int(START.timestamp() * 1000)
    steps = [{"goto": QUIZ_PAGE}, *answer_steps(QUIZ_ID, KINDS, {"heavy": True}), {"later": -1000}, {"check": QUIZ_ID}]
    plan = {"version": version, "pkg": str(edge[version]), "launches": [{"clock": start, "steps": steps}]}
    (launch,) = launches.server.run({"back": plan})["back"]
    assert_clean_session(launch, version)
    got = sent(launch)
    assert len(got) == len(KINDS)
    assert [rec["id"] for rec in got.values() if "latency" in rec] == []
    when = "time" if v12 else "timestamp"
    checked = START - timedelta(seconds=1)
    assert got[f"{QUIZ_ID}_heavy"][when] == (
        checked.strftime("%H:%M:%S")
        if v12
        else checked.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{checked.microsecond // 10000:02d}Z"
    )
    want = {k: v for k, v in expected(version)["heavy"].items() if k not in (when, "latency")}
    assert {k: v for k, v in got[f"{QUIZ_ID}_heavy"].items() if k != when} == want
