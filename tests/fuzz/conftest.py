"""Shared fixtures of the fuzz tests: seed documents read once per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzzing import all_seeds  # noqa: E402


@pytest.fixture(scope="session")
def seeds() -> dict[str, list[bytes]]:
    """Seed document bytes per parser family."""
    return all_seeds()
