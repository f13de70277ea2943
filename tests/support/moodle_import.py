"""A Python port of Moodle's Moodle-XML question import, for testing our output.

Ported by reading Moodle's own code (moodle/moodle, 4.x):
- ``lib/xmlize.php``: ``xmlize`` / ``xml_depth`` over PHP's ``xml_parse_into_struct`` (with
  whitespace kept, as ``qformat_xml::readquestions`` calls it);
- ``question/format/xml/format.php`` (``qformat_xml``): ``getpath``, ``import_text``,
  ``import_text_with_files``, ``import_files_as_draft``, ``import_headers``, ``import_answer``,
  ``import_combined_feedback``, ``import_question_tags``, ``import_multichoice``,
  ``import_truefalse``, ``import_shortanswer``, ``import_numerical``, ``import_match``,
  ``import_essay``, ``import_multianswer``, ``import_category``, ``import_question``;
- ``question/type/multianswer/questiontype.php``: the ANSWER_* regexes,
  ``qtype_multianswer_extract_question`` (incl. its ``html_entity_decode`` and ``\\}``/``\\#``
  unescaping) and ``qtype_multianswer_validate_question``;
- ``question/type/ordering/questiontype.php``: ``import_from_xml`` / ``set_options_for_import``;
- ``question/format.php`` (``qformat_default``): ``importprocess`` (grade check with
  ``match_grade_options`` over ``question_bank::fraction_options_full()``, stop on error,
  category switching, the matching "no matching answer" notice that ends the import),
  ``split_category_path``, ``clean_question_name``, ``defaultquestion``;
- ``question/type/shortanswer/question.php``: ``compare_string_with_wildcard``.

Differences from PHP are limited to what Python needs (PCRE's alternation lookbehind
``(?<!\\\\|&|&amp;)`` is written as three lookbehinds; PHP ``empty``/``isset`` semantics are
spelled out). Written independently of the exporter: nothing here imports coursekit.
"""

from __future__ import annotations

import base64
import html.entities
import re
import unicodedata
import xml.parsers.expat
from dataclasses import dataclass, field
from typing import Any

# ---------------------------------------------------------------------------- PHP helpers


def php_empty(value: Any) -> bool:
    return value is None or value is False or value == "" or value == "0" or value == 0 or value == [] or value == {}


def php_trim(value: str) -> str:
    return value.strip(" \t\n\r\0\x0b")


_NUMERIC = re.compile(r"^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$")


def php_num(value: Any) -> float:
    """PHP 8 arithmetic on a string: numeric strings convert, others throw TypeError."""
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and _NUMERIC.match(value):
        return float(value)
    raise TypeError(f"Unsupported operand: non-numeric string {value!r}")


_NAMED = {name: chr(cp) for name, cp in html.entities.name2codepoint.items()}  # HTML 4.01 names
_ENTITY = re.compile(r"&(?:#([0-9]+)|#[xX]([0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));")


def html_entity_decode(text: str) -> str:
    """PHP ``html_entity_decode($s, ENT_QUOTES, 'UTF-8')``: entities need their ``;``."""

    def sub(m: re.Match) -> str:
        if m.group(1) or m.group(2):
            cp = int(m.group(1), 10) if m.group(1) else int(m.group(2), 16)
            if cp == 0 or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
                return m.group(0)
            return chr(cp)
        name = m.group(3)
        if name == "apos":  # ENT_QUOTES with the HTML 4.01 table: &#039; only
            return m.group(0)
        return _NAMED.get(name, m.group(0))

    return _ENTITY.sub(sub, text)


def strip_tags(text: str) -> str:
    """PHP strip_tags for the cases that matter here: ``<`` + non-space starts a tag."""
    return re.sub(r"<(?=[^\s<])[^>]*>?", "", text)


# ---------------------------------------------------------------------------- lib/xmlize.php


class XmlFormatError(Exception):
    pass


def xml_parse_into_struct(data: bytes) -> list[dict]:
    """PHP's ``xml_parse_into_struct`` (case folding off, white space kept)."""
    vals: list[dict] = []
    level = 0
    last_was_open = False
    parser = xml.parsers.expat.ParserCreate("UTF-8")
    parser.buffer_text = True

    def start(tag, attrs):
        nonlocal level, last_was_open
        level += 1
        entry = {"tag": tag, "type": "open", "level": level}
        if attrs:
            entry["attributes"] = dict(attrs)
        vals.append(entry)
        last_was_open = True

    def end(tag):
        nonlocal level, last_was_open
        if last_was_open:
            vals[-1]["type"] = "complete"
        else:
            vals.append({"tag": tag, "type": "close", "level": level})
        last_was_open = False
        level -= 1

    def chars(text):
        nonlocal last_was_open
        if not vals:
            return
        if last_was_open:
            vals[-1]["value"] = vals[-1].get("value", "") + text
        elif vals[-1]["type"] == "cdata" and vals[-1]["level"] == level:
            vals[-1]["value"] += text
        else:
            vals.append({"tag": vals[-1]["tag"], "type": "cdata", "level": level, "value": text})

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise XmlFormatError(str(exc)) from None
    return vals


