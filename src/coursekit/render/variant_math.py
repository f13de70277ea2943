"""TeX of parametric questions, checked once the variants are rendered.

validate cannot convert a formula holding ``{{ a }}`` (the generator has not run), so the
build checks every formula of every variant right after expanding it, before any exporter
runs, and reports a failure at the formula in the template the author wrote (the k-th formula
of the rendered field is the k-th of the template), naming the variant.
"""

from __future__ import annotations

from ..diagnostics import CourseError, Diagnostic, Location
from ..load.loader import markdown_fields
from ..load.markdown_math import check, find_math, line_col
from ..model import QuestionBase, Quiz


def check_variant_math(quiz: Quiz, question: QuestionBase, variants: list[QuestionBase]) -> None:
    templates = dict(markdown_fields(question))
    field_at = quiz._field_at.get(question.id, {})
    found: list[Diagnostic] = []
    seen: set[tuple] = set()
    for i, variant in enumerate(variants, start=1):
        for sub, text in markdown_fields(variant):
            for k, ref in enumerate(find_math(text)):
                problem = check(ref)
                if problem is None:
                    continue
                where = _template_location(templates.get(sub, ""), k, field_at.get(sub), question.loc)
                if (where, problem.code) in seen:
                    continue  # one report per formula, for its first failing variant
                seen.add((where, problem.code))
                found.append(
                    Diagnostic(
                        problem.code,
                        f"variant {i} of question '{question.id}': {problem.message}",
                        where,
                        hint=problem.hint + "; check the values the generator returns",
                    )
                )
    if found:
        raise CourseError(found)


def _template_location(template: str, k: int, at, fallback: Location) -> Location:
    if at is None:
        return fallback
    refs = find_math(template)
    if k < len(refs) and refs[k].offset is not None:
        return at(*line_col(template, refs[k].offset))
    return at(1, 1)
