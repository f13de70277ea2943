"""Compare TeX-to-MathML converters on tests/fixtures/math_corpus.yaml (the figures in docs/math.md).

Run with whichever candidates are installed (each JS engine package installs the module
``quickjs`` or ``py_mini_racer``, so compare quickjs against quickjs-ng in separate venvs):

    python bench/math_compare.py [--katex path/to/katex.min.js] [--json out.json]

Candidates: Temml (the file coursekit ships) and KaTeX's MathML output, each in every JS engine
that imports (QuickJS through ``quickjs``/``quickjs-ng``, V8 through ``mini-racer``), and the pure
Python ``latex2mathml``. For each: formulas that raised, outputs holding ``<merror>``, outputs
that are not well-formed XML, outputs that show TeX source to the reader (a ``\\command`` or an
``&`` in a text node outside ``<annotation>``), start-up time and mean time per formula.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

import yaml
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "math_corpus.yaml"
TEMML = ROOT / "src" / "coursekit" / "vendor" / "temml.min.js"
_LEAK_RE = re.compile(r"\\[A-Za-z]+|&")


def corpus() -> list[tuple[str, bool]]:
    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return [(f["tex"], bool(f["display"])) for f in data["formulas"]]


def leaks(mathml: str) -> str | None:
    """Why the output is unusable (None when it is fine)."""
    if "<merror" in mathml:
        return "merror"
    try:
        root = etree.fromstring(mathml.encode())
    except etree.XMLSyntaxError:
        return "not well-formed"
    for el in root.iter():
        if not isinstance(el.tag, str) or etree.QName(el).localname == "annotation":
            continue
        texts = [el.text] + [child.tail for child in el]
        for text in texts:
            if text and _LEAK_RE.search(text):
                return f"TeX shown: {text.strip()[:30]!r}"
    return None


def js_engines():
    try:
        import quickjs

        def make_qjs():
            ctx = quickjs.Context()
            return ctx.eval

        name = "quickjs-ng" if hasattr(quickjs, "__version__") or "ng" in (quickjs.__file__ or "") else "quickjs"
        try:
            from importlib.metadata import version

            name = f"quickjs-ng {version('quickjs-ng')}"
        except Exception:  # noqa: BLE001 - whichever of the two is installed
            from importlib.metadata import version

            name = f"quickjs {version('quickjs')}"
        yield name, make_qjs
    except ImportError:
        pass
    try:
        from importlib.metadata import version

        from py_mini_racer import MiniRacer

        def make_v8():
            return MiniRacer().eval

        yield f"mini-racer {version('mini-racer')} (V8)", make_v8
    except ImportError:
        pass


def js_candidate(engine_name, make, source: str, call: str):
    start = time.perf_counter()
    ev = make()
    ev(source)
    startup = time.perf_counter() - start

    def convert(tex: str, display: bool) -> str:
        # JSON.stringify: quickjs-ng cannot return a "rope" string to Python (coursekit does the same)
        return json.loads(ev("JSON.stringify(" + call % (json.dumps(tex), "true" if display else "false") + ")"))

    return startup, convert


def candidates(katex: Path | None):
    temml_src = TEMML.read_text(encoding="utf-8")
    temml_call = "temml.renderToString(%s, {displayMode: %s, annotate: true, throwOnError: true})"
    katex_call = (
        "katex.renderToString(%s, {displayMode: %s, output: 'mathml', throwOnError: true})"
        ".replace(/^<span class=\"katex\">/, '').replace(/<\\/span>$/, '')"
    )
    for engine, make in js_engines():
        yield f"Temml in {engine}", *js_candidate(engine, make, temml_src, temml_call)
        if katex is not None:
            yield f"KaTeX (MathML) in {engine}", *js_candidate(engine, make, katex.read_text(), katex_call)
    try:
        from importlib.metadata import version

        start = time.perf_counter()
        import latex2mathml.converter

        startup = time.perf_counter() - start

        def l2m(tex: str, display: bool) -> str:
            return latex2mathml.converter.convert(tex, display="block" if display else "inline")

        yield f"latex2mathml {version('latex2mathml')}", startup, l2m
    except ImportError:
        pass


def run(name, startup, convert, formulas) -> dict:
    errors, bad, times = [], [], []
    for tex, display in formulas:
        t = time.perf_counter()
        try:
            out = convert(tex, display)
        except Exception as exc:  # noqa: BLE001 - counting what each converter rejects
            errors.append((tex, str(exc).splitlines()[0][:100]))
            continue
        finally:
            times.append(time.perf_counter() - t)
        why = leaks(out)
        if why:
            bad.append((tex, why))
    # a second pass measures steady state (JIT warm, no memo: every call converts again)
    t = time.perf_counter()
    for tex, display in formulas:
        try:
            convert(tex, display)
        except Exception:  # noqa: BLE001, S112
            continue
    warm = (time.perf_counter() - t) / len(formulas)
    return {
        "candidate": name,
        "formulas": len(formulas),
        "errors": len(errors),
        "unusable_output": len(bad),
        "startup_ms": round(startup * 1000, 1),
        "first_pass_ms_per_formula": round(statistics.mean(times) * 1000, 3),
        "warm_ms_per_formula": round(warm * 1000, 3),
        "error_examples": errors[:6],
        "unusable_examples": bad[:6],
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--katex", type=Path, help="katex.min.js (npm katex dist) to include KaTeX")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    formulas = corpus()
    results = [run(name, s, c, formulas) for name, s, c in candidates(args.katex)]
    for r in results:
        print(
            f"{r['candidate']}: {r['errors']} errors, {r['unusable_output']} unusable of {r['formulas']}; "
            f"start-up {r['startup_ms']} ms; {r['first_pass_ms_per_formula']} ms/formula first pass, "
            f"{r['warm_ms_per_formula']} warm"
        )
        for tex, why in r["error_examples"] + r["unusable_examples"]:
            print(f"    {why}: {tex[:70]}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