def xmlize(data: bytes) -> dict:
    text = data.decode("utf-8").strip()  # xmlize() trims its input
    vals = xml_parse_into_struct(text.encode("utf-8"))
    if not vals:
        return {}
    i = [0]
    tag = vals[0]["tag"]
    return {tag: {"@": vals[0].get("attributes", {}), "#": _xml_depth(vals, i)}}


def _push(children: dict, value: Any) -> None:
    keys = [k for k in children if isinstance(k, int)]
    children[(max(keys) + 1) if keys else 0] = value


def _xml_depth(vals: list[dict], i: list[int]) -> dict:
    children: dict = {}
    if "value" in vals[i[0]]:
        _push(children, vals[i[0]]["value"])
    while True:
        i[0] += 1
        if i[0] >= len(vals):
            return children
        v = vals[i[0]]
        if v["type"] == "open":
            tag = v.get("tag", "")
            lst = children.setdefault(tag, [])
            item: dict = {}
            if "attributes" in v:
                item["@"] = v["attributes"]
            lst.append(item)
            item["#"] = _xml_depth(vals, i)
        elif v["type"] == "cdata":
            _push(children, v["value"])
        elif v["type"] == "complete":
            lst = children.setdefault(v["tag"], [])
            item = {"#": v.get("value", "")}
            if "attributes" in v:
                item["@"] = v["attributes"]
            lst.append(item)
        elif v["type"] == "close":
            return children


# ---------------------------------------------------------------------------- grades

_RAW = [
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
]
FRACTION_OPTIONS_FULL = [0.0, 1.0] + _RAW + [-f for f in reversed(_RAW)] + [-1.0]


def match_grade_options(grade: float, matchgrades: str = "error") -> float | bool:
    if matchgrades == "error":
        for value in FRACTION_OPTIONS_FULL:
            if abs(grade - value) < 0.00001:
                return value
        return False
    best, bestmismatch = False, 2.0
    for value in FRACTION_OPTIONS_FULL:
        if abs(grade - value) < bestmismatch:
            best, bestmismatch = value, abs(grade - value)
    return best


# ---------------------------------------------------------------------------- multianswer regexes

ANSWER_ALTERNATIVE_FRACTION_REGEX = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"
ANSWER_ALTERNATIVE_ANSWER_REGEX = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"  # PCRE: (?<!\\|&|&amp;)
ANSWER_ALTERNATIVE_FEEDBACK_REGEX = r".*?(?<!\\)(?=[~}]|$)"
ANSWER_ALTERNATIVE_REGEX = (
    "("
    + ANSWER_ALTERNATIVE_FRACTION_REGEX
    + ")?("
    + ANSWER_ALTERNATIVE_ANSWER_REGEX
    + ")(#("
    + ANSWER_ALTERNATIVE_FEEDBACK_REGEX
    + "))?"
)
ALT_PERCENTILE_FRACTION, ALT_FRACTION, ALT_ANSWER, ALT_FEEDBACK = 2, 1, 3, 5
NUMBER_REGEX = r"-?(([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][-+]?[0-9]+)?)"
NUMERICAL_ALTERNATIVE_REGEX = "^(" + NUMBER_REGEX + ")(:" + NUMBER_REGEX + ")?$"
NUMERICAL_CORRECT_ANSWER, NUMERICAL_ABS_ERROR_MARGIN = 1, 6
ANSWER_TYPE_DEF_REGEX = (
    "(NUMERICAL|NM)|(MULTICHOICE|MC)|(MULTICHOICE_V|MCV)|(MULTICHOICE_H|MCH)|"
    "(SHORTANSWER|SA|MW)|(SHORTANSWER_C|SAC|MWC)|"
    "(MULTICHOICE_S|MCS)|(MULTICHOICE_VS|MCVS)|(MULTICHOICE_HS|MCHS)|"
    "(MULTIRESPONSE|MR)|(MULTIRESPONSE_H|MRH)|(MULTIRESPONSE_S|MRS)|(MULTIRESPONSE_HS|MRHS)"
)
ANSWER_START_REGEX = r"\{([0-9]*):(" + ANSWER_TYPE_DEF_REGEX + "):"
ANSWER_REGEX = ANSWER_START_REGEX + "(" + ANSWER_ALTERNATIVE_REGEX + "(~" + ANSWER_ALTERNATIVE_REGEX + r")*)\}"
(
    R_NORM,
    R_NUMERICAL,
    R_MC,
    R_MC_REGULAR,
    R_MC_HORIZONTAL,
    R_SA,
    R_SA_C,
    R_MC_S,
    R_MC_REGULAR_S,
    R_MC_HORIZONTAL_S,
    R_MR,
    R_MR_H,
    R_MR_S,
    R_MR_HS,
    R_ALTERNATIVES,
) = (1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)
_ANSWER_RE = re.compile(ANSWER_REGEX, re.S)
_ALT_RE = re.compile("~?" + ANSWER_ALTERNATIVE_REGEX, re.S)
_NUMERICAL_RE = re.compile(NUMERICAL_ALTERNATIVE_REGEX, re.S)


