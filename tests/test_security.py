"""Content security, per target.

A course whose Markdown (chapter body, course and simulation descriptions, objectives, quiz
prompts, choice texts, every kind of feedback, matching and ordering items, model answers)
carries script, event-handler, ``javascript:``/``data:`` URL, frame, object, embed, inline SVG
and style payloads, whose plain-text fields (titles, labels, typed answers, drop-down choices)
carry markup-breaking text, and which shows an SVG asset with scripts and handlers, is built
for every target. Then every output file (zips opened; Moodle XML and Canvas QTI 1.2 HTML
texts parsed as the HTML they are; Moodle's embedded files decoded) is checked:

* the Markdown payloads' marker ``alert(1)`` appears nowhere (our runtime JS never contains it);
* every HTML document and fragment has no script but our own runtime's, no ``on*=`` attribute,
  no ``javascript:``/``vbscript:``/``data:`` URL, no frame/object/embed but the SCORM launch frame;
* every shipped SVG has no script, handler, foreign content or non-local reference;
* every zip entry name is relative, normalised, without ``..``, backslashes or drive letters.

``allow_raw_html: true`` is documented (docs/format.md) as "keep raw HTML in Markdown
unsanitised": that is tested as promised, together with what still holds then (SVG assets are
cleaned, Markdown links are never ``javascript:``, XML targets stay valid).

Author XML (SVG assets) is read with entity resolution and the network off: a "billion
laughs" or external-entity SVG gives a located error quickly and nothing is fetched.
"""

from __future__ import annotations

import base64
import json
import re
import socket
import threading
import time
import zipfile
from pathlib import Path, PurePosixPath

import pytest
import qti_xsd
import yaml
from coursefixture import PNG, SIM
from lxml import etree
from lxml import html as lxml_html

from coursekit.build import build_course
from coursekit.load import load_course
from coursekit.package import safe_arcname, zip_bytes
from coursekit.render.assets import EMPTY_SVG, clean_svg
from coursekit.targets import expand

MARK = b"alert(1)"  # in every Markdown payload; must vanish from every output

MD_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">js link</a>',
    '<a href="data:text/html,<script>alert(1)</script>">data link</a>',
    '<a href=" JaVaScRiPt:alert(1)">spaced js link</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">alert(1)</object>',
    '<embed src="javascript:alert(1)">',
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<div onclick="alert(1)" style="background:url(javascript:alert(1))">div</div>',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">b</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<details open ontoggle=alert(1)>d</details>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><script>alert(1)</script></template>",
    "<!-- <script>alert(1)</script> -->",
    '<span style="x:expression(alert(1))">expr</span>',
]
# Markdown-level links markdown-it must refuse (the text may stay visible, never as a link).
MD_LINKS = (
    "[md js](javascript:prompt(3)) [md data](data:text/html,prompt(3)) <javascript:prompt(3)> "
    "[ref][r]\n\n[r]: vbscript:prompt(3)"
)
BLOCK_MD = "\n\n".join([*MD_PAYLOADS, MD_LINKS, "![evil svg](../assets/evil.svg)", "Visible prose stays."])
INLINE_MD = " ".join(p for p in MD_PAYLOADS if "<!--" not in p) + " inline prose"
# Plain-text fields are escaped, never parsed: their payload may appear, but only as text.
PLAIN = "</script><script>alert(2)</script>\"'><img src=x onerror=alert(2)>]]>&amp;<![CDATA[x"

EVIL_SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"\
 width="20" height="20" onload="alert(1)">
  <script>alert(1)</script>
  <script xlink:href="data:text/javascript,alert(1)"/>
  <a xlink:href="javascript:alert(1)"><rect width="5" height="5" onclick="alert(1)" onmouseover="alert(1)"/></a>
  <a href=" javascript:alert(1)"><circle r="2"/></a>
  <foreignObject width="5" height="5"><div xmlns="http://www.w3.org/1999/xhtml">\
<script>alert(1)</script><iframe src="javascript:alert(1)"/></div></foreignObject>
  <animate attributeName="href" values="javascript:alert(1)"/>
  <set attributeName="onmouseover" to="alert(1)"/>
  <handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">alert(1)</handler>
  <style>@import url("http://127.0.0.1:9/x.css"); rect { fill: url(javascript:alert(1)) }</style>
  <image href="http://127.0.0.1:9/pixel.png" width="1" height="1"/>
  <html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)</html:script>
  <rect width="10" height="10" fill="green"/>
  <text x="1" y="9">kept text</text>
