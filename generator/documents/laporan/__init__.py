"""The Laporan Kinerja (PermenPAN-RB 53/2014), drafted after step 10 from the approved recap."""