def _g(m: re.Match, n: int) -> str:
    return m.group(n) or ""


def qtype_multianswer_extract_question(text: dict) -> dict:
    question: dict = {
        "qtype": "multianswer",
        "questiontext": dict(text),
        "generalfeedback": {"text": "", "format": "html"},
        "questions": {},
        "defaultmark": 0.0,
    }
    positionkey = 1
    while True:
        m = _ANSWER_RE.search(question["questiontext"]["text"])
        if not m:
            break
        wrapped: dict = {"defaultmark": _g(m, R_NORM) if _g(m, R_NORM) != "" else "1"}
        if _g(m, R_NUMERICAL):
            wrapped.update(qtype="numerical", tolerance={})
        elif _g(m, R_SA):
            wrapped.update(qtype="shortanswer", usecase=0)
        elif _g(m, R_SA_C):
            wrapped.update(qtype="shortanswer", usecase=1)
        else:
            layouts = {
                R_MC: (0, "dropdown", 1),
                R_MC_S: (1, "dropdown", 1),
                R_MC_REGULAR: (0, "vertical", 1),
                R_MC_REGULAR_S: (1, "vertical", 1),
                R_MC_HORIZONTAL: (0, "horizontal", 1),
                R_MC_HORIZONTAL_S: (1, "horizontal", 1),
                R_MR: (0, "vertical", 0),
                R_MR_H: (0, "horizontal", 0),
                R_MR_S: (1, "vertical", 0),
                R_MR_HS: (1, "horizontal", 0),
            }
            for group, (shuffle, layout, single) in layouts.items():
                if _g(m, group):
                    wrapped.update(qtype="multichoice", single=single, shuffleanswers=shuffle, layout=layout)
                    break
            else:
                raise ValueError(f"unknownquestiontype {m.group(2)}")
        wrapped.update(answer={}, fraction={}, feedback={}, questiontext={"text": m.group(0), "format": "html"})
        answerindex = 0
        hasspecificfraction = False
        remaining = _g(m, R_ALTERNATIVES)
        while True:
            alt = _ALT_RE.search(remaining)
            if not alt:
                break
            if _g(alt, ALT_FRACTION) == "=":
                wrapped["fraction"][answerindex] = 1.0
            elif _g(alt, ALT_PERCENTILE_FRACTION) not in ("", "0"):  # PHP truthiness
                wrapped["fraction"][answerindex] = 0.01 * float(_g(alt, ALT_PERCENTILE_FRACTION).replace(",", "."))
                hasspecificfraction = True
            else:
                wrapped["fraction"][answerindex] = 0.0
            if alt.group(ALT_FEEDBACK) is not None:
                fb = html_entity_decode(alt.group(ALT_FEEDBACK)).replace("\\}", "}")
                wrapped["feedback"][answerindex] = fb.replace("\\#", "#")
            else:
                wrapped["feedback"][answerindex] = ""
            num = _NUMERICAL_RE.search(_g(alt, ALT_ANSWER)) if wrapped["qtype"] == "numerical" else None
            if num:
                wrapped["answer"][answerindex] = num.group(NUMERICAL_CORRECT_ANSWER)
                wrapped["tolerance"][answerindex] = num.group(NUMERICAL_ABS_ERROR_MARGIN) or 0
            else:
                ans = html_entity_decode(_g(alt, ALT_ANSWER)).replace("\\}", "}")
                wrapped["answer"][answerindex] = ans.replace("\\#", "#")
            remaining = remaining.split(alt.group(0), 1)[1]
            answerindex += 1
        if wrapped.get("single") == 0:
            total = sum(f for f in wrapped["fraction"].values() if f > 0)
            if total:
                for idx, f in list(wrapped["fraction"].items()):
                    if f > 0:
                        wrapped["fraction"][idx] = f / total
                    elif not hasspecificfraction:
                        wrapped["fraction"][idx] = -(1.0 / total)
        question["defaultmark"] += float(wrapped["defaultmark"])
        question["questions"][positionkey] = wrapped
        question["questiontext"]["text"] = f"{{#{positionkey}}}".join(
            question["questiontext"]["text"].split(m.group(0), 1)
        )
        positionkey += 1
    return question


