"""Benchmarks run by hand against a synthetic dataset (see bench/README.md); never by pytest."""
