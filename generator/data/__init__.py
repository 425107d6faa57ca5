"""Data shipped with kinerja: the sample office, the SOP table, and the fonts (Liberation,
SIL Open Font License) that the archive's pages, the signature stamp, the LKj's figures and
table widths use."""

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
