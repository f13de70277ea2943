"""coursekit: write a course once, ship it to every learning platform."""

__version__ = "0.1.0"
