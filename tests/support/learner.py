"""A learner at a quiz of the HTML course (the site, or the same pages inside a SCORM package).

Everything goes through the page as a person would use it: radio buttons, check boxes, text
fields, drop-downs, the ordering buttons, then "Check answers" (and "check anyway" when the
page asks about unanswered questions). Responses are given in the
normalized form of coursekit.scoring (choice indices in authored order, bool, text, index
lists, texts per gap); the page's own markup maps authored indices to controls, so however
the engine shuffled the options, the learner picks the same authored option.

``right(q)`` and ``mixed(q, k)`` derive responses from the question as authored (the loaded
model), never from the page's scoring data.
"""

from __future__ import annotations

from coursekit.model import question as qm


def quiz(frame, quiz_id: str):
    return frame.locator(f"section[data-ck-quiz='{quiz_id}']")


def shown(frame, quiz_id: str) -> list[dict]:
    """The drawn questions in display order: ``{qid, slot, variant}``."""
    quiz(frame, quiz_id).locator("li.ck-question").first.wait_for()
    return (
        quiz(frame, quiz_id)
        .locator("li.ck-question")
        .evaluate_all(
            "els => els.map(e => ({qid: e.dataset.ckQid, slot: +e.dataset.ckSlot, variant: +e.dataset.ckVariant}))"
        )
    )


def answer(frame, quiz_id: str, qid: str, kind: str, response) -> None:
    """Give ``response`` (normalized form) to the question ``qid`` of type ``kind``."""
    li = quiz(frame, quiz_id).locator(f"li.ck-question[data-ck-qid='{qid}']")
    if response is None:
        return
    if kind in ("single_choice", "multiple_response"):
        # One look at the options, then a click on each that must change (as a person would).
        boxes = li.locator("input[data-ck-option], input[type=radio], input[type=checkbox]")
        states = boxes.evaluate_all("els => els.map(e => [e.value, e.checked])")
        assert states, (qid, "no options")
        for n, (value, checked) in enumerate(states):
            want = int(value) in response
            if want != checked and (kind == "multiple_response" or want):
                boxes.nth(n).set_checked(want)
    elif kind == "true_false":
        li.locator(f"input[value='{'true' if response else 'false'}']").check()
    elif kind in ("numeric", "short_answer", "essay"):
        li.locator("[data-ck-input]").fill(str(response))
    elif kind == "matching":
        for left, right in enumerate(response):
            li.locator(f"select[data-ck-left='{left}']").select_option("" if right is None else str(right))
    elif kind == "ordering":
        _arrange(li, list(response))
    elif kind == "fill_blanks":
        for gap, text in zip(li.locator("[data-ck-gap]").all(), response, strict=True):
            if gap.evaluate("e => e.tagName") == "SELECT":
                gap.select_option(text)
            else:
                gap.fill(text)
    else:  # pragma: no cover - the format has nine types
        raise AssertionError(kind)


def _arrange(li, order: list[int]) -> None:
    """Put the items in ``order`` (authored indices) with the Up buttons, by keyboard."""
    for pos, item in enumerate(order):
        for _ in range(len(order)):
            current = [
                int(x) for x in li.locator("[data-ck-item]").evaluate_all("els => els.map(e => e.dataset.ckItem)")
            ]
            if current.index(item) == pos:
                break
            li.locator(f"[data-ck-item='{item}'] [data-ck-move='-1']").focus()
            li.page.keyboard.press("Enter")
        else:
            raise AssertionError(f"could not move item {item} to {pos}")


def is_answer(kind: str, response) -> bool:
    """Whether the page counts ``response`` as an answer (as quiz.js decides before a check):
    some choice made, every pair and gap filled, some text typed; an order always counts."""
    if response is None:
        return False
    if kind == "multiple_response":
        return len(response) > 0
    if kind == "matching":
        return all(x is not None for x in response)
    if kind == "fill_blanks":
        return all(str(x).strip() for x in response)
    if kind in ("numeric", "short_answer", "essay"):
        return str(response).strip() != ""
    return True


