"""coursekit import: the edge cases of Moodle, GIFT and HTML sources, one test each (free-text Moodle idnumbers, literal
dollars in Markdown fields, Cloze drop-downs with several right answers, script/style text and
dropped images in HTML, answers equal after normalising, TeX validate would refuse)."""

from __future__ import annotations

from pathlib import Path

from coursekit.importers import run_import
from coursekit.load import load_course


def _questions(out: Path):
    course, diags = load_course(out)
    assert course is not None and not diags.has_errors(), diags.render()
    return {q.id: q for _, quiz in course.all_quizzes() for q in quiz.questions}


def _moodle(tmp_path: Path, body: str, name: str = "bank.xml"):
    src = tmp_path / name
    src.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{body}\n</quiz>\n', encoding="utf-8")
    report = run_import("moodle", src, tmp_path / "c")
    return report, _questions(tmp_path / "c")


def _tf(name: str, text: str, *, idnumber: str = "", fmt: str = "html", line_feedback: str = "ok") -> str:
    ident = f"<idnumber>{idnumber}</idnumber>" if idnumber else ""
    return (
        f'<question type="truefalse"><name><text>{name}</text></name>{ident}\n'
        f'<questiontext format="{fmt}"><text><![CDATA[{text}]]></text></questiontext>\n'
        f"<generalfeedback><text>{line_feedback}</text></generalfeedback>\n"
        '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question>'
    )


def _warnings(report, code: str) -> list:
    return [d for d in report.diags.items if d.code == code]


def test_moodle_free_text_idnumbers_become_slugs_with_ck916(tmp_path):
    body = "\n".join(
        [
            _tf("A", "one", idnumber="My Question 1"),
            _tf("B", "two", idnumber="cat/sub/ID_2"),
            _tf("C", "three", idnumber="ab-v1"),
            _tf("D", "four", idnumber="trailing/"),
        ]
    )
    report, qs = _moodle(tmp_path, body)
    assert not _warnings(report, "CK911"), report.diags.render()
    assert set(qs) == {"my-question-1", "id-2", "ab-v1", "trailing"}
    changed = {d.location.line for d in _warnings(report, "CK916")}
    assert changed == {3, 7}  # 'trailing/' names 'trailing' (its last part), no change to warn about


def test_script_and_style_text_is_not_prompt_text_and_dropped_images_keep_apart(tmp_path):
    from coursekit.importers.html_md import HtmlToMarkdown

    conv = HtmlToMarkdown()
    assert conv.markdown("<script>alert(1)</script><p>Table:</p>") == "Table:"
    assert conv.markdown("<style>p { color: red; }</style><p>Hello</p>") == "Hello"
    assert conv.plain("<script>alert(1)</script>yes") == "yes"
    text = conv.markdown('<p>Hello<img src="a.png" alt="one"><img src="b.png" alt="two">!</p>')
    assert text == "Hello one two!"
    assert conv.markdown('<p><img src="a.png" alt="gone"><img src="b.png" alt="ext"> end</p>') == "gone ext end"
    html = '<style>p { color: red; }</style><p>Hello<img src="a.png" alt="one"><img src="b.png" alt="two"></p>'
    body = _tf("style", html)
    report, qs = _moodle(tmp_path, body)
    (q,) = qs.values()
    assert q.prompt == "Hello one two"
    assert [d.code for d in report.diags.items if "<style>" in d.message] == ["CK917"]


def test_moodle_markdown_fields_keep_dollars_literal_and_never_make_templates(tmp_path):
    body = "\n".join(
        [
            _tf("dollars", "It costs $5 and then $6 more. Use {{ x }} here.", idnumber="d", fmt="markdown"),
            _tf("math", r"Area \(x^2\), then $$\frac{a}{b}$$ and `echo $HOME`.", idnumber="m", fmt="markdown"),
        ]
    )
    report, qs = _moodle(tmp_path, body)
    assert not _warnings(report, "CK911"), report.diags.render()
    assert qs["d"].prompt == r"It costs \$5 and then \$6 more. Use {\{ x }} here."
    assert qs["m"].prompt == r"Area $x^2$, then $$\frac{a}{b}$$ and `echo $HOME`."


