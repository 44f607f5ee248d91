"""Uploaded files read safely: bounded in time and memory whatever the file claims.

A spreadsheet is a zip of XML: a small upload can unpack to gigabytes, or declare a sheet of
a million rows by 16,384 columns. Images can declare 225 megapixels in 27 KB. Everything
here checks the declared sizes first and reads lazily, stopping at the caps.
"""

import csv
import io
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 200
MAX_COLUMNS = 30
LOGO_MAX_SIDE = 4000  # refused above this
LOGO_STORED_SIDE = 800  # downscaled to at most this before storing


class UploadRefused(Exception):
    """The file cannot be read within the caps; the message says why, in Dutch."""


def _check_zip(content: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as exc:
        raise UploadRefused(_("Dit is geen geldig XLSX-bestand.")) from exc
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise UploadRefused(
            _(
                "Dit bestand is uitgepakt te groot. Sla alleen de nodige gegevens op en probeer het opnieuw."
            )
        )


def xlsx_rows(content: bytes, *, max_rows: int, max_columns: int = MAX_COLUMNS) -> Iterator[list]:
    """The rows of the first sheet, at most `max_columns` wide; raises UploadRefused after
    `max_rows` rows (before reading further)."""
    from openpyxl import load_workbook

    _check_zip(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook gets one message
        raise UploadRefused(_("Dit XLSX-bestand kan niet worden gelezen.")) from exc
    sheet = workbook.active
    # The declared dimension may claim A1:XFD1048576; ignore it and read what is there.
    sheet.reset_dimensions()
    try:
        for number, row in enumerate(
            sheet.iter_rows(max_col=max_columns, values_only=True), start=1
        ):
            if number > max_rows:
                raise UploadRefused(_("Hoogstens %(n)s regels per bestand.") % {"n": max_rows - 1})
            yield list(row)
    finally:
        workbook.close()


def xlsx_sheets(
    content: bytes, *, max_rows: int, max_columns: int = MAX_COLUMNS
) -> dict[str, list[list]]:
    """Every sheet of a workbook by its title, at most `max_columns` wide; raises
    UploadRefused once the sheets together pass `max_rows` rows (before reading further)."""
    from openpyxl import load_workbook

    _check_zip(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook gets one message
        raise UploadRefused(_("Dit XLSX-bestand kan niet worden gelezen.")) from exc
    sheets: dict[str, list[list]] = {}
    count = 0
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()
            rows = sheets.setdefault(sheet.title, [])
            for row in sheet.iter_rows(max_col=max_columns, values_only=True):
                count += 1
                if count > max_rows:
                    raise UploadRefused(_("Hoogstens %(n)s regels per bestand.") % {"n": max_rows})
                rows.append(list(row))
    finally:
        workbook.close()
    return sheets


def csv_rows(content: bytes, *, max_rows: int, max_columns: int = MAX_COLUMNS) -> Iterator[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadRefused(_("Sla het CSV-bestand op als UTF-8 en probeer het opnieuw.")) from exc
    first = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first or ",", delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if number > max_rows:
            raise UploadRefused(_("Hoogstens %(n)s regels per bestand.") % {"n": max_rows - 1})
        yield row[:max_columns]


def table_rows(name: str, content: bytes, *, max_rows: int) -> list[list]:
    """XLSX or CSV by name, as a list of rows (header included), within the caps."""
    reader = xlsx_rows if name.lower().endswith(".xlsx") else csv_rows
    return list(reader(content, max_rows=max_rows))


def logo_image(data: bytes) -> tuple[bytes, str]:
    """A PNG or JPEG logo checked by its declared size before decoding, then downscaled and
    re-encoded as PNG (which also drops any metadata). Raises UploadRefused."""
    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise UploadRefused(_("Dit bestand is geen PNG- of JPEG-afbeelding.")) from exc
    if kind not in {"PNG", "JPEG"}:
        raise UploadRefused(_("Dit bestand is geen PNG- of JPEG-afbeelding."))
    if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE:
        raise UploadRefused(
            _("Het logo mag hoogstens %(n)s bij %(n)s beeldpunten zijn.") % {"n": LOGO_MAX_SIDE}
        )
    try:
        image.load()
        image.thumbnail((LOGO_STORED_SIDE, LOGO_STORED_SIDE))
        out = io.BytesIO()
        image.convert("RGBA" if image.mode in {"RGBA", "LA", "P"} else "RGB").save(out, "PNG")
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UploadRefused(_("Dit bestand is geen PNG- of JPEG-afbeelding.")) from exc
    return out.getvalue(), "image/png"


# --- dossier documents -----------------------------------------------------------------------

# What a document may be, recognised by its content (never by its name or the type the
# browser claims): (content type, extension).
PDF = ("application/pdf", "pdf")
PNG = ("image/png", "png")
JPEG = ("image/jpeg", "jpg")
DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
ODT = ("application/vnd.oasis.opendocument.text", "odt")
ODS = ("application/vnd.oasis.opendocument.spreadsheet", "ods")


def document_type(content: bytes) -> tuple[str, str]:
    """The content type and extension of an uploaded document, from its first bytes (and
    for office documents the parts of the zip): PDF, PNG, JPEG, Word, Excel and
    OpenDocument text or spreadsheet. Anything else, including old binary Office files
    (which can carry macros), is refused with a message saying what is accepted."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        try:
            _check_zip(content)
            archive = zipfile.ZipFile(io.BytesIO(content))
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                for kind in (ODT, ODS):
                    if mimetype == kind[0]:
                        return kind
        except (UploadRefused, zipfile.BadZipFile, KeyError):
            pass
    raise UploadRefused(
        _(
            "Dit soort bestand kan niet worden bewaard. Gebruik PDF, een foto (PNG of JPEG) of "
            "een Word-, Excel- of OpenDocument-bestand."
        )
    )
