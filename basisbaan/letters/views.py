"""Council letters: list, draft, section autosave, preview, PDF, finalise."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from basisbaan.http import HtmxHttpRequest
from basisbaan.services import StaleObjectError

from . import render as letter_render
from . import selectors, services
from .forms import LetterHeaderForm, NewLetterForm, NewSectionForm
from .models import CouncilLetter


def _readable(request: HtmxHttpRequest) -> None:
    user = request.user
    if not (
        user.has_perm("letters.view_councilletter")
        or user.has_perm("letters.view_final_councilletter")
    ):
        raise PermissionDenied


def _get(request: HtmxHttpRequest, pk: int) -> CouncilLetter:
    _readable(request)
    return get_object_or_404(selectors.letters_for(request.user).defer(None), pk=pk)


@require_http_methods(["GET", "POST"])
def letter_list(request: HtmxHttpRequest) -> HttpResponse:
    _readable(request)
    can_edit = request.user.has_perm("letters.add_councilletter")
    form = NewLetterForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            letter = services.letter_create(created_by=request.user, **form.cleaned_data)
            messages.success(request, _("Het concept is gemaakt, met teksten uit de cijfers."))
            return redirect("letters:detail", pk=letter.pk)
    letters = selectors.letters_for(request.user)
    return render(
        request, "letters/list.html", {"letters": letters, "form": form, "can_edit": can_edit}
    )


@require_http_methods(["GET", "POST"])
def letter_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A draft's editing page (header and sections); a final letter's summary."""
    letter = _get(request, pk)
    can_edit = request.user.has_perm("letters.change_councilletter") and not letter.is_final
    form = LetterHeaderForm(request.POST or None, instance=letter)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.letter_update(
                    letter=letter,
                    expected_version=form.cleaned_data["version"],
                    subject=form.cleaned_data["subject"],
                    addressee=form.cleaned_data["addressee"],
                    letter_date=form.cleaned_data["letter_date"],
                    reference=form.cleaned_data["reference"],
                    handled_by=form.cleaned_data["handled_by"],
                    attachments=form.cleaned_data["attachments"],
                )
            except StaleObjectError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("De gegevens van de brief zijn opgeslagen."))
                return redirect("letters:detail", pk=letter.pk)
    context = {
        "letter": letter,
        "form": form,
        "section_form": NewSectionForm(letter=letter),
        "sections": [
            (key, label, letter.sections.get(key, ""), free)
            for key, label, free in letter.outline()
        ],
        "can_edit": can_edit,
        "can_finalise": request.user.has_perm("letters.finalise_councilletter")
        and not letter.is_final,
    }
    return render(request, "letters/detail.html", context)


@require_POST
@permission_required("letters.change_councilletter", raise_exception=True)
def section_save(request: HtmxHttpRequest, pk: int, key: str) -> HttpResponse:
    """Autosave of one section (htmx), or a plain form post."""
    letter = get_object_or_404(CouncilLetter, pk=pk)
    try:
        version = int(request.POST.get("version", ""))
        services.letter_section_save(
            letter=letter, expected_version=version, key=key, text=request.POST.get("text", "")
        )
    except (ValueError, StaleObjectError):
        status = _(
            "Niet opgeslagen: iemand anders heeft de brief intussen gewijzigd. Kopieer uw tekst en laad de pagina opnieuw."
        )
        ok = False
    except ValidationError as exc:
        status, ok = " ".join(exc.messages), False
    else:
        status = _("Opgeslagen om %(time)s.") % {"time": timezone.localtime().strftime("%H:%M")}
        ok = True
    if not request.htmx:
        (messages.success if ok else messages.error)(request, status)
        return redirect("letters:detail", pk=letter.pk)
    return render(
        request,
        "letters/_section_status.html",
        {"letter": letter, "key": key, "status": status, "ok": ok},
    )


def _draft_to_edit(request: HtmxHttpRequest, pk: int) -> CouncilLetter:
    letter = get_object_or_404(CouncilLetter, pk=pk)
    if letter.is_final:
        raise PermissionDenied
    return letter


