"""HTML sanitising (allow-list, via nh3) and HTML-to-XHTML conversion for XML targets."""

from __future__ import annotations

import re

import nh3
from lxml import etree
from lxml import html as lxml_html

from .html_tags import CLEAN_CONTENT_TAGS, KEPT_TAGS

_TAGS = set(KEPT_TAGS)  # the allow-list (html_tags.py says why there is no <img>)
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href"},
    "th": {"style", "colspan", "rowspan", "scope"},
    "td": {"style", "colspan", "rowspan"},
    "ol": {"start"},
    "code": {"class"},
}
# CLEAN_CONTENT_TAGS: scripts, styles and embedded documents are removed with their content.


# Browsers ignore spaces, tabs, newlines and control characters in a URL's scheme
# (" java\tscript:" runs), so schemes are compared without them.
URL_NOISE_RE = re.compile(r"[\x00-\x20\x7f]+")
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")


def unsafe_url(url: str) -> bool:
    """True for a URL that runs code or embeds a document (javascript:, data:, vbscript:)."""
    return URL_NOISE_RE.sub("", url).lower().startswith(UNSAFE_SCHEMES)


def sanitize_html(html: str) -> str:
    """Allow-list sanitising: no scripts, event handlers, ``javascript:``/``data:`` URLs, frames."""
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"text-align"},
    )


# An LMS page built from rendered fragments (target cc): the same allow-list plus the images
# and figures the renderer inserted itself. No MathML, no SVG, no script: LMS page sanitisers
# remove them (figures ship as image files, math as TeX).
_PAGE_TAGS = _TAGS | {"img", "figure", "figcaption"}
_PAGE_ATTRIBUTES = {**_ATTRIBUTES, "img": {"src", "alt", "title"}}


def sanitize_page(html: str) -> str:
    """Allow-list sanitising of a whole LMS page body: what ``sanitize_html`` keeps, plus images.

    Relative URLs (``../web_resources/...``, ``$IMS-CC-FILEBASE$/...``) pass; schemes other than
    http, https and mailto do not.
    """
    return nh3.clean(
        html,
        tags=_PAGE_TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=_PAGE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"text-align"},
    )


_XML_DECL_RE = re.compile(r"^<\?xml[^>]*>\s*")


def to_xhtml(html: str) -> str:
    """Serialise an HTML fragment as well-formed XML (for QTI and other XML targets)."""
    if not html.strip():
        return ""
    wrapper = lxml_html.fragment_fromstring(html, create_parent="div")
    parts = []
    if wrapper.text:
        parts.append(_escape_text(wrapper.text))
    for child in wrapper:
        _strip_ns(child)
        parts.append(etree.tostring(child, method="xml", encoding="unicode", with_tail=True))
    return "".join(parts)


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _strip_ns(el) -> None:
    # lxml.html never adds namespaces; nothing to do, kept as a seam for future tags.
    return None