</svg>
"""


def hostile_course(root: Path, *, raw: bool = False) -> Path:
    """A valid course with payloads in every Markdown and plain-text field we ship."""
    course = {
        "id": "hostile",
        "title": "Course " + PLAIN,
        "description": INLINE_MD,
        "prerequisites": BLOCK_MD.replace("![evil svg](../assets/evil.svg)", ""),
        "language": "en",
        "chapters": ["chapters/one.md"],
        "simulations": [
            {
                "id": "curve",
                "title": "Sim " + PLAIN,
                "source": "simulations/sim.py:curve",
                "description": INLINE_MD,
                "params": [{"name": "k", "label": "Slope " + PLAIN, "min": 0, "max": 1, "step": 0.5, "default": 0.5}],
            }
        ],
    }
    if raw:
        course["allow_raw_html"] = True
    front = {
        "id": "one",
        "title": "One " + PLAIN,
        "summary": INLINE_MD,
        "objectives": [INLINE_MD],
        "quiz": "../quizzes/one.yaml",
    }
    chapter = (
        "---\n"
        + yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
        + "---\n\n"
        + BLOCK_MD
        + "\n\n:::{simulation} curve\n:::\n\n:::{note} Note "
        + INLINE_MD
        + "\n"
        + BLOCK_MD
        + "\n:::\n"
    )
    fb = {"general": INLINE_MD, "correct": BLOCK_MD, "incorrect": INLINE_MD}
    questions = [
        {
            "id": "single",
            "type": "single_choice",
            "prompt": BLOCK_MD,
            "feedback": fb,
            "choices": [
                {"text": INLINE_MD, "correct": True, "feedback": INLINE_MD},
                {"text": "plain b", "feedback": BLOCK_MD},
            ],
        },
        {
            "id": "multi",
            "type": "multiple_response",
            "prompt": INLINE_MD,
            "feedback": fb,
            "scoring": "partial",
            "choices": [{"text": INLINE_MD, "correct": True}, {"text": "two", "correct": True}, {"text": "three"}],
        },
        {"id": "tf", "type": "true_false", "prompt": INLINE_MD, "answer": True, "feedback": fb},
        {
            "id": "num",
            "type": "numeric",
            "prompt": INLINE_MD,
            "answer": 1.5,
            "tolerance": 0.1,
            "unit": "m " + PLAIN,
            "feedback": fb,
        },
        {
            "id": "short",
            "type": "short_answer",
            "prompt": INLINE_MD,
            "feedback": fb,
            "answers": [{"text": PLAIN, "score": 1, "feedback": INLINE_MD}, {"text": "other answer", "score": 0.5}],
        },
        {"id": "essay", "type": "essay", "prompt": BLOCK_MD, "model_answer": BLOCK_MD, "feedback": fb},
        {
            "id": "match",
            "type": "matching",
            "prompt": INLINE_MD,
            "feedback": fb,
            "pairs": [{"left": INLINE_MD, "right": "right " + PLAIN}, {"left": "left two", "right": "right two"}],
            "distractors": ["distractor " + PLAIN],
        },
        {
            "id": "order",
            "type": "ordering",
            "prompt": INLINE_MD,
            "feedback": fb,
            "items": [INLINE_MD, "second item", "third item"],
        },
        {
            "id": "gaps",
            "type": "fill_blanks",
            "prompt": INLINE_MD,
            "feedback": fb,
            "text": INLINE_MD + " typed [[a]] and picked [[b]].",
            "blanks": {
                "a": {"accept": [PLAIN, "ok"]},
                "b": {"choices": ["choice " + PLAIN, "other"], "correct": "choice " + PLAIN},
            },
        },
    ]
    quiz = {"id": "one-check", "title": "Check " + PLAIN, "questions": questions}
    files = {
        "course.yaml": yaml.safe_dump(course, allow_unicode=True, sort_keys=False),
        "chapters/one.md": chapter,
        "quizzes/one.yaml": yaml.safe_dump(quiz, allow_unicode=True, sort_keys=False),
        "simulations/sim.py": SIM,
        "assets/evil.svg": EVIL_SVG,
        "assets/dot.png": PNG,
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


# ---------------------------------------------------------------- reading every output


def check_arcname(name: str) -> None:
    assert name and not name.startswith("/") and "\\" not in name and not re.match(r"^[A-Za-z]:", name), name
    parts = PurePosixPath(name).parts
    assert ".." not in parts and "." not in parts and "" not in parts, name
    assert "/".join(parts) == name.rstrip("/"), f"not normalised: {name!r}"
    assert safe_arcname(name) == name.rstrip("/")


def output_files(out: Path) -> list[tuple[str, bytes]]:
    """(where, bytes) of every output file; zips are opened (and their names checked)."""
    found = []
    for p in sorted(out.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(out).as_posix()
        if p.suffix in (".zip", ".imscc"):
            with zipfile.ZipFile(p) as zf:
                names = zf.namelist()
                assert len(names) == len(set(names)), f"{rel}: duplicate entries"
                for name in names:
                    check_arcname(name)
                    found.append((f"{rel}!{name}", zf.read(name)))
        else:
            found.append((rel, p.read_bytes()))
    return found


_BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
_URL_ATTRS = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "srcset",
    "ping",
    "xlink:href",
    "srcdoc",
    "codebase",
    "cite",
    "longdesc",
    "manifest",
    "icon",
}
_OWN_INLINE_SCRIPT = re.compile(r'^window\.CourseKitScormSco = "[a-z0-9-]*";$')
# The interactive simulation files of the cc target inline the html target's own sim.js.
_SIM_JS = (Path(__file__).resolve().parents[1] / "exporters/html/static/sim.js").read_text(encoding="utf-8").strip()
_OWN_SCRIPT_SRC = re.compile(r"^(\.\./)*(static|scorm)/[a-z0-9-]+\.js$")


def bad_url(value: str) -> bool:
    v = re.sub(r"[\x00-\x20\x7f]+", "", value).lower()
    return v.startswith(_BAD_SCHEMES)


def check_html(text: str, where: str, problems: list[str], *, fragment: bool = False, raw_ok: bool = False) -> None:
    """No executable author content in one HTML document or fragment."""
    if not text.strip():
        return
    try:
        root = (
            lxml_html.fragment_fromstring(text, create_parent="div")
            if fragment
            else lxml_html.document_fromstring(text)
        )
    except etree.ParserError:
        return  # no elements at all
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower().rsplit("}", 1)[-1]
        for name, value in el.attrib.items():
            lname = name.lower().rsplit("}", 1)[-1]
            if lname.startswith("on"):
                problems.append(f"{where}: <{tag} {name}=...>")
            if (lname in _URL_ATTRS or name.lower() in _URL_ATTRS) and bad_url(value) and not raw_ok:
                problems.append(f"{where}: <{tag} {name}={value[:40]!r}>")
            if lname == "style" and re.search(r"javascript:|expression\s*\(|url\(\s*['\"]?\s*(?!#)", value, re.I):
                problems.append(f"{where}: <{tag} style={value[:40]!r}>")
        if tag == "script":
            body = (el.text or "").strip()
            if el.get("src") is not None:
                if not _OWN_SCRIPT_SRC.match(el.get("src")):
                    problems.append(f"{where}: <script src={el.get('src')!r}>")
            elif el.get("type") == "application/json":
                try:
                    json.loads(body)
                except ValueError:
                    problems.append(f"{where}: JSON data block that is not JSON: {body[:60]!r}")
            elif not _OWN_INLINE_SCRIPT.match(body) and body != _SIM_JS:
                problems.append(f"{where}: inline <script>{body[:60]}")
        elif tag == "iframe" and not (
            el.get("id") == "ck-scorm-frame" and el.get("src") is None and el.get("srcdoc") is None
        ):
            problems.append(f"{where}: <iframe>")
        elif tag in ("object", "embed", "applet", "base", "frame", "frameset"):
            problems.append(f"{where}: <{tag}>")
        elif tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            problems.append(f"{where}: <meta http-equiv=refresh>")
        elif tag == "style" and re.search(r"javascript:|expression\s*\(|@import|alert\(", el.text or "", re.I):
            problems.append(f"{where}: <style> with author CSS")


def check_svg(data: bytes, where: str, problems: list[str]) -> None:
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except etree.XMLSyntaxError as exc:
        problems.append(f"{where}: SVG not well-formed: {exc}")
        return
    for el in root.iter():
        if not isinstance(el.tag, str):
            if isinstance(el, etree._Entity):
                problems.append(f"{where}: unresolved entity {el}")
            continue
        qn = etree.QName(el)
        if qn.namespace != "http://www.w3.org/2000/svg" or qn.localname in (
            "script",
            "foreignObject",
            "handler",
            "iframe",
            "object",
            "embed",
        ):
            problems.append(f"{where}: <{qn.localname}> in SVG")
        for name, value in el.attrib.items():
            lname = etree.QName(name).localname.lower()
            if lname.startswith("on"):
                problems.append(f"{where}: SVG {name}=")
            if lname in ("href", "src") and not value.strip().startswith("#"):
                problems.append(f"{where}: SVG {name}={value[:40]!r}")
            if bad_url(value) or "javascript:" in value.lower():
                problems.append(f"{where}: SVG {name}={value[:40]!r}")
            if (
                qn.localname in ("set", "animate")
                and lname == "attributename"
                and (value.lower().endswith("href") or value.lower().startswith("on"))
            ):
                problems.append(f"{where}: SVG animation of {value}")
        if qn.localname == "style" and re.search(r"@import|url\(\s*['\"]?\s*(?!#)|javascript:", el.text or "", re.I):
            problems.append(f"{where}: SVG <style> loading or running something")


def check_xml(data: bytes, where: str, problems: list[str], *, raw_ok: bool = False) -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    root = etree.fromstring(data, parser)
    tree = root.getroottree()
    assert "<!ENTITY" not in (tree.docinfo.internalDTD and etree.tostring(tree.docinfo.internalDTD).decode() or ""), (
        where
    )
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        qn = etree.QName(el)
        if qn.localname.lower() in ("script", "iframe", "object", "embed", "style", "foreignobject"):
            problems.append(f"{where}: <{qn.localname}> element")
        for name, value in el.attrib.items():
            lname = etree.QName(name).localname.lower()
            if lname.startswith("on"):
                problems.append(f"{where}: {name}= on <{qn.localname}>")
            if lname in ("href", "src", "data", "action") and bad_url(value):
                problems.append(f"{where}: <{qn.localname} {name}={value[:40]!r}>")
        # Texts that an LMS shows as HTML: Moodle's <text> in a format="html" element and
        # Canvas (QTI 1.2) <mattext texttype="text/html">.
        parent = el.getparent()
        if qn.localname == "text" and parent is not None and parent.get("format") in ("html", "moodle_auto_format"):
            check_html(el.text or "", where + f" <{parent.tag}>", problems, fragment=True, raw_ok=raw_ok)
        if qn.localname == "mattext" and el.get("texttype") == "text/html":
            check_html(el.text or "", where + " <mattext>", problems, fragment=True, raw_ok=raw_ok)
        if qn.localname == "file" and el.get("encoding") == "base64":
            blob = base64.b64decode(el.text or "")
            if (el.get("name") or "").endswith(".svg"):
                check_svg(blob, f"{where} <file {el.get('name')}>", problems)
            if MARK in blob:
                problems.append(f"{where}: embedded file {el.get('name')} holds the payload")


def scan(out: Path, *, raw_ok: bool = False) -> tuple[list[str], dict[str, int]]:
    """Problems found in every output file, and how many files of each kind were checked."""
    problems: list[str] = []
    kinds: dict[str, int] = {}
    for where, data in output_files(out):
        ext = where.rsplit(".", 1)[-1].lower()
        kinds[ext] = kinds.get(ext, 0) + 1
        if not raw_ok and MARK in data:
            problems.append(f"{where}: contains {MARK!r}")
        if ext in ("html", "htm"):
            check_html(data.decode("utf-8"), where, problems, raw_ok=raw_ok)
        elif ext == "svg":
            if MARK in data:
                problems.append(f"{where}: SVG contains {MARK!r}")
            check_svg(data, where, problems)
        elif ext in ("xml", "qti"):  # .xml.qti: Canvas's quiz copies in the cc cartridge
            check_xml(data, where, problems, raw_ok=raw_ok)
        elif ext == "js":
            text = data.decode("utf-8")
            m = re.fullmatch(r"window\.CourseKitScormData = (.*);\n", text, re.S)
            index = re.fullmatch(r"/\* [^*]* \*/\nwindow\.CourseKitSearchIndex = (\"[^\n]*\");\n", text)
            if m:
                json.loads(m.group(1))  # course data is data, not code
            elif index:
                json.loads(json.loads(index.group(1)))  # the search index: a JSON string holding JSON
            elif re.search(r"alert\(|prompt\(", text):
                problems.append(f"{where}: script mentions alert/prompt")
        elif ext == "css" and re.search(rb"javascript:|expression\(|alert\(", data):
            problems.append(f"{where}: CSS with author content")
    return problems, kinds


ALL = expand(["all"])


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    root = hostile_course(tmp_path_factory.mktemp("hostile") / "course")
    out = root.parent / "out"
    diags = build_course(root, ALL, out)
    assert not diags.has_errors(), diags.render("text")
    return root, out, diags


@pytest.fixture(scope="module")
def raw_build(tmp_path_factory):
    root = hostile_course(tmp_path_factory.mktemp("raw") / "course", raw=True)
    out = root.parent / "out"
    diags = build_course(root, ALL, out)
    assert not diags.has_errors(), diags.render("text")
    return root, out, diags


# ---------------------------------------------------------------- sanitised (the default)


def test_hostile_course_is_valid_and_warns_about_raw_img(hostile_build) -> None:
    root, out, diags = hostile_build
    codes = {d.code for d in diags.warnings}
    assert "CK262" in codes  # <img src=x> in raw HTML, located
    assert all(d.location.line >= 1 and d.location.col >= 1 for d in diags.items)


def test_raw_html_the_sanitiser_removes_is_warned_at_the_tag(hostile_build) -> None:
    """CK264: validate (and build) say which raw HTML learners never see, at its "<"."""
    root, _, diags = hostile_build
    removed = [d for d in diags.warnings if d.code == "CK264"]
    said = " ".join(d.message for d in removed)
    for name in ("script", "iframe", "object", "embed", "svg", "math", "style", "form", "button", "meta", "base"):
        assert f"<{name}" in said, name
    lines = (root / "chapters" / "one.md").read_text(encoding="utf-8").split("\n")
    body_line = lines.index("---", 1) + 2
    in_body = [d for d in removed if d.location.file.endswith("one.md") and d.location.line >= body_line]
    assert len(in_body) > 10
    assert all(lines[d.location.line - 1][d.location.col - 1] == "<" for d in in_body), in_body


def test_every_target_is_built(hostile_build) -> None:
    _, out, _ = hostile_build
    names = sorted(p.name for p in out.iterdir())
    for suffix in (
        "html",
        "hostile-html.zip",
        "hostile-scorm12.zip",
        "hostile-scorm2004.zip",
        "hostile-qti21.zip",
        "hostile-qti30.zip",
        "hostile-canvas.zip",
        "hostile-moodle.xml",
        "hostile.imscc",
    ):
        assert suffix in names, names


def test_no_author_script_handler_or_js_url_in_any_output(hostile_build) -> None:
    _, out, _ = hostile_build
    problems, kinds = scan(out)
    assert not problems, "\n".join(problems[:40])
    assert kinds.get("html", 0) >= 6 and kinds.get("xml", 0) >= 6 and kinds.get("svg", 0) >= 3, kinds


def test_visible_prose_survives_sanitising(hostile_build) -> None:
    """Sanitising removes the payloads, not the author's text around them."""
    _, out, _ = hostile_build
    page = next(p for p in (out / "html").glob("*.html") if "Visible prose stays." in p.read_text(encoding="utf-8"))
    text = page.read_text(encoding="utf-8")
    assert "js link" in text and "kept text" not in text  # link text stays; SVG content is an image
    assert "&lt;/script&gt;&lt;script&gt;alert(2)" in text  # plain titles are escaped, not parsed


