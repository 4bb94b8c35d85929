"""Small, well-formed documents for the demo data, the simulation and the tests.

Uploads are parsed (``claims.document_checks``), so a stand-in document must be a real
one: a PDF with a correct cross-reference table, or an image Pillow decodes.
"""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile


def _pdf_text(text: str) -> str:
    printable = text.encode("ascii", "replace").decode()
    return printable.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def sample_pdf(title: str = "Medical record") -> bytes:
    """A one-page PDF that shows ``title`` (ASCII; other characters become ``?``)."""
    content = f"BT /F1 14 Tf 20 100 Td ({_pdf_text(title)}) Tj ET".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/MediaBox[0 0 300 200]/Parent 2 0 R/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(content) + content + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def sample_image(
    image_format: str = "PNG", size: tuple[int, int] = (64, 48), colour=(200, 220, 240)
) -> bytes:
    """A plain image in ``image_format`` (PNG or JPEG)."""
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=image_format)
    return buffer.getvalue()


def sample_pdf_upload(name: str = "record.pdf", title: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, sample_pdf(title or name.rsplit(".", 1)[0]), content_type="application/pdf"
    )