def qtype_multianswer_validate_question(question: dict) -> dict:
    errors: dict = {}
    subs = question.get("questions")
    if not subs:
        return {"questiontext": "questionsmissing"}
    for sub, subq in enumerate(subs.values(), start=1):
        prefix = f"sub_{sub}_"
        answercount, maxgrade = 0, False
        for key, answer in subq["answer"].items():
            if php_trim(answer) != "":
                answercount += 1
                if subq["qtype"] == "numerical" and not (_NUMERIC.match(php_trim(answer)) or php_trim(answer) == "*"):
                    errors[f"{prefix}answer[{key}]"] = "answermustbenumberorstar"
                if subq["fraction"][key] == 1:
                    maxgrade = True
                if subq["qtype"] == "multichoice" and subq.get("single") == 0 and subq["fraction"][key] > 0:
                    maxgrade = True
        if subq["qtype"] == "multichoice" and answercount < 2:
            errors[prefix + "answer[0]"] = "notenoughanswers"
        elif answercount == 0:
            errors[prefix + "answer[0]"] = "notenoughanswers"
        if not maxgrade:
            errors[prefix + "fraction[0]"] = "fractionsnomax"
    return errors


# ---------------------------------------------------------------------------- shortanswer grading


def compare_string_with_wildcard(string: str, pattern: str, ignorecase: bool) -> bool:
    """qtype_shortanswer_question::compare_string_with_wildcard."""
    pattern = unicodedata.normalize("NFC", pattern)
    string = unicodedata.normalize("NFC", string)
    bits = re.split(r"(?<!\\)\*+", pattern)
    escaped = [re.escape(bit.replace("\\*", "*")) for bit in bits]
    regexp = "^" + ".*".join(escaped) + "$"
    flags = re.U | (re.I if ignorecase else 0)
    # PCRE's $ (no D modifier) also matches before a final newline, like Python's.
    return re.search(regexp, php_trim(string), flags) is not None


# ---------------------------------------------------------------------------- qformat_xml


@dataclass
class ImportResult:
    questions: list[dict] = field(default_factory=list)  # saved questions, with "category" path
    categories: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    stopped: bool = False  # the import ended before the last question