def test_svg_asset_is_cleaned_in_every_package(hostile_build) -> None:
    _, out, _ = hostile_build
    svgs = [(w, d) for w, d in output_files(out) if "evil-" in w and w.endswith(".svg")]
    assert len(svgs) >= 4, [w for w, _ in svgs]  # html folder, html zip, both SCORMs, QTI
    for where, data in svgs:
        assert b"kept text" in data and b'fill="green"' in data, where  # the picture itself stays
        problems: list[str] = []
        check_svg(data, where, problems)
        assert not problems, problems
    moodle = (out / "hostile-moodle.xml").read_bytes()
    assert b'name="evil-' in moodle  # the SVG travels inside Moodle XML too (checked by scan)


def test_xml_targets_still_validate(hostile_build) -> None:
    _, out, _ = hostile_build
    _assert_qti_valid(out)


def _assert_qti_valid(out: Path) -> None:
    checked = 0
    for kind, zname in (("qti21", "hostile-qti21.zip"), ("qti30", "hostile-qti30.zip")):
        with zipfile.ZipFile(out / zname) as zf:
            for name in zf.namelist():
                if name.endswith(".xml") and name != "imsmanifest.xml":
                    errs = qti_xsd.validate(kind, zf.read(name))
                    assert not errs, (zname, name, errs[:3])
                    checked += 1
    assert checked >= 4


