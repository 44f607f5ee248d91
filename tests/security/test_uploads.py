"""Upload bombs: files that claim far more than they weigh are refused from their declared
sizes, before a worker is tied up (a 263 KB timesheet took 86 s, a 4.7 KB one with a sparse
dimension 11 s, a 27 KB PNG of 225 megapixels gave a 500)."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from PIL import Image

from basisbaan.uploads import LOGO_MAX_SIDE, LOGO_STORED_SIDE, UploadRefused, logo_image, xlsx_rows
from coaching import timesheets

pytestmark = pytest.mark.django_db


def xlsx(build) -> bytes:
    workbook = Workbook()
    build(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_sparse_dimension_is_not_read_cell_by_cell():
    """One value in A1 and one in XFD1048576: the sheet declares 17 billion cells. Reading
    stops at the row cap, never padding 16,384 columns."""
    content = xlsx(
        lambda sheet: (sheet.append(timesheets.COLUMNS), sheet.cell(1_048_576, 16_384, "x"))
    )
    assert len(content) < 10_000
    result = timesheets.parse("staat.xlsx", content)
    assert [e.message for e in result.errors] == ["Hoogstens 5000 regels per bestand."]


def test_rows_past_the_cap_are_not_read():
    def build(sheet):
        sheet.append(timesheets.COLUMNS)
        for _ in range(timesheets.MAX_ROWS + 10):
            sheet.append(["999999999", "01-01-2026", "overig", 10, ""])

    rows = xlsx_rows(xlsx(build), max_rows=100)
    with pytest.raises(UploadRefused):
        for _ in rows:
            pass


def test_a_zip_bomb_is_refused_from_its_declared_size():
    """An XLSX whose shared strings unpack to 60 MB (zeros compress about 1000:1)."""
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", b"0" * (60 * 1024 * 1024))
    assert len(buffer.getvalue()) < 200_000
    result = timesheets.parse("staat.xlsx", buffer.getvalue())
    assert "uitgepakt te groot" in result.errors[0].message


def test_a_csv_past_the_cap_is_refused():
    lines = ["bsn;datum;soort;minuten"] + ["999999999;01-01-2026;overig;10"] * 6000
    result = timesheets.parse("staat.csv", "\n".join(lines).encode())
    assert result.errors[0].message == "Hoogstens 5000 regels per bestand."


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height (the data is not there)."""
    buffer = io.BytesIO()
    Image.new("L", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    ihdr = 8 + 8  # signature, then length + "IHDR"
    data[ihdr : ihdr + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[12 : ihdr + 13]))
    data[ihdr + 13 : ihdr + 17] = struct.pack(">I", crc)
    return bytes(data)


@pytest.mark.parametrize("size", [(15_000, 15_000), (LOGO_MAX_SIDE + 1, 10), (9_600, 9_600)])
def test_huge_logos_are_refused_by_their_declared_size(size):
    with pytest.raises(UploadRefused):
        logo_image(png_claiming(*size))


def test_a_large_logo_is_downscaled_and_stored_as_png():
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 1500), "navy").save(buffer, "JPEG")
    data, content_type = logo_image(buffer.getvalue())
    stored = Image.open(io.BytesIO(data))
    assert content_type == "image/png" and stored.format == "PNG"
    assert stored.size == (LOGO_STORED_SIDE, LOGO_STORED_SIDE // 2)


def test_the_profile_form_answers_a_bomb_with_a_message(functional_admin, client_as):
    upload = SimpleUploadedFile("logo.png", png_claiming(15_000, 15_000), content_type="image/png")
    response = client_as(functional_admin).post(
        reverse("profile_update"),
        {"name": "Gemeente Testdam", "version": 1, "logo_file": upload},
    )
    assert response.status_code == 200
    assert "Dit bestand is geen PNG- of JPEG-afbeelding." in response.content.decode() or (
        "beeldpunten" in response.content.decode()
    )
