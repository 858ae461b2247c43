"""indexcel's own rank of Kolada's values (kolada/ranking.py): both ways, ties, Nära målet, who
is ranked among whom, and the quartile; Hypothesis against a ranking by sorting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexcel.kolada.ranking import Peers, peers_of, quartile, rank
from indexcel.model import Direction, Quartile, Rank

HIGHER, LOWER, NEAR = (Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER,
                       Direction.NEAR_TARGET)


def values(**by_place: str) -> dict[str, Decimal]:
    return {place.lstrip("m"): Decimal(v) for place, v in by_place.items()}


def test_higher_is_better_ranks_the_highest_first_and_lower_the_lowest():
    found = values(m0180="30", m0188="20", m0381="10", m0382="40")
    assert rank(found, "0188", HIGHER) == Rank(3, 4)
    assert rank(found, "0188", LOWER) == Rank(2, 4)
    assert rank(found, "0382", HIGHER) == Rank(1, 4)
    assert rank(found, "0382", LOWER) == Rank(4, 4)


def test_ties_share_the_best_of_their_places_and_the_next_skips():
    found = values(m0180="5", m0181="7", m0188="7", m0381="7", m0382="9")
    assert [rank(found, p, HIGHER) for p in ("0382", "0181", "0188", "0381", "0180")] == [
        Rank(1, 5), Rank(2, 5), Rank(2, 5), Rank(2, 5), Rank(5, 5)]
    # compared as published: 7.0 and 7 are one value, 7.01 is not
    assert rank(values(m0188="7.0", m0180="7", m0181="7.01"), "0188", HIGHER) == Rank(2, 3)


def test_no_rank_near_the_target_or_without_a_value():
    found = values(m0180="5", m0188="7")
    assert rank(found, "0188", NEAR) is None
    assert rank(found, "0381", HIGHER) is None


def test_municipalities_among_municipalities_regions_among_regions_never_the_country():
    found = values(m0000="100", m0001="50", m0003="1", m0188="7", m0180="5")
    found["G37290"] = Decimal(1000)
    assert rank(found, "0188", HIGHER) == Rank(1, 2)  # the country, regions, groups left out
    assert rank(found, "0003", HIGHER) == Rank(2, 2)
    assert rank(found, "0000", HIGHER) is None
    assert rank(found, "G37290", HIGHER) is None
    assert [peers_of(p) for p in ("0188", "0001", "0000", "G1", "188", "٠١٨٨")] == [
        Peers.MUNICIPALITIES, Peers.REGIONS, None, None, None, None]


@pytest.mark.parametrize("position, of, expected", [
    (1, 290, Quartile.FIRST), (73, 290, Quartile.FIRST), (74, 290, Quartile.SECOND),
    (145, 290, Quartile.SECOND), (146, 290, Quartile.THIRD), (218, 290, Quartile.THIRD),
    (219, 290, Quartile.FOURTH), (290, 290, Quartile.FOURTH), (1, 1, Quartile.FIRST),
    (2, 4, Quartile.SECOND), (4, 4, Quartile.FOURTH),
])
def test_the_quartile_is_the_quarter_the_place_falls_in(position, of, expected):
    assert quartile(Rank(position, of)) is expected


def test_no_quartile_without_the_count_ranked():
    assert quartile(Rank(3)) is None


def _by_sorting(found: dict[str, Decimal], place: str, higher: bool) -> Rank:
    ordered = sorted(found.values(), reverse=higher)
    return Rank(ordered.index(found[place]) + 1, len(ordered))


places = st.lists(st.integers(100, 2599).map(lambda n: f"{n:04d}"), min_size=1, max_size=60,
                  unique=True)
numbers = st.decimals(min_value=-1000, max_value=1000, places=1, allow_nan=False)


@given(places.flatmap(lambda ps: st.tuples(
    st.just(ps), st.lists(numbers, min_size=len(ps), max_size=len(ps)),
    st.sampled_from(ps))))
def test_the_rank_is_the_place_in_the_sorted_values(case):
    ids, numbers_, place = case
    found = dict(zip(ids, numbers_, strict=True))
    assert rank(found, place, HIGHER) == _by_sorting(found, place, True)
    assert rank(found, place, LOWER) == _by_sorting(found, place, False)
    mirrored = {p: -v for p, v in found.items()}
    assert rank(mirrored, place, LOWER) == rank(found, place, HIGHER)
    got = rank(found, place, HIGHER)
    assert got is not None and 1 <= got.position <= got.of == len(found)
    assert quartile(got) is not None


@given(st.integers(1, 400).flatmap(lambda n: st.tuples(st.just(n), st.integers(1, n))))
def test_quartiles_rise_with_the_place_and_hold_a_quarter_each(case):
    of, position = case
    found = quartile(Rank(position, of))
    assert found is not None
    later = quartile(Rank(min(position + 1, of), of))
    assert later is not None and later >= found
    # the first quartile: fewer than a quarter of those ranked stand before the place
    assert (found is Quartile.FIRST) == ((position - 1) * 4 < of)
