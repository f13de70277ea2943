"""The command line: validate, build, serve, import, render-sim, schema, new.

Heavy modules are imported inside the commands so that ``coursekit --help`` stays fast.
Every command turns problems into located diagnostics and an exit status; no Python
traceback reaches the user (an unexpected crash prints one line and exits 1).
"""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path

import click

from .targets import TARGETS

FORMATS = ("text", "json", "github")


def _no_traceback(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            from .diagnostics import CourseError, InternalError

            if isinstance(exc, CourseError):
                click.echo(exc.diagnostics.render("text"), err=True)
                sys.exit(1)
            kind = exc.kind if isinstance(exc, InternalError) else type(exc).__name__
            click.echo(f"coursekit: internal error: {kind}: {exc} (please report this)", err=True)
            sys.exit(1)

    return wrapper


def _course_dir(path: Path | None) -> Path:
    from .course_dir import course_dir_default

    return path if path is not None else course_dir_default()


def _report(diags, fmt: str, strict: bool, *, started: float, verbose: bool = False) -> int:
    out = diags.render(fmt, verbose=verbose, elapsed=time.perf_counter() - started)
    if out:
        click.echo(out)
    n_err, n_warn = diags.counts()
    if fmt == "text":
        click.echo(f"{n_err} error{'s' * (n_err != 1)}, {n_warn} warning{'s' * (n_warn != 1)}", err=True)
    return 1 if n_err or (strict and n_warn) else 0


_VERBOSE_HELP = "Text format: list every target-limit warning (by default one line per code)."


class _Commands(click.Group):
    """Lists the commands in the order an author meets them, not alphabetically."""

    ORDER = ("validate", "build", "serve", "new", "import", "render-sim", "schema")

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands, key=lambda n: (self.ORDER.index(n) if n in self.ORDER else len(self.ORDER), n))


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="coursekit")
def cli() -> None:
    """Write a course once; ship it to every learning platform.

    Run a command with --help for its options; docs/ in the repository has the format reference.
    """


