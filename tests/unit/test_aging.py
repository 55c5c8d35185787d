"""Bucket tables cover every day exactly once, or cannot be built."""

import pytest

from arrears.domain.aging import DEFAULT_BUCKETS, BucketTable
from arrears.domain.errors import DomainError


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, "M0"),
        (1, "M1"),
        (30, "M1"),
        (31, "M2"),
        (60, "M2"),
        (61, "M3"),
        (90, "M3"),
        (91, "M4"),
        (120, "M4"),
        (121, "M5"),
        (150, "M5"),
        (151, "M6"),
        (180, "M6"),
        (181, "M6+"),
        (10_000, "M6+"),
    ],
)
def test_default_table_boundaries(days, bucket):
    assert DEFAULT_BUCKETS.bucket_for(days) == bucket


@pytest.mark.parametrize(
    ("rows", "code"),
    [
        ([], "aging.empty"),
        ([("M0", 1, 1), ("M1", 2, None)], "aging.not_from_zero"),
        ([("M0", 0, 0), ("M1", 2, None)], "aging.ranges_gap"),
        ([("M0", 0, 5), ("M1", 5, None)], "aging.ranges_overlap"),
        ([("M0", 0, None), ("M1", 1, None)], "aging.ranges_overlap"),
        ([("M0", 0, 0), ("M1", 1, 30)], "aging.not_open_ended"),
        ([("M0", 0, 0), ("M0", 1, None)], "aging.duplicate_name"),
        ([("M0", 0, 0), ("M1", 5, 2), ("M2", 3, None)], "aging.bad_range"),
        ([("", 0, None)], "aging.bad_name"),
    ],
)
def test_invalid_tables_cannot_be_built(rows, code):
    with pytest.raises(DomainError) as e:
        BucketTable.from_bounds(rows)
    assert e.value.code == code


def test_custom_us_style_table_reads_delinquent_days():
    table = BucketTable.from_bounds([("current", 0, 0), ("1-29", 1, 29), ("30-59", 30, 59), ("60+", 60, None)])
    assert [table.bucket_for(d) for d in (0, 29, 30, 59, 60)] == ["current", "1-29", "30-59", "30-59", "60+"]
    assert table.rank("30-59") == 2


def test_negative_days_are_refused():
    with pytest.raises(DomainError):
        DEFAULT_BUCKETS.bucket_for(-1)
