"""Uploaded documents are parsed, not only sniffed (PDF, JPEG, PNG).

``document_content_type`` takes a file's bytes and returns its content type, or raises
``InvalidDocument`` with one of these codes:

- ``document_type_not_allowed``: the file does not start, at byte 0, with the magic of
  a PDF, JPEG or PNG (so a PDF with junk before ``%PDF-`` is refused too);
- ``document_unsafe``: a polyglot (an image that also holds a PDF header, HTML or a
  script, or a ZIP archive; a PDF that holds a ZIP archive, HTML or a script), or a PDF
  with active content: JavaScript, a launch action, an embedded file, rich media or an
  XFA form, wherever it sits (the catalogue's names, OpenAction, an /AA, an annotation);
- ``document_encrypted``: a PDF protected by a password or encryption (it cannot be
  checked, and reviewers could not open it);
- ``document_unreadable``: the parser (pypdf, Pillow) cannot read it, or a PDF has no
  page;
- ``document_image_too_large`` / ``document_image_too_small``: an image over
  ``DOCUMENT_IMAGE_MAX_PIXELS`` or ``DOCUMENT_IMAGE_MAX_SIDE`` (a decompression bomb is
  refused before it is decoded), or under ``DOCUMENT_IMAGE_MIN_SIDE``.

Pure apart from the settings it reads: no ORM, no clock.
"""

import logging
import re
import warnings
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import InvalidDocument

logger = logging.getLogger(__name__)

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
SIGNATURES = [(b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG)]
PILLOW_FORMAT = {JPEG: "JPEG", PNG: "PNG"}
KIND_NAME = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}

HTML = re.compile(
    rb"<\s*(script|html|body|iframe|svg|object|embed)[\s>/]|<!doctype\s|<\?php|javascript:",
    re.IGNORECASE,
)
# A ZIP local file header with a plausible "version needed" (2.0 is 20, 0x14 00).
ZIP_LOCAL_HEADER = re.compile(rb"PK\x03\x04[\x00-\x3f]\x00", re.DOTALL)
ZIP_END = b"PK\x05\x06"
# Names of active content in a PDF (also looked for in the raw bytes, so that an object
# left out of the cross-reference table is seen too).
PDF_ACTIVE_NAMES = {
    "/JS": "javascript",
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/EmbeddedFiles": "embedded",
    "/EmbeddedFile": "embedded",
    "/EF": "embedded",
    "/GoToE": "embedded",
    "/RichMedia": "rich_media",
    "/XFA": "xfa",
}
PDF_RAW_TOKENS = [b"/JavaScript", b"/Launch", b"/EmbeddedFile", b"/RichMedia"]
PDF_MAX_OBJECTS = 200_000  # a walk longer than this is refused as unreadable
FINDINGS = {
    "pdf": gettext_lazy("a PDF document"),
    "html": gettext_lazy("HTML or a script"),
    "zip": gettext_lazy("a ZIP archive"),
    "javascript": gettext_lazy("JavaScript"),
    "launch": gettext_lazy("an action that starts a program"),
    "embedded": gettext_lazy("an embedded file"),
    "rich_media": gettext_lazy("rich media (Flash or video)"),
    "xfa": gettext_lazy("an XFA form (which can run scripts)"),
}


def sniff_content_type(head: bytes) -> str | None:
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def document_content_type(data: bytes, *, name: str) -> str:
    """The checked content type of a document's bytes; raises InvalidDocument."""
    content_type = sniff_content_type(data[:16])
    if content_type is None:
        raise InvalidDocument(
            _("“%(name)s” is not a PDF, JPEG or PNG file.") % {"name": name},
            code="document_type_not_allowed",
        )
    foreign = foreign_content(data, content_type)
    if foreign:
        raise _unsafe(
            _(
                "“%(name)s” is a %(kind)s file that also holds %(what)s. Save or scan it "
                "again as a plain file and upload that."
            )
            % {"name": name, "kind": KIND_NAME[content_type], "what": _words(foreign)}
        )
    if content_type == PDF:
        check_pdf(data, name=name)
    else:
        check_image(data, name=name, content_type=content_type)
    return content_type


def foreign_content(data: bytes, content_type: str) -> list[str]:
    """What else a file holds besides its own format (a polyglot), as FINDINGS keys."""
    found = []
    if content_type != PDF and b"%PDF-" in data:
        found.append("pdf")
    if HTML.search(data):
        found.append("html")
    if ZIP_LOCAL_HEADER.search(data) or _has_zip_end(data):
        found.append("zip")
    return found


