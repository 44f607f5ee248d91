import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportMapping(models.Model):
    """The municipality's own spreadsheet dialect, remembered once mapped in the browser:
    which of its sheet names, column headers and cell values means which of ours.

    One row per installation (an installation serves one municipality). Keys are the
    municipality's spellings in lower case; values are our sheet keys, column keys and
    stored values (see basisbaan.workbook.schema)."""

    sheets = models.JSONField(default=dict, blank=True)
    columns = models.JSONField(default=dict, blank=True)
    values = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indeling van de spreadsheets")
        verbose_name_plural = _("indelingen van de spreadsheets")
        permissions = [
            ("import_workbook", _("Kan een werkmap met gegevens inlezen")),
            ("export_workbook", _("Kan alle gegevens van de gemeente als werkmap uitvoeren")),
        ]

    def __str__(self) -> str:
        return str(_("indeling van de spreadsheets"))


class UploadStatus(models.TextChoices):
    UPLOADED = "uploaded", _("ingelezen, nog niet foutloos gecontroleerd")
    CHECKED = "checked", _("gecontroleerd")
    IMPORTED = "imported", _("ingevoerd")


class WorkbookUpload(models.Model):
    """A workbook between upload and confirmation. Its tables hold personal data: they are
    emptied as soon as the import is done, and removed by the retention job after a day.
    The id is random so that nothing can be guessed from a URL."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("ingelezen op"), auto_now_add=True)
    row_count = models.PositiveIntegerField(_("aantal regels"), default=0)
    tables = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("stand"), max_length=10, choices=UploadStatus.choices, default=UploadStatus.UPLOADED
    )
    # The last dry run or import: counts, problems and changes (no cell values but the
    # changes to existing people, shown only to the one who uploaded).
    result = models.JSONField(default=dict, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("ingelezen werkmap")
        verbose_name_plural = _("ingelezen werkmappen")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.uploaded_at:%Y-%m-%d %H:%M}"
