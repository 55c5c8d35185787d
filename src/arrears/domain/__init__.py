"""The domain core: every collections rule stated once, in plain Python.

Nothing here imports anything outside the standard library, performs I/O or reads a
clock: the business date ``as_of`` is always an argument. The batch engine restates
these rules as column expressions and a parity test holds the two to identical results.
"""
