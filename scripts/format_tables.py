"""Refresh (--write) or check (--check) the key tables of docs/format.md.

The tables between `<!-- keys:NAME -->` and `<!-- /keys -->` are generated from the model's
field descriptions (coursekit.schema_docs), the same text editors show from the JSON Schemas.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coursekit.schema_docs import markers, refresh, tables

DOC = Path(__file__).resolve().parents[1] / "docs" / "format.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="exit 1 if the tables are not up to date")
    mode.add_argument("--write", action="store_true", help="rewrite the tables in place")
    args = parser.parse_args()
    text = DOC.read_text(encoding="utf-8")
    fresh = refresh(text)
    missing = sorted(set(tables()) - set(markers(text)))
    if args.write:
        DOC.write_text(fresh, encoding="utf-8")
    elif fresh != text:
        print(f"{DOC}: key tables are out of date; run python scripts/format_tables.py --write", file=sys.stderr)
        return 1
    if missing:
        print(f"{DOC}: no place for the tables {', '.join(missing)} (add <!-- keys:NAME --> blocks)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
