"""An OPC package (ECMA-376 Part 2) read from a zip or a Flat OPC file, and written back.

Parts keep their original bytes, and only parts marked dirty are serialised again. A
round trip therefore leaves every other part byte for byte as it was.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from ..errors import (CorruptDocumentError, DocumentTooLargeError, PasswordProtectedError,
                      UnsupportedFormatError)
from ..limits import DEFAULT_LIMITS, Limits
from ..results import Message
from . import namespaces as ns
from .safexml import parse_xml
from .sniff import detect_format

CONTENT_TYPES_NAME = "[Content_Types].xml"
_CHUNK = 64 * 1024
# Below this size a high compression ratio is normal (a run of identical XML tags
# compresses several hundred times), so the ratio check starts here.
_RATIO_FLOOR = 1024 * 1024


@dataclass(frozen=True)
class Relationship:
    """One ``Relationship`` element: id, type, raw target, and the part it resolves to."""

    rid: str
    type: str
    target: str
    external: bool
    target_name: str | None  # part name without the leading slash; None when external


class Part:
    """One part: its name (no leading slash), content type and original bytes.

    ``xml`` parses ``blob`` on first use with the safe parser; Strict namespaces are
    mapped to Transitional on the way in. Call ``mark_dirty()`` after changing ``xml``
    so that ``to_bytes`` serialises it instead of writing the original bytes.

    A part read from a zip drops its inflated bytes once they are parsed, because the
    tree then contains the content, and ``blob`` inflates the zip entry again on use.
    The main part of a long contract inflates to several megabytes.
    """

    def __init__(self, package: "Package", name: str, content_type: str, blob: bytes,
                 zip_info: zipfile.ZipInfo | None = None):
        self.package = package
        self.name = name
        self.content_type = content_type
        self.dirty = False
        self._blob: bytes | None = blob
        self._zip_info = zip_info
        self._xml: etree._Element | None = None

    def __repr__(self) -> str:
        return f"Part({self.name!r}, {self.content_type!r})"

    @property
    def is_xml(self) -> bool:
        return self.content_type.endswith("xml") or self.name.endswith((".xml", ".rels"))

    @property
    def blob(self) -> bytes:
        """The part's original bytes, as stored in the package."""
        if self._blob is None:
            return self.package._inflate_again(self._zip_info)
        return self._blob

    @property
    def parsed(self) -> bool:
        """True once ``xml`` has been read or set."""
        return self._xml is not None

    @property
    def xml(self) -> etree._Element:
        if self._xml is None:
            data = self.blob
            if ns.STRICT_PREFIX in data:
                data = ns.strict_to_transitional(data)
                self.package._note_strict(self.name)
            self._xml = parse_xml(data, self.name)
            if self._zip_info is not None:
                self._blob = None
        return self._xml

    @xml.setter
    def xml(self, root: etree._Element) -> None:
        self._xml = root
        self.dirty = True

    def mark_dirty(self) -> None:
        self.dirty = True

    def serialize(self) -> bytes:
        """Return the bytes to write: the original ones unless the part is dirty."""
        if self.dirty and self._xml is not None:
            return etree.tostring(self._xml, xml_declaration=True, encoding="UTF-8",
                                  standalone=True)
        return self.blob

    @property
    def streams_to_zip(self) -> bool:
        """True when ``write_xml`` writes the same bytes as ``serialize``.

        ``ElementTree.write`` also writes the comments and processing instructions that
        sit beside the root element (a ``<?mso-contentType?>`` before a custom XML
        root), which ``serialize`` leaves out, so such trees are not streamed.
        """
        root = self._xml
        return (self.dirty and root is not None and root.getparent() is None
                and root.getprevious() is None and root.getnext() is None)

    def write_xml(self, stream) -> None:
        """Serialise the changed tree into ``stream`` piece by piece.

        A changed main part of a long contract serialises to over 10 MB, which
        ``serialize`` would hold in memory at once beside the tree.
        """
        etree.ElementTree(self._xml).write(stream, xml_declaration=True, encoding="UTF-8",
                                           standalone=True)


