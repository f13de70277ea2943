"""Re-make exporters/html/static/STIXTwoMath-Regular.woff2 (the math font of the html target).

    pip download --no-deps -d /tmp/zm ziamath==0.13 && unzip -o /tmp/zm/ziamath-0.13-py3-none-any.whl -d /tmp/zm
    pip install fonttools brotli
    python scripts/make_math_font.py /tmp/zm/ziamath/fonts/STIXTwoMath-Regular.ttf

The TTF is STIX Two Math 2.11 (SIL OFL 1.1, see STIXTwoMath-OFL.txt beside the font); it is only
re-encoded as WOFF2, nothing is subset or renamed. Check the sha256 printed against the one in
STIXTwoMath-OFL.txt.
"""

import hashlib
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent.parent / "exporters" / "html" / "static" / "STIXTwoMath-Regular.woff2"


def main(ttf: str) -> None:
    print("sha256 of the input:", hashlib.sha256(Path(ttf).read_bytes()).hexdigest())
    font = TTFont(ttf)
    assert "MATH" in font, "not an OpenType math font"
    font.flavor = "woff2"
    font.save(str(OUT))
    print("wrote", OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main(sys.argv[1])
