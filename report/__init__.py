"""The report: series built from the published tables, charts drawn from them, the HTML page and its downloads."""
