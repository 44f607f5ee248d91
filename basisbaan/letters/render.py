"""The council letter as HTML (browser preview) and as a PDF (WeasyPrint, A4)."""

import base64
import hashlib
from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from basisbaan import charts, disclosure
from basisbaan.selectors import profile_get, profile_logo

from .models import CouncilLetter


def characteristics_chart(figures: dict) -> str:
    """One chart of the participant characteristics (counts per group). A group hidden by
    the small-number rule gets no bar, only its mark ("< 3" or "x"), like the table."""
    import matplotlib.pyplot as plt

    published = figures["characteristics"]
    groups = [
        ("Leeftijd", published["age_groups"]),
        ("Geslacht", published["gender"]),
        ("Jaren in de bijstand", published["years_on_assistance"]),
        ("Huishouden", published["household"]),
    ]
    fig, axes = plt.subplots(1, 4, figsize=(10, 2.8))
    for ax, (title, rows) in zip(axes, groups, strict=True):
        rows = [(label, count) for label, count in rows if count]
        labels = [label for label, _c in rows]
        values = [0 if disclosure.is_hidden(c) else c for _l, c in rows]
        ax.barh(labels, values, color=charts.BLUE)
        for y, (_label, count) in enumerate(rows):
            if disclosure.is_hidden(count):
                ax.text(0, y, f" {count}", va="center", fontsize=7, color="#444")
        ax.set_title(title, fontsize=9)
        ax.invert_yaxis()
        ax.tick_params(labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return charts.data_uri(charts._svg(fig))


def trend_chart(figures: dict) -> str | None:
    """The coaching trend by month of employment (hours a week), when there is one."""
    trend = figures.get("coaching_trend") or []
    if len(trend) < 2:
        return None
    return charts.data_uri(
        charts.line_chart(
            x=[month for month, _mean, _n in trend],
            series={"Begeleiding": [float(mean) for _m, mean, _n in trend]},
            xlabel="Maand van het dienstverband",
            ylabel="Uur per week",
            ymax=None,
        )
    )


def _paragraphs(text: str) -> list[tuple[str, list[str]]]:
    """A section's text as blocks: ("p", [line]) for a paragraph, ("ul", [items]) for
    consecutive lines starting with "•", "-" or "*" (a bulleted list)."""
    blocks: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line[0] in "•-*" and line[1:2] == " ":
            if blocks and blocks[-1][0] == "ul":
                blocks[-1][1].append(line[2:].strip())
            else:
                blocks.append(("ul", [line[2:].strip()]))
        else:
            blocks.append(("p", [line]))
    return blocks


# Sections that show a table or chart from the figures even without text.
WITH_FIGURES = {"jobs", "selection", "wellbeing", "employment", "coaching", "finance"}


def letter_context(letter: CouncilLetter, figures: dict) -> dict:
    logo = profile_logo()
    sections = []
    for key, label, _free in letter.outline():
        text = letter.sections.get(key, "")
        if text.strip() or key in WITH_FIGURES:
            sections.append((key, label, _paragraphs(text)))
    return {
        "letter": letter,
        "f": figures,
        "sections": sections,
        "profile": profile_get(),
        "logo": f"data:{logo[1]};base64,{base64.b64encode(logo[0]).decode()}" if logo else None,
        "chart": characteristics_chart(figures),
        "trend_chart": trend_chart(figures),
        "draft": not letter.is_final,
    }


def render_pdf(letter: CouncilLetter, figures: dict) -> bytes:
    """The same letter and figures always give the same bytes (fixed metadata). Tagged for
    accessibility (PDF/UA-1: structure tree, language, headings, table headers, alternative
    texts), fonts embedded; a draft carries CONCEPT on every page."""
    from weasyprint import HTML

    with translation.override("nl"):
        context = letter_context(letter, figures)
        context["css"] = (settings.BASE_DIR / "static" / "css" / "letter.css").read_text()
        html = render_to_string("letters/letter_pdf.html", context)
    moment = letter.finalised_at or datetime.combine(letter.letter_date, datetime.min.time())
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )
    document.metadata.title = letter.subject
    document.metadata.lang = "nl"
    document.metadata.created = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    document.metadata.modified = document.metadata.created
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
