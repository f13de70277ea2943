"""The SCORM data types at their edges, as the LMS receives them (scorm-types.js), in jsdom.

Every value the runtime writes is checked against its element's SCORM type before SetValue; an
interaction whose response or pattern does not fit its typed form is recorded as text instead
(scorm-interactions.js). These courses put each rule at its boundary, a value just inside and
one just outside: numbers a learner types (2004 real(10,7): 5 integer digits, 7 decimals, 10
significant digits; 1.2 any plain decimal), partial credit as a result (2004: 4 integer digits,
1.2 CMIDecimal: 3), a weighting of 100 (1.2's limit), 36 and 37 choices (both versions' most
identifiers in a list, and 1.2's one-character identifiers), 9 and 10 matching pairs (1.2's
left identifier "10"), 10 gaps of text (2004's most in a fill-in), text at 250 and 255
characters, case and order prefixes of fill-in patterns. What is asserted is what the LMS holds
for each question, and that the runtime's account of the interactions' size in suspend_data is
what Moodle's API sends for them.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from support import package_cache
from support.course_dir import export, load_rendered, write_course, write_files
from support.jsdom_lms import PlanServer, answer_steps, interactions
from support.scorm_again_lms import moodle_element
from test_scorm_jsdom import TARGET, VERSIONS, assert_clean_session

NUMBERS_QUIZ = "numbers"
NUMBERS_PAGE = "chapter-numbers.html"

# numeric question id -> what the learner types. Every answer is 5 with no tolerance: the
# pattern is 5[:]5 (2004), 5 (1.2), and every response here is wrong.
TYPED = {
    "int5": "-99999",  # 2004: 5 integer digits fit
    "int6": "123456",  # 6 do not (1.2: any plain decimal)
    "dec7": "0.1234567",  # 7 decimals fit
    "dec8": "0.12345678",  # 8 do not
    "sig10": "1234.567891",  # 10 significant digits fit
    "sig11": "1234.5678912",  # 11 do not (4 integer digits, 7 decimals)
    "zeros": "10000.1234567",  # 12 do not, whatever zeros they hold
    "tiny": "1e-7",  # written without exponent: 0.0000001
    "tiny8": "-2.5e-7",  # -0.00000025: 8 decimals
    "tiny9": "1.25e-7",  # 0.000000125: two digits after the point before the exponent
    "huge": "1.5e21",  # 1500000000000000000000
    "e40": "1e40",  # 1 and 40 zeros: still a plain decimal
    "e41": "1e41",  # no plain form: text
}
# -> (1.2 type, student_response), (2004 type, learner_response)
NUMBERS_EXPECTED = {
    "int5": (("numeric", "-99999"), ("numeric", "-99999")),
    "int6": (("numeric", "123456"), ("fill-in", "123456")),
    "dec7": (("numeric", "0.1234567"), ("numeric", "0.1234567")),
    "dec8": (("numeric", "0.12345678"), ("fill-in", "0.12345678")),
    "sig10": (("numeric", "1234.567891"), ("numeric", "1234.567891")),
    "sig11": (("numeric", "1234.5678912"), ("fill-in", "1234.5678912")),
    "zeros": (("numeric", "10000.1234567"), ("fill-in", "10000.1234567")),
    "tiny": (("numeric", "0.0000001"), ("numeric", "0.0000001")),
    "tiny8": (("numeric", "-0.00000025"), ("fill-in", "-2.5e-7")),
    "tiny9": (("numeric", "0.000000125"), ("fill-in", "1.25e-7")),
    "huge": (("numeric", "15" + "0" * 20), ("fill-in", "1.5e21")),
    "e40": (("numeric", "1" + "0" * 40), ("fill-in", "1e40")),
    "e41": (("fill-in", "1e41"), ("fill-in", "1e41")),
}

# partial credit: multiple response, two right choices of three, the learner picks one right
# one: half the points. question id -> points
PARTIAL = {"p1998": 1998, "p2000": 2000, "p19998": 19998, "p20000": 20000, "w100": 200}
# -> result (1.2, 2004); None: not written (too many integer digits for the element)
PARTIAL_RESULTS = {
    "p1998": ("999", "999"),
    "p2000": (None, "1000"),
    "p19998": (None, "9999"),
    "p20000": (None, None),
    "w100": ("100", "100"),
}


def one_quiz_course(name: str, questions: str) -> dict[str, str]:
    """A course of one chapter (chapter-<name>.html) whose quiz <name> holds ``questions``."""
    course = f"id: {name}\ntitle: {name}\nlanguage: en\npassing_score: 0.5\nchapters:\n  - chapters/{name}.md\n"
    return {
        "course.yaml": course,
        f"chapters/{name}.md": f"---\nid: {name}\ntitle: {name}\nquiz: ../quizzes/{name}.yaml\n---\n\n{name}\n",
        f"quizzes/{name}.yaml": f"id: {name}\ntitle: {name}\nquestions:\n{questions}",
    }


def numbers_files() -> dict[str, str]:
    questions = [
        f"  - {{id: {qid}, type: numeric, prompt: 'Type a number.', answer: 5, tolerance: 0}}\n" for qid in TYPED
    ]
    for qid, points in PARTIAL.items():
        questions.append(
            f"  - id: {qid}\n    type: multiple_response\n    prompt: Pick A and B.\n    scoring: partial\n"
            f"    points: {points}\n    choices:\n      - {{text: A, correct: true}}\n"
            "      - {text: B, correct: true}\n      - {text: C}\n"
        )
    questions.append("  - {id: weight, type: true_false, prompt: 'Weighs 100.', answer: true, points: 100}\n")
    return one_quiz_course("numbers", "".join(questions))


NUMBERS_KINDS = {
    **dict.fromkeys(TYPED, "numeric"),
    **dict.fromkeys(PARTIAL, "multiple_response"),
    "weight": "true_false",
}
NUMBERS_RESPONSES = {**TYPED, **dict.fromkeys(PARTIAL, [0]), "weight": True}


def built(tmp_path_factory, name: str, files: dict[str, str]) -> dict[str, dict]:
    def build(course):
        rendered = load_rendered(course)
        return {v: write_files(tmp_path_factory.mktemp(f"{name}-{v}"), export(rendered, TARGET[v])) for v in VERSIONS}

    course = write_course(tmp_path_factory.mktemp(f"{name}-course"), files)
    return package_cache.packages(course, f"{name} {TARGET}", build)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = PlanServer(tmp_path_factory.mktemp("plans"))
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def numbers(tmp_path_factory):
    return built(tmp_path_factory, "numbers", numbers_files())


def checked_once(server: PlanServer, pkg, version: str, quiz: str, page: str, kinds: dict, responses: dict) -> dict:
    steps = [{"goto": page}, *answer_steps(quiz, kinds, responses), {"check": quiz}]
    plan = {"pkg": str(pkg), "version": version, "launches": [{"steps": steps}]}
    (launch,) = server.run({f"{quiz}[{version}]": plan})[f"{quiz}[{version}]"]
    assert_clean_session(launch, version)
    return launch


def ledger_matches_the_calls(launch: dict, version: str) -> None:
    """suspend_data's last field is the runtime's account of the interactions it wrote (count
    and size in a request of Moodle's API, base 36): the size is what Moodle posts for them."""
    sets = [c for c in launch["calls"] if c[0] in ("SetValue", "LMSSetValue") and c[1].startswith("cmi.interactions.")]
    suspend = launch["cmi"]["suspend_data"]
    count, size = (int(x, 36) for x in suspend.rsplit("~", 1)[1].split("."))
    assert count == len(interactions(launch["cmi"]))
    assert size == sum(moodle_element(element, value) for _, element, value, *_ in sets)


def response_of(row: dict, version: str) -> str | None:
    return row.get("student_response" if version == "1.2" else "learner_response")


@pytest.mark.parametrize("version", VERSIONS)
def test_numbers_at_the_edges_of_each_versions_types(server, numbers, version):
    launch = checked_once(
        server, numbers[version], version, NUMBERS_QUIZ, NUMBERS_PAGE, NUMBERS_KINDS, NUMBERS_RESPONSES
    )
    got = interactions(launch["cmi"])
    v = 0 if version == "1.2" else 1
    wrong = "wrong" if version == "1.2" else "incorrect"
    for qid, expected in NUMBERS_EXPECTED.items():
        row = got[f"{NUMBERS_QUIZ}_{qid}"]
        kind, response = expected[v]
        assert (row["type"], response_of(row, version)) == (kind, response), qid
        assert row["result"] == wrong, qid
        patterns = [p["pattern"] for p in _patterns(row)]
        if kind == "numeric":
            assert patterns == (["5"] if version == "1.2" else ["5[:]5"]), qid
        else:  # the answer as text
            assert patterns == ["5"], qid
    for qid, results in PARTIAL_RESULTS.items():
        row = got[f"{NUMBERS_QUIZ}_{qid}"]
        assert (row.get("result") or None) == results[v], qid
        assert response_of(row, version) == "a", qid
    assert got[f"{NUMBERS_QUIZ}_weight"]["weighting"] == "100"
    assert got[f"{NUMBERS_QUIZ}_weight"]["result"] == "correct"
    ledger_matches_the_calls(launch, version)


def _patterns(row: dict) -> list[dict]:
    pats = row.get("correct_responses") or {}
    return [pats[k] for k in sorted(pats, key=int)] if isinstance(pats, dict) else list(pats)


LISTS_QUIZ = "lists"
LISTS_PAGE = "chapter-lists.html"
LONG_ANSWER = "W" * 299  # cut at 250 (2004) and 255 (1.2): exactly at each limit
BRACES = "x" * 19 + "{case_matters=true}{z"  # a prefix's text inside an answer is no prefix
SPACED_ANSWER = "Word " * 59 + "Word"  # 299 characters; cut at either limit, it would end in a space
GAPS10 = [f"g{i}" for i in range(10)]
GAPS11 = [f"h{i}" for i in range(11)]


def choices(n: int) -> str:
    return "".join(f"      - {{text: 'Choice {i}', correct: true}}\n" for i in range(n))


def pairs(n: int) -> str:
    return "".join(f"      - {{left: 'Left {i}', right: 'Right {i}'}}\n" for i in range(n))


def gaps(names: list[str], case: bool) -> str:
    text = " ".join(f"[[{n}]]" for n in names)
    blanks = "".join(f"      {n}:\n        accept: [{n.upper()}]\n" for n in names)
    return f"    case_sensitive: {str(case).lower()}\n    text: '{text}'\n    blanks:\n{blanks}"


def lists_files() -> dict[str, str]:
    questions = (
        f"  - id: c36\n    type: multiple_response\n    prompt: Pick all.\n    choices:\n{choices(36)}"
        f"  - id: c37\n    type: multiple_response\n    prompt: Pick all.\n    choices:\n{choices(37)}"
        f"  - id: m9\n    type: matching\n    prompt: Match.\n    pairs:\n{pairs(9)}"
        f"  - id: m10\n    type: matching\n    prompt: Match.\n    pairs:\n{pairs(10)}"
        f"  - id: g10\n    type: fill_blanks\n    prompt: Fill.\n{gaps(GAPS10, False)}"
        f"  - id: g11\n    type: fill_blanks\n    prompt: Fill.\n{gaps(GAPS11, False)}"
        f"  - id: gcase\n    type: fill_blanks\n    prompt: Fill.\n{gaps(['a', 'b'], True)}"
        "  - id: glong\n    type: fill_blanks\n    prompt: Fill.\n    text: '[[a]] [[b]]'\n    blanks:\n"
        f"      a:\n        accept: ['{LONG_ANSWER}']\n      b:\n        accept: [B]\n"
        f"  - id: mx\n    type: matching\n    prompt: Match.\n    pairs:\n{pairs(2)}    distractors:\n"
        + "".join(f"      - 'Other {i}'\n" for i in range(35))
        + f"  - id: braces\n    type: short_answer\n    prompt: Type it.\n    answers:\n      - {{text: '{BRACES}'}}\n"
        "  - id: long\n    type: short_answer\n    prompt: Type it.\n    case_sensitive: true\n"
        f"    answers:\n      - {{text: '{LONG_ANSWER}'}}\n"
        "  - id: spaced\n    type: short_answer\n    prompt: Type it.\n"
        f"    answers:\n      - {{text: '{SPACED_ANSWER}'}}\n"
        "  - id: zero\n    type: numeric\n    prompt: Type 0.\n    answer: 0\n    tolerance: 0\n"
    )
    return one_quiz_course("lists", questions)


LISTS_KINDS = {
    "c36": "multiple_response",
    "c37": "multiple_response",
    "m9": "matching",
    "m10": "matching",
    "g10": "fill_blanks",
    "g11": "fill_blanks",
    "gcase": "fill_blanks",
    "glong": "fill_blanks",
    "mx": "matching",
    "braces": "short_answer",
    "long": "short_answer",
    "spaced": "short_answer",
    "zero": "numeric",
}
LISTS_RESPONSES = {
    "c36": list(range(36)),
    "c37": list(range(37)),
    "m9": list(range(9)),
    "m10": list(range(10)),
    # two gaps alike (a fill-in's nodes need not be unique), the rest right
    "g10": ["same", "same", *[g.upper() for g in GAPS10[2:]]],
    "g11": [g.upper() for g in GAPS11],
    "gcase": ["A", "B"],
    "glong": [LONG_ANSWER, "B"],
    "mx": [36, 1],  # the first left to the 37th right-hand option (x36), the second right
    "braces": BRACES,
    "long": LONG_ANSWER,
    "spaced": SPACED_ANSWER,
    "zero": "-0",
}


@pytest.fixture(scope="module")
def lists(tmp_path_factory):
    return built(tmp_path_factory, "lists", lists_files())


IDS = list("abcdefghijklmnopqrstuvwxyz0123456789")  # coursekit's identifiers of choices, in order
PAIRS = [f"{i + 1}.{IDS[i]}" for i in range(10)]
G10 = ["same", "same", *[g.upper() for g in GAPS10[2:]]]
# question id -> (type, response, [patterns]) per version, as the LMS holds them
LISTS_EXPECTED = {
    "1.2": {
        "c36": ("choice", ",".join(IDS), [",".join(IDS)]),  # 36 one-character identifiers
        "c37": ("fill-in", ",".join([*IDS, "x36"]), [",".join([*IDS, "x36"])]),  # x36 is no 1.2 identifier
        "m9": ("matching", ",".join(PAIRS[:9]), [",".join(PAIRS[:9])]),
        "m10": ("fill-in", ",".join(PAIRS), [",".join(PAIRS)]),  # left "10": two characters
        "g10": ("fill-in", ",".join(G10), [",".join(g.upper() for g in GAPS10)]),
        "g11": ("fill-in", ",".join(g.upper() for g in GAPS11), [",".join(g.upper() for g in GAPS11)]),
        "gcase": ("fill-in", "A,B", ["A,B"]),
        "glong": ("fill-in", "W" * 250 + ",B", ["W" * 255]),
        "mx": ("fill-in", "1.x36,2.b", ["1.a,2.b"]),  # x36: no 1.2 identifier
        "braces": ("fill-in", BRACES, [BRACES]),
        "long": ("fill-in", "W" * 250, ["W" * 255]),
        "spaced": ("fill-in", SPACED_ANSWER[:249], [SPACED_ANSWER[:254]]),
        "zero": ("numeric", "0", ["0"]),
    },
    "2004": {
        "c36": ("choice", "[,]".join(IDS), ["[,]".join(IDS)]),  # 36 identifiers: the most
        # 37: text, response and pattern joined with " | " as the exporter writes a long-fill-in
        # pattern (an LMS refuses a comma there)
        "c37": ("long-fill-in", " | ".join([*IDS, "x36"]), [" | ".join([*IDS, "x36"])]),
        "m9": ("matching", "[,]".join(p.replace(".", "[.]") for p in PAIRS[:9]), None),
        "m10": ("matching", "[,]".join(p.replace(".", "[.]") for p in PAIRS), None),
        "g10": (
            "fill-in",
            "[,]".join(G10),  # 10 nodes: the most; two alike
            ["{case_matters=false}{order_matters=true}" + "[,]".join(g.upper() for g in GAPS10)],
        ),
        "g11": ("long-fill-in", " | ".join(g.upper() for g in GAPS11), [" | ".join(g.upper() for g in GAPS11)]),
        "gcase": ("fill-in", "A[,]B", ["{case_matters=true}{order_matters=true}A[,]B"]),
        "glong": ("fill-in", "W" * 250 + "[,]B", ["{case_matters=false}{order_matters=true}" + "W" * 210 + "[,]B"]),
        "mx": ("matching", "1[.]x36[,]2[.]b", ["1[.]a[,]2[.]b"]),
        "braces": ("fill-in", BRACES, [BRACES]),
        # the prefix counts towards the first node's 250 characters where scorm-again checks them
        "long": ("fill-in", "W" * 250, ["{case_matters=true}" + "W" * 231]),
        "spaced": ("fill-in", SPACED_ANSWER[:249], [SPACED_ANSWER[:249]]),
        "zero": ("numeric", "0", ["0[:]0"]),
    },
}


@pytest.mark.parametrize("version", VERSIONS)
def test_lists_and_texts_at_the_edges_of_each_versions_types(server, lists, version):
    launch = checked_once(server, lists[version], version, LISTS_QUIZ, LISTS_PAGE, LISTS_KINDS, LISTS_RESPONSES)
    got = interactions(launch["cmi"])
    for qid, (kind, response, patterns) in LISTS_EXPECTED[version].items():
        row = got[f"{LISTS_QUIZ}_{qid}"]
        if patterns is None:  # matching: the response's pairs in order
            patterns = [response]
        assert (row["type"], response_of(row, version)) == (kind, response), qid
        assert [p["pattern"] for p in _patterns(row)] == patterns, qid
        assert row["result"] == {"g10": "0.8", "mx": "0.5"}.get(qid, "correct"), qid
    ledger_matches_the_calls(launch, version)


EDGES_QUIZ = "edges"
EDGES_PAGE = "chapter-edges.html"
# 247 characters and the 2004 list delimiter: a fill-in node writes it "[ ,]" (the delimiter may
# not appear inside a node), 251 characters, one more than a node may hold
BRACKETED = "W" * 247 + "[,]"


def edges_files() -> dict[str, str]:
    questions = (
        "  - {id: tffalse, type: true_false, prompt: 'Fire is cold.', answer: false}\n"
        "  - {id: negative, type: numeric, prompt: 'Type -5.', answer: -5, tolerance: 0}\n"
        # two gaps of the same answer: no 2004 fill-in pattern, the whole text instead, and that
        # text holds a comma (first thing in it), which scorm-again refuses in a long-fill-in pattern
        "  - id: commas\n    type: fill_blanks\n    prompt: Fill.\n    text: '[[a]] [[b]]'\n    blanks:\n"
        "      a:\n        accept: [',5']\n      b:\n        accept: [',5']\n"
        "  - id: typed\n    type: short_answer\n    prompt: Type X.\n    answers:\n      - {text: X}\n"
        "  - id: pattern\n    type: short_answer\n    prompt: Type it.\n"
        f"    answers:\n      - {{text: '{BRACKETED}'}}\n"
    )
    return one_quiz_course(EDGES_QUIZ, questions)


EDGES_KINDS = {
    "tffalse": "true_false",
    "negative": "numeric",
    "commas": "fill_blanks",
    "typed": "short_answer",
    "pattern": "short_answer",
}
EDGES_RESPONSES = {"tffalse": False, "negative": "-5", "commas": [",5", ",5"], "typed": BRACKETED, "pattern": "X"}
# question id -> (type, response, [patterns], result) per version, as the LMS holds them
EDGES_EXPECTED = {
    "1.2": {
        "tffalse": ("true-false", "f", ["f"], "correct"),
        "negative": ("numeric", "-5", ["-5"], "correct"),
        "commas": ("fill-in", "5, 5", [",5,,5"], "correct"),
        "typed": ("fill-in", BRACKETED, ["X"], "wrong"),
        "pattern": ("fill-in", "X", [BRACKETED], "wrong"),
    },
    "2004": {
        "tffalse": ("true-false", "false", ["false"], "correct"),
        "negative": ("numeric", "-5", ["-5[:]-5"], "correct"),
        # recorded as text, without the pattern an LMS would refuse
        "commas": ("long-fill-in", ",5 | ,5", [], "correct"),
        # a node of 251 characters: no fill-in response, text (a long-fill-in pattern may hold no
        # comma: "X" stays, as text too)
        "typed": ("long-fill-in", "W" * 247 + "[ ,]", ["X"], "incorrect"),
        # the pattern's node of 251 characters: no fill-in pattern; as text it holds a comma: none
        "pattern": ("long-fill-in", "X", [], "incorrect"),
    },
}


@pytest.fixture(scope="module")
def edges(tmp_path_factory):
    return built(tmp_path_factory, "edges", edges_files())


@pytest.mark.parametrize("version", VERSIONS)
def test_values_each_type_refuses_fall_back_to_what_the_lms_stores(server, edges, version):
    """A true/false answer of false, a negative numeric range, and values a typed interaction
    cannot hold (a fill-in node grown past 250 characters by the escaped delimiter, a text
    pattern with a comma): each stored as scorm-again accepts it, no call refused."""
    launch = checked_once(server, edges[version], version, EDGES_QUIZ, EDGES_PAGE, EDGES_KINDS, EDGES_RESPONSES)
    got = interactions(launch["cmi"])
    assert sorted(got) == sorted(f"{EDGES_QUIZ}_{qid}" for qid in EDGES_KINDS)
    for qid, (kind, response, patterns, result) in EDGES_EXPECTED[version].items():
        row = got[f"{EDGES_QUIZ}_{qid}"]
        assert (row["type"], response_of(row, version)) == (kind, response), qid
        assert [p["pattern"] for p in _patterns(row)] == patterns, qid
        assert row["result"] == result, qid
    ledger_matches_the_calls(launch, version)


# The learner's clock at the years a SCORM 2004 time stamp may hold, and one step outside each:
# time(second,10,2) holds 1970 to 2038 (RTE 4.1.6.4; Moodle's CMITime refuses any other year,
# scorm-again's any before 1970). A clock outside (a computer whose date was never set, or set
# wrong) sends no time stamp; the rest of the interaction is recorded as usual.
CLOCKS = {
    "1969-12-31T23:59:59.99Z": -10,
    "1970-01-01T00:00:00.00Z": 0,
    "2038-12-31T23:59:59.99Z": 2_177_452_799_990,
    "2039-01-01T00:00:00.00Z": 2_177_452_800_000,
}
IN_YEARS = {"1970-01-01T00:00:00.00Z", "2038-12-31T23:59:59.99Z"}
# and far beyond them (2004 only: Python has no year past 9999 for the 1.2 time of day), where
# JavaScript writes the year with six digits and a sign, and the year 2000 inside them
CLOCKS_2004 = {**CLOCKS, "+012000-01-01T00:00:00.00Z": 316_516_204_800_000}


@pytest.mark.parametrize("version", VERSIONS)
def test_a_clock_outside_the_years_of_a_time_stamp_sends_none(server, edges, version):
    clocks = CLOCKS if version == "1.2" else CLOCKS_2004
    steps = [{"goto": EDGES_PAGE}, *answer_steps(EDGES_QUIZ, EDGES_KINDS, {"tffalse": False}), {"check": EDGES_QUIZ}]
    plan = {
        "pkg": str(edges[version]),
        "version": version,
        "launches": [{"clock": ms, "steps": steps} for ms in clocks.values()],
    }
    launches = server.run({f"clocks[{version}]": plan})[f"clocks[{version}]"]
    assert len(launches) == len(clocks)
    for (when, ms), launch in zip(clocks.items(), launches, strict=True):
        assert_clean_session(launch, version)
        row = interactions(launch["cmi"])[f"{EDGES_QUIZ}_tffalse"]
        assert (row["type"], response_of(row, version), row["result"]) == (
            ("true-false", "f", "correct") if version == "1.2" else ("true-false", "false", "correct")
        ), when
        if version == "1.2":  # the time of day: every clock has one
            assert row["time"] == datetime.fromtimestamp(ms / 1000).strftime("%H:%M:%S"), when
        else:
            assert row.get("timestamp", "") == (when if when in IN_YEARS else ""), when


@pytest.mark.parametrize("version", VERSIONS)
def test_a_latency_and_session_time_of_two_digits_in_every_field(server, edges, version):
    """10 hours 10 minutes 10.25 seconds from the page's load to the check and the end of the
    session: every field of a timespan with two digits (and the 1.2 hours' four)."""
    steps = [
        {"goto": EDGES_PAGE},
        *answer_steps(EDGES_QUIZ, EDGES_KINDS, {"tffalse": False}),
        {"later": ((10 * 60 + 10) * 60 + 10) * 1000 + 250},
        {"check": EDGES_QUIZ},
    ]
    plan = {"pkg": str(edges[version]), "version": version, "launches": [{"clock": 0, "steps": steps}]}
    (launch,) = server.run({f"durations[{version}]": plan})[f"durations[{version}]"]
    assert_clean_session(launch, version)
    want = "0010:10:10.25" if version == "1.2" else "PT10H10M10.25S"
    sent = [c[2] for c in launch["calls"] if c[0].endswith("SetValue") and c[1].endswith(".latency")]
    assert sent == [want] * len(EDGES_KINDS)  # every question of the check (scorm-again 1.2 holds 10:10:10.25)
    session = [c[2] for c in launch["calls"] if c[1] in ("cmi.core.session_time", "cmi.session_time")]
    assert session == [want]
