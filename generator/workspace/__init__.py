"""The folder of one periode: paths and lock, manifest and journal, nomor register, status report."""
