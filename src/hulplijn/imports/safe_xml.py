"""Parse untrusted XML safely: size limit, no DTD entities, no network, no huge trees.

defusedxml's lxml-compatible checks refuse DTDs with entity declarations (billion laughs) and
external entities (XXE); lxml is then used with ``resolve_entities=False``, ``no_network=True``
and ``huge_tree=False`` for namespace-agnostic queries.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from decimal import Decimal
from xml.parsers import expat

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring as defused_fromstring
from lxml import etree

from hulplijn.core import numbers
from hulplijn.imports.errors import ImportRefused

MAX_BYTES = 20 * 1024 * 1024  # 20 MB: far above any SME's annual accounts or monthly statement
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100  # a compression ratio above this is treated as a zip bomb


MB = 1024 * 1024


def _megabytes(size: int, *, up: bool) -> tuple[str, str]:
    """``size`` in MB as Dutch and English text with at most one decimal, rounded up or down."""
    tenths = Decimal(-(-size * 10 // MB) if up else size * 10 // MB).scaleb(-1)
    return numbers.number(tenths, "nl", 1, trim=True), numbers.number(tenths, "en", 1, trim=True)


def check_size(data: bytes, limit: int = MAX_BYTES) -> None:
    """Refuse files over ``limit`` bytes (the size in whole MB, or with one decimal where whole
    MB would not look larger than the limit: '5,1 MB; hoogstens 5 MB')."""
    if len(data) > limit:
        whole = len(data) // MB > limit / MB
        size_nl, size_en = (str(len(data) // MB),) * 2 if whole else _megabytes(len(data), up=True)
        limit_nl, limit_en = _megabytes(limit, up=False)
        raise ImportRefused(
            "too_large",
            f"het bestand is te groot ({size_nl} MB; hoogstens {limit_nl} MB)",
            f"the file is too large ({size_en} MB; at most {limit_en} MB)",
        )


def more_elements_than(data: bytes, limit: int) -> bool:
    """Whether XML bytes hold more than ``limit`` elements, counted before the file is parsed
    for real; counting stops at the limit, so a file of a million tiny elements costs a tenth
    of a second, not the seconds that building and searching its whole tree would. Malformed
    XML counts as within (``parse`` names that problem)."""
    if data.count(b"<") <= limit:  # every element has a '<' of its own: certainly within
        return False
    events = etree.iterparse(
        io.BytesIO(data),
        events=("start",),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
    )
    count = 0
    try:
        for _event in events:
            count += 1
            if count > limit:
                return True
    except etree.XMLSyntaxError:
        return False
    return False


def is_system_entry(name: str) -> bool:
    """Whether a zip entry is one the archiving program added, not a file the user chose:
    folders, macOS Finder's ``__MACOSX/`` tree and ``._name`` AppleDouble files (resource
    forks beside every file, with the same suffix), ``.DS_Store`` and Windows' ``Thumbs.db``."""
    parts = name.replace("\\", "/").split("/")
    base = parts[-1]
    return (
        not base
        or "__MACOSX" in parts[:-1]
        or base.startswith("._")
        or base in (".DS_Store", "Thumbs.db", "desktop.ini")
    )


def _archive(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportRefused(
            "bad_zip", "het zip-bestand is beschadigd", "the zip file is damaged"
        ) from None


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, room: int) -> bytes:
    """One member's content, refusing a bomb (over ``room`` bytes or an extreme ratio)."""
    if member.file_size > room or (
        member.compress_size and member.file_size / member.compress_size > MAX_RATIO
    ):
        raise ImportRefused(
            "zip_bomb",
            "het zip-bestand pakt uit tot een verdacht groot bestand",
            "the zip file unpacks to a suspiciously large file",
        )
    try:
        with archive.open(member) as handle:
            content = handle.read(room + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError):
        # content that does not match its header (a bomb lying about its size fails its CRC
        # check), an encrypted member or an unknown compression method
        raise ImportRefused(
            "bad_zip",
            "het zip-bestand is beschadigd of versleuteld",
            "the zip file is damaged or encrypted",
        ) from None
    check_size(content, room)
    return content


def _members(archive: zipfile.ZipFile, suffixes: tuple[str, ...]) -> list[zipfile.ZipInfo]:
    return [
        i
        for i in archive.infolist()
        if not is_system_entry(i.filename) and i.filename.lower().endswith(suffixes)
    ]


def other_members(data: bytes, suffixes: tuple[str, ...]) -> list[str]:
    """The names of the files in a zip archive that do not have one of ``suffixes`` (what
    ``unzip_all`` does not unpack), in archive order; folders and the archiving program's own
    entries (``is_system_entry``) are not files of the user's."""
    return [
        i.filename
        for i in _archive(data).infolist()
        if not i.is_dir()
        and not is_system_entry(i.filename)
        and not i.filename.lower().endswith(suffixes)
    ]


def count_members(data: bytes, suffixes: tuple[str, ...]) -> int:
    """How many files with one of ``suffixes`` a zip archive holds (system entries not
    counted), read from its directory without unpacking; ImportRefused for a damaged zip."""
    return len(_members(_archive(data), suffixes))


