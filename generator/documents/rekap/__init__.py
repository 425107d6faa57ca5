"""Rekapitulasi data capaian kinerja (SOP steps 7-9): the numbers and the workbook."""
