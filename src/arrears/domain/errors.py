"""Failures with stable codes.

A rule outcome is a value; a use case that cannot proceed raises ``DomainError`` with a
dotted code (``aging.ranges_overlap``) that callers, tests and translations key on, and a
human message that says what was wrong.

>>> try:
...     raise DomainError("money.currency_mismatch", "cannot add CNY to USD")
... except DomainError as e:
...     e.code
'money.currency_mismatch'
"""


class DomainError(ValueError):
    """A rule was violated; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
