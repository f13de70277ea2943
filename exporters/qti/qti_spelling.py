"""How QTI 2.1 and QTI 3.0 spell the elements the item and test writers build.

The writers (``qti21_items``, ``qti21_test``) build every element through a spelling:
``QTI21`` writes QTI 2.1 names; ``QTI30`` writes the same tree as ``qti30.to_qti30`` makes
of the 2.1 one (``qti-`` + kebab-case elements, kebab-case attributes, HTML as it is, the
content of modal feedback and rubric blocks in a ``qti-content-body``, 2.1's schemaLocation
replaced by 3.0's after the other attributes, an essay's SCORE scored by a person). When only
QTI 3.0 is exported, its items are written in 3.0 directly: converting 2.1 trees element by
element was a quarter of that target's time. When both are, the 2.1 trees are converted
(built once, as before); the output comparison of both paths keeps them the same.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .ids import num
from .qti_text import MEMOS, Node, Shared
from .xhtml import BLOCK, INLINE

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSI_SCHEMA_LOCATION = f"{{{XSI}}}schemaLocation"
NS21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"
SCHEMA_LOCATION21 = f"{NS21} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
NS30 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
SCHEMA_LOCATION30 = f"{NS30} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
HTML = INLINE | BLOCK
WRAPPED = {"modalFeedback", "rubricBlock"}  # content goes inside qti-content-body in 3.0

_CAPITAL_RE = re.compile(r"(?<=[a-z0-9])([A-Z])")


@lru_cache(maxsize=1024)
def kebab(name: str) -> str:
    # QTI has a few hundred element and attribute names, converted ~1.5 million times for a
    # 10,000-question bank: remembered, not substituted again.
    return _CAPITAL_RE.sub(r"-\1", name).lower()


def qti30_name(local: str) -> str:
    """A QTI 2.1 element's 3.0 local name (HTML elements keep theirs)."""
    return local if local in HTML else "qti-" + kebab(local)


class Qti21Spelling:
    """QTI 2.1: the element and attribute names as the writers give them."""

    ns = NS21
    schema_location = SCHEMA_LOCATION21

    def __init__(self) -> None:
        self._qnames: dict[str, str] = {}
        self._shared: dict[tuple, Shared] = {}
        self._vars: dict[str | tuple[str, str], Node] = {}
        self._floats: dict[float, Node] = {}
        self._sets: dict[tuple[str, int], Node] = {}
        self._conditions: dict[tuple, Node] = {}
        self._outcomes: dict[tuple[str, str, str], Node] = {}
        self._values: dict[tuple[str, str], Node] = {}
        MEMOS.extend(
            [self._shared, self._vars, self._values, self._floats, self._sets, self._conditions, self._outcomes]
        )

    def qname(self, tag: str) -> str:
        qname = self._qnames.get(tag)
        if qname is None:
            qname = self._qnames[tag] = f"{{{self.ns}}}{self.local_name(tag)}"
        return qname

    def local_name(self, tag: str) -> str:
        return tag

    def el(self, tag: str, *children: Node | None, text: str | None = None, **attrs) -> Node:
        """A QTI element (a ``qti_text.Node``); keyword attributes keep QTI's camelCase names,
        None values are skipped."""
        # Hundreds of thousands of calls per big bank: the qualified name is looked up.
        qname = self._qnames.get(tag)
        if qname is None:
            qname = self.qname(tag)
        attrib = {k: str(v) for k, v in attrs.items() if v is not None} if attrs else {}
        return Node(qname, attrib, text, [c for c in children if c is not None])

    def root(self, tag: str, attrs: list[tuple[str, str]]) -> Node:
        """An item's or test's root: schemaLocation first (as 2.1 always had it); its namespaces
        are declared by ``tree``."""
        attrib = {XSI_SCHEMA_LOCATION: self.schema_location}
        attrib.update(attrs)
        return Node(self.qname(tag), attrib)

    def content_holder(self, element: Node) -> Node:
        """Where the content of a modalFeedback or rubricBlock goes: in 2.1, the element itself."""
        return element

    def finish_item(self, root: Node) -> None:
        """What an item needs once it is complete: nothing in 2.1."""

    def shared(self, tag: str, *children: Node, text: str | None = None, **attrs) -> Node:
        """``el`` made once for all the items that hold the same: a ``Shared`` node when all its
        children are (a variable, a value, the rules that score a question of so many points),
        else a new node as ``el`` makes it. What ``shared`` gives is never changed after."""
        for child in children:
            if type(child) is not Shared:
                return self.el(tag, *children, text=text, **attrs)
        key = (tag, text, tuple(attrs.items()), tuple([id(child) for child in children]))
        node = self._shared.get(key)
        if node is None:
            made = self.el(tag, *children, text=text, **attrs)
            node = Shared(made.tag, made.attrib, made.text, made.children)
            if len(self._shared) >= 20_000:
                self._shared.clear()  # values that do not repeat (numeric bounds) would fill it
            self._shared[key] = node  # the node keeps its children alive: their ids stay theirs
        return node

    # -- expressions (shared: most repeat from item to item)
    def var(self, ident: str) -> Node:
        node = self._vars.get(ident)  # the commonest: looked up by its name alone
        if node is None:
            node = self._vars[ident] = self.shared("variable", identifier=ident)
        return node

    def base(self, base_type: str, value: str) -> Node:
        key = (base_type, value)
        node = self._values.get(key)
        if node is None:
            if len(self._values) >= 20_000:
                self._values.clear()  # values that do not repeat (numeric bounds) would fill it
            node = self._values[key] = self.shared("baseValue", text=value, baseType=base_type)
        return node

    def fnum(self, x: float) -> Node:
        node = self._floats.get(x)  # equal numbers have one text (num)
        if node is None:
            node = self.base("float", num(x))
            self._remember(self._floats, x, node)
        return node

    def set_outcome(self, ident: str, expr: Node) -> Node:
        key = (ident, id(expr))
        node = self._sets.get(key)
        if node is None:
            node = self.shared("setOutcomeValue", expr, identifier=ident)
            self._remember(self._sets, key, node)
        return node

    def condition(self, test: Node, then: list, otherwise: list | None = None) -> Node:
        key = (id(test), *map(id, then), None, *map(id, otherwise or ()))
        node = self._conditions.get(key)
        if node is None:
            parts = [self.shared("responseIf", test, *then)]
            if otherwise:
                parts.append(self.shared("responseElse", *otherwise))
            node = self.shared("responseCondition", *parts)
            self._remember(self._conditions, key, node)
        return node

    @staticmethod
    def _remember(memo: dict, key: object, node: Node) -> None:
        """Remember a node looked up by the ids of its parts only when it is shared: it keeps
        those parts alive, so their ids stay theirs."""
        if type(node) is Shared:
            if len(memo) >= 20_000:
                memo.clear()
            memo[key] = node

    def is_correct(self, resp: str = "RESPONSE") -> Node:
        node = self._vars.get((resp, "correct"))
        if node is None:
            node = self._vars[(resp, "correct")] = self.shared(  # type: ignore[index]
                "match", self.var(resp), self.shared("correct", identifier=resp)
            )
        return node

    def response(
        self, ident: str, cardinality: str, base_type: str, correct: list[str], mapping: Node | None = None
    ) -> Node:
        parts = [self.shared("correctResponse", *[self.shared("value", text=v) for v in correct])] if correct else []
        if mapping is not None:
            parts.append(mapping)
        return self.shared("responseDeclaration", *parts, identifier=ident, cardinality=cardinality, baseType=base_type)

    def outcome(self, ident: str, base_type: str, default: str) -> Node:
        key = (ident, base_type, default)
        node = self._outcomes.get(key)
        if node is None:
            node = self.shared(
                "outcomeDeclaration",
                self.shared("defaultValue", self.shared("value", text=default)),
                identifier=ident,
                cardinality="single",
                baseType=base_type,
            )
            self._remember(self._outcomes, key, node)
        return node


