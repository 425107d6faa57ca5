"""Pure domain rules: the SOP step table, capaian and predikat, recap results, the analyses and words of the LKj."""
