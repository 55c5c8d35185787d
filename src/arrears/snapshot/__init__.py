"""Reading and validating a lender's portfolio snapshot (reference section 1).

``read_snapshot(folder)`` returns a ``Snapshot`` of four typed Arrow tables (amounts as
integer minor units, dates as ``date32``) or raises ``SnapshotInvalid`` listing every
violated rule as ``file:line:column: message``. With ``reject_bad_accounts=True`` it
returns a ``ReadResult`` without the accounts that have a bad row instead.
"""

from arrears.snapshot.format import TABLES
from arrears.snapshot.manifest import Manifest
from arrears.snapshot.problems import Problem, SnapshotInvalid
from arrears.snapshot.reader import ReadResult, Snapshot, read_snapshot

__all__ = ["TABLES", "Manifest", "Problem", "ReadResult", "Snapshot", "SnapshotInvalid", "read_snapshot"]
