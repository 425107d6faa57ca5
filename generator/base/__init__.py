"""Foundations with no domain knowledge: periode, Indonesian numbers and dates, working time, strict YAML, atomic file effects."""
