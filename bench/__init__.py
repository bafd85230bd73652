"""Benchmarks: synthetic datasets at scale and the time and memory factlint takes on them."""
