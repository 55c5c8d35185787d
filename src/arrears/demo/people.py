"""The customers table: which countries a locale's debtors live in, and their credit grades.

Each country segment is generated in one vectorised block and the rows are then put back
in customer order, so a book mixes countries the way a real one does instead of listing
all British debtors after all American ones.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa

from arrears.demo.columns import fixed_ids, pick, take
from arrears.demo.people_cn import chinese_people
from arrears.demo.people_en import gb_people, jp_people, us_people

Builder = Callable[[np.random.Generator, int, int], dict[str, pa.Array]]

# locale -> (country, builder, share of customers)
SEGMENTS: dict[str, tuple[tuple[str, Builder, float], ...]] = {
    "zh_CN": (("CN", chinese_people, 1.0),),
    "en_US": (("US", us_people, 0.85), ("GB", gb_people, 0.11), ("JP", jp_people, 0.04)),
}
GRADES = ("A", "B", "C", "D", "E")
GRADE_WEIGHTS = (0.18, 0.30, 0.27, 0.15, 0.10)


def customers(rng: np.random.Generator, n: int, locale: str, as_of_days: int) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """The customers table, each customer's country segment index and grade index (0 = A)."""
    segments = SEGMENTS[locale]
    segment = pick(rng, n, [share for *_, share in segments])
    parts, positions = [], []
    for k, (_, build, _) in enumerate(segments):
        idx = np.flatnonzero(segment == k)
        if len(idx):
            parts.append(pa.table(build(rng, len(idx), as_of_days)))
            positions.append(idx)
    table = pa.concat_tables(parts).take(pa.array(np.argsort(np.concatenate(positions), kind="stable")))
    grade = pick(rng, n, GRADE_WEIGHTS)
    table = table.add_column(0, "customer_id", fixed_ids("C", n, 7)).append_column("credit_grade", take(GRADES, grade))
    return table, segment, grade