@cli.command(short_help="Check a course and print every problem, located.")
@click.argument("course_dir", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format (json: a report with a summary, see `coursekit schema diagnostics`; github: Actions "
    "annotations).",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--verbose", "-v", is_flag=True, help=_VERBOSE_HELP)
@_no_traceback
def validate(course_dir: Path | None, fmt: str, strict: bool, verbose: bool) -> None:
    """Check a course and print every problem, located.

    Exits 0 when clean, 1 on errors (or on warnings with --strict). Warnings can be silenced
    with lint: {ignore: [CODE]} in course.yaml, a chapter, a quiz file or a question.
    """
    from .load import load_course

    started = time.perf_counter()
    _, diags = load_course(_course_dir(course_dir))
    sys.exit(_report(diags, fmt, strict, started=started, verbose=verbose))


@cli.command(short_help="Build the course for one or more targets (default: html).")
@click.argument("course_dir", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--target",
    "-t",
    "targets",
    multiple=True,
    type=click.Choice(list(TARGETS)),
    help="Output format; repeat for several (none: html).",
)
@click.option(
    "--out",
    "-o",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Output folder.",
)
@click.option("--sco-per-chapter", is_flag=True, help="SCORM: one SCO per chapter.")
@click.option("--split", is_flag=True, help="Moodle: one file per quiz.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (nothing is written).")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems (no progress).")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help=(
        "Use up to N processes: targets side by side, and a big bank's quizzes (2,000+ questions) split "
        "(0: one per CPU; 1: no extra processes)."
    ),
)
@click.option(
    "--no-cache", is_flag=True, help="Neither read nor write COURSE/.coursekit-cache/ (see docs/build-cache.md)."
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--verbose", "-v", is_flag=True, help=_VERBOSE_HELP)
@click.option("--watch", is_flag=True, help="Build again after every change to the course, until Ctrl-C.")
@_no_traceback
def build(course_dir, targets, out, sco_per_chapter, split, strict, quiet, jobs, no_cache, fmt, verbose, watch) -> None:
    """Build the course for one or more targets (default: html).

    Unchanged targets are copied from the build cache in COURSE/.coursekit-cache/
    (safe to delete). Builds over a second show per-target progress on a terminal.
    With --watch, builds again whenever a file of the course changes (see also: serve).
    """
    from .build import build_course
    from .progress import Progress, progress_wanted
    from .targets import expand

    started = time.perf_counter()
    names = expand(list(targets) or ["html"])
    options = {"sco_per_chapter": sco_per_chapter, "split": split, "strict": strict}
    if watch:
        from .serve.loop import watch_build

        sys.exit(watch_build(_course_dir(course_dir), names, out, options, cache=not no_cache, jobs=jobs, fmt=fmt))
    progress = Progress(len(names), enabled=progress_wanted(sys.stderr, quiet=quiet))
    diags = build_course(_course_dir(course_dir), names, out, options, cache=not no_cache, jobs=jobs, progress=progress)
    status = _report(diags, fmt, strict, started=started, verbose=verbose)
    if status == 0 and not quiet:
        click.echo(f"built {', '.join(names)} into {out}", err=True)
    sys.exit(status)


@cli.command(short_help="Preview the course in a browser while writing it.")
@click.argument("course_dir", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--port",
    "-p",
    type=click.IntRange(1, 65535),
    default=None,
    help="Port to listen on [default: 8000, or the next free one].",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the course in the web browser.")
@_no_traceback
def serve(course_dir: Path | None, port: int | None, host: str, open_browser: bool) -> None:
    """Preview the course in a browser while writing it.

    Builds the html target into a temporary folder, serves it, and after every change to
    the course rebuilds what changed and reloads the open pages; errors show over the
    page. Ctrl-C stops.
    """
    from .serve.loop import serve as serve_course

    sys.exit(serve_course(_course_dir(course_dir), host=host, port=port, open_browser=open_browser))


@cli.command("import", short_help="Turn a Moodle, Canvas, QTI, GIFT or text2qti bank into a course.")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["moodle", "canvas", "qti", "gift", "text2qti"]))
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    "-o",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="Course folder to create (new or empty), or an existing course to add to.",
)
@click.option("--quiz-id", "quiz_id", help="Put every imported question in one quiz with this id (a slug).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (nothing is written).")
@click.option("--format", "fmt_out", type=click.Choice(FORMATS), default="text", show_default=True)
@_no_traceback
def import_cmd(fmt: str, source: Path, out: Path, quiz_id: str | None, strict: bool, fmt_out: str) -> None:
    """Import a question bank (FORMAT: moodle, canvas, qti, gift, text2qti) into a course.

    Every question is imported or refused with a located warning; nothing is written when
    the source cannot be read (see docs/import.md for what becomes what).
    """
    import re

    from .importers import run_import
    from .model.base import SLUG_RE

    if quiz_id is not None and (not re.match(SLUG_RE, quiz_id) or len(quiz_id) > 64):
        raise click.BadParameter("must be a slug: [a-z0-9][a-z0-9-]*, at most 64 characters", param_hint="--quiz-id")
    started = time.perf_counter()
    report = run_import(fmt, source, out, quiz_id, strict)
    status = _report(report.diags, fmt_out, strict, started=started)
    if status == 0 or report.written:
        click.echo(f"imported {report.questions} questions in {report.quizzes} quizzes into {out}", err=True)
    sys.exit(1 if not report.written else status)


