"""QTI 2.1 and 3.0 trees in one spelling, so one reader serves both.

QTI 3.0 spells QTI 2.x elements ``qti-`` + kebab-case and their attributes in kebab-case,
and wraps feedback and rubric content in ``qti-content-body``. ``normalise`` rewrites a parsed
tree in place to 2.1's local names (``choiceInteraction``, ``responseIdentifier``), drops every
namespace (MathML keeps its local names, which is all the HTML converter needs) and ``content`` looks inside
``qti-content-body``. XHTML and MathML elements are left as they are.
"""

from __future__ import annotations

import re

from lxml import etree

_QTI_NS_RE = re.compile(r"imsqti|imsqtiasi", re.I)


def camel(kebab: str) -> str:
    head, *rest = kebab.split("-")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def normalise(root: etree._Element) -> etree._Element:
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        qn = etree.QName(el)
        local = qn.localname
        is_qti = qn.namespace is None or bool(_QTI_NS_RE.search(qn.namespace or ""))
        if is_qti and local.startswith("qti-"):
            local = camel(local[4:])
            for key in list(el.attrib):
                if "-" in key and not key.startswith("{") and not key.startswith("data-"):
                    el.attrib[camel(key)] = el.attrib.pop(key)
        el.tag = local
        for key in list(el.attrib):
            if key.startswith("{"):
                name = etree.QName(key).localname
                value = el.attrib.pop(key)
                if name == "lang":
                    el.attrib["lang"] = value
    etree.cleanup_namespaces(root)
    return root


def content(el: etree._Element) -> etree._Element:
    """Feedback and rubric content: inside ``contentBody`` in 3.0, the element itself in 2.1."""
    body = el.find("contentBody")
    return body if body is not None else el


def html_of(el: etree._Element) -> str:
    """The element's content (its text and children) as an HTML string."""
    import html

    parts = [html.escape(el.text or "", quote=False)]  # .text is unescaped; the children are markup
    for child in el:
        parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts)


def outer_html(el: etree._Element) -> str:
    return etree.tostring(el, encoding="unicode", with_tail=False)