_RESULT_OR_CONFIRM = """id => {
  const quiz = document.querySelector(`section[data-ck-quiz='${id}']`);
  const dialog = quiz.querySelector('dialog[data-ck-confirm]');
  return (dialog && dialog.open) || quiz.querySelector('[data-ck-result]').textContent.trim() !== '';
}"""
_RESULT = "id => document.querySelector(`section[data-ck-quiz='${id}'] [data-ck-result]`).textContent.trim() !== ''"


def check(frame, quiz_id: str, unanswered: bool = False) -> str:
    """Press "Check answers"; returns the quiz's result line. With a question left unanswered
    the page first asks to confirm (its <dialog data-ck-confirm>) and the learner checks
    anyway; ``unanswered`` says whether the learner left one, and the question must come
    exactly then."""
    section = quiz(frame, quiz_id)
    section.locator("[data-ck-check]").click()
    frame.wait_for_function(_RESULT_OR_CONFIRM, arg=quiz_id)
    dialog = section.locator("dialog[data-ck-confirm]")
    asked = dialog.count() == 1 and dialog.evaluate("d => d.open")
    assert asked == unanswered, (quiz_id, "asked to confirm" if asked else "checked without asking", unanswered)
    if asked:
        dialog.locator("[data-ck-confirm-yes]").click()
        frame.wait_for_function(_RESULT, arg=quiz_id)
    return section.locator("[data-ck-result]").inner_text()


# ---------------------------------------------------------------- responses from the authored question


def right(q: qm.QuestionBase):
    """The response that earns full points (an essay gets some text)."""
    if isinstance(q, (qm.SingleChoice, qm.MultipleResponse)):
        return [i for i, c in enumerate(q.choices) if c.correct is True]
    if isinstance(q, qm.TrueFalse):
        return bool(q.answer)
    if isinstance(q, qm.NumericQuestion):
        return str(q.answer)
    if isinstance(q, qm.ShortAnswer):
        return next(a.text for a in q.answers if float(a.score) == 1.0)
    if isinstance(q, qm.Essay):
        return "A short essay, written by a learner."
    if isinstance(q, qm.Matching):
        return list(range(len(q.pairs)))
    if isinstance(q, qm.Ordering):
        return list(range(len(q.items)))
    if isinstance(q, qm.FillBlanks):
        return [_gap_right(q.blanks[name]) for name in q.gap_order()]
    raise AssertionError(q.type)


def wrong(q: qm.QuestionBase):
    """A response that is not fully right (partial rules may still give some points; essays get text)."""
    if isinstance(q, qm.SingleChoice):
        return [next(i for i, c in enumerate(q.choices) if c.correct is not True)]
    if isinstance(q, qm.MultipleResponse):
        bad = [i for i, c in enumerate(q.choices) if c.correct is not True]
        return bad or []
    if isinstance(q, qm.TrueFalse):
        return not q.answer
    if isinstance(q, qm.NumericQuestion):
        return str(float(q.answer) + 2 * float(q.tolerance) + abs(float(q.answer)) + 1)
    if isinstance(q, qm.ShortAnswer):
        return "surely not an accepted answer"
    if isinstance(q, qm.Essay):
        return right(q)
    if isinstance(q, qm.Matching):
        n = len(q.pairs)
        return [(i + 1) % n for i in range(n)] if n > 1 else [None]
    if isinstance(q, qm.Ordering):
        return list(reversed(range(len(q.items))))
    if isinstance(q, qm.FillBlanks):
        return [_gap_wrong(q.blanks[name]) for name in q.gap_order()]
    raise AssertionError(q.type)


def mixed(q: qm.QuestionBase, k: int):
    """Right for every other question (by ``k``), wrong for the rest: a realistic mixed attempt."""
    return right(q) if k % 2 == 0 else wrong(q)


def _gap_right(blank) -> str:
    return blank.correct.strip() if isinstance(blank, qm.DropdownBlank) else blank.accept[0]


def _gap_wrong(blank) -> str:
    if isinstance(blank, qm.DropdownBlank):
        return next(c.strip() for c in blank.choices if c.strip() != blank.correct.strip())
    return "surely not an accepted answer"