# ---------------------------------------------------------------- allow_raw_html: true


def test_raw_course_warns_only_about_names_that_are_no_element(raw_build) -> None:
    """With allow_raw_html every payload is an HTML, SVG or MathML element: no CK264."""
    _, _, diags = raw_build
    assert [d for d in diags.warnings if d.code == "CK264"] == []


def test_raw_html_is_kept_as_documented(raw_build) -> None:
    """docs/format.md: `allow_raw_html` keeps raw HTML in Markdown unsanitised. So the
    author's own markup reaches the HTML targets (that is the point of the switch)..."""
    _, out, _ = raw_build
    page = next(p for p in (out / "html").glob("*.html") if "Visible prose stays." in p.read_text(encoding="utf-8"))
    assert "<script>alert(1)</script>" in page.read_text(encoding="utf-8")


def test_raw_html_still_never_links_markdown_to_javascript(raw_build) -> None:
    """... but what is not raw HTML keeps its guarantees: Markdown links and images are
    never javascript:/data: URLs, SVG assets are cleaned, titles are escaped."""
    _, out, _ = raw_build
    for where, data in output_files(out):
        if where.endswith(".html"):
            text = data.decode("utf-8")
            assert not re.search(r"""href=["']?\s*(javascript|data|vbscript):prompt""", text, re.I), where
            assert "<script>alert(2)" not in text, where  # plain-text fields are never raw
        if where.endswith(".svg"):
            problems: list[str] = []
            check_svg(data, where, problems)
            assert not problems, problems


