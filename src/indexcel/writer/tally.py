"""Counts of statuses, and the keys the writer names statuses and trends by (in formats,
colours and formulas)."""

from __future__ import annotations

from dataclasses import dataclass

from indexcel.model import Status, Trend

STATUS_KEYS = {Status.MET: "met", Status.PARTLY_MET: "partly_met", Status.NOT_MET: "not_met",
               Status.NOT_ASSESSED: "not_assessed"}
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
        key = STATUS_KEYS[status]
        setattr(self, key, getattr(self, key) + 1)

    @property
    def share(self) -> float | str:
        """Met of the assessed (met, partly met and not met); empty when none is assessed."""
        assessed = self.met + self.partly_met + self.not_met
        return self.met / assessed if assessed else ""

    @classmethod
    def of(cls, statuses) -> Counts:
        counts = cls()
        for status in statuses:
            counts.add(status)
        return counts
