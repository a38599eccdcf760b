"""The benchmark's synthetic corpus: its generator and `manage.py generate_corpus`.

A Django app only the benchmark installs (bench/settings.py); the site never loads it.
"""
