"""The benchmark: `make bench` runs bench/run.py. Not a test and not imported by the site."""
