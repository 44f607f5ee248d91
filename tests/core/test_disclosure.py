"""Disclosure control (DESIGN.md "Small numbers") on hand-made tables where hiding only the
small cells leaks them through a total."""

from basisbaan.disclosure import PRIMARY, SECONDARY, derived, protect


def recoverable(published: dict, values: dict, sums) -> set:
    """The hidden keys an outsider can work out from one published sum: a sum with exactly
    one hidden member gives it away."""
    found = set()
    for total, parts in sums:
        members = [total, *parts]
        hidden = [m for m in members if isinstance(published[m], str)]
        if len(hidden) == 1 and values[total] == sum(values[p] for p in parts):
            found.add(hidden[0])
    return found


def test_a_naive_rule_leaks_the_hidden_cell_and_protect_does_not():
    """The issue's example: 144 spoken = 76 men + 66 women + 2 "anders". Hiding only the 2
    leaves 144 - 76 - 66 = 2. Protect also hides the smaller of the other cells (66), so
    the 2 and the 66 are known only to add up to 68."""
    values = {"total": 144, "man": 76, "vrouw": 66, "anders": 2}
    sums = [("total", ["man", "vrouw", "anders"])]
    naive = {k: PRIMARY if 0 < v < 3 else v for k, v in values.items()}
    assert recoverable(naive, values, sums) == {"anders"}

    published = protect(values, sums)
    assert published == {"total": 144, "man": 76, "vrouw": SECONDARY, "anders": PRIMARY}
    assert recoverable(published, values, sums) == set()


def test_complements_cascade_through_rows_and_columns():
    """A 2x2 table with margins (placed / not placed by gender):

                 placed  not placed  total
        men         20          24     44
        women        1           9     10
        total       21          33     54

    Women placed = 1 is hidden. Its row gets a complement (women not placed, 9), which
    leaves the 'not placed' column with one hidden cell, so men not placed (24) goes too,
    which leaves the men's row with one hidden cell, so men placed (20) goes: then every
    row and column has two hidden cells and nothing can be subtracted."""
    values = {
        ("m", "p"): 20, ("m", "n"): 24, ("m", "t"): 44,
        ("v", "p"): 1, ("v", "n"): 9, ("v", "t"): 10,
        ("t", "p"): 21, ("t", "n"): 33, ("t", "t"): 54,
    }  # fmt: skip
    sums = [
        (("m", "t"), [("m", "p"), ("m", "n")]),
        (("v", "t"), [("v", "p"), ("v", "n")]),
        (("t", "t"), [("t", "p"), ("t", "n")]),
        (("t", "p"), [("m", "p"), ("v", "p")]),
        (("t", "n"), [("m", "n"), ("v", "n")]),
        (("t", "t"), [("m", "t"), ("v", "t")]),
    ]
    published = protect(values, sums)
    hidden = {k for k, v in published.items() if isinstance(v, str)}
    assert hidden == {("v", "p"), ("v", "n"), ("m", "n"), ("m", "p")}
    assert published[("v", "p")] == PRIMARY
    assert recoverable(published, values, sums) == set()
    # The margins stay published.
    assert published[("t", "t")] == 54 and published[("v", "t")] == 10


def test_zero_is_shown_and_a_zero_is_hidden_only_when_nothing_else_is_left():
    """Exclusion reasons 2 / 0 / 5 of 7 rejected: the 2 is hidden and the 5 (the smallest
    positive other part) goes with it; the 0 stays. With reasons 2 / 0 of 2 rejected the
    total itself is small and hidden, so nothing is left to subtract from."""
    published = protect({"all": 7, "a": 2, "b": 0, "c": 5}, [("all", ["a", "b", "c"])])
    assert published == {"all": 7, "a": PRIMARY, "b": 0, "c": SECONDARY}
    published = protect({"all": 2, "a": 2, "b": 0}, [("all", ["a", "b"])])
    assert published == {"all": PRIMARY, "a": PRIMARY, "b": 0}


def test_a_public_total_is_never_hidden_and_a_sum_that_does_not_hold_is_ignored():
    """Age bands of 47 participants (a plain headcount, public): 1 / 10 / 36. The 1 and the
    10 are hidden, the 47 stays. Children recorded for only 40 of 47 people: with 2 with
    children and 38 without, the sum 40 != 47 gives nothing away, so the 38 stays."""
    published = protect(
        {"n": 47, "<27": 1, "27-50": 10, "50+": 36}, [("n", ["<27", "27-50", "50+"])], public=["n"]
    )
    assert published == {"n": 47, "<27": PRIMARY, "27-50": SECONDARY, "50+": 36}
    published = protect({"n": 47, "with": 2, "without": 38}, [("n", ["with", "without"])])
    assert published == {"n": 47, "with": PRIMARY, "without": 38}


def test_a_share_of_a_hidden_count_is_hidden():
    """10 women spoken, "< 3" placed: printing "10,0 %" beside it gives the 1 away."""
    assert derived("10.0", 10, PRIMARY) == PRIMARY
    assert derived("40.0", 10, SECONDARY) == SECONDARY
    assert derived("40.0", 10, 4) == "40.0"
