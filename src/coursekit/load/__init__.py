"""Load stage: read a course folder into a validated, located Course."""

from ..course_dir import course_dir_default
from .loader import load_course

__all__ = ["load_course", "course_dir_default"]
