"""Benchmarks: each figure measured beside its baseline in the same run, reported as a ratio.

``make bench`` (``python -m bench``) writes ``bench/results/report.md``, ``report.json`` and
PNG charts. Everything runs on loopback against a private PostgreSQL and broker.
"""
