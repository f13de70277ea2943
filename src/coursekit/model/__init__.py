"""The typed model of the authoring format (shared/course-format.md). Pure data, no I/O."""

from .base import Node
from .course import Chapter, ChapterMeta, Course, CourseFile
from .question import (
    QUESTION_TYPES,
    Choice,
    DropdownBlank,
    Essay,
    Feedback,
    FillBlanks,
    Matching,
    MultipleResponse,
    NumericQuestion,
    Ordering,
    Pair,
    Question,
    QuestionBase,
    ShortAnswer,
    ShortAnswerOption,
    SingleChoice,
    TrueFalse,
    TypedBlank,
    Variants,
    normalize_answer,
)
from .quiz import Quiz
from .simulation import MAX_FRAMES, ChoiceParam, NumberParam, Simulation, grid_values

__all__ = [n for n in dir() if not n.startswith("_")]