class Package:
    """A Word package. Open with ``Package.open(data, limits)``; see ``to_bytes`` to write.

    ``warnings`` collects what the package itself found odd (dangling relationships,
    Strict namespaces, encrypted parts); the text reader adds its own.
    """

    def __init__(self, source_format: str, limits: Limits = DEFAULT_LIMITS):
        self.source_format = source_format
        self.limits = limits
        self.parts: dict[str, Part] = {}
        self.warnings: list[Message] = []
        self.strict = False
        self._by_lower: dict[str, str] = {}
        self._defaults: dict[str, str] = {}
        self._overrides: dict[str, str] = {}
        self._content_types_blob: bytes | None = None
        self._content_types_dirty = False
        self._zip_infos: dict[str, zipfile.ZipInfo] = {}
        self._archive: zipfile.ZipFile | None = None
        self._order: list[str] = []
        self._rels_cache: dict[str | None, list[Relationship]] = {}
        self._warned: set[tuple[str, str]] = set()

    # ----- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, data: bytes, limits: Limits = DEFAULT_LIMITS) -> "Package":
        """Read a .docx/.docm/.dotx zip or a Flat OPC file; raise a TermScoreError if unreadable."""
        kind = detect_format(data)
        if kind == "zip":
            package = cls(source_format="docx", limits=limits)
            package._read_zip(data)
        elif kind == "flatopc":
            from .flatopc import read_flat_opc

            package = cls(source_format="flatopc", limits=limits)
            read_flat_opc(package, data)
        else:
            raise UnsupportedFormatError(
                "the input is neither a zip package (.docx) nor a Flat OPC XML file; "
                "upload a .docx, .docm, .dotx or Flat OPC .xml file")
        package._check_package_relationships()
        return package

    def _read_zip(self, data: bytes) -> None:
        limits = self.limits
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            infos = [info for info in archive.infolist() if not info.is_dir()]
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
                NotImplementedError) as exc:
            raise CorruptDocumentError(
                f"the file is not a readable zip archive ({exc}); it is truncated or damaged. "
                "Re-save it from Word and try again") from exc
        self._check_declared_sizes(infos, len(data))

        seen: set[str] = set()
        for info in infos:
            if info.filename.lower() in seen:
                raise CorruptDocumentError(
                    f"the zip contains two entries named {info.filename!r}; the package is damaged")
            seen.add(info.filename.lower())
        if CONTENT_TYPES_NAME.lower() not in seen:
            raise UnsupportedFormatError(
                "the zip archive has no [Content_Types].xml, so it is not an Office Open XML "
                "document; upload a .docx file")

        inflated = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise PasswordProtectedError(
                    f"zip entry {info.filename!r} is encrypted; the document is "
                    "password-protected; remove the password and try again")
            blob = self._inflate(archive, info, inflated)
            inflated += len(blob)
            self._zip_infos[info.filename] = info
            if info.filename == CONTENT_TYPES_NAME or info.filename.lower() == "[content_types].xml":
                self._content_types_blob = blob
                self._order.append(CONTENT_TYPES_NAME)
                continue
            self._order.append(info.filename)
            self.parts[info.filename] = Part(self, info.filename, "", blob, info)
            self._by_lower[info.filename.lower()] = info.filename
        self._parse_content_types()
        # Kept to inflate again the entries whose bytes a parsed part dropped.
        self._archive = archive

    def _check_declared_sizes(self, infos: list[zipfile.ZipInfo], input_size: int) -> None:
        limits = self.limits
        if len(infos) > limits.max_parts:
            raise DocumentTooLargeError(
                f"the zip contains {len(infos):,} entries, over the limit of {limits.max_parts:,}; "
                "this is not an ordinary Word document")
        total = sum(info.file_size for info in infos)
        if total > limits.max_uncompressed_bytes:
            raise DocumentTooLargeError(
                f"the document declares {total:,} bytes uncompressed, over the "
                f"{limits.max_uncompressed_bytes:,}-byte limit; it was rejected before "
                "inflating (zip bomb or very large document)")
        for info in infos:
            if info.file_size < _RATIO_FLOOR:
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                raise DocumentTooLargeError(
                    f"zip entry {info.filename!r} expands {ratio:,.0f} times "
                    f"({info.compress_size:,} to {info.file_size:,} bytes), over the ratio "
                    f"limit of {limits.max_compression_ratio:g}; rejected as a zip bomb")
        if total >= _RATIO_FLOOR and total / max(input_size, 1) > limits.max_compression_ratio:
            raise DocumentTooLargeError(
                f"the document expands {total / max(input_size, 1):,.0f} times, over the ratio "
                f"limit of {limits.max_compression_ratio:g}; rejected as a zip bomb")

    def _inflate(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, inflated: int) -> bytes:
        # Sizes were checked as declared; count again while inflating because a hostile
        # zip can declare sizes that its data does not keep.
        cap = self.limits.max_uncompressed_bytes
        chunks: list[bytes] = []
        size = 0
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > info.file_size or inflated + size > cap:
                        raise DocumentTooLargeError(
                            f"zip entry {info.filename!r} inflates past its declared size or "
                            f"the {cap:,}-byte limit; rejected as a zip bomb")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            # ValueError: a damaged header offset makes zipfile seek before the start.
            raise CorruptDocumentError(
                f"zip entry {info.filename!r} cannot be inflated ({exc}); the document is "
                "truncated or damaged. Re-save it from Word") from exc
        except NotImplementedError as exc:
            raise CorruptDocumentError(
                f"zip entry {info.filename!r} uses a compression method TermScore cannot read "
                f"({exc}); re-save the document from Word") from exc
        return b"".join(chunks)

    def _inflate_again(self, info: zipfile.ZipInfo | None) -> bytes:
        if self._archive is None or info is None:
            raise ValueError("the part has no stored bytes and no zip entry to inflate")
        return self._inflate(self._archive, info, 0)

    def _parse_content_types(self) -> None:
        root = parse_xml(self._content_types_blob or b"", CONTENT_TYPES_NAME)
        for child in root:
            if child.tag == f"{{{ns.PKG_CT}}}Default":
                self._defaults[child.get("Extension", "").lower()] = child.get("ContentType", "")
            elif child.tag == f"{{{ns.PKG_CT}}}Override":
                name = unquote(child.get("PartName", "")).lstrip("/").lower()
                self._overrides[name] = child.get("ContentType", "")
        for part in self.parts.values():
            part.content_type = self.content_type_of(part.name)

    def content_type_of(self, name: str) -> str:
        """Return the content type [Content_Types].xml gives the part ``name``, or ""."""
        override = self._overrides.get(name.lower())
        if override is not None:
            return override
        extension = name.rpartition(".")[2].lower() if "." in name else ""
        return self._defaults.get(extension, "")

    # ----- parts and relationships ---------------------------------------------------

    def get(self, name: str) -> Part | None:
        """Return the part called ``name`` (leading slash optional, case-insensitive)."""
        real = self._by_lower.get(name.lstrip("/").lower())
        return self.parts.get(real) if real else None

    def _add_loaded_part(self, name: str, content_type: str, blob: bytes) -> Part:
        part = Part(self, name, content_type, blob)
        self.parts[name] = part
        self._by_lower[name.lower()] = name
        self._order.append(name)
        return part

    @staticmethod
    def rels_name(source: "Part | str | None") -> str:
        """Return the name of the relationships part of ``source`` (None: the package)."""
        if source is None:
            return "_rels/.rels"
        name = source.name if isinstance(source, Part) else source.lstrip("/")
        folder, _, base = name.rpartition("/")
        return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"

    def relationships(self, source: "Part | None" = None) -> list[Relationship]:
        """Return the relationships of ``source`` (None: the package), in document order."""
        key = source.name if source is not None else None
        cached = self._rels_cache.get(key)
        if cached is not None:
            return cached
        rels_part = self.get(self.rels_name(source))
        result: list[Relationship] = []
        if rels_part is not None:
            base = posixpath.dirname(source.name) if source is not None else ""
            for element in rels_part.xml:
                if element.tag != f"{{{ns.PKG_RELS}}}Relationship":
                    continue
                target = element.get("Target", "")
                external = element.get("TargetMode") == "External"
                target_name = None if external else _resolve(base, target)
                result.append(Relationship(element.get("Id", ""),
                                           ns.strict_rel_type(element.get("Type", "")),
                                           target, external, target_name))
        self._rels_cache[key] = result
        return result

    def related_all(self, source: "Part | None", rel_type: str) -> list[Part]:
        """Return every part ``source`` relates to with ``rel_type``, in relationship order.

        A relationship whose target part is absent adds a ``dangling_relationship``
        warning and is skipped.
        """
        found: list[Part] = []
        for rel in self.relationships(source):
            if rel.type != rel_type or rel.external:
                continue
            part = self.get(rel.target_name or "")
            if part is None:
                self._warn_dangling(source, rel)
                continue
            if part not in found:
                found.append(part)
        return found

    def related(self, source: "Part | None", rel_type: str) -> Part | None:
        """Return the first part ``source`` relates to with ``rel_type``, or None."""
        parts = self.related_all(source, rel_type)
        return parts[0] if parts else None

    def part_by_rid(self, source: Part, rid: str) -> Part | None:
        for rel in self.relationships(source):
            if rel.rid == rid and not rel.external:
                return self.get(rel.target_name or "")
        return None

    @property
    def main_part(self) -> Part:
        """The officeDocument part, found through ``_rels/.rels`` whatever its name."""
        rels = [r for r in self.relationships(None) if r.type == ns.RT_OFFICE_DOCUMENT]
        if not rels:
            raise UnsupportedFormatError(
                "the package has no officeDocument relationship in _rels/.rels, so it has no "
                "main document part; it is not a Word document")
        part = self.get(rels[0].target_name or "")
        if part is None:
            raise CorruptDocumentError(
                f"the main document part {rels[0].target!r} named in _rels/.rels is missing "
                "from the package; the document is damaged")
        return part

    def _check_package_relationships(self) -> None:
        for rel in self.relationships(None):
            if not rel.external and self.get(rel.target_name or "") is None:
                self._warn_dangling(None, rel)

    def _warn_dangling(self, source: Part | None, rel: Relationship) -> None:
        where = source.name if source is not None else "the package (_rels/.rels)"
        self.warn("dangling_relationship",
                  f"{where} has relationship {rel.rid} to {rel.target!r}, which is not in "
                  "the package; it was ignored", location=rel.target_name)

    # NOTE: a Strict part that is changed is written back with Transitional namespaces,
    # while unchanged parts keep Strict ones; Word may refuse such a mixed package.
    def _note_strict(self, part_name: str) -> None:
        if not self.strict:
            self.strict = True
            self.warn("strict_ooxml",
                      "the document uses ISO Strict Open XML namespaces; TermScore read it by "
                      "mapping them to Transitional ones")

    def warn(self, code: str, message: str, location: str | None = None) -> None:
        """Add a warning once per (code, message), written as a sentence like other results."""
        message = message[:1].upper() + message[1:]
        if not message.endswith("."):
            message += "."
        if (code, message) not in self._warned:
            self._warned.add((code, message))
            self.warnings.append(Message(code, message, location))

    # ----- changing ------------------------------------------------------------------

    def unused_part_name(self, name: str) -> str:
        """Return ``name``, or ``name`` with a number before its suffix when that is taken.

        A damaged package can hold a part of the usual name (``word/settings.xml``) that no
        relationship reaches; a new part must not replace it.
        """
        name = name.lstrip("/")
        stem, dot, suffix = name.rpartition(".")
        number = 1
        while self.get(name) is not None:
            number += 1
            name = f"{stem}{number}{dot}{suffix}"
        return name

    def add_part(self, name: str, content_type: str, root: etree._Element) -> Part:
        """Add a new XML part and its content-type override; return the part."""
        name = name.lstrip("/")
        if self.get(name) is not None:
            raise ValueError(f"part {name!r} already exists")
        part = self._add_loaded_part(name, content_type, b"")
        part.xml = root
        self._overrides[name.lower()] = content_type
        self._content_types_dirty = True
        return part

    def add_relationship(self, source_part: Part | None, rel_type: str, target: str,
                         external: bool = False) -> str:
        """Add a relationship from ``source_part`` (None: the package); return its new rId.

        ``target`` is relative to the source part's folder, as OPC stores it.
        """
        rels_name = self.rels_name(source_part)
        rels_part = self.get(rels_name)
        if rels_part is None:
            root = etree.Element(f"{{{ns.PKG_RELS}}}Relationships", nsmap={None: ns.PKG_RELS})
            rels_part = self.add_part(rels_name, ns.CT_RELS, root)
            self._overrides.pop(rels_name.lower(), None)
            self._defaults.setdefault("rels", ns.CT_RELS)
        used = {el.get("Id") for el in rels_part.xml}
        number = len(used) + 1
        while f"rId{number}" in used:
            number += 1
        rid = f"rId{number}"
        element = etree.SubElement(rels_part.xml, f"{{{ns.PKG_RELS}}}Relationship")
        element.set("Id", rid)
        element.set("Type", rel_type)
        element.set("Target", target)
        if external:
            element.set("TargetMode", "External")
        rels_part.mark_dirty()
        self._rels_cache.pop(source_part.name if source_part is not None else None, None)
        return rid

    # ----- writing -------------------------------------------------------------------

    def content_types_xml(self) -> bytes:
        """Return [Content_Types].xml: the original bytes unless parts were added."""
        if self._content_types_blob is not None and not self._content_types_dirty:
            return self._content_types_blob
        root = etree.Element(f"{{{ns.PKG_CT}}}Types", nsmap={None: ns.PKG_CT})
        for extension, content_type in self._defaults.items():
            etree.SubElement(root, f"{{{ns.PKG_CT}}}Default", Extension=extension,
                             ContentType=content_type)
        for part in self.parts.values():
            override = self._overrides.get(part.name.lower())
            if override is not None:
                etree.SubElement(root, f"{{{ns.PKG_CT}}}Override", PartName="/" + part.name,
                                 ContentType=override)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def to_bytes(self, format: str | None = None) -> bytes:
        """Write the package as "docx" (zip) or "flatopc"; default: the format it came in."""
        fmt = format or self.source_format
        if fmt == "flatopc":
            from .flatopc import write_flat_opc

            return write_flat_opc(self)
        if fmt not in ("docx", "docm", "dotx", "dotm", "zip"):
            raise ValueError(f"unknown package format {fmt!r}; use 'docx' or 'flatopc'")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            names = list(self._order)
            if CONTENT_TYPES_NAME not in names:
                names.insert(0, CONTENT_TYPES_NAME)
            for name in names:
                if name == CONTENT_TYPES_NAME:
                    data = self.content_types_xml()
                else:
                    part = self.parts.get(name)
                    if part is None:
                        continue
                    data = b"" if part.streams_to_zip else part.serialize()
                original = self._zip_infos.get(name)
                info = zipfile.ZipInfo(name, date_time=original.date_time if original
                                       else (1980, 1, 1, 0, 0, 0))
                info.compress_type = (original.compress_type if original
                                      and original.compress_type in (zipfile.ZIP_STORED,
                                                                     zipfile.ZIP_DEFLATED)
                                      else zipfile.ZIP_DEFLATED)
                info.external_attr = original.external_attr if original else 0o600 << 16
                if name != CONTENT_TYPES_NAME and part.streams_to_zip:
                    with archive.open(info, "w") as entry:
                        part.write_xml(entry)
                    continue
                archive.writestr(info, data)
        return out.getvalue()


def _resolve(base: str, target: str) -> str:
    """Resolve a relationship target against the source part's folder (ECMA-376 Part 2, 9.3)."""
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        path = target
    else:
        path = posixpath.join("/" + base, target)
    return posixpath.normpath(path).lstrip("/")
