"""Arrears: an open-source debt-collection platform.

The package is split the way the work is split:

- ``arrears.domain``: the rules (money, allocation, aging, delinquency), pure Python.
- ``arrears.snapshot``: reading and validating the lender's portfolio snapshot.
- ``arrears.engine``: the same rules as Ibis expressions for whole portfolios.
- ``arrears.demo``: a realistic demo portfolio generator.
- ``arrears.cli``: the one ``arrears`` command.
"""

__version__ = "0.1.0"
