"""Names of HTML elements: what sanitising keeps, what it removes with its content, and what a
browser knows at all.

A module of its own (no nh3, no lxml) so that validate can tell, without importing the
sanitiser, which raw HTML in a Markdown field learners would never see
(coursekit.load.markdown_html, diagnostic CK264).
"""

from __future__ import annotations

# The sanitiser's allow-list (coursekit.render.sanitize). No <img>: Markdown images are
# inserted after sanitising (as resolved, packaged assets); an <img> in raw author HTML would
# point at a file no package carries.
KEPT_TAGS = frozenset(
    {
        "a",
        "abbr",
        "aside",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
        "var",
    }
)

# Scripts, styles and embedded documents are removed with their content.
CLEAN_CONTENT_TAGS = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math"})

# Elements whose content an HTML parser reads as text up to their end tag (a tag in it is no
# tag); <plaintext> reads everything after it so.
RAW_TEXT_TAGS = frozenset({"script", "style", "iframe", "noscript", "textarea", "title", "xmp", "noembed", "noframes"})

_HTML = """
a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink
blockquote body br button canvas caption center cite code col colgroup data datalist dd del details
dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2
h3 h4 h5 h6 head header hgroup hr html i iframe image img input ins isindex kbd keygen label legend
li link listing main map mark marquee menu menuitem meta meter multicol nav nextid nobr noembed
noframes noscript object ol optgroup option output p param picture plaintext pre progress q rb rp
rt rtc ruby s samp script search section select slot small source spacer span strike strong style
sub summary sup table tbody td template textarea tfoot th thead time title tr track tt u ul var
video wbr xmp
"""
_SVG = """
svg a animate animateColor animateMotion animateTransform circle clipPath cursor defs desc discard
ellipse feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting
feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR
feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting
feSpotLight feTile feTurbulence filter font font-face font-face-format font-face-name
font-face-src font-face-uri foreignObject g glyph glyphRef hkern image line linearGradient marker
mask metadata missing-glyph mpath path pattern polygon polyline radialGradient rect script set
stop style switch symbol text textPath title tref tspan use view vkern
"""
_MATHML = """
math maction maligngroup malignmark menclose merror mfenced mfrac mglyph mi mlabeledtr mlongdiv
mmultiscripts mn mo mover mpadded mphantom mprescripts mroot mrow ms mscarries mscarry msgroup
msline mspace msqrt msrow mstack mstyle msub msubsup msup mtable mtd mtext mtr munder munderover
none semantics annotation annotation-xml
"""
# Every element name a browser knows (HTML, obsolete HTML it still parses, SVG, MathML), in
# lower case: tag names are compared case-insensitively.
KNOWN_ELEMENTS = frozenset(name.lower() for name in (_HTML + _SVG + _MATHML).split())
