"""The council letter as HTML (browser preview) and as a PDF (WeasyPrint, A4)."""

import base64
import hashlib
from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string

from basisbaan import charts
from basisbaan.selectors import profile_get, profile_logo

from .models import SECTIONS, CouncilLetter


def characteristics_chart(figures: dict) -> str:
    """One chart of the participant characteristics (shares per group)."""
    import matplotlib.pyplot as plt

    groups = [
        ("Leeftijd", figures["characteristics"]["age_groups"]),
        ("Geslacht", figures["characteristics"]["gender"]),
        ("Jaren in de bijstand", figures["characteristics"]["years_on_assistance"]),
        ("Huishouden", figures["characteristics"]["household"]),
    ]
    fig, axes = plt.subplots(1, 4, figsize=(10, 2.8))
    for ax, (title, rows) in zip(axes, groups, strict=True):
        rows = [(label, count) for label, count in rows if count]
        ax.barh([label for label, _c in rows], [c for _l, c in rows], color=charts.BLUE)
        ax.set_title(title, fontsize=9)
        ax.invert_yaxis()
        ax.tick_params(labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return charts.data_uri(charts._svg(fig))


def letter_context(letter: CouncilLetter, figures: dict) -> dict:
    logo = profile_logo()
    return {
        "letter": letter,
        "f": figures,
        "sections": [(key, label, letter.sections.get(key, "")) for key, label in SECTIONS],
        "profile": profile_get(),
        "logo": f"data:{logo[1]};base64,{base64.b64encode(logo[0]).decode()}" if logo else None,
        "chart": characteristics_chart(figures),
    }


def render_pdf(letter: CouncilLetter, figures: dict) -> bytes:
    """The same letter and figures always give the same bytes (fixed metadata)."""
    from weasyprint import HTML

    context = letter_context(letter, figures)
    context["css"] = (settings.BASE_DIR / "static" / "css" / "letter.css").read_text()
    html = render_to_string("letters/letter_pdf.html", context)
    moment = letter.finalised_at or datetime.combine(letter.letter_date, datetime.min.time())
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    document.metadata.title = letter.subject
    document.metadata.created = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    document.metadata.modified = document.metadata.created
    return document.write_pdf()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
