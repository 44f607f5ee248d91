"""Workbook import (upload, mapping, dry run, confirm) and the municipality's export."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from basisbaan.exports import XLSX_TYPE
from basisbaan.http import HtmxHttpRequest
from basisbaan.models import AccessAction, AccessPurpose
from basisbaan.services import access_log_record_many
from basisbaan.uploads import UploadRefused

from . import reader, selectors, services
from .forms import DOMAIN_LABELS, ColumnMappingForm, UploadForm, ValueMappingForm
from .models import UploadStatus, WorkbookUpload
from .schema import SHEETS

IMPORT = "workbook.import_workbook"


def _upload(request: HtmxHttpRequest, pk) -> WorkbookUpload:
    try:
        return selectors.upload_get(user=request.user, pk=pk)
    except WorkbookUpload.DoesNotExist as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
@permission_required(IMPORT, raise_exception=True)
def start(request: HtmxHttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            tables = reader.read_files([(f.name, f.read()) for f in form.cleaned_data["files"]])
        except UploadRefused as exc:
            form.add_error("files", str(exc))
        else:
            upload = services.upload_store(user=request.user, tables=tables)
            return redirect("workbook:upload", pk=upload.pk)
    context = {
        "form": form,
        "uploads": selectors.uploads_of(request.user)[:10],
        "sheets": SHEETS,
        "can_export": request.user.has_perm("workbook.export_workbook"),
    }
    return render(request, "workbook/start.html", context)


def _counts(result: dict) -> list[dict]:
    counts = result.get("counts", {})
    return [
        {"title": s.title, **counts[s.key]}
        for s in SHEETS
        if s.key in counts and any(counts[s.key].values())
    ]


def _upload_page(request: HtmxHttpRequest, upload: WorkbookUpload, **forms) -> HttpResponse:
    recognition = None
    if upload.status != UploadStatus.IMPORTED:
        recognition = reader.recognise(upload.tables, services.mapping_get())
    result = upload.result or {}
    if recognition is not None and not recognition.complete:
        forms.setdefault("column_form", ColumnMappingForm(recognition=recognition))
    unknown = result.get("unknown_values") or {}
    if unknown and upload.status != UploadStatus.IMPORTED:
        forms.setdefault("value_form", ValueMappingForm(unknown=unknown))
    context = {
        "upload": upload,
        "recognition": recognition,
        "result": result,
        "counts": _counts(result),
        "domain_labels": DOMAIN_LABELS,
        **forms,
    }
    return render(request, "workbook/upload.html", context)


@require_GET
@permission_required(IMPORT, raise_exception=True)
def upload_detail(request: HtmxHttpRequest, pk) -> HttpResponse:
    return _upload_page(request, _upload(request, pk))


@require_POST
@permission_required(IMPORT, raise_exception=True)
def upload_columns(request: HtmxHttpRequest, pk) -> HttpResponse:
    upload = _upload(request, pk)
    recognition = reader.recognise(upload.tables, services.mapping_get())
    form = ColumnMappingForm(request.POST, recognition=recognition)
    if not form.is_valid():
        return _upload_page(request, upload, column_form=form)
    services.mapping_save(**form.mapping())
    services.upload_forget(upload=upload)
    messages.success(request, _("De indeling is onthouden voor volgende keren."))
    return redirect("workbook:upload", pk=upload.pk)


@require_POST
@permission_required(IMPORT, raise_exception=True)
def upload_values(request: HtmxHttpRequest, pk) -> HttpResponse:
    upload = _upload(request, pk)
    form = ValueMappingForm(request.POST, unknown=(upload.result or {}).get("unknown_values", {}))
    if not form.is_valid():
        return _upload_page(request, upload, value_form=form)
    services.mapping_save(values=form.mapping())
    services.upload_check(upload=upload, user=request.user)
    messages.success(request, _("De waarden zijn onthouden; de werkmap is opnieuw gecontroleerd."))
    return redirect("workbook:upload", pk=upload.pk)


@require_POST
@permission_required(IMPORT, raise_exception=True)
def upload_check(request: HtmxHttpRequest, pk) -> HttpResponse:
    upload = _upload(request, pk)
    if upload.status == UploadStatus.IMPORTED:
        return redirect("workbook:upload", pk=upload.pk)
    services.upload_check(upload=upload, user=request.user)
    return redirect("workbook:upload", pk=upload.pk)


@require_POST
@permission_required(IMPORT, raise_exception=True)
def upload_confirm(request: HtmxHttpRequest, pk) -> HttpResponse:
    upload = _upload(request, pk)
    try:
        outcome = services.upload_import(upload=upload, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("workbook:upload", pk=upload.pk)
    if outcome.ok:
        messages.success(request, _("De werkmap is ingelezen."))
    else:
        messages.error(request, _("Er is niets ingelezen: de werkmap bevat fouten."))
    return redirect("workbook:upload", pk=upload.pk)


@require_POST
@permission_required(IMPORT, raise_exception=True)
def upload_delete(request: HtmxHttpRequest, pk) -> HttpResponse:
    services.upload_delete(upload=_upload(request, pk))
    messages.success(request, _("De werkmap is weggegooid; er is niets ingelezen."))
    return redirect("workbook:start")


@require_GET
@permission_required(IMPORT, raise_exception=True)
def template(request: HtmxHttpRequest) -> HttpResponse:
    response = HttpResponse(selectors.workbook_bytes(example=True), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="basisbaan-sjabloon.xlsx"'
    return response


@require_GET
@permission_required("workbook.export_workbook", raise_exception=True)
def export(request: HtmxHttpRequest) -> HttpResponse:
    """Everything of the municipality in the import's shape; every person in it is logged."""
    access_log_record_many(
        user=request.user,
        action=AccessAction.EXPORT,
        subject_type="candidate",
        subject_ids=selectors.export_people(),
        purpose=AccessPurpose.EXPORT,
        detail="werkmap",
    )
    stamp = timezone.localdate().isoformat()
    if request.GET.get("formaat") == "csv" or selectors.export_too_large_for_xlsx():
        # Past Excel's row limit (or asked for): a ZIP of CSV files, streamed as produced.
        response = StreamingHttpResponse(selectors.csv_zip_chunks(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="basisbaan-{stamp}.zip"'
        return response
    response = HttpResponse(selectors.workbook_bytes(example=False), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="basisbaan-{stamp}.xlsx"'
    return response
