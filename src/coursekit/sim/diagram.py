"""Diagram: nodes and edges (a taxonomy, an architecture), laid out automatically."""

from __future__ import annotations

from dataclasses import dataclass, field

from .figure import FigureError

DIRECTIONS = ("down", "right")


@dataclass
class DiagramNode:
    id: str
    label: str
    hover: str | None


@dataclass
class DiagramEdge:
    source: str
    target: str
    label: str | None


@dataclass
class Diagram:
    """A directed graph drawn top-down (``direction="down"``) or left-to-right."""

    direction: str = "down"
    title: str | None = None
    nodes: list[DiagramNode] = field(default_factory=list)
    edges: list[DiagramEdge] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise FigureError(f"direction must be 'down' or 'right' (got {self.direction!r})")

    def node(self, id: str, label: str | None = None, *, hover: str | None = None) -> Diagram:
        """Add a node; ``label`` is its text (default: the id), ``hover`` a longer explanation."""
        key = str(id)
        if any(n.id == key for n in self.nodes):
            raise FigureError(f"node(): id {key!r} is used twice")
        text = key if label is None else str(label)
        if not text.strip():
            raise FigureError(f"node(): node {key!r} has an empty label")
        self.nodes.append(DiagramNode(key, text, None if hover is None else str(hover)))
        return self

    def edge(self, source: str, target: str, *, label: str | None = None) -> Diagram:
        """Connect ``source`` to ``target`` (parent to child)."""
        if str(source) == str(target):
            raise FigureError(f"edge(): {source!r} points to itself")
        self.edges.append(DiagramEdge(str(source), str(target), None if label is None else str(label)))
        return self

    def check(self) -> None:
        if not self.nodes:
            raise FigureError("the diagram has no nodes")
        ids = {n.id for n in self.nodes}
        for e in self.edges:
            for end in (e.source, e.target):
                if end not in ids:
                    raise FigureError(f"edge({e.source!r}, {e.target!r}): no node {end!r}; add it with node() first")
        # Cycles cannot be laid out in layers.
        children: dict[str, list[str]] = {n.id: [] for n in self.nodes}
        for e in self.edges:
            children[e.source].append(e.target)
        state: dict[str, int] = {}
        for start in children:
            if state.get(start):
                continue
            stack = [(start, iter(children[start]))]
            state[start] = 1
            while stack:
                node, it = stack[-1]
                nxt = next(it, None)
                if nxt is None:
                    state[node] = 2
                    stack.pop()
                elif state.get(nxt) == 1:
                    raise FigureError(f"the edges form a cycle through {nxt!r}; a diagram must be a tree or DAG")
                elif not state.get(nxt):
                    state[nxt] = 1
                    stack.append((nxt, iter(children[nxt])))