@require_http_methods(["GET", "POST"])
@permission_required("letters.change_councilletter", raise_exception=True)
def section_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Add a free section (e.g. a paragraph on a local project); shown again with the
    messages beside the fields when the input is refused."""
    letter = _draft_to_edit(request, pk)
    form = NewSectionForm(request.POST or None, letter=letter)
    if request.method == "POST" and form.is_valid():
        try:
            key = services.letter_section_add(
                letter=letter, expected_version=letter.version, **form.cleaned_data
            )
        except StaleObjectError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Het onderdeel is toegevoegd. Schrijf de tekst erbij."))
            return redirect(f"{reverse('letters:detail', args=[letter.pk])}#section-{key}")
    return render(request, "letters/section_add.html", {"letter": letter, "form": form})


@require_POST
@permission_required("letters.change_councilletter", raise_exception=True)
def section_move(request: HtmxHttpRequest, pk: int, key: str) -> HttpResponse:
    letter = _draft_to_edit(request, pk)
    try:
        services.letter_section_move(
            letter=letter,
            expected_version=letter.version,
            key=key,
            up=request.POST.get("richting") != "omlaag",
        )
    except (StaleObjectError, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect(f"{reverse('letters:detail', args=[letter.pk])}#section-{key}")


@require_http_methods(["GET", "POST"])
@permission_required("letters.change_councilletter", raise_exception=True)
def section_remove(request: HtmxHttpRequest, pk: int, key: str) -> HttpResponse:
    """Remove a free section, after confirmation (its text goes with it)."""
    letter = _draft_to_edit(request, pk)
    title = (letter.free_sections or {}).get(key)
    if title is None:
        raise Http404
    if request.method == "POST":
        try:
            services.letter_section_remove(letter=letter, expected_version=letter.version, key=key)
        except (StaleObjectError, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(
                request, _("Het onderdeel “%(title)s” is verwijderd.") % {"title": title}
            )
        return redirect("letters:detail", pk=letter.pk)
    return render(
        request,
        "letters/section_remove.html",
        {"letter": letter, "key": key, "title": title, "text": letter.sections.get(key, "")},
    )


@require_GET
def preview(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    letter = _get(request, pk)
    context = letter_render.letter_context(letter, selectors.figures_of(letter))
    return render(request, "letters/preview.html", context)


@require_GET
def pdf(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A final letter's stored PDF (the identical bytes, every time); a draft rendered now."""
    letter = _get(request, pk)
    data = (
        bytes(letter.pdf)
        if letter.is_final
        else letter_render.render_pdf(letter, selectors.figures_of(letter))
    )
    response = HttpResponse(data, content_type="application/pdf")
    name = f"raadsbrief-{letter.year}-Q{letter.quarter}-v{letter.letter_version}{'' if letter.is_final else '-concept'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    if letter.is_final:
        response["X-Content-SHA256"] = letter.pdf_sha256
    return response


@require_http_methods(["GET", "POST"])
@permission_required("letters.finalise_councilletter", raise_exception=True)
def finalise(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(CouncilLetter, pk=pk)
    if letter.is_final:
        messages.info(request, _("Deze brief is al definitief."))
        return redirect("letters:detail", pk=letter.pk)
    if request.method == "POST":
        letter = services.letter_finalise(letter=letter, finalised_by=request.user)
        messages.success(request, _("De brief is definitief. De cijfers en de PDF liggen vast."))
        return redirect("letters:detail", pk=letter.pk)
    return render(request, "letters/finalise.html", {"letter": letter})


@require_POST
@permission_required("letters.change_councilletter", raise_exception=True)
def figures_refresh(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Compute a draft's figures anew; preview and PDF show the stored figures until then."""
    letter = get_object_or_404(CouncilLetter, pk=pk)
    try:
        kept = services.letter_figures_refresh(
            letter=letter, expected_version=int(request.POST.get("version", "0") or 0)
        )
    except StaleObjectError as exc:
        messages.error(request, str(exc))
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request,
            _("De cijfers zijn opnieuw berekend; de teksten die u niet had aangepast ook."),
        )
        if kept:
            messages.warning(
                request,
                _("U heeft deze teksten zelf aangepast; controleer de getallen erin: %(sections)s.")
                % {"sections": ", ".join(kept)},
            )
    return redirect("letters:detail", pk=letter.pk)
