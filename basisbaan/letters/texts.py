"""Default Dutch texts per section, written from the figures. Staff edit them; the tables and
the chart in the letter always come from the figures themselves."""

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format

SMALL = 3


def _n(value) -> str:
    """A count, with the small-number rule for combinations of characteristics."""
    return f"minder dan {SMALL}" if 0 < int(value) < SMALL else str(value)


def _pct(value) -> str:
    return "–" if value is None else f"{Decimal(value):.1f}".replace(".", ",") + "%"


def _share_words(value) -> str:
    if value is None:
        return "geen"
    pct = Decimal(value)
    if 30 <= pct <= 37:
        return f"een derde deel ({_pct(value)})"
    if 45 <= pct <= 55:
        return f"ongeveer de helft ({_pct(value)})"
    if 22 <= pct <= 28:
        return f"een kwart ({_pct(value)})"
    return _pct(value)


def _hours(value) -> str:
    return "–" if value is None else f"{Decimal(value):.1f}".replace(".", ",")


def _euro(value) -> str:
    amount = Decimal(value).quantize(Decimal(1))
    return "€ " + f"{abs(amount):,.0f}".replace(",", ".")


def default_sections(f: dict, municipality: str) -> dict[str, str]:
    end = date.fromisoformat(f["end"])
    end_text = date_format(end, "j F Y")
    quarter_words = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde"}[f["quarter"]]
    target = f["target"]
    texts = {}
    texts["opening"] = (
        "Geachte leden van de raad,\n\n"
        f"Met deze brief informeren wij u over de basisbanen in {municipality} in het "
        f"{quarter_words} kwartaal van {f['year']}. Een basisbaan is betaald werk voor mensen die "
        "al lang een bijstandsuitkering hebben en op een andere manier geen kans maken op betaald "
        "werk. Het werk draagt bij aan de leefbaarheid van de wijken en dorpen en verdringt geen "
        "betaalde banen of vrijwilligerswerk."
    )
    jobs = f"Op {end_text} zijn {f['participants']} personen werkzaam in een basisbaan"
    jobs += f"; het doel is {target}." if target else "."
    if f.get("work_total"):
        jobs += (
            f" Samen werkten zij dit kwartaal {Decimal(f['work_total']):.0f} uur aan taken in de "
            "wijken, zoals ondersteuning in buurtcentra, het opruimen van zwerfafval en het bijstaan "
            "van kwetsbare buurtbewoners. De tabel hieronder laat per wijk zien hoeveel deelnemers er "
            "werken en hoeveel uur werk zij er deden."
        )
    texts["jobs"] = jobs
    cumulative = f["funnel_cumulative"]
    reasons = dict(cumulative["exclusions"])
    top = sorted(reasons.items(), key=lambda item: -item[1])[:3]
    reasons_text = ", ".join(f"{name.lower()} ({_n(count)})" for name, count in top if count)
    texts["selection"] = (
        f"Sinds de start hebben de coaches {cumulative['total']['spoken']} kandidaten gesproken. "
        + (
            f"Kandidaten vallen onder andere af om deze redenen: {reasons_text}. "
            if reasons_text
            else ""
        )
        + f"Van degenen die we hebben gesproken, gaat {_share_words(cumulative['total']['share_spoken'])} "
        "aan de slag in een basisbaan. De figuur laat de kenmerken van de deelnemers zien."
    )
    wellbeing = [w for w in f["wellbeing"] if w["improved"] + w["same"] + w["worse"]]
    if wellbeing:
        best = sorted(wellbeing, key=lambda w: -Decimal(w["improved_share"] or 0))[:3]
        names = ", ".join(w["domain"].lower() for w in best)
        texts["wellbeing"] = (
            "Uit de welzijnsmonitor blijkt dat deelnemers er sinds hun eerste meting vooral op "
            f"vooruit gaan op het gebied van {names}."
        )
    else:
        texts["wellbeing"] = (
            "Er zijn nog te weinig herhaalde welzijnsmetingen om een ontwikkeling te laten zien."
        )
    employment = f"Gemiddeld werken de deelnemers {_hours(f['average_hours'])} uur per week."
    if f["hour_increases"]:
        employment += (
            f" Dit kwartaal kregen {_n(f['hour_increases'])} deelnemers op eigen verzoek meer uren."
        )
    dropout = (
        "is geen enkele deelnemer uitgevallen"
        if not f["dropout"]
        else (
            "is 1 deelnemer uitgevallen"
            if f["dropout"] == 1
            else f"zijn {f['dropout']} deelnemers uitgevallen"
        )
    )
    renewals = (
        "1 tijdelijk dienstverband is"
        if f["renewals"] == 1
        else f"{f['renewals']} tijdelijke dienstverbanden zijn"
    )
    employment += (
        f" Dit kwartaal {dropout}; {renewals} verlengd en {f['conversions']} omgezet in een vast "
        "dienstverband."
    )
    if f["absence_rate"] is not None:
        employment += f" Het ziekteverzuim was {_pct(f['absence_rate'])}"
        employment += (
            f", tegen {_pct(f['national_rate'])} landelijk." if f["national_rate"] else "."
        )
        employment += f" Bij {f['zero_absence']} deelnemers was het verzuim 0%."
    texts["employment"] = employment
    coaching = (
        f"De begeleiding is gemiddeld {_hours(f['coaching_mean'])} uur per week per deelnemer, "
        f"tussen {_hours(f['coaching_min'])} en {_hours(f['coaching_max'])} uur."
    )
    if f["coaching_first_month"] and f["coaching_month_12"]:
        coaching += (
            f" In de eerste maand van het dienstverband is dat {_hours(f['coaching_first_month'])} uur "
            f"per week, na een jaar {_hours(f['coaching_month_12'])} uur: de begeleiding neemt zoals "
            "verwacht af."
        )
    texts["coaching"] = coaching
    per = f["costs"]["per_participant_year"]
    if per and f["costs"]["complete"]:
        texts["finance"] = (
            f"Een basisbaan kost per jaar {_euro(per['gross'])} aan loon, werkgeverslasten en "
            f"begeleiding. Na inzet van uitkeringen en loonkostensubsidies ({_euro(per['offset'])}) "
            f"is dat netto {_euro(per['net'])} per basisbaan per jaar."
        )
    else:
        texts["finance"] = (
            "De kostenparameters voor dit jaar zijn nog niet compleet; de kosten volgen in de volgende brief."
        )
    texts["next_steps"] = (
        "Het komende kwartaal werken we verder aan het doel"
        + (f" van {target} basisbanen" if target else "")
        + ". Over de voortgang informeren wij u in de volgende kwartaalbrief."
    )
    return texts
