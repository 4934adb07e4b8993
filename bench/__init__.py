"""Benchmarks for Corridor Map: ``python -m bench`` and ``python -m bench.load``.

See docs/performance.md for the commands and the measured numbers.
"""
