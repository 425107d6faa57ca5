"""The office's own inputs: organisation (org.yaml), indicator master (YAML or Excel), and their cross-checks."""
