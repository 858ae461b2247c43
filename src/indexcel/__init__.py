"""indexcel: the municipal indicator follow-up workbook, from an input sheet or a CSV."""

__version__ = "0.1.0"
