"""SOP steps that act on the whole periode: review (step 10), the paper trail (cetak, paraf, tandatangan), the archive (step 11)."""
