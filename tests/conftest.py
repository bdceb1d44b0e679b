"""Test-wide configuration: hypothesis profiles and the --update-golden flag.

Profiles (select with ``--hypothesis-profile NAME`` or the LESTO_HYPOTHESIS_PROFILE variable):
  ci        default: modest example counts, no deadline (the first call of a case compiles it)
  thorough  many more examples, for a local soak run
"""
from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, settings

# Make `import tests.support...` work under plain `pytest` too, not only `python -m pytest`
# (which puts the repository root on sys.path itself).
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

# Tests compile at full optimisation before the first call returns (no background tier-up
# thread competing with the suite); tests/runtime/test_tiers.py tests tiering itself, and
# `LESTO_TIER=quick pytest tests/test_data_files.py` runs the differential data on quick code.
os.environ.setdefault("LESTO_TIER", "full")

settings.register_profile(
    "ci",
    deadline=None,
    max_examples=100,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    deadline=None,
    max_examples=2000,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("LESTO_HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser):
    group = parser.getgroup("lesto")
    group.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the expected-output sections of golden data files instead of failing",
    )


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    """CI (.ci/run) sets LESTO_FAULT_LOG: a crash's stacks (every thread's, the crashing one
    last) go to that file, which .ci/run prints in full, instead of into stderr, where the
    crashing thread's stack can be lost among the others."""
    path = os.environ.get("LESTO_FAULT_LOG")
    if path:
        import faulthandler

        config._lesto_fault_log = open(path, "w")   # kept open for the whole run
        faulthandler.enable(file=config._lesto_fault_log, all_threads=True)