def test_raw_html_never_reaches_lms_pages(raw_build) -> None:
    """The cc target's pages are imported into an LMS page editor, whose sanitiser would drop
    raw HTML anyway: it is removed (and warned about, CK729), so no script ever ships there."""
    _, out, diags = raw_build
    assert any(d.code == "CK729" for d in diags.warnings)
    with zipfile.ZipFile(out / "hostile.imscc") as zf:
        pages = [n for n in zf.namelist() if n.startswith(("pages/", "wiki_content/"))]
        assert pages
        for name in pages:
            problems: list[str] = []
            check_html(zf.read(name).decode("utf-8"), f"hostile.imscc!{name}", problems)
            assert not problems, problems
            assert not re.search(rb"<(script|svg|iframe|object|embed)\b", zf.read(name), re.I), name


def test_raw_html_xml_targets_still_validate(raw_build) -> None:
    """QTI item bodies copy rendered XHTML through an allow-list: raw HTML can make an item
    neither invalid nor carry a script, handler or javascript: link into it (this found the
    " JaVaScRiPt:" href that QTI let through); Moodle XML stays well-formed."""
    _, out, _ = raw_build
    _assert_qti_valid(out)
    for zname in ("hostile-qti21.zip", "hostile-qti30.zip"):
        with zipfile.ZipFile(out / zname) as zf:
            for name in zf.namelist():
                problems: list[str] = []
                if name.endswith(".xml"):
                    check_xml(zf.read(name), f"{zname}!{name}", problems, raw_ok=False)
                assert not problems, problems
                assert MARK not in zf.read(name), f"{zname}!{name}"  # QTI copies through an allow-list
    etree.fromstring((out / "hostile-moodle.xml").read_bytes())  # CDATA survives raw "]]>"