class Qti30Spelling(Qti21Spelling):
    """QTI 3.0: what ``qti30.to_qti30`` makes of the 2.1 spelling's elements."""

    ns = NS30
    schema_location = SCHEMA_LOCATION30

    def __init__(self) -> None:
        super().__init__()
        # By 2.1 tag: the 3.0 attribute names (HTML elements keep theirs).
        self._attr_names: dict[str, dict[str, str]] = {}

    def local_name(self, tag: str) -> str:
        return qti30_name(tag)

    def el(self, tag: str, *children: Node | None, text: str | None = None, **attrs) -> Node:
        qname = self._qnames.get(tag)
        if qname is None:
            qname = self.qname(tag)
        if attrs:
            names = self._attr_names.get(tag)
            if names is None:
                names = self._attr_names[tag] = {}
            for k in attrs:
                if k not in names:
                    names[k] = k if tag in HTML else kebab(k)
            attrib = {names[k]: str(v) for k, v in attrs.items() if v is not None}
        else:
            attrib = {}
        return Node(qname, attrib, text, [c for c in children if c is not None])

    def root(self, tag: str, attrs: list[tuple[str, str]]) -> Node:
        """The root as ``to_qti30`` makes it: 2.1's attributes renamed in their order, then
        3.0's schemaLocation."""
        attrib = {k if k.startswith("{") else kebab(k): v for k, v in attrs}
        attrib[XSI_SCHEMA_LOCATION] = self.schema_location
        return Node(self.qname(tag), attrib)

    def content_holder(self, element: Node) -> Node:
        """3.0 wraps the content in a qti-content-body; a rubric block is for scoring."""
        if element.tag == self.qname("rubricBlock"):
            element.set("use", "scoring")
        body = Node(f"{{{self.ns}}}qti-content-body", {})
        element.append(body)
        return body

    def finish_item(self, root: Node) -> None:
        mark_human_scored(root, self.ns)


def mark_human_scored(root: Node, ns: str) -> None:
    """An essay's SCORE is set by a person, not by response processing: in an item holding a
    qti-extended-text-interaction (among its nodes: converted content holds no interaction
    but a fill-in gap's), the SCORE declaration says so."""
    if _holds_tag(root, f"{{{ns}}}qti-extended-text-interaction"):
        declaration = f"{{{ns}}}qti-outcome-declaration"
        for i, decl in enumerate(root.children):
            if isinstance(decl, Node) and decl.tag == declaration and decl.get("identifier") == "SCORE":
                # Made anew, as the declaration may be shared with other items.
                attrib = {**decl.attrib, "external-scored": "human"}
                root.children[i] = Node(decl.tag, attrib, decl.text, list(decl.children))


def _holds_tag(node: Node, tag: str) -> bool:
    """Whether an element ``tag`` is among the nodes below ``node``. Shared nodes are not looked
    into: they are expressions, declarations and feedback blocks, which hold no interaction."""
    for child in node.children:
        if type(child) is Node and (child.tag == tag or _holds_tag(child, tag)):
            return True
    return False


QTI21 = Qti21Spelling()
QTI30 = Qti30Spelling()
