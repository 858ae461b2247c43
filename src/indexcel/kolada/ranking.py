"""indexcel's own ranking of Kolada's values: where a municipality places among all those with
a value, and the quartile that place falls in. No network here.

- **Who is ranked.** A municipality among the municipalities (four-digit ids not starting
  with 00), a region among the regions (00 and two digits, but not 0000). The whole country
  and Kolada's groups (G...) are not ranked, nor is anyone without a value (missing, deleted).
- **Which way.** 1 is the best by the indicator's Riktning: the highest value where higher
  is better, the lowest where lower is better. Near the target has no best value among
  municipalities (each has its own target), so no rank.
- **Ties** share a place, the best of theirs, and the next place skips: 1, 2, 2, 4
  ("competition ranking"). Values are compared exactly as Kolada publishes them (decimals).
- **Quartile.** The place's quarter of those ranked: the first quartile when fewer than a
  quarter of them rank better, (place - 1) / count < 1/4; the fourth from three quarters on.
  Kolada colours the best quarter green, the middle half yellow and the worst quarter red.

This is a calculation on Kolada's data, not a figure Kolada publishes: Kolada's terms forbid
crediting Kolada for it, so whatever shows it says "egen beräkning på data från Kolada".
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal

from indexcel.model import Direction, Quartile, Rank

COUNTRY = "0000"


class Peers(enum.Enum):
    MUNICIPALITIES = "municipalities"
    REGIONS = "regions"


def peers_of(place: str) -> Peers | None:
    """Whom `place` is ranked among; None for the country, a group or an unknown id."""
    if len(place) != 4 or not place.isascii() or not place.isdigit() or place == COUNTRY:
        return None
    return Peers.REGIONS if place.startswith("00") else Peers.MUNICIPALITIES


def rank(values: Mapping[str, Decimal], place: str, direction: Direction) -> Rank | None:
    """The place of `place` among its peers with a value in `values` (by id), 1 the best by
    `direction`; None where it has no value or no peers, or the direction has no best."""
    peers = peers_of(place)
    own = values.get(place)
    if peers is None or own is None or direction is Direction.NEAR_TARGET:
        return None
    ranked = [v for p, v in values.items() if peers_of(p) is peers]
    if direction is Direction.LOWER_IS_BETTER:
        better = sum(1 for v in ranked if v < own)
    else:
        better = sum(1 for v in ranked if v > own)
    return Rank(better + 1, len(ranked))


def quartile(place: Rank) -> Quartile | None:
    """The quarter of those ranked `place` falls in (None without the count ranked)."""
    if place.of is None or not 1 <= place.position <= place.of:
        return None
    return Quartile(min(4, 4 * (place.position - 1) // place.of + 1))
