"""How much tracking data one SCO may leave with the LMS, and how it is shared.

Moodle's SCORM 2004 API (``mod/scorm/datamodels/scorm_13.js``, ``StoreData``/``CollectData``)
posts every element set so far in the attempt (earlier sessions included) on each ``Commit`` and
``Terminate``, as ``&cmi__interactions__3__id=...`` pairs; while the page unloads it sends them
with ``navigator.sendBeacon`` (``mod/scorm/request.js``), which Chromium refuses above 64 KiB in
flight. One request is therefore kept within ``REQUEST_BYTES`` (32 KiB), measured the way Moodle
builds it, and shared out:

- a reserve for the status, score, exit, time, location and objective elements and the URL
  parameters Moodle adds (``RESERVE_BYTES`` plus the SCO's longest page path);
- at least ``SUSPEND_FLOOR`` bytes for ``suspend_data`` (the learner's answers, for resume);
- the rest for ``cmi.interactions``.

Each SCO writes its interactions in the most detailed form of which a whole attempt's worth fits
its share: ``full`` (id, type, time, weighting, correct pattern, response, result, latency, a
short description), ``standard`` (id, type, correct pattern, response, result: what LMS reports
show) or ``short`` (id, type, response, result); the runtime stops adding interactions once the
share is spent (the score and status are always written). The runtime keeps the account (scorm-runtime.js);
this module only sizes the shares and picks the form, from estimates of each question's elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

REQUEST_BYTES = 32 * 1024
RESERVE_BYTES = 1024
SUSPEND_FLOOR = 8 * 1024
UNKNOWN_INTERACTION_BYTES = 1200  # an interaction the LMS holds that suspend_data does not know
_INDEX = "cmi.interactions.199."  # a three-digit index, as in a 200-question SCO
_ESTIMATED = {"timestamp": "2026-01-01T12:00:00.00Z", "latency": "PT0H1M5.25S", "result": "incorrect"}


_UNESCAPED = re.compile(r"[A-Za-z0-9\-_.!~*'()]*")  # what encodeURIComponent leaves as it is


def element_bytes(name: str, value: str) -> int:
    """What one element adds to a request of Moodle's API: ``&`` name (dots as ``__``) ``=`` value."""
    size = len(value) if _UNESCAPED.fullmatch(value) else len(quote(value, safe="-_.!~*'()"))
    return 2 + len(name) + name.count(".") + size


def _response_estimate(spec: dict[str, Any]) -> str:
    patterns = spec.get("correct2004") or []
    return patterns[0] if patterns else "a typed answer of some length"


def short_bytes(spec: dict[str, Any]) -> int:
    """Estimated size of the short form: id, type, learner response, result."""
    return (
        element_bytes(_INDEX + "id", spec["id"])
        + element_bytes(_INDEX + "type", spec["type2004"])
        + element_bytes(_INDEX + "learner_response", _response_estimate(spec))
        + element_bytes(_INDEX + "result", _ESTIMATED["result"])
    )


def standard_bytes(spec: dict[str, Any]) -> int:
    """Estimated size of the standard form: the short form plus the correct patterns."""
    size = short_bytes(spec)
    for i, pattern in enumerate(spec.get("correct2004") or []):
        size += element_bytes(f"{_INDEX}correct_responses.{i}.pattern", pattern)
    return size


def full_bytes(spec: dict[str, Any]) -> int:
    """Estimated size of the full form: the standard form plus time, weighting, latency, description."""
    size = standard_bytes(spec)
    size += element_bytes(_INDEX + "timestamp", _ESTIMATED["timestamp"])
    size += element_bytes(_INDEX + "latency", _ESTIMATED["latency"])
    size += element_bytes(_INDEX + "weighting", spec.get("weighting2004") or "1")
    if spec.get("description"):
        size += element_bytes(_INDEX + "description", spec["description"])
    return size


FORMS = (("full", full_bytes), ("standard", standard_bytes), ("short", short_bytes))


@dataclass
class ScoBudget:
    reserve: int  # bytes kept for the scalar elements and URL parameters
    interactions: int  # bytes the SCO's interactions may take
    detail: str  # "full", "standard" or "short"
    questions: int  # questions one attempt of the SCO answers
    recordable: int  # of those, how many the short form can record (the rest are not itemised)

    def as_json(self) -> dict[str, Any]:
        return {
            "request": REQUEST_BYTES,
            "reserve": self.reserve,
            "interactions": self.interactions,
            "unknown": UNKNOWN_INTERACTION_BYTES,
        }


def sco_budget(pages: list[str], attempt: list[list[dict[str, Any]]]) -> ScoBudget:
    """``attempt``: per question one attempt of the SCO delivers, the specs of its possible
    variants (the largest counts)."""
    reserve = RESERVE_BYTES + max((element_bytes("cmi.location", p) for p in pages), default=0)
    share = REQUEST_BYTES - reserve - SUSPEND_FLOOR
    shorts = [max(short_bytes(s) for s in variants) for variants in attempt]
    detail = "short"
    if sum(shorts) <= share:  # else no larger form fits either
        for name, size in FORMS[:2]:
            if sum(max(size(s) for s in variants) for variants in attempt) <= share:
                detail = name
                break
    recordable, used = 0, 0
    for size in shorts:
        used += size
        if used > share:
            break
        recordable += 1
    return ScoBudget(reserve, share, detail, len(attempt), recordable)
