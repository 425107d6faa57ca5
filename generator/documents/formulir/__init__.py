"""Formulir pengumpulan data capaian kinerja (SOP steps 2-3): one workbook per Bidang."""
