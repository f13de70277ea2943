"""Where everything goes in the cartridge, and the identifiers that name it.

Layout (Canvas's own export layout, lib/cc/cc_helper.rb, plus the portable pages)::

    imsmanifest.xml                      CC 1.1 manifest: LOM, organization, resources
    pages/<chapter>.html                 chapter page read by Moodle and other LMSs (webcontent)
    wiki_content/<chapter>.html          the same page for Canvas Pages ($IMS-CC-FILEBASE$ links)
    quiz.<quiz>/assessment_qti.xml       the quiz in the CC QTI 1.2.1 profile
    quiz.<quiz>/assessment_meta.xml      Canvas quiz settings
    non_cc_assessments/quiz.<quiz>.xml.qti   the quiz in Canvas's full QTI dialect
    web_resources/assets/...             images and static simulation figures (Canvas: course Files)
    web_resources/simulations/...        interactive simulations, one self-contained HTML file each
    course_settings/canvas_export.txt    marks the cartridge as Canvas-flavoured
    course_settings/module_meta.xml      Canvas modules

Manifest identifiers are XML IDs and share one space: every kind has its own dotted prefix
(slugs hold no dot), so a quiz called ``root`` can never clash with a chapter or a file.
"""

from __future__ import annotations

from coursekit.exporters.qti.ids import ncname

WEB = "web_resources"
# From pages/ and from quiz.<id>/ the package root is one level up.
UP = "../"
FILEBASE = "$IMS-CC-FILEBASE$/"  # Canvas: relative to web_resources/ (lib/cc/cc_helper.rb)
# CC QTI: relative to the assessment file's folder, as Moodle resolves it (entities.class.php
# update_sources: the token is dropped and the rest joined to the QTI file's folder).
QTI_FILEBASE = "$IMS-CC-FILEBASE$" + UP + WEB + "/"
WIKI_REF = "$WIKI_REFERENCE$/pages/"
OBJECT_REF = "$CANVAS_OBJECT_REFERENCE$/quizzes/"
ASSESSMENT_TYPE = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"
LOR = "associatedcontent/imscc_xmlv1p1/learning-application-resource"
WEBCONTENT = "webcontent"
CANVAS_FLAG = "course_settings/canvas_export.txt"
MODULE_META = "course_settings/module_meta.xml"


def page_path(chapter_id: str) -> str:
    return f"pages/{chapter_id}.html"


def wiki_path(chapter_id: str) -> str:
    return f"wiki_content/{chapter_id}.html"


def page_ident(chapter_id: str) -> str:
    return ncname(f"page.{chapter_id}")


def wiki_ident(chapter_id: str) -> str:
    return ncname(f"wiki.{chapter_id}")


def quiz_ident(quiz_id: str) -> str:
    """The quiz's folder, the assessment ``ident`` of both QTI files and Canvas's migration id."""
    return ncname(f"quiz.{quiz_id}")


def quiz_meta_ident(quiz_id: str) -> str:
    return ncname(f"quiz-meta.{quiz_id}")


def web_path(asset_path: str) -> str:
    """``assets/x.png`` (an Asset.path) -> its place in the cartridge."""
    return f"{WEB}/{asset_path}"


def file_ident(web: str) -> str:
    return ncname("file." + web.removeprefix(WEB + "/"))


def sim_path(chapter_id: str, index: int, sim_id: str) -> str:
    """The interactive version of the ``index``-th simulation directive of a chapter (0-based)."""
    return f"{WEB}/simulations/{chapter_id}-{index + 1}-{sim_id}.html"
