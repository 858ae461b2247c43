"""Counts of statuses, and the keys the writer names trends by (in formulas). A status is
named by its value (Status.MET.value, "met"), which is also the field of its count."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from indexcel.model import Status, Trend

TREND_KEYS = {Trend.UP: "up", Trend.UNCHANGED: "unchanged", Trend.DOWN: "down"}


@dataclass
class Counts:
    total: int = 0
    met: int = 0
    partly_met: int = 0
    not_met: int = 0
    not_assessed: int = 0

    def add(self, status: Status) -> None:
        self.total += 1
        key = status.value
        setattr(self, key, getattr(self, key) + 1)

    @property
    def share(self) -> float | str:
        """Met of the assessed (met, partly met and not met); empty when none is assessed."""
        assessed = self.met + self.partly_met + self.not_met
        return self.met / assessed if assessed else ""

    @classmethod
    def of(cls, statuses: Iterable[Status]) -> Counts:
        counts = cls()
        for status in statuses:
            counts.add(status)
        return counts