# ---------------------------------------------------------------- SVG assets

SVG_CASES = {
    "script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect/></svg>',
    "cdata-script": b'<svg xmlns="http://www.w3.org/2000/svg"><script><![CDATA[alert(1)]]></script></svg>',
    "handlers": (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b'<g ONCLICK="alert(1)"><rect onfocusin="alert(1)"/></g></svg>'
    ),
    "js-link": (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        b'<a x:href="&#x20;java&#x09;script:alert(1)">t</a></svg>'
    ),
    "animate-href": (
        b'<svg xmlns="http://www.w3.org/2000/svg">'
        b'<a><animate attributeName="href" values="javascript:alert(1)"/>t</a></svg>'
    ),
    "set-handler": b'<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onload" to="alert(1)"/></svg>',
    "animate-values": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="x" values="javascript:alert(1)"/></svg>'
    ),
    "foreign": b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></body></foreignObject></svg>',
    "xhtml-inside": (
        b'<svg xmlns="http://www.w3.org/2000/svg">'
        b'<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/></svg>'
    ),
    "external-image": (
        b'<svg xmlns="http://www.w3.org/2000/svg">'
        b'<image href="http://127.0.0.1:9/a.png"/><use href="other.svg#x"/></svg>'
    ),
    "css-import": b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import "http://127.0.0.1:9/a.css";</style></svg>',
    "css-url": b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://127.0.0.1:9/p)" fill="url(\'http://127.0.0.1:9/q\')"/></svg>',
    "pi": (
        b'<?xml-stylesheet href="http://127.0.0.1:9/x.css"?><svg xmlns="http://www.w3.org/2000/svg">'
        b"<?evil alert(1)?></svg>"
    ),
    "internal-entity-script": b'<!DOCTYPE svg [<!ENTITY e "<script>alert(1)</script>">]><svg xmlns="http://www.w3.org/2000/svg">&e;</svg>',
    "xinclude": (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xi="http://www.w3.org/2001/XInclude">'
        b'<xi:include href="file:///etc/passwd" parse="text"/></svg>'
    ),
}