def test_gift_markdown_dollars_are_literal(tmp_path):
    src = tmp_path / "md.gift"
    src.write_text(
        "::M::[markdown] It costs $5 and then $6. {T}\n\n::N::[markdown] Area \\(x^2\\) \\{\\{ y \\}\\}. {T}\n",
        encoding="utf-8",
    )
    report = run_import("gift", src, tmp_path / "c")
    qs = _questions(tmp_path / "c")
    assert not _warnings(report, "CK911"), report.diags.render()
    assert qs["m"].prompt == r"It costs \$5 and then \$6."
    assert qs["n"].prompt == r"Area $x^2$ {\{ y }}."


def test_cloze_drop_down_with_two_right_answers_keeps_the_first_and_warns(tmp_path):
    body = (
        '<question type="cloze"><name><text>two right</text></name>\n'
        '<questiontext format="html"><text><![CDATA[<p>Pick {1:MC:=a~b~=c} and type {1:SA:=x~=y}</p>]]>'
        "</text></questiontext>\n<generalfeedback><text>fb</text></generalfeedback></question>"
    )
    report, qs = _moodle(tmp_path, body)
    (q,) = qs.values()
    assert q.blanks["g1"].correct == "a" and q.blanks["g1"].choices == ["a", "b", "c"]
    assert q.blanks["g2"].accept == ["x", "y"]
    (warning,) = [d for d in _warnings(report, "CK913") if "gap 1" in d.message]
    assert "'c'" in warning.message and warning.location.line == 3


def test_answers_equal_after_normalising_are_merged_not_refused(tmp_path):
    src = tmp_path / "dup.gift"
    src.write_text(
        "::Cap:: Capital of France? {=Paris =paris =PARIS}\n\n"
        "::Cap2:: Capital? {=%50%paris#close =Paris#Right! =Lyon}\n\n"
        "::Cap3:: Capital? {=Paris#Yes =Paris#Yes}\n",
        encoding="utf-8",
    )
    report = run_import("gift", src, tmp_path / "c")
    qs = _questions(tmp_path / "c")
    assert not _warnings(report, "CK911"), report.diags.render()
    assert [(a.text, a.score) for a in qs["cap"].answers] == [("Paris", 1)]
    assert [(a.text, a.score, a.feedback) for a in qs["cap2"].answers] == [("Paris", 1, "Right!"), ("Lyon", 1, None)]
    dropped = [d for d in report.diags.items if d.code == "CK913" or d.code == "CK914"]
    assert sorted((d.code, d.location.line) for d in dropped) == [("CK913", 3), ("CK914", 3)]
    assert "'paris' 50 %, 'Paris' 100 %" in dropped[0].message
    assert not [d for d in dropped if d.location.line in (1, 5)]  # nothing lost: no warning


def test_text2qti_case_variants_of_a_short_answer_are_merged(tmp_path):
    src = tmp_path / "quiz.txt"
    src.write_text("Quiz title: Q\n\n1.  Capital of France?\n*   Paris\n*   paris\n", encoding="utf-8")
    report = run_import("text2qti", src, tmp_path / "c")
    (q,) = _questions(tmp_path / "c").values()
    assert not _warnings(report, "CK911") and [a.text for a in q.answers] == ["Paris"]


def test_a_formula_validate_would_refuse_refuses_its_question_at_import(tmp_path):
    body = "\n".join(
        [
            _tf("bad", r"\(\foo{x}\) and \(\left( x\)", idnumber="bad"),
            _tf("chem", r"Water is \(\ce{H2O}\).", idnumber="chem"),
            _tf("fine", r"\(\frac{a}{b}\) costs $5", idnumber="fine"),
            _tf("fb", "ok", idnumber="fb", line_feedback=r"see \(\bbox[yellow]{x}\)"),
        ]
    )
    report, qs = _moodle(tmp_path, body)  # _questions: the course loads (validate) without errors
    assert set(qs) == {"fine"}
    refused = {d.location.line: d.message for d in _warnings(report, "CK911")}
    assert set(refused) == {3, 7, 15}
    assert r"$\foo{x}$" in refused[3] and "CK270" in refused[3] and "prompt" in refused[3]
    assert r"\ce{H2O}" in refused[7]
    assert r"\bbox" in refused[15] and "feedback.general" in refused[15]