def unzip_single(data: bytes, suffixes: tuple[str, ...]) -> bytes:
    """The one file with one of ``suffixes`` inside a zip archive, refusing zip bombs (entries
    the archiving program added, ``is_system_entry``, do not count)."""
    archive = _archive(data)
    members = _members(archive, suffixes)
    if len(members) != 1:
        raise ImportRefused(
            "zip_contents",
            f"het zip-bestand moet precies één bestand ({', '.join(suffixes)}) bevatten",
            f"the zip file must hold exactly one file ({', '.join(suffixes)})",
        )
    return _read_member(archive, members[0], MAX_UNZIPPED_BYTES)


MAX_MEMBERS = 400  # a year of daily statement files, one per day, and then some


def unzip_all(data: bytes, suffixes: tuple[str, ...]) -> list[tuple[str, bytes]]:
    """Every file with one of ``suffixes`` inside a zip archive, as (name, content) in archive
    order; entries the archiving program added (``is_system_entry``) are skipped. Refuses an
    archive without such a file, one of more than ``MAX_MEMBERS`` and zip bombs (the members
    together unpack to at most ``MAX_UNZIPPED_BYTES``)."""
    archive = _archive(data)
    members = _members(archive, suffixes)
    if not members:
        raise ImportRefused(
            "zip_contents",
            f"het zip-bestand bevat geen bestand van een bruikbare soort ({', '.join(suffixes)})",
            f"the zip file holds no file of a usable kind ({', '.join(suffixes)})",
        )
    if len(members) > MAX_MEMBERS:
        raise ImportRefused(
            "zip_contents",
            f"het zip-bestand bevat {len(members)} bestanden; hoogstens {MAX_MEMBERS}",
            f"the zip file holds {len(members)} files; at most {MAX_MEMBERS}",
        )
    room = MAX_UNZIPPED_BYTES
    out: list[tuple[str, bytes]] = []
    for member in members:
        content = _read_member(archive, member, room)
        room -= len(content)
        out.append((member.filename, content))
    return out


def parse(data: bytes) -> etree._Element:
    """The root element of untrusted XML bytes, or ImportRefused naming the problem."""
    check_size(data)
    try:
        defused_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (EntitiesForbidden, ExternalReferenceForbidden) as forbidden:
        if isinstance(forbidden, ExternalReferenceForbidden) or forbidden.sysid or forbidden.pubid:
            raise ImportRefused(
                "xml_external_entity",
                "het bestand verwijst naar externe bestanden of adressen (XML external entity); "
                "zo'n bestand openen we niet",
                "the file refers to outside files or addresses (XML external entity); we do not "
                "open such a file",
            ) from None
        raise _entity_expansion() from None
    except DefusedXmlException:
        raise ImportRefused(
            "xml_entities",
            "het bestand bevat XML-entiteiten of verwijzingen naar buiten; die accepteren we niet",
            "the file contains XML entities or external references; we do not accept those",
        ) from None
    except Exception:  # any other parse error means a malformed file
        raise _malformed() from None
    return _tree(data)


def _tree(data: bytes) -> etree._Element:
    """The tree lxml builds of a file already checked: no entities resolved, no network, no
    huge trees, comments and processing instructions dropped."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        raise _malformed() from None


def _malformed() -> ImportRefused:
    return ImportRefused(
        "xml_malformed", "het bestand is geen geldige XML", "the file is not valid XML"
    )


def _entity_expansion() -> ImportRefused:
    return ImportRefused(
        "xml_entity_expansion",
        "het bestand definieert eigen XML-entiteiten, waarmee een bestand zichzelf kan "
        "opblazen (entity expansion); zo'n bestand openen we niet",
        "the file declares its own XML entities, with which a file can blow itself up "
        "(entity expansion); we do not open such a file",
    )


def local(tag: object) -> str:
    """The local name of a tag, without its namespace ("" for a comment's or a processing
    instruction's, which is not a string)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_large(data: bytes, limit: int = MAX_BYTES) -> etree._Element:
    """As :func:`parse`, refusing the same files with the same messages, for files of many
    megabytes: the entity check runs in expat without building a tree (some tens of
    milliseconds for 5 MB, where defusedxml's tree costs over a second); lxml then builds the
    one tree with entities off, no network and no huge trees."""
    check_size(data, limit)

    def declared(*args: object) -> None:
        # (name, is_parameter_entity, value, base, system_id, public_id, notation_name)
        raise _EntityFound(external=bool(args[4] or args[5]))

    def unparsed(*_args: object) -> None:
        raise _EntityFound(external=True)

    def referenced(*_args: object) -> int:
        raise _EntityFound(external=True)

    checker = expat.ParserCreate()
    checker.EntityDeclHandler = declared
    checker.UnparsedEntityDeclHandler = unparsed
    checker.ExternalEntityRefHandler = referenced
    try:
        checker.Parse(data, True)
    except _EntityFound as found:
        if found.external:
            raise ImportRefused(
                "xml_external_entity",
                "het bestand verwijst naar externe bestanden of adressen (XML external entity); "
                "zo'n bestand openen we niet",
                "the file refers to outside files or addresses (XML external entity); we do not "
                "open such a file",
            ) from None
        raise _entity_expansion() from None
    except expat.ExpatError:
        raise _malformed() from None
    return _tree(data)


class _EntityFound(Exception):
    def __init__(self, *, external: bool):
        super().__init__()
        self.external = external
