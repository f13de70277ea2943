"""Load stage: read a course folder into a validated, located Course."""
from .loader import course_dir_default, load_course

__all__ = ["load_course", "course_dir_default"]