@cli.command("render-sim", short_help="Render one simulation to SVG, to preview it while writing it.")
@click.argument("args", nargs=-1, required=True, metavar="[COURSE_DIR] SIM_ID")
@click.option("--param", "-p", "params", multiple=True, help="name=value; repeat for several.")
@click.option(
    "--output",
    "-o",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the SVG here (default: stdout).",
)
@click.option(
    "--course",
    "course_opt",
    type=click.Path(path_type=Path, file_okay=False),
    hidden=True,
    help="The course folder (older spelling of the COURSE_DIR argument).",
)
@_no_traceback
def render_sim(args: tuple[str, ...], params: tuple[str, ...], out: Path | None, course_opt: Path | None) -> None:
    """Render one simulation to SVG to preview it while writing it.

    COURSE_DIR is the course folder, as for the other commands (default: the current folder if
    it holds course.yaml, else ./course/).
    """
    from .render.simulate import render_sim_command

    if len(args) > 2:
        raise click.UsageError("give at most COURSE_DIR and SIM_ID")
    sim_id = args[-1]
    course_dir = Path(args[0]) if len(args) == 2 else None
    if course_dir is not None and course_opt is not None:
        raise click.UsageError("give the course folder once: as COURSE_DIR or with --course, not both")
    sys.exit(render_sim_command(_course_dir(course_dir or course_opt), sim_id, list(params), out))


SCHEMA_KINDS = ("course", "quiz", "chapter", "diagnostics")


@cli.command(short_help="Print the JSON Schema of a course file, or of --format json.")
@click.argument("kind", required=False, type=click.Choice(SCHEMA_KINDS))
@_no_traceback
def schema(kind: str | None) -> None:
    """Print the JSON Schema of course.yaml, a quiz file, chapter front matter, or of the
    report `--format json` prints (diagnostics). Without KIND: the first three in one object.

    Point your editor's YAML language server at them (see README: Editor support).
    """
    import json

    from .model import ChapterMeta, CourseFile, Quiz

    models = {"course": CourseFile, "quiz": Quiz, "chapter": ChapterMeta}
    if kind == "diagnostics":
        from .report import diagnostics_schema

        data = diagnostics_schema()
    elif kind:
        data = models[kind].model_json_schema()
    else:
        data = {name: m.model_json_schema() for name, m in models.items()}
    click.echo(json.dumps(data, indent=2, sort_keys=True))


@cli.command(short_help="Start a course that teaches the format (or --minimal).")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--minimal", is_flag=True, help="Write only the smallest valid course (one chapter, one quiz).")
@click.option("--id", "course_id", help="The course id (a slug) [default: made from the folder's name].")
@_no_traceback
def new(directory: Path, minimal: bool, course_id: str | None) -> None:
    """Create a course in DIRECTORY (which must be empty or new).

    The course shows every part of the format (math, an image, a call-out, a simulation, all
    nine question types and a parametric one), with editor settings, a CI workflow and a
    README; it validates under --strict. --minimal writes just one chapter and one quiz.
    """
    from .scaffold import ScaffoldError, write_scaffold

    if directory.exists() and any(directory.iterdir()):
        raise click.UsageError(f"{directory} is not empty")
    existed = directory.exists()
    try:
        write_scaffold(directory, minimal=minimal, course_id=course_id)
    except ScaffoldError as exc:
        raise click.UsageError(str(exc)) from None
    except OSError as exc:  # a file where a folder must be, no permission, a full disk
        import shutil

        # No half-written course is left behind: the folder was new, or empty.
        for part in [directory] if not existed else list(directory.iterdir()):
            if part.is_dir() and not part.is_symlink():
                shutil.rmtree(part, ignore_errors=True)
            elif part.exists() or part.is_symlink():
                part.unlink()
        raise click.ClickException(f"cannot create {directory}: {exc.strerror or exc}") from None
    import shlex

    click.echo(f"created {directory}; try: coursekit validate {shlex.quote(str(directory))}", err=True)


def main() -> None:
    """The ``coursekit`` command (tests call ``cli`` instead, which keeps the process)."""
    import gc
    import os

    # A build of a big bank makes millions of objects that live until it ends. With the
    # default thresholds the cyclic GC re-scans them again and again (~10 % of a
    # 10,000-question build), and freeing them one by one at interpreter exit costs as much
    # again. This process is about to end: collect rarely, flush, and leave without the
    # teardown (every output file is closed and renamed into place before this point).
    gc.set_threshold(50_000, 20, 100)
    code: int | str | None = 0
    try:
        cli(prog_name="coursekit")
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (| head): nothing more to say
            pass
    os._exit(code or 0)