@pytest.mark.parametrize("name", list(SVG_CASES))
def test_clean_svg_removes(name: str) -> None:
    cleaned = clean_svg(SVG_CASES[name])
    problems: list[str] = []
    check_svg(cleaned, name, problems)
    assert not problems, (problems, cleaned)
    assert b"alert" not in cleaned and b"127.0.0.1" not in cleaned and b"passwd" not in cleaned, cleaned


def test_clean_svg_keeps_local_references_and_pictures() -> None:
    src = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><defs><linearGradient id="g"/></defs>'
        b'<style>.a{fill:url(#g)}</style><rect class="a" fill="url(#g)" width="4" height="4"/>'
        b'<use href="#g"/><text>Hi &amp; bye</text></svg>'
    )
    assert clean_svg(src) == src  # nothing to remove: unchanged, byte for byte


def _listener() -> tuple[socket.socket, list, threading.Thread]:
    """A local TCP server that records every connection (a fetch would show up here)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(5)
    srv.settimeout(0.2)
    hits: list = []
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            try:
                conn, addr = srv.accept()
                hits.append(addr)
                conn.close()
            except OSError:
                continue

    t = threading.Thread(target=run, daemon=True)
    t.stop = stop  # type: ignore[attr-defined]
    t.start()
    return srv, hits, t


LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "lollollollollollollollollollol">\n'
    + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n'.encode() for i in range(9))
    + b']>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&j;</text></svg>\n'
)
QUADRATIC = (
    b'<!DOCTYPE svg [<!ENTITY a "'
    + b"x" * 50_000
    + b'">]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>'
    + b"&a;" * 20_000
    + b"</text></svg>"
)


def hostile_svgs(port: int, secret: Path) -> dict[str, tuple[bytes, str]]:
    """name -> (SVG, expected "file:line" prefix of the error)."""
    return {
        "billion-laughs": (LAUGHS, "assets/x.svg:"),
        "quadratic-blowup": (QUADRATIC, "assets/x.svg:"),
        "external-file": (
            f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file://{secret}">]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'.encode(),
            "assets/x.svg:3:",
        ),
        "external-http": (
            f'<!DOCTYPE svg [<!ENTITY x SYSTEM "http://127.0.0.1:{port}/e">]>\n<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'.encode(),
            "assets/x.svg:2:",
        ),
        "parameter-entity": (
            f'<!DOCTYPE svg [<!ENTITY % p SYSTEM "http://127.0.0.1:{port}/p.dtd"> %p;]>\n<svg xmlns="http://www.w3.org/2000/svg"/>'.encode(),
            "assets/x.svg:1:",
        ),
        "external-dtd": (
            f'<!DOCTYPE svg SYSTEM "http://127.0.0.1:{port}/svg.dtd">\n<svg xmlns="http://www.w3.org/2000/svg">&nbsp;</svg>'.encode(),
            "assets/x.svg:2:",
        ),
        "not-svg-root": (
            b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
            "assets/x.svg:2:1",
        ),
        "script-root": (b'<script xmlns="http://www.w3.org/2000/svg">alert(1)</script>', "assets/x.svg:1:1"),
        "not-xml": (b"<svg xmlns='http://www.w3.org/2000/svg'>\n<rect></svg>", "assets/x.svg:2:"),
    }


def test_hostile_svg_assets_give_located_errors_without_fetching(tmp_path: Path, monkeypatch) -> None:
    from coursefixture import CHAPTER, write_course

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    srv, hits, thread = _listener()
    port = srv.getsockname()[1]
    try:
        for name, (svg, where) in hostile_svgs(port, secret).items():
            root = write_course(
                tmp_path / name,
                files={
                    "assets/x.svg": svg,
                    "chapters/one.md": CHAPTER + "\n![an image](../assets/x.svg)\n",
                },
            )
            monkeypatch.chdir(root)
            t0 = time.monotonic()
            course, diags = load_course(root)
            assert time.monotonic() - t0 < 5, f"{name}: reading took too long"
            errors = [d for d in diags.errors if d.code == "CK263"]
            assert errors, f"{name}: {diags.render('text')}"
            assert str(errors[0].location).startswith(where), (name, str(errors[0].location))
            # Even when a build skips validation, the cleaner neither expands nor fetches.
            t0 = time.monotonic()
            cleaned = clean_svg(svg)
            assert time.monotonic() - t0 < 5
            assert b"TOP-SECRET" not in cleaned and b"lollol" not in cleaned and b"alert" not in cleaned
            assert len(cleaned) < 1000 or name == "quadratic-blowup" and cleaned == EMPTY_SVG
        time.sleep(0.3)
        assert hits == [], f"something connected to the network: {hits}"
    finally:
        thread.stop.set()  # type: ignore[attr-defined]
        srv.close()


def test_hostile_svg_build_fails_located_and_writes_nothing(tmp_path: Path) -> None:
    from coursefixture import CHAPTER, write_course

    root = write_course(
        tmp_path / "c", files={"assets/x.svg": LAUGHS, "chapters/one.md": CHAPTER + "\n![an image](../assets/x.svg)\n"}
    )
    out = tmp_path / "out"
    t0 = time.monotonic()
    diags = build_course(root, ALL, out)
    assert time.monotonic() - t0 < 30
    assert [d.code for d in diags.errors] == ["CK263"]
    assert not out.exists()


# ---------------------------------------------------------------- archive names

HOSTILE_NAMES = [
    "../x",
    "../../etc/passwd",
    "a/../../x",
    "a/..",
    "..",
    "/etc/passwd",
    "//server/share/x",
    "\\\\server\\share\\x",
    "C:/x",
    "c:x",
    "C:\\Windows\\x",
    "a\\..\\..\\x",
    "a/b\\..\\..\\..\\x",
    "",
    ".",
    "./",
    "a\x00b",
    "a\nb",
    "dir/\r",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=[repr(n) for n in HOSTILE_NAMES])
def test_safe_arcname_refuses(name: str) -> None:
    with pytest.raises(ValueError):
        safe_arcname(name)
    with pytest.raises(ValueError):
        zip_bytes({name: b"x"})


@pytest.mark.parametrize(
    "name,expected",
    [
        ("a/b.txt", "a/b.txt"),
        ("./a/./b.txt", "a/b.txt"),
        ("a//b.txt", "a/b.txt"),
        ("a/b/", "a/b"),
        ("...", "..."),
        ("a/..b/c", "a/..b/c"),
        ("ünï/cödé.txt", "ünï/cödé.txt"),
    ],
)
def test_safe_arcname_normalises(name: str, expected: str) -> None:
    assert safe_arcname(name) == expected


def test_duplicate_names_after_normalising_refused() -> None:
    with pytest.raises(ValueError):
        zip_bytes({"a/b": b"1", "./a/b": b"2"})
