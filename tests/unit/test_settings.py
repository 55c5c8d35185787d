"""Settings files become a validated policy, or a message naming the file and the key."""

from pathlib import Path

import pytest

from arrears.domain.delinquency import ClassificationPolicy
from arrears.domain.money import Money
from arrears.settings import SettingsError, load_policy

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_documented_defaults_file_equals_the_built_in_defaults():
    assert load_policy(EXAMPLES / "settings.toml") == ClassificationPolicy()


def test_no_file_means_the_reference_defaults():
    assert load_policy(None) == ClassificationPolicy()


def test_every_setting_is_read(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text(
        """
[classification]
grace_days = 5
allocation = { mode = "horizontal", components = ["principal", "interest", "fee", "penalty"] }
tolerance = { CNY = 100 }
[[classification.buckets]]
name = "current"
from = 0
to = 0
[[classification.buckets]]
name = "late"
from = 1
[classification.amount_bands]
CNY = [ { name = "small", from = "0", to = "1000.50" }, { name = "large", from = "1000.50" } ]
""",
        encoding="utf-8",
    )
    policy = load_policy(f)
    assert policy.grace_days == 5
    assert policy.allocation.mode == "horizontal" and policy.allocation.components[0] == "principal"
    assert policy.tolerance("CNY").format() == "1.00"
    assert policy.buckets.names == ("current", "late")
    assert policy.amount_bands.band_for(Money.of("1000.50", "CNY")) == "large"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[classification]\ngrace_days = -1\n", "grace days must be a whole number >= 0"),
        ("[classification]\ngrace_days = 1.5\n", "classification.grace_days: expected a whole number"),
        ("[classification]\ngrace = 1\n", "classification.grace: unknown setting"),
        ("[classification]\ntolerance = { CNY = 0.5 }\n", "classification.tolerance.CNY: expected a whole number"),
        ("[classification]\ntolerance = { ABC = 1 }\n", "unknown currency 'ABC'"),
        (
            "[[classification.buckets]]\nname='M0'\nfrom=0\nto=0\n[[classification.buckets]]\nname='M1'\nfrom=5\n",
            "aging.ranges_gap",
        ),
        ("[classification.amount_bands]\nCNY = [ { name = 'a', from = 0.0 } ]\n", "never a float"),
        ("[classification\n", "not valid TOML"),
        ("[classification]\nallocation = { mode = 'diagonal' }\n", "allocation.bad_mode"),
    ],
)
def test_bad_settings_are_refused_with_file_and_key(tmp_path, text, fragment):
    f = tmp_path / "bad.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as e:
        load_policy(f)
    assert str(e.value).startswith(str(f))
    assert fragment in str(e.value)