def _has_zip_end(data: bytes) -> bool:
    """A ZIP end-of-central-directory record where a ZIP reader looks for it: in the
    last 64 KiB, its comment reaching exactly to the end of the file."""
    tail_start = max(0, len(data) - 65_557)
    at = data.rfind(ZIP_END, tail_start)
    while at != -1:
        comment = int.from_bytes(data[at + 20 : at + 22], "little")
        if at + 22 + comment == len(data):
            return True
        at = data.rfind(ZIP_END, tail_start, at)
    return False


def check_pdf(data: bytes, *, name: str) -> None:
    from pypdf import PdfReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise InvalidDocument(
                    _(
                        "“%(name)s” is protected by a password or encryption, so it cannot "
                        "be checked or read by the reviewers. Remove the protection (for "
                        "example, print it to a new PDF) and upload it again."
                    )
                    % {"name": name},
                    code="document_encrypted",
                )
            pages = len(reader.pages)
            found = pdf_active_content(reader)
    except InvalidDocument:
        raise
    except Exception as exc:  # any parser failure: the file cannot be read as a PDF
        logger.info("PDF %r refused as unreadable: %r", name, exc)
        raise _unreadable(name, PDF) from exc
    found |= {PDF_ACTIVE_NAMES[token.decode()] for token in PDF_RAW_TOKENS if token in data}
    if found:
        raise _unsafe(
            _(
                "“%(name)s” contains %(what)s, which a medical document may not. Print it "
                "to a new PDF (or scan the paper) and upload that."
            )
            % {"name": name, "what": _words(sorted(found))}
        )
    if pages == 0:
        raise _unreadable(name, PDF)


def pdf_active_content(reader) -> set[str]:
    """Every kind of active content reachable from the trailer (FINDINGS keys)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    while stack:
        node = stack.pop()
        visited += 1
        if visited > PDF_MAX_OBJECTS:
            raise ValueError("too many objects to check")
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key not in seen:
                seen.add(key)
                stack.append(node.get_object())
        elif isinstance(node, DictionaryObject):
            for key, value in node.items():
                if key in PDF_ACTIVE_NAMES:
                    found.add(PDF_ACTIVE_NAMES[key])
                if key in ("/S", "/Type", "/Subtype") and isinstance(value, NameObject):
                    if value in PDF_ACTIVE_NAMES:
                        found.add(PDF_ACTIVE_NAMES[value])
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return found


def check_image(data: bytes, *, name: str, content_type: str) -> None:
    """Open, verify and decode the image, refusing a decompression bomb before decoding."""
    from PIL import Image, UnidentifiedImageError

    max_pixels = settings.DOCUMENT_IMAGE_MAX_PIXELS
    Image.MAX_IMAGE_PIXELS = max_pixels  # over it, Pillow warns; over twice, it raises
    formats = [PILLOW_FORMAT[content_type]]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data), formats=formats) as image:
                check_image_size(image.size, name=name)
                image.verify()
            with Image.open(BytesIO(data), formats=formats) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(name) from exc
    except InvalidDocument:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        logger.info("Image %r refused as unreadable: %r", name, exc)
        raise _unreadable(name, content_type) from exc


def check_image_size(size: tuple[int, int], *, name: str) -> None:
    width, height = size
    if width * height > settings.DOCUMENT_IMAGE_MAX_PIXELS or (
        max(width, height) > settings.DOCUMENT_IMAGE_MAX_SIDE
    ):
        raise _too_many_pixels(name, size)
    if min(width, height) < settings.DOCUMENT_IMAGE_MIN_SIDE:
        raise InvalidDocument(
            _("“%(name)s” is only %(width)s × %(height)s pixels: too small to read.")
            % {"name": name, "width": width, "height": height},
            code="document_image_too_small",
        )


def _too_many_pixels(name: str, size: tuple[int, int] | None = None) -> InvalidDocument:
    limit = {
        "megapixels": settings.DOCUMENT_IMAGE_MAX_PIXELS // 1_000_000,
        "side": settings.DOCUMENT_IMAGE_MAX_SIDE,
        "name": name,
    }
    return InvalidDocument(
        _(
            "“%(name)s” is too large an image: the limit is %(megapixels)s megapixels and "
            "%(side)s pixels a side. Save it at a smaller size and upload it again."
        )
        % limit,
        code="document_image_too_large",
        **({"width": size[0], "height": size[1]} if size else {}),
    )


def _unreadable(name: str, content_type: str) -> InvalidDocument:
    return InvalidDocument(
        _(
            "“%(name)s” could not be read as a %(kind)s file: it may be damaged or "
            "incomplete. Save or scan it again and upload the new file."
        )
        % {"name": name, "kind": KIND_NAME[content_type]},
        code="document_unreadable",
    )


def _unsafe(message: str) -> InvalidDocument:
    return InvalidDocument(message, code="document_unsafe")


def _words(keys: list[str]) -> str:
    return ", ".join(str(FINDINGS[key]) for key in keys)
