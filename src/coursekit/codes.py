"""Every diagnostic code coursekit reports: its severity and a one-line title.

The one list the rest reads: ``lint.ignore`` accepts only warning codes from it, the text
output summarises target-limit warnings under their title, and a test checks it against
``docs/diagnostics.md`` and against every code the source reports.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    severity: str  # "error" or "warning"
    title: str
    target: bool = False  # a limit of one target's format (summarised in text output)
    opt_in: bool = False  # off unless course.yaml enables it (lint: {enable: [...]})


def _e(title: str) -> Code:
    return Code("error", title)


def _w(title: str, *, target: bool = False, opt_in: bool = False) -> Code:
    return Code("warning", title, target, opt_in)


def _t(title: str) -> Code:
    return _w(title, target=True)


CODES: dict[str, Code] = {
    "CK000": _e("coursekit itself failed while rebuilding (serve, build --watch)"),
    "CK001": _e("an exporter would write one identifier twice"),
    "CK010": _e("a file cannot be read"),
    "CK011": _e("a file is not UTF-8 text or holds a control character"),
    "CK012": _e("YAML syntax error"),
    "CK013": _e("a file is over the size limit"),
    "CK014": _e("YAML aliases expand past the node limit"),
    "CK015": _e("YAML nesting too deep"),
    "CK016": _e("a duplicate key in a mapping"),
    "CK017": _e("a file's top level is not a mapping, or a complex or merge key"),
    "CK018": _e("a chapter has no (or an unclosed) front matter"),
    "CK019": _e("no course.yaml in the course folder"),
    "CK020": _e("a path leaves the course folder"),
    "CK021": _e("an absolute path"),
    "CK022": _e("a Windows drive/network path or backslashes"),
    "CK023": _e("a file named by a path does not exist"),
    "CK024": _e("a symlink that points outside the course folder"),
    "CK030": _e("an escape in a double-quoted Markdown field that spells a TeX command"),
    "CK101": _e("a required key is missing"),
    "CK102": _e("an unknown key"),
    "CK103": _e("a value of the wrong type"),
    "CK104": _e("a value out of range, too short or too long, or not allowed"),
    "CK105": _e("an unknown question type"),
    "CK106": _e("an id that is not a slug"),
    "CK110": _e("language is not a BCP 47 tag"),
    "CK111": _e("license is not an SPDX identifier"),
    "CK112": _e("lint names an unknown code, or one it cannot ignore or enable"),
    "CK113": _e("a ui_strings key that is no coursekit UI message"),
    "CK114": _e("a ui_strings text that does not fit its message"),
    "CK115": _w("coursekit has no UI translation for the course's language (English UI text)"),
    "CK120": _e("a simulation id used twice"),
    "CK121": _e("a chapter file listed twice"),
    "CK131": _e("text where a number (or a template) is expected"),
    "CK210": _e("a simulation parameter name that is not a keyword argument"),
    "CK211": _e("a simulation parameter's min is not below its max"),
    "CK212": _e("a simulation parameter's default is outside min..max"),
    "CK213": _e("a simulation parameter's default is not on the grid"),
    "CK214": _e("a simulation parameter's step is far too small"),
    "CK215": _e("a simulation parameter choice listed twice"),
    "CK216": _e("a simulation parameter's default is not one of its choices"),
    "CK217": _e("a simulation parameter declared twice"),
    "CK218": _e("a simulation's parameter grid is over max_frames"),
    "CK220": _e("a simulation source not of the form file.py:function"),
    "CK221": _e("a simulation or generator file that is not a .py file"),
    "CK222": _e("a Python syntax error in a simulation or generator file"),
    "CK223": _e("no such function in a simulation or generator file"),
    "CK230": _e("an unknown simulation in a directive"),
    "CK231": _e("an unknown parameter in a simulation directive"),
    "CK232": _e("a wrong value in a simulation directive"),
    "CK233": _e("a simulation directive option out of range"),
    "CK241": _e("a quiz file used by two chapters"),
    "CK242": _e("a chapter id used twice"),
    "CK243": _e("a quiz id used twice"),
    "CK250": _e("an unknown directive"),
    "CK251": _e("a quiz directive outside a chapter body"),
    "CK252": _w("a directive never closed with :::"),
    "CK253": _e("a figure or code-block directive option that does not exist or is wrong"),
    "CK260": _e("an image without alt text"),
    "CK261": _e("a URL where a course file is expected"),
    "CK262": _w("a raw HTML <img>, removed by sanitising"),
    "CK263": _e("an SVG image that is not well-formed or not safe to read"),
    "CK264": _w("raw HTML in Markdown that learners never see (removed by sanitising, or no element)"),
    "CK270": _e("TeX math: an unknown command or environment"),
    "CK271": _e("TeX math: unbalanced braces, \\left/\\right or \\begin/\\end"),
    "CK272": _e("TeX math: & outside an alignment environment"),
    "CK273": _e("TeX math the converter cannot read"),
    "CK274": _e("an \\eqref to no equation of the text"),
    "CK275": _e("an equation label defined twice"),
    "CK276": _e("a \\label that cannot be numbered (inline math, or a second label)"),
    "CK301": _e("single_choice without exactly one correct choice"),
    "CK302": _e("multiple_response without a correct choice"),
    "CK303": _e("short_answer without an answer of score 1"),
    "CK304": _e("matching: a right-hand option or distractor repeated"),
    "CK305": _e("a choice repeated"),
    "CK306": _e("a short answer repeated"),
    "CK307": _e("an empty accepted answer"),
    "CK308": _e("essay min_words above max_words"),
    "CK309": _e("an empty matching side or distractor"),
    "CK310": _e("ordering items not distinct"),
    "CK311": _e("a drop-down choice repeated"),
    "CK312": _e("a drop-down's correct is not one of its choices"),
    "CK313": _e("an invalid gap or blank name"),
    "CK314": _e("a gap without a blank"),
    "CK315": _e("a blank never used in the text"),
    "CK316": _e("a gap used twice"),
    "CK317": _e("a numeric answer whose correct range reaches past the largest float"),
    "CK320": _e("a variants generator not of the form file.py:function"),
    "CK321": _e("a template in a question without variants"),
    "CK322": _e("a Jinja2 syntax error in a template of a parametric question"),
    "CK330": _e("a question id used twice in a quiz"),
    "CK331": _e("select larger than the number of questions"),
    "CK332": _e("a question id equal to a generated variant id of the same quiz"),
    "CK333": _e("a quiz's (or the course's) points adding up past the largest float"),
    "CK401": _w("a question without any feedback"),
    "CK402": _w("a chapter without a quiz", opt_in=True),
    "CK403": _w("an asset no Markdown uses"),
    "CK404": _w("a quiz file no chapter uses (not exported)"),
    "CK405": _w("a simulation declared but never shown"),
    "CK406": _w("a chapter file course.yaml does not list (not exported)"),
    "CK407": _w("a figure or code-block option that is ignored"),
    "CK408": _w("a code language the highlighter does not know (shown without colours)"),
    "CK501": _e("author code raised an exception"),
    "CK502": _e("author code ran over the time limit"),
    "CK503": _e("author code returned the wrong type"),
    "CK504": _e("author code is not deterministic"),
    "CK505": _e("a figure that cannot be drawn"),
    "CK510": _e("a variant's generator values are invalid"),
    "CK511": _e("a rendered variant is not a valid question"),
    "CK512": _w("two variants of a parametric question are identical"),
    "CK701": _w("a link to a .md file that is not a chapter of the course"),
    "CK720": _t("cc: a question the CC profile cannot hold, left out of the portable quiz"),
    "CK721": _t("cc: numeric exported as fill in the blank, tolerance lost"),
    "CK722": _t("cc: multiple_response partial scored all or nothing in the portable quiz"),
    "CK723": _t("cc: short answers with a partial score left out of the portable quiz"),
    "CK724": _t("cc: Moodle's CC import compares short answers case-insensitively"),
    "CK725": _t("cc: the portable quiz holds a parametric question's first variant"),
    "CK726": _t("cc: select / shuffle_questions lost in the portable quiz"),
    "CK727": _t("cc: points Moodle's CC import cannot read"),
    "CK728": _t("cc: a quiz with no question for the CC profile"),
    "CK729": _t("cc: raw HTML removed from a chapter's LMS pages"),
    "CK740": _t("scorm: more questions per attempt in one SCO than the LMS data can itemise"),
    "CK750": _t("qti: a decimal comma in numeric answers, which QTI players may misread"),
    "CK760": _t("canvas: no ordering question; exported as matching"),
    "CK761": _t("canvas: mixed typed and drop-down blanks; drop-downs become typed"),
    "CK762": _t("canvas: multiple answers are scored with partial credit, not all_or_nothing"),
    "CK763": _t("canvas: per-pair / per-blank credit, not all_or_nothing"),
    "CK764": _t("canvas: short answers with a partial score left out"),
    "CK765": _t("canvas: answers compared case-insensitively"),
    "CK766": _t("canvas: a question group gives every question the same points"),
    "CK767": _t("canvas: parametric questions in a drawn quiz keep their first variant"),
    "CK768": _t("canvas: answer shuffling is quiz-wide"),
    "CK769": _t("canvas, cc: a decimal comma in numeric answers, read per learner's Canvas language"),
    "CK801": _t("moodle: no all-or-nothing multiple response in core Moodle"),
    "CK802": _t("moodle: more than 10 correct choices, weighted 10% / 5%"),
    "CK803": _t("moodle: a short answer score that is no grade option"),
    "CK804": _t("moodle: matching always gives credit per pair"),
    "CK805": _t("moodle: Cloze always gives credit per gap"),
    "CK806": _t("moodle: a Cloze question's mark is the sum of its gap weights"),
    "CK807": _t("moodle: correct/incorrect feedback not exported for Cloze or essay"),
    "CK808": _t("moodle: a gap answer with \\} or \\#"),
    "CK809": _t("moodle: a gap not in visible text, placed after the text"),
    "CK810": _t("moodle: a decimal comma in numeric answers, read per learner's language pack"),
    "CK811": _e("a matching pair Moodle would import wrongly"),
    "CK901": _e("import: the source cannot be read"),
    "CK902": _e("import: not the expected kind of file"),
    "CK903": _e("import: XML declaring entities or an external DTD"),
    "CK904": _e("import: an unsafe zip"),
    "CK905": _e("import: nothing to import"),
    "CK906": _e("import: --out cannot be used"),
    "CK910": _w("import: a question of a type coursekit has no equivalent for"),
    "CK911": _w("import: a question that breaks a rule of the format"),
    "CK912": _w("import: quiz-level changes"),
    "CK913": _w("import: scoring mapped to the nearest rule"),
    "CK914": _w("import: part of a question or quiz not imported"),
    "CK915": _w("import: a question without feedback"),
    "CK916": _w("import: an id changed to be a unique slug"),
    "CK917": _w("import: a file, image or formula not carried over"),
}

OPT_IN = frozenset(code for code, c in CODES.items() if c.opt_in)


def is_target_limit(code: str) -> bool:
    c = CODES.get(code)
    return c is not None and c.target