class QformatXml:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, message: str) -> None:
        self.errors.append(message)

    # -- basics
    @staticmethod
    def trans_format(name: str) -> str:
        name = php_trim(name)
        return {
            "moodle_auto_format": "moodle",
            "html": "html",
            "plain_text": "plain",
            "wiki_like": "wiki",
            "markdown": "markdown",
        }.get(name, "html")

    @staticmethod
    def trans_single(name: str) -> int:
        name = php_trim(name)
        return 0 if name == "false" or php_empty(name) else 1

    @staticmethod
    def import_text(text: list) -> str:
        if not text:
            return ""
        return php_trim(text[0]["#"])

    def getpath(self, xml: Any, path: list, default: Any, istext: bool = False, error: str = "") -> Any:
        for index in path:
            if isinstance(xml, dict) and index in xml and xml[index] is not None:
                xml = xml[index]
            elif isinstance(xml, list) and isinstance(index, int) and 0 <= index < len(xml):
                xml = xml[index]
            elif isinstance(xml, str) and isinstance(index, int) and 0 <= index < len(xml):
                xml = xml[index]
            else:
                if error:
                    self.error(error)
                    return False
                return default
        if istext:
            if not isinstance(xml, str):
                self.error("invalidxml")
                return False
            xml = php_trim(xml)
        return xml

    def import_text_with_files(
        self, data: Any, path: list, defaultvalue: str = "", defaultformat: str = "html"
    ) -> dict:
        field_: dict = {"text": self.getpath(data, path + ["#", "text", 0, "#"], defaultvalue, True)}
        field_["format"] = self.trans_format(self.getpath(data, path + ["@", "format"], defaultformat))
        files = self.import_files_as_draft(self.getpath(data, path + ["#", "file"], [], False))
        if files:
            field_["files"] = files
        return field_

    def import_files_as_draft(self, xml: list) -> list[dict]:
        files, seen = [], []
        for file in xml or []:
            name = self.getpath(file, ["@", "name"], "", True)
            path = self.getpath(file, ["@", "path"], "/", True)
            if path + name in seen:
                continue  # 'Duplicate file in XML' debugging, then skipped
            # PHP base64_decode (non-strict) drops characters outside the alphabet.
            raw = re.sub(r"[^A-Za-z0-9+/=]", "", file["#"] if isinstance(file["#"], str) else "")
            files.append(
                {"name": name, "path": path, "content": base64.b64decode(raw + "=" * (-len(raw) % 4)), "raw": file["#"]}
            )
            seen.append(path + name)
        return files

    @staticmethod
    def clean_question_name(name: str) -> str:
        name = php_trim(strip_tags(name))
        while len(name) > 255:  # shorten_text; only reached by names we never write
            name = name[:251] + "..."
        return name

    @staticmethod
    def defaultquestion() -> dict:
        return {
            "shuffleanswers": 1,
            "defaultmark": 1,
            "usecase": 0,
            "questiontextformat": "moodle",
            "generalfeedback": "",
            "answernumbering": "abc",
            "penalty": 0.3333333,
        }

    # -- common parts
    def import_headers(self, question: dict) -> dict:
        qo = self.defaultquestion()
        qo["name"] = self.clean_question_name(
            self.getpath(question, ["#", "name", 0, "#", "text", 0, "#"], "", True, "xmlimportnoname") or ""
        )
        qt = self.import_text_with_files(question, ["#", "questiontext", 0])
        qo["questiontext"], qo["questiontextformat"] = qt["text"], qt["format"]
        qo["questiontextfiles"] = qt.get("files", [])
        qo["idnumber"] = self.getpath(question, ["#", "idnumber", 0, "#"], None)
        gf = self.import_text_with_files(question, ["#", "generalfeedback", 0], "", qo["questiontextformat"])
        qo["generalfeedback"], qo["generalfeedbackformat"], qo["generalfeedbackfiles"] = (
            gf["text"],
            gf["format"],
            gf.get("files", []),
        )
        qo["defaultmark"] = self.getpath(question, ["#", "defaultgrade", 0, "#"], qo["defaultmark"])
        qo["penalty"] = self.getpath(question, ["#", "penalty", 0, "#"], qo["penalty"])
        if abs(php_num(qo["penalty"]) - 0.3333333) < 0.005:
            qo["penalty"] = 0.3333333
        self.import_question_tags(qo, question)
        return qo

    def import_answer(self, answer: dict, withanswerfiles: bool = False, defaultformat: str = "html") -> dict:
        if withanswerfiles:
            ans = self.import_text_with_files(answer, [], "", defaultformat)
        else:
            ans = {"text": self.getpath(answer, ["#", "text", 0, "#"], "", True), "format": "plain"}
        feedback = self.import_text_with_files(answer, ["#", "feedback", 0], "", defaultformat)
        fraction = php_num(self.getpath(answer, ["@", "fraction"], 0)) / 100
        return {"answer": ans, "feedback": feedback, "fraction": fraction}

    def import_combined_feedback(self, qo: dict, questionxml: dict, withshownumpartscorrect: bool = False) -> None:
        for name in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            qo[name] = self.import_text_with_files(questionxml, ["#", name, 0], "", qo["questiontextformat"])
        if withshownumpartscorrect:
            qo["shownumcorrect"] = "shownumcorrect" in questionxml["#"]

    def import_question_tags(self, qo: dict, questionxml: dict) -> None:
        qo["tags"] = []
        tags = questionxml["#"].get("tags", [{}])[0].get("#", {})
        if isinstance(tags, dict):
            for tagdata in tags.get("tag", []):
                qo["tags"].append(self.getpath(tagdata, ["#", "text", 0, "#"], "", True))

    # -- question types
    def import_multichoice(self, question: dict) -> dict:
        qo = self.import_headers(question)
        qo["qtype"] = "multichoice"
        qo["single"] = self.trans_single(self.getpath(question, ["#", "single", 0, "#"], "true"))
        shuffle = self.getpath(question, ["#", "shuffleanswers", 0, "#"], "false")
        qo["answernumbering"] = self.getpath(question, ["#", "answernumbering", 0, "#"], "abc")
        qo["shuffleanswers"] = self.trans_single(shuffle)
        qo["showstandardinstruction"] = self.getpath(question, ["#", "showstandardinstruction", 0, "#"], "1")
        if php_empty(qo["answernumbering"]):
            qo["answernumbering"] = "abc"
        qo["answer"], qo["fraction"], qo["feedback"] = [], [], []
        for answer in question["#"].get("answer", []):
            ans = self.import_answer(answer, True, qo["questiontextformat"])
            qo["answer"].append(ans["answer"])
            qo["fraction"].append(ans["fraction"])
            qo["feedback"].append(ans["feedback"])
        self.import_combined_feedback(qo, question, True)
        return qo

    def import_multianswer(self, question: dict) -> dict | None:
        questiontext = self.import_text_with_files(question, ["#", "questiontext", 0])
        qo = qtype_multianswer_extract_question(questiontext)
        errors = qtype_multianswer_validate_question(qo)
        if errors:
            self.error("invalidmultianswerquestion: " + " ".join(errors.values()))
            return None
        qo["qtype"] = "multianswer"
        if "name" in question["#"]:
            qo["name"] = self.clean_question_name(self.import_text(question["#"]["name"][0]["#"]["text"]))
        qo["questiontextformat"] = questiontext["format"]
        qo["questiontextfiles"] = questiontext.get("files", [])
        qo["questiontext"] = qo["questiontext"]["text"]
        qo["idnumber"] = self.getpath(question, ["#", "idnumber", 0, "#"], None)
        gf = self.import_text_with_files(question, ["#", "generalfeedback", 0], "", qo["questiontextformat"])
        qo["generalfeedback"], qo["generalfeedbackformat"], qo["generalfeedbackfiles"] = (
            gf["text"],
            gf["format"],
            gf.get("files", []),
        )
        qo["penalty"] = self.getpath(question, ["#", "penalty", 0, "#"], self.defaultquestion()["penalty"])
        if abs(php_num(qo["penalty"]) - 0.3333333) < 0.005:
            qo["penalty"] = 0.3333333
        self.import_question_tags(qo, question)
        return qo

    def import_truefalse(self, question: dict) -> dict:
        qo = self.import_headers(question)
        qo["qtype"] = "truefalse"
        first, qo["warning"] = True, False
        for answer in question["#"].get("answer", []):
            answertext = self.getpath(answer, ["#", "text", 0, "#"], "", True)
            feedback = self.import_text_with_files(answer, ["#", "feedback", 0], "", qo["questiontextformat"])
            if answertext not in ("true", "false"):
                qo["warning"] = True
                answertext = "true" if first else "false"
            if answertext == "true":
                qo["answer"] = php_num(answer["@"]["fraction"]) == 100
                qo["correctanswer"] = qo["answer"]
                qo["feedbacktrue"] = feedback
            else:
                qo["answer"] = php_num(answer["@"]["fraction"]) != 100
                qo["correctanswer"] = qo["answer"]
                qo["feedbackfalse"] = feedback
            first = False
        return qo

    def import_shortanswer(self, question: dict) -> dict:
        qo = self.import_headers(question)
        qo["qtype"] = "shortanswer"
        qo["usecase"] = self.getpath(question, ["#", "usecase", 0, "#"], qo["usecase"])
        qo["answer"], qo["fraction"], qo["feedback"] = [], [], []
        for answer in question["#"].get("answer", []):
            ans = self.import_answer(answer, False, qo["questiontextformat"])
            qo["answer"].append(ans["answer"]["text"])
            qo["fraction"].append(ans["fraction"])
            qo["feedback"].append(ans["feedback"])
        return qo

    def import_numerical(self, question: dict) -> dict:
        qo = self.import_headers(question)
        qo["qtype"] = "numerical"
        qo["answer"], qo["feedback"], qo["fraction"], qo["tolerance"] = [], [], [], []
        for answer in question["#"].get("answer", []):
            obj = self.import_answer(answer, False, qo["questiontextformat"])
            qo["answer"].append(obj["answer"]["text"])
            qo["feedback"].append(obj["feedback"])
            qo["tolerance"].append(self.getpath(answer, ["#", "tolerance", 0, "#"], 0))
            fraction = php_num(self.getpath(answer, ["@", "fraction"], 0)) / 100
            qo["fraction"].append(self.getpath(answer, ["#", "fraction", 0, "#"], fraction))
        qo["unit"], qo["multiplier"] = [], []
        for unit in self.getpath(question, ["#", "units", 0, "#", "unit"], []):
            qo["multiplier"].append(self.getpath(unit, ["#", "multiplier", 0, "#"], 1))
            qo["unit"].append(self.getpath(unit, ["#", "unit_name", 0, "#"], "", True))
        qo["unitgradingtype"] = self.getpath(question, ["#", "unitgradingtype", 0, "#"], 0)
        qo["unitpenalty"] = self.getpath(question, ["#", "unitpenalty", 0, "#"], 0.1)
        qo["showunits"] = self.getpath(question, ["#", "showunits", 0, "#"], None)
        qo["unitsleft"] = self.getpath(question, ["#", "unitsleft", 0, "#"], 0)
        if qo["showunits"] is None:
            qo["showunits"] = 3 if not qo["unit"] else 0
        return qo

    def import_match(self, question: dict) -> dict:
        qo = self.import_headers(question)
        qo["qtype"] = "match"
        qo["shuffleanswers"] = self.trans_single(str(self.getpath(question, ["#", "shuffleanswers", 0, "#"], 1)))
        qo["subquestions"], qo["subanswers"] = [], []
        for subqxml in question["#"].get("subquestion", []):
            qo["subquestions"].append(self.import_text_with_files(subqxml, [], "", qo["questiontextformat"]))
            qo["subanswers"].append(self.getpath(subqxml, ["#", "answer", 0, "#", "text", 0, "#"], "", True))
        self.import_combined_feedback(qo, question, True)
        return qo

    def import_essay(self, question: dict) -> dict:
        qo = self.import_headers(question)
        qo["qtype"] = "essay"
        g = lambda name, default: self.getpath(question, ["#", name, 0, "#"], default)  # noqa: E731
        qo["responseformat"] = g("responseformat", "editor")
        qo["responsefieldlines"] = g("responsefieldlines", 15)
        qo["responserequired"] = g("responserequired", 1)
        qo["minwordlimit"] = g("minwordlimit", None)
        qo["minwordenabled"] = not php_empty(qo["minwordlimit"])
        qo["maxwordlimit"] = g("maxwordlimit", None)
        qo["maxwordenabled"] = not php_empty(qo["maxwordlimit"])
        qo["attachments"] = g("attachments", 0)
        qo["attachmentsrequired"] = g("attachmentsrequired", 0)
        qo["filetypeslist"] = g("filetypeslist", None)
        qo["maxbytes"] = g("maxbytes", None)
        qo["graderinfo"] = self.import_text_with_files(question, ["#", "graderinfo", 0], "", qo["questiontextformat"])
        qo["responsetemplate"] = {
            "text": self.getpath(question, ["#", "responsetemplate", 0, "#", "text", 0, "#"], "", True)
        }
        return qo

    def import_ordering(self, data: dict) -> dict | bool:
        """qtype_ordering::import_from_xml (reached through try_importing_using_qtypes)."""
        if self.getpath(data, ["@", "type"], "") != "ordering":
            return False
        qo = self.import_headers(data)
        qo["qtype"] = "ordering"
        sel, cnt = ("selecttype", "selectcount") if "selecttype" in data["#"] else ("logical", "studentsee")
        layouttype = self.getpath(data, ["#", "layouttype", 0, "#"], "VERTICAL")
        selecttype = self.getpath(data, ["#", sel, 0, "#"], "RANDOM")
        selectcount = self.getpath(data, ["#", cnt, 0, "#"], 6)
        gradingtype = self.getpath(data, ["#", "gradingtype", 0, "#"], "RELATIVE")
        showgrading = self.getpath(data, ["#", "showgrading", 0, "#"], "1")
        numberingstyle = self.getpath(data, ["#", "numberingstyle", 0, "#"], "1")
        qo["layouttype"] = "HORIZONTAL" if str(layouttype).upper() in ("HORIZONTAL", "HORI", "H", "1") else "VERTICAL"
        qo["selecttype"] = {"ALL": "ALL", "EXACT": "ALL", "CONTIGUOUS": "CONTIGUOUS", "CONTIG": "CONTIGUOUS"}.get(
            str(selecttype).upper(), "RANDOM"
        )
        qo["selectcount"] = (
            int(float(selectcount)) if _NUMERIC.match(str(selectcount)) and float(selectcount) >= 2 else 2
        )
        grading = {
            "ALL_OR_NOTHING": "ALL_OR_NOTHING",
            "ABS": "ABSOLUTE_POSITION",
            "ABSOLUTE": "ABSOLUTE_POSITION",
            "ABSOLUTE_POSITION": "ABSOLUTE_POSITION",
        }
        for name in (
            "RELATIVE_NEXT_INCLUDE_LAST",
            "RELATIVE_ONE_PREVIOUS_AND_NEXT",
            "RELATIVE_ALL_PREVIOUS_AND_NEXT",
            "LONGEST_ORDERED_SUBSET",
            "LONGEST_CONTIGUOUS_SUBSET",
            "RELATIVE_TO_CORRECT",
        ):
            grading[name] = name
        qo["gradingtype"] = grading.get(str(gradingtype).upper(), "RELATIVE_NEXT_EXCLUDE_LAST")
        qo["showgrading"] = 0 if str(showgrading).upper() in ("HIDE", "FALSE", "NO") else 1
        qo["numberingstyle"] = (
            numberingstyle if numberingstyle in ("none", "123", "abc", "ABCD", "iii", "IIII") else "default"
        )
        qo["answer"], qo["fraction"], qo["feedback"] = [], [], []
        i = 0
        while True:
            answer = self.getpath(data, ["#", "answer", i], "")
            if php_empty(answer):
                break
            ans = self.import_answer(answer, True, qo["questiontextformat"])
            qo["answer"].append(ans["answer"])
            qo["fraction"].append(1)  # reset in save_question_options (the position)
            qo["feedback"].append(ans["feedback"])
            i += 1
        self.import_combined_feedback(qo, data)
        qo["shownumcorrect"] = self.getpath(data, ["#", "shownumcorrect", 0, "#"], None)
        return qo

    def import_category(self, question: dict) -> dict:
        qo = {
            "qtype": "category",
            "category": self.import_text(question["#"]["category"][0]["#"]["text"]),
            "info": "",
            "infoformat": "moodle",
        }
        if "info" in question["#"]:
            qo["info"] = self.import_text(question["#"]["info"][0]["#"]["text"])
            qo["infoformat"] = self.trans_format(question["#"]["info"][0]["@"]["format"])
        qo["idnumber"] = self.getpath(question, ["#", "idnumber", 0, "#"], None)
        return qo

    def import_question(self, questionxml: dict) -> dict | None:
        qtype = questionxml["@"]["type"]
        handlers = {
            "multichoice": self.import_multichoice,
            "truefalse": self.import_truefalse,
            "shortanswer": self.import_shortanswer,
            "numerical": self.import_numerical,
            "matching": self.import_match,
            "match": self.import_match,
            "cloze": self.import_multianswer,
            "multianswer": self.import_multianswer,
            "essay": self.import_essay,
            "category": self.import_category,
        }
        if qtype in handlers:
            return handlers[qtype](questionxml)
        qo = self.import_ordering(questionxml)  # the only plugin qtype installed here
        if not qo:
            self.error(f"xmltypeunsupported {qtype}")
            return None
        return qo

    def readquestions(self, data: bytes) -> list[dict] | bool:
        try:
            xml = xmlize(data)
        except XmlFormatError as exc:
            self.error(str(exc))
            return False
        return [q for q in (self.import_question(x) for x in xml["quiz"]["#"].get("question", [])) if q]


