"""Reading foreign files defensively: size limits, safe XML, safe zips, strict text decoding.

Everything a reader opens goes through here, so hostile input ends as one located
``ImportProblem`` (exit 1, nothing written) rather than a traceback, a fetched URL, an
expanded entity or a file outside the output folder:

- XML is parsed by lxml with ``resolve_entities=False, no_network=True, load_dtd=False``;
  a document that declares entities (internal subset) or names an external DTD is refused
  (CK903), since its text could only be read by expanding or fetching them.
- Zips are read into memory, never extracted: a member whose name leaves the package
  (``../``, absolute, drive letter), a symlink, more than ``MAX_MEMBERS`` members or more
  than ``MAX_UNPACKED`` bytes unpacked (zip bombs) refuses the package (CK904).
- Text must be UTF-8 (a BOM is allowed); otherwise the first bad byte is located (CK902).
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from lxml import etree

from ..diagnostics import Location, display_path
from .draft import ImportProblem

MAX_SOURCE_BYTES = 512 * 1024 * 1024  # a 10,000-question Moodle bank with images is ~100 MB
MAX_MEMBERS = 50_000
MAX_UNPACKED = 1024 * 1024 * 1024
MAX_MEMBER = 256 * 1024 * 1024


def where(path: Path | str, line: int = 1, col: int = 1) -> Location:
    return Location(display_path(Path(path)) if isinstance(path, Path) else path, line, col)


def read_source(path: Path, limit: int | None = None) -> bytes:
    limit = min(limit or MAX_SOURCE_BYTES, MAX_SOURCE_BYTES)
    if not path.exists():
        raise ImportProblem("CK901", "no such file", where(path), "check the path of the file to import")
    if not path.is_file():
        raise ImportProblem("CK901", "not a file", where(path), "name a file (a folder cannot be imported)")
    size = path.stat().st_size
    if size > limit:
        raise ImportProblem(
            "CK901", f"the file is {size:,} bytes, over the import limit of {limit:,}", where(path), "split the export"
        )
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ImportProblem(
            "CK901", f"cannot read the file: {exc.strerror}", where(path), "check its permissions"
        ) from None
    if len(data) > limit:
        raise ImportProblem("CK901", f"the file is over the import limit of {limit:,} bytes", where(path), "split it")
    return data


def decode_text(data: bytes, label: str) -> str:
    """UTF-8 text (BOM dropped, CRLF/CR as LF); a located CK902 on the first invalid byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096]:
        raise ImportProblem(
            "CK902", "the file is binary, not text", Location(label, 1, 1), "export the questions as text"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise ImportProblem(
            "CK902",
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02x})",
            Location(label, line, col),
            "save it as UTF-8, e.g. iconv -f windows-1252 -t utf-8 FILE > FILE.utf8",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


_PARSER = None


def _parser() -> etree.XMLParser:
    global _PARSER
    if _PARSER is None:
        # huge_tree: a Moodle bank holds base64 images far over libxml2's 10 MB text limit;
        # the input size is bounded by MAX_SOURCE_BYTES instead.
        _PARSER = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=True,
            remove_blank_text=False,
            strip_cdata=True,
            recover=False,
        )
    return _PARSER


def parse_xml(data: bytes, label: str) -> etree._Element:
    """A safe XML parse of ``data``; located CK902 (not XML) or CK903 (DTD/entities)."""
    head = data[:4096].lstrip()
    if not head.startswith(b"<") and not head.startswith(b"\xef\xbb\xbf<") and not head.startswith(b"\xff\xfe"):
        if not head.startswith(b"\xfe\xff"):
            raise ImportProblem(
                "CK902", "the file is not XML", Location(label, 1, 1), "import the XML file the platform exported"
            )
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (1, 1)
        message = str(exc.msg or exc).split(", line ")[0]
        code = "CK903" if "entity" in message.lower() else "CK902"
        raise ImportProblem(
            code,
            f"not well-formed XML: {message}",
            Location(label, max(line, 1), max(col, 1)),
            "import the file the platform exported, unchanged"
            if code == "CK902"
            else "entities are not expanded: remove the DOCTYPE and write the characters themselves",
        ) from None
    except ValueError as exc:  # e.g. a unicode string with an encoding declaration
        raise ImportProblem("CK902", f"not XML: {exc}", Location(label, 1, 1), "import the exported file") from None
    docinfo = tree.docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and (list(dtd.iterentities()) or list(dtd.elements())):
        raise ImportProblem(
            "CK903",
            "the document declares its own DTD entities or elements, which are never expanded",
            Location(label, 1, 1),
            "remove the DOCTYPE and write the characters themselves",
        )
    if docinfo.system_url:
        raise ImportProblem(
            "CK903",
            f"the document names an external DTD ({docinfo.system_url}), which is never fetched",
            Location(label, 1, 1),
            "remove the DOCTYPE line",
        )
    root = tree.getroot()
    for node in root.iter(etree.Entity):
        raise ImportProblem(
            "CK903",
            f"the entity {node.text} is not defined",
            Location(label, node.sourceline or 1, 1),
            "write the character itself",
        )
    return root


def member_name(raw: str) -> str | None:
    """A zip member's name as a safe relative POSIX path, or None when it would leave the package."""
    name = raw.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [p for p in PurePosixPath(name).parts if p not in ("", ".")]
    if not parts or ".." in parts or any(ord(c) < 32 for c in name):
        return None
    return "/".join(parts)


class SafeZip:
    """A zip package read into memory, checked member by member."""

    def __init__(self, data: bytes, label: str):
        import io

        self.label = label
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
            infos = zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
            raise ImportProblem(
                "CK902", f"not a zip package ({exc})", Location(label, 1, 1), "import the .zip the platform exported"
            ) from None
        if len(infos) > MAX_MEMBERS:
            raise ImportProblem(
                "CK904",
                f"the package has {len(infos):,} members (limit {MAX_MEMBERS:,})",
                Location(label, 1, 1),
                "export the questions in smaller packages",
            )
        self.files: dict[str, bytes] = {}
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            name = member_name(info.filename)
            where_ = Location(f"{label}!{info.filename}", 1, 1)
            if name is None:
                raise ImportProblem(
                    "CK904",
                    f"the member {info.filename!r} would be written outside the package (zip slip)",
                    where_,
                    "this package is unsafe; export it again from the platform",
                )
            if stat.S_ISLNK(info.external_attr >> 16):
                raise ImportProblem("CK904", "the package holds a symbolic link", where_, "export it again")
            if info.file_size > MAX_MEMBER or total + info.file_size > MAX_UNPACKED:
                raise ImportProblem(
                    "CK904", "the package unpacks to more than the import limit (zip bomb?)", where_, "split it"
                )
            try:
                with zf.open(info) as fh:
                    content = fh.read(MAX_MEMBER + 1)
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError, ValueError) as exc:
                raise ImportProblem("CK902", f"a damaged member: {exc}", where_, "export it again") from None
            if len(content) > MAX_MEMBER or len(content) != info.file_size:
                raise ImportProblem(
                    "CK904", "a member's size does not match its header (zip bomb?)", where_, "export it again"
                )
            total += len(content)
            if name in self.files:
                raise ImportProblem("CK904", f"the member {name!r} appears twice", where_, "export it again")
            self.files[name] = content

    def where(self, name: str, line: int = 1) -> Location:
        return Location(f"{self.label}!{name}", line, 1)

    def read(self, name: str) -> bytes | None:
        return self.files.get(name)

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.files[name], f"{self.label}!{name}")
