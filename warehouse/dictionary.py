"""The data dictionary (docs/data_dictionary.md), rendered from the column meanings in schemas.py."""

from __future__ import annotations

import sys
from pathlib import Path

from transforms.derive.metrics import METRIC_DOCS, METRIC_IDS
from warehouse.schemas import COLUMNS, NATURAL_KEY, TABLE_KEYS, TABLE_MEANINGS, type_name

DICTIONARY_PATH = Path(__file__).resolve().parent.parent / "docs" / "data_dictionary.md"

_PREAMBLE = """# Data dictionary

Generated from `warehouse/schemas.py` by `python -m warehouse.dictionary`; edit the meanings there, not here.

Each table is one Parquet file, `data/tables/<table>.parquet`, replaced atomically by each run.
Timestamps are UTC (`timestamp[us, tz=UTC]`), dates are `date32`, strings are plain `string`.
Values are in base units: CNY not millions, counts not millions, percentages in percent.
Vocabulary columns take the values of the runtime sets in `transforms/vocab.py`.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_table(table: str) -> str:
    """The Markdown section of one table: its meaning and a row per column."""
    meaning = TABLE_MEANINGS[table]
    lines = [f"## {table}", "", meaning[:1].upper() + meaning[1:] + ".", ""]
    key = TABLE_KEYS.get(table)
    if key:
        name = "Natural key" if key == NATURAL_KEY else "Key"
        lines += [f"{name}: ({', '.join(f'`{k}`' for k in key)}).", ""]
    lines += ["| column | type | nulls | meaning |", "|---|---|---|---|"]
    for col in COLUMNS[table]:
        nulls = "yes" if col.nullable else "no"
        lines.append(f"| `{col.name}` | `{type_name(col.type)}` | {nulls} | {_cell(col.meaning)} |")
    if table == "metrics":
        lines += ["", render_metric_ids().rstrip("\n")]
    return "\n".join(lines) + "\n"


def render_metric_ids() -> str:
    """The metric ids of the metrics table: how each is computed, from what, for which periods, with gaps."""
    lines = ["### Metric ids", "",
             "Every metric is derived from facts_latest by `transforms/derive/metrics.py` on each run (and by "
             "`--known-at` from the facts published by that date).", ""]
    for metric_id in METRIC_IDS:
        doc = METRIC_DOCS[metric_id]
        lines += [f"#### `{metric_id}`", "",
                  f"- Computed: {_cell(doc.computed)}.",
                  f"- Inputs: {_cell(doc.inputs)}.",
                  f"- Periods: {_cell(doc.periods)}.",
                  f"- Missing or restated input: {_cell(doc.missing)}.", ""]
    return "\n".join(lines)


def render_dictionary() -> str:
    """The whole data dictionary as Markdown."""
    return _PREAMBLE + "".join("\n" + render_table(t) for t in COLUMNS)


def write_dictionary(path: Path = DICTIONARY_PATH) -> Path:
    """Write the rendered dictionary to `path`."""
    path.write_text(render_dictionary(), encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.stdout.write(f"{write_dictionary()}\n")
