"""Default Dutch texts per section, written from the figures. Staff edit them; the tables and
the charts in the letter always come from the figures themselves. Numbers are formatted by
Django's localisation (Dutch: 12.543 and 3,6); counts hidden by the small-number rule
(`basisbaan.disclosure`) are written out as "minder dan 3" or left out of the sentence."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.formats import date_format, number_format

from basisbaan import disclosure

ORDINAL = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde"}


def _nl(value, decimals: int | None = None) -> str:
    # Rounded half up first: Django's number formatting truncates surplus decimals.
    if decimals is not None:
        value = Decimal(value).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    with translation.override("nl"):
        return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _n(value) -> str:
    """A published count: 12.543, or "minder dan 3" / "enkele" when it is hidden."""
    if value == disclosure.PRIMARY:
        return f"minder dan {disclosure.LIMIT}"
    if disclosure.is_hidden(value):
        return "enkele"
    return _nl(int(value))


def _number(value) -> int:
    """A published count for sorting and tests of size; a hidden one counts as 0."""
    return 0 if value is None or disclosure.is_hidden(value) else int(value)


def _pct(value) -> str:
    return "–" if value is None or disclosure.is_hidden(value) else _nl(Decimal(value), 1) + "%"


def _share_words(value) -> str:
    if value is None or disclosure.is_hidden(value):
        return "een deel"
    pct = Decimal(value)
    if 30 <= pct <= 37:
        return f"een derde deel ({_pct(value)})"
    if 45 <= pct <= 55:
        return f"ongeveer de helft ({_pct(value)})"
    if 22 <= pct <= 28:
        return f"een kwart ({_pct(value)})"
    return _pct(value)


def _hours(value) -> str:
    return "–" if value is None else _nl(Decimal(value), 1)


def _euro(value) -> str:
    amount = Decimal(value).quantize(Decimal(1))
    return ("−" if amount < 0 else "") + "€ " + _nl(abs(amount), 0)


def _persons(count: int, one: str, many: str) -> str:
    return one if count == 1 else many.format(n=_nl(count))


def _opening(f: dict, municipality: str) -> str:
    return (
        "Geachte leden van de raad,\n\n"
        f"Met deze brief informeren wij u over de basisbanen in {municipality} in het "
        f"{ORDINAL[f['quarter']]} kwartaal van {f['year']}. Een basisbaan is betaald werk voor "
        "mensen die al lang een bijstandsuitkering hebben en op een andere manier geen kans maken "
        "op betaald werk. Het werk draagt bij aan de leefbaarheid van de wijken en dorpen en "
        "verdringt geen betaalde banen of vrijwilligerswerk. In de bijlage staat hoe elk cijfer "
        "is berekend en waar het vandaan komt."
    )


def _jobs(f: dict) -> str:
    end_text = date_format(date.fromisoformat(f["end"]), "j F Y")
    target = f["target"]
    jobs = f"Op {end_text} zijn {_nl(f['participants'])} personen werkzaam in een basisbaan"
    jobs += f"; het doel is {_nl(target)}." if target else "."
    previous = f.get("previous") or {}
    if previous.get("participants") is not None:
        jobs += (
            f" Aan het einde van het vorige kwartaal waren dat er {_nl(previous['participants'])}."
        )
    if f.get("work_total"):
        jobs += (
            f" Samen werkten zij dit kwartaal {_nl(Decimal(f['work_total']), 0)} uur aan taken in "
            "de wijken, zoals ondersteuning in buurtcentra, het opruimen van zwerfafval en het "
            "bijstaan van kwetsbare buurtbewoners. De tabel hieronder laat per wijk zien hoeveel "
            "deelnemers daar hun plaatsing hebben en hoeveel uur werk er in die wijk is gedaan. "
            "Dat zijn verschillende dingen: wie in de ene wijk is geplaatst, kan ook taken in een "
            "andere wijk doen."
        )
    return jobs


def _selection(f: dict) -> str:
    cumulative = f["funnel_cumulative"]
    top = sorted(
        ((reason, count) for reason, count in cumulative["exclusions"] if _number(count)),
        key=lambda item: -_number(item[1]),
    )[:3]
    reasons_text = ", ".join(f"{name.lower()} ({_n(count)})" for name, count in top)
    text = f"Sinds de start hebben de coaches {_n(cumulative['total']['spoken'])} kandidaten gesproken. "
    if reasons_text:
        text += f"Kandidaten vallen onder andere af om deze redenen: {reasons_text}. "
    withdrawn = cumulative["total"].get("withdrawn")
    if _number(withdrawn):
        text += f"{_n(withdrawn)} kandidaten hebben zich zelf teruggetrokken. "
    text += (
        f"Van degenen die we hebben gesproken, gaat {_share_words(cumulative['total']['share_spoken'])} "
        "aan de slag in een basisbaan. De figuur laat de kenmerken van de deelnemers zien."
    )
    return text


def _wellbeing(f: dict) -> str:
    measured = [
        w
        for w in f["wellbeing"]
        if w["improved_share"] and not disclosure.is_hidden(w["improved_share"])
    ]
    if not measured:
        return "Er zijn nog te weinig herhaalde welzijnsmetingen om een ontwikkeling te laten zien."
    best = sorted(measured, key=lambda w: -Decimal(w["improved_share"]))[:3]
    names = ", ".join(w["domain"].lower() for w in best)
    return (
        "Uit de welzijnsmonitor blijkt dat deelnemers er sinds hun eerste meting vooral op "
        f"vooruit gaan op het gebied van {names}."
    )


def _employment(f: dict) -> str:
    text = f"Gemiddeld werken de deelnemers {_hours(f['average_hours'])} uur per week."
    if _number(f["hour_increases"]) or disclosure.is_hidden(f["hour_increases"]):
        text += (
            f" Dit kwartaal kregen {_n(f['hour_increases'])} deelnemers op eigen verzoek meer uren."
        )
    dropout = (
        "is geen enkele deelnemer uitgevallen"
        if not f["dropout"]
        else _persons(f["dropout"], "is 1 deelnemer uitgevallen", "zijn {n} deelnemers uitgevallen")
    )
    renewals = _persons(
        f["renewals"], "1 tijdelijk dienstverband is", "{n} tijdelijke dienstverbanden zijn"
    )
    text += (
        f" Dit kwartaal {dropout}; {renewals} verlengd en {_nl(f['conversions'])} omgezet in een "
        "vast dienstverband."
    )
    if f["absence_rate"] is not None:
        text += f" Het ziekteverzuim was {_pct(f['absence_rate'])}"
        text += f", tegen {_pct(f['national_rate'])} landelijk." if f["national_rate"] else "."
        text += f" Bij {_nl(f['zero_absence'])} deelnemers was het verzuim 0%."
    return text


def _coaching(f: dict) -> str:
    text = f"De begeleiding is gemiddeld {_hours(f['coaching_mean'])} uur per week per deelnemer"
    if f.get("coaching_municipal") is not None and f.get("coaching_external") is not None:
        text += (
            f": {_hours(f['coaching_municipal'])} uur door de coaches van de gemeente en "
            f"{_hours(f['coaching_external'])} uur door de begeleidende partijen"
        )
    text += "."
    if f["coaching_min"] is not None:
        text += (
            f" Per deelnemer ligt dat tussen {_hours(f['coaching_min'])} en "
            f"{_hours(f['coaching_max'])} uur. Het laagste en het hoogste getal zijn elk van één "
            "deelnemer (van wie dit kwartaal minstens vier weken werkte); het gemiddelde zegt "
            "meer over de groep."
        )
    if f["coaching_first_month"] and f["coaching_month_12"]:
        text += (
            f" In de eerste maand van het dienstverband is de begeleiding {_hours(f['coaching_first_month'])} "
            f"uur per week, na een jaar {_hours(f['coaching_month_12'])} uur."
        )
    flagged = f.get("flagged")
    if flagged is not None and (_number(flagged) or disclosure.is_hidden(flagged)):
        text += (
            f" Bij {_n(flagged)} deelnemers is de begeleiding de laatste weken zo intensief dat "
            "we bekijken of een ander instrument beter past."
        )
    gkb = f.get("gkb_referrals")
    if gkb is not None and (_number(gkb) or disclosure.is_hidden(gkb)):
        text += (
            f" Dit kwartaal zijn {_n(gkb)} deelnemers naar de GKB verwezen voor hulp bij schulden."
        )
    return text


def _finance(f: dict) -> str:
    costs = f["costs"]
    column = costs.get("year_to_date")
    if not column or not column["complete"]:
        return (
            "De kostenparameters voor dit jaar zijn nog niet compleet; de kosten volgen in de "
            "volgende brief."
        )
    rounded = column["rounded"]
    text = (
        f"Een basisbaan kost dit jaar tot nu toe {_euro(rounded['gross'])} per jaar aan loon, "
        f"werkgeverslasten en begeleiding. Na inzet van uitkeringen en loonkostensubsidies "
        f"({_euro(rounded['offset'])}) is dat netto {_euro(rounded['net'])} per basisbaan per jaar."
    )
    if Decimal(costs.get("budget") or 0):
        text += (
            f" Het budget voor {f['year']} is {_euro(costs['budget'])}; tot en met dit kwartaal "
            f"is {_euro(costs['realised_gross'])} uitgegeven en voor het hele jaar verwachten we "
            f"{_euro(costs['forecast_gross'])}."
        )
    return text


def _reflection(f: dict) -> str:
    """Conclusions as a bulleted list ("• " lines), from the figures; staff add their own."""
    points = []
    if f["target"]:
        points.append(
            f"Er werken {_nl(f['participants'])} mensen in een basisbaan; het doel is "
            f"{_nl(f['target'])}."
        )
    if f["absence_rate"] is not None and f["national_rate"]:
        lower = Decimal(f["absence_rate"]) < Decimal(f["national_rate"])
        points.append(
            f"Het ziekteverzuim ({_pct(f['absence_rate'])}) is "
            + ("lager" if lower else "niet lager")
            + f" dan het landelijke gemiddelde ({_pct(f['national_rate'])})."
        )
    if f["coaching_first_month"] and f["coaching_month_12"]:
        less = Decimal(f["coaching_month_12"]) < Decimal(f["coaching_first_month"])
        points.append(
            "De begeleiding neemt in de loop van het dienstverband "
            + ("af" if less else "niet af")
            + "."
        )
    if not f["dropout"]:
        points.append("Dit kwartaal is niemand uitgevallen.")
    return "\n".join(f"• {p}" for p in points)


def _next_steps(f: dict) -> str:
    target = f["target"]
    return (
        "Het komende kwartaal werken we verder aan het doel"
        + (f" van {_nl(target)} basisbanen" if target else "")
        + ". Over de voortgang informeren wij u in de volgende kwartaalbrief."
    )


def default_sections(f: dict, municipality: str) -> dict[str, str]:
    return {
        "opening": _opening(f, municipality),
        "jobs": _jobs(f),
        "selection": _selection(f),
        "wellbeing": _wellbeing(f),
        "employment": _employment(f),
        "coaching": _coaching(f),
        "finance": _finance(f),
        # Written by the staff: what happened nationally cannot come from our figures.
        "national": "",
        "reflection": _reflection(f),
        "next_steps": _next_steps(f),
    }