def split_category_path(path: str) -> list[str]:
    """qformat_default::split_category_path ('//' is a '/' inside a name)."""
    return [strip_tags(php_trim(raw.replace("//", "/"))) for raw in re.split(r"(?<!/)/(?!/)", path)]


def importprocess(data: bytes, stoponerror: bool = True) -> ImportResult:
    """qformat_default::importprocess with catfromfile, minus the database."""
    fmt = QformatXml()
    result = ImportResult()
    questions = fmt.readquestions(data)
    result.errors = fmt.errors
    if questions is False or not questions:
        result.stopped = True
        return result
    if stoponerror and fmt.errors:
        result.stopped = True
        return result
    good = []
    for q in questions:
        if isinstance(q.get("fraction"), list) and q["fraction"]:
            invalid, fixed = [], []
            for f in q["fraction"]:
                new = match_grade_options(php_num(f), "error")
                if new is False:
                    invalid.append(f)
                else:
                    fixed.append(new)
            if invalid:
                result.errors.append(f"invalidgrade {invalid} in {q.get('name')!r}")
                continue
            q["fraction"] = fixed
        good.append(q)
    if stoponerror and len(good) != len(questions):
        result.stopped = True
        return result
    category: list[str] = []
    for q in good:
        if q["qtype"] == "category":
            category = split_category_path(q["category"])
            result.categories.append(
                {"path": category, "info": q["info"], "infoformat": q["infoformat"], "idnumber": q["idnumber"]}
            )
            continue
        q["category"] = category
        result.questions.append(q)
        notice = _save_question_options_notice(q)
        if notice:  # importprocess: echo the notice and `return true` — later questions are lost
            result.notices.append(notice)
            result.stopped = True
            return result
    return result


def _save_question_options_notice(q: dict) -> str | None:
    """The notices save_question_options returns (which end importprocess)."""
    if q["qtype"] == "match":
        for text, answer in zip(q["subquestions"], q["subanswers"], strict=True):
            if text["text"] != "" and php_trim(answer) == "":
                return f"nomatchinganswer {text['text']!r}"
    if q["qtype"] == "ordering":
        answers = [a for a in q["answer"] if php_trim(a["text"]) or a["text"] == "0"]
        if len(answers) < 2:
            return "notenoughanswers"
    return None
