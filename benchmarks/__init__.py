"""Benchmarks: ``python -m benchmarks [NAME...]`` runs them and prints each figure beside its baseline."""
