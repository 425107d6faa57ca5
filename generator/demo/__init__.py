"""The demo: the whole SOP cycle on the embedded sample, with simulated Bidang input."""
