"""Disclosure control for published counts of people (DESIGN.md, "Small numbers").

One function, `protect`, applied where the published figures are built (the aggregate pages
and the council letter), never in templates:

- Primary suppression: a count of people in a combination of characteristics that is 1 or 2
  is published as "< 3" (`PRIMARY`). Zero is shown: it identifies nobody.
- Complementary suppression: a table's rows and columns add up to totals that are published
  too, so one hidden cell could be worked out by subtraction (144 - 76 - 66 = 2). For every
  such sum with exactly one hidden member, a second member is hidden (`SECONDARY`, "x"):
  the smallest positive part not yet hidden, else the smallest part, else the total. This
  repeats until no sum has exactly one hidden member, as hiding a cell can expose another
  sum it belongs to.
- Anything derived from a hidden count (a share, a bar in a chart) is hidden with it
  (`derived`).

A sum is given as (total key, part keys) and is only taken into account when it holds for
the data: a relation that does not hold cannot be used to work out a cell.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence

LIMIT = 3
PRIMARY = "< 3"
SECONDARY = "x"
MARKS = (PRIMARY, SECONDARY)


def is_hidden(value) -> bool:
    return isinstance(value, str) and value in MARKS


def protect[K: Hashable](
    values: Mapping[K, int],
    sums: Iterable[tuple[K, Sequence[K]]] = (),
    *,
    public: Iterable[K] = (),
) -> dict[K, int | str]:
    """The published value of every key: the count itself, `PRIMARY` or `SECONDARY`.

    `values`: the counts (every key of `sums` must be here). `sums`: (total, parts) with
    values[total] == sum of values[parts], e.g. a row total and its cells. `public`: keys
    exempt from primary suppression (plain headcounts such as the number of participants),
    which are also never chosen as a complement.
    """
    public = set(public)
    relations = [
        (total, list(parts))
        for total, parts in sums
        if values[total] == sum(values[p] for p in parts)
    ]
    hidden: dict[K, str] = {
        key: PRIMARY for key, v in values.items() if key not in public and 0 < v < LIMIT
    }
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            members = [total, *parts]
            if sum(1 for m in members if m in hidden) != 1:
                continue
            open_parts = [p for p in parts if p not in hidden and p not in public]
            positive = [p for p in open_parts if values[p] > 0]
            pool = positive or open_parts
            if pool:
                choice = min(pool, key=lambda p: (values[p], parts.index(p)))
            elif total not in hidden and total not in public:
                choice = total
            else:
                continue  # nothing left to hide: all other members are public
            hidden[choice] = SECONDARY
            changed = True
    return {key: hidden.get(key, v) for key, v in values.items()}


def derived(value, *sources):
    """`value` (a share, a chart bar) unless one of the counts it comes from is hidden; then
    the strongest mark among them ("< 3" before "x")."""
    marks = [s for s in sources if is_hidden(s)]
    if not marks:
        return value
    return PRIMARY if PRIMARY in marks else SECONDARY
