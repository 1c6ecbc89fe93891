"""The committed data dictionary is the one rendered from the schemas."""

from __future__ import annotations

from warehouse.dictionary import DICTIONARY_PATH, render_dictionary, render_table
from warehouse.schemas import COLUMNS, TABLES


def test_committed_dictionary_is_current() -> None:
    assert DICTIONARY_PATH.read_text(encoding="utf-8") == render_dictionary(), (
        "docs/data_dictionary.md is stale: run `python -m warehouse.dictionary`"
    )


def test_every_column_has_type_and_meaning() -> None:
    for table in TABLES:
        section = render_table(table)
        for col in COLUMNS[table]:
            assert col.meaning and "\n" not in col.meaning
            assert f"| `{col.name}` |" in section
    assert "| `inputs` | `list<string>` |" in render_table("metrics")
    assert "| `fetched_at` | `timestamp[us, tz=UTC]` |" in render_table("documents")


def test_every_metric_id_is_documented_with_its_computation_inputs_periods_and_gaps() -> None:
    from transforms.derive.metrics import METRIC_DOCS, METRIC_IDS

    assert set(METRIC_DOCS) == set(METRIC_IDS)
    section = render_table("metrics")
    for metric_id in METRIC_IDS:
        block = section.split(f"#### `{metric_id}`", 1)[1].split("####", 1)[0]
        for head in ("- Computed: ", "- Inputs: ", "- Periods: ", "- Missing or restated input: "):
            assert head in block, (metric_id, head)
