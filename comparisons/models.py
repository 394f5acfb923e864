"""comparisons keeps no tables: its pages are read from catalog, and its rate-limit counters live in a cache
(comparisons/throttle.py). The migrations remain for the table it once had (Throttle, dropped in 0002)."""
