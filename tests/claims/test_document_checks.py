"""Documents are parsed, not only sniffed: each hostile file is built here and refused."""

import io
import struct
import zipfile
import zlib

import pytest
from django.utils import translation
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from claims.document_checks import document_content_type
from claims.samples import sample_image, sample_pdf
from core.errors import InvalidDocument


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refused(data: bytes, name: str = "file") -> InvalidDocument:
    with pytest.raises(InvalidDocument) as refusal:
        document_content_type(data, name=name)
    return refusal.value


def written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def one_page_writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    return writer


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_of(width: int, height: int) -> bytes:
    """A real 1-bit grey PNG of those dimensions: all zeros, so it compresses to little."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", body)
        + png_chunk(b"IEND", b"")
    )


# --- what is accepted -----------------------------------------------------------------


def test_plain_pdf_jpeg_and_png_are_accepted():
    assert document_content_type(sample_pdf("Report"), name="r.pdf") == "application/pdf"
    assert document_content_type(sample_image("JPEG"), name="r.jpg") == "image/jpeg"
    assert document_content_type(sample_image("PNG"), name="r.png") == "image/png"
    assert document_content_type(written(one_page_writer()), name="w.pdf") == "application/pdf"


def test_a_pdf_whose_open_action_only_opens_a_page_is_accepted():
    writer = one_page_writer()
    writer.add_outline_item(title="Page 1", page_number=0)
    writer.open_destination = writer.pages[0]  # /OpenAction [page /Fit]: no action
    assert document_content_type(written(writer), name="ok.pdf") == "application/pdf"


# --- PDFs with active content ---------------------------------------------------------


def test_a_pdf_with_document_javascript_is_unsafe():
    writer = one_page_writer()
    writer.add_open_action(JavaScript("app.alert('hello');"))  # /Names /JavaScript tree
    error = refused(written(writer), "letter.pdf")
    assert error.code == "document_unsafe"
    assert "JavaScript" in str(error.message) and "letter.pdf" in str(error.message)


def test_a_pdf_with_an_open_action_script_is_unsafe_even_with_escaped_names():
    # /J#61vaScript is /JavaScript written with a hex escape: only a parser sees it.
    body = (
        b"%PDF-1.4\n1 0 obj\n<</Type/Catalog/Pages 2 0 R"
        b"/OpenAction<</S/J#61vaScript/J#53(app.alert(1))>>>>\nendobj\n"
        b"2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n"
        b"3 0 obj\n<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>\nendobj\n"
    )
    offsets = [body.index(b"%d 0 obj" % n) for n in (1, 2, 3)]
    xref = b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    data = body + xref + b"trailer\n<</Size 4/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % len(body)
    assert b"/JavaScript" not in data
    error = refused(data)
    assert error.code == "document_unsafe" and "JavaScript" in str(error.message)


def test_a_pdf_with_a_page_additional_action_is_unsafe():
    writer = one_page_writer()
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("this.print()"),
        }
    )
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})
    assert refused(written(writer)).code == "document_unsafe"


def test_a_pdf_with_a_launch_action_is_unsafe():
    writer = one_page_writer()
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )
    error = refused(written(writer))
    assert error.code == "document_unsafe" and "starts a program" in str(error.message)


def test_a_pdf_with_an_embedded_file_is_unsafe():
    writer = one_page_writer()
    writer.add_attachment("invoice.exe", b"MZ\x90\x00 a program")
    error = refused(written(writer))
    assert error.code == "document_unsafe" and "embedded file" in str(error.message)


def test_an_encrypted_pdf_is_refused_even_without_a_password_to_open_it():
    for user_password in ("secret", ""):
        writer = one_page_writer()
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
        assert refused(written(writer)).code == "document_encrypted"


# --- PDFs that cannot be read ---------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\nthis is not a PDF at all",
        sample_pdf("Report")[:200],  # cut short: no cross-reference table
        written(PdfWriter()),  # a well-formed PDF with no page
    ],
    ids=["garbage", "truncated", "no-page"],
)
def test_an_unparseable_pdf_is_unreadable(data):
    error = refused(data, "scan.pdf")
    assert error.code == "document_unreadable" and "scan.pdf" in str(error.message)


def test_junk_before_the_pdf_header_is_not_a_pdf():
    assert refused(b"\n\n<!-- x -->" + sample_pdf()).code == "document_type_not_allowed"


# --- polyglots ------------------------------------------------------------------------


def test_a_jpeg_with_a_pdf_appended_is_unsafe():
    error = refused(sample_image("JPEG") + sample_pdf(), "photo.jpg")
    assert error.code == "document_unsafe" and "a PDF document" in str(error.message)


def test_a_png_carrying_a_script_is_unsafe():
    png = sample_image("PNG")
    text = png_chunk(b"tEXt", b"Comment\x00<script>alert(1)</script>")
    data = png[:33] + text + png[33:]  # after IHDR: a valid PNG that Pillow decodes
    error = refused(data)
    assert error.code == "document_unsafe" and "HTML or a script" in str(error.message)


def test_an_image_or_a_pdf_that_is_also_a_zip_archive_is_unsafe():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("payload.html", "<b>hi</b>")
    for data in (sample_image("PNG") + archive.getvalue(), sample_pdf() + archive.getvalue()):
        error = refused(data)
        assert error.code == "document_unsafe" and "ZIP archive" in str(error.message)


def test_a_pdf_carrying_html_is_unsafe():
    # Raw HTML in an uncompressed stream: a browser sniffing the bytes could run it.
    data = sample_pdf("<html><script>alert(1)</script></html>")
    assert b"<script>" in data
    error = refused(data)
    assert error.code == "document_unsafe" and "HTML or a script" in str(error.message)


# --- images ---------------------------------------------------------------------------


def test_a_decompression_bomb_png_is_refused_before_it_is_decoded():
    bomb = png_of(20_000, 20_000)  # 400 megapixels in about 50 KB
    assert len(bomb) < 100_000
    error = refused(bomb, "bomb.png")
    assert error.code == "document_image_too_large" and "64 megapixels" in str(error.message)


def test_an_image_between_once_and_twice_the_pixel_limit_is_refused_too():
    # Pillow only warns (DecompressionBombWarning) up to twice its limit: still refused.
    assert refused(png_of(9_000, 9_000)).code == "document_image_too_large"  # 81 MP


def test_the_pixel_limit_boundary(settings):
    settings.DOCUMENT_IMAGE_MAX_PIXELS = 10_000
    assert document_content_type(png_of(100, 100), name="ok.png") == "image/png"
    assert refused(png_of(100, 101)).code == "document_image_too_large"


def test_the_side_limits(settings):
    settings.DOCUMENT_IMAGE_MAX_SIDE = 400
    assert document_content_type(png_of(400, 16), name="ok.png") == "image/png"
    assert refused(png_of(401, 16)).code == "document_image_too_large"
    assert refused(png_of(400, 15)).code == "document_image_too_small"


@pytest.mark.parametrize("image_format", ["PNG", "JPEG"])
def test_a_truncated_image_is_unreadable(image_format):
    data = sample_image(image_format, size=(300, 300), colour=(10, 200, 30))
    assert refused(data[: len(data) // 2]).code == "document_unreadable"


def test_a_png_signature_on_something_else_is_unreadable():
    assert refused(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64).code == "document_unreadable"


def test_a_script_object_outside_the_cross_reference_table_is_seen_too():
    orphan = b"6 0 obj\n<</S/JavaScript/JS(app.alert(1))>>\nendobj\n"
    assert refused(sample_pdf() + orphan).code == "document_unsafe"
