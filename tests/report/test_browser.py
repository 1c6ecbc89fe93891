"""The report in a real browser: headless Chromium renders index.html sent alone (no files beside it)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from test_page import documents, events, facts_latest, metrics, quality_checks, runs, write_tables

from report import charts
from report.page import build_report

BROWSERS = ("chromium", "chromium-browser")
WIDTH = 1280
TIMEOUT = 120
PROBE = """
<pre id="probe"></pre>
<script>
window.addEventListener("load", () => {
  const width = document.documentElement.clientWidth;
  const wide = [], clipped = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.id === "probe") continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) wide.push(el.tagName + "#" + el.id + "." + el.className);
    if (["TD", "TH", "P", "FIGCAPTION", "LI", "H1", "H2"].includes(el.tagName)
        && el.scrollWidth > el.clientWidth + 1) clipped.push(el.tagName + ":" + el.textContent.slice(0, 40));
  }
  const images = [...document.images].map(img => ({
    file: img.dataset.file, loaded: img.complete && img.naturalWidth > 0,
    width: img.getBoundingClientRect().width}));
  document.getElementById("probe").textContent = JSON.stringify({
    width, wide, clipped, images,
    keyRows: document.querySelectorAll("#key-figures tbody tr").length,
    tables: document.querySelectorAll("table").length,
  });
});
</script>
"""


def _browser() -> str:
    """The Chromium executable, or a plain skip saying why there is none."""
    for name in BROWSERS:
        if found := shutil.which(name):
            return found
    pytest.skip("browser check skipped: Chromium is not installed (Debian package `chromium`; "
                "`make install` installs it when run as root with apt-get)")


def _run(browser: str, folder: Path, *args: str) -> tuple[int, str, str]:
    """Run headless Chromium once with a private profile; returns its exit code, output and errors.

    Output goes to files, not pipes: Chromium's helper processes may hold a pipe open long after it exits.
    """
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               f"--user-data-dir={folder / 'profile'}", f"--window-size={WIDTH},3000", *args]
    out, err = folder / "stdout.txt", folder / "stderr.txt"
    with open(out, "w", encoding="utf-8") as stdout, open(err, "w", encoding="utf-8") as stderr:
        code = subprocess.run(command, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, timeout=TIMEOUT,
                              check=False).returncode
    return code, out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sent_alone(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The browser and a copy of index.html alone in an empty folder, as when it is sent by mail."""
    browser = _browser()
    data_dir = tmp_path_factory.mktemp("browser")
    write_tables(data_dir, {"facts_latest": facts_latest(), "metrics": metrics(), "events": events(),
                            "quality_checks": quality_checks(), "runs": runs(), "documents": documents()})
    report = build_report(data_dir, held=["https://36kr.com/p/1: period unresolved: 超过80%"])
    alone = tmp_path_factory.mktemp("alone") / "index.html"
    shutil.copyfile(report.index_path, alone)
    return browser, alone


def test_the_rendered_page_has_its_tables_and_every_chart_loaded_and_nothing_overflows(sent_alone, tmp_path):
    browser, page = sent_alone
    probed = tmp_path / "probed.html"
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    code, dom, errors = _run(browser, tmp_path, "--dump-dom", probed.as_uri())
    assert code == 0, errors[-2000:]
    text = dom.split('<pre id="probe">', 1)[1].split("</pre>", 1)[0]
    found = json.loads(text.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    assert found["keyRows"] >= 2 and found["tables"] >= 5
    assert sorted(image["file"] for image in found["images"]) == sorted(charts.CHART_FILES)
    assert all(image["loaded"] and image["width"] > 300 for image in found["images"]), found["images"]
    assert found["wide"] == [], found["wide"]
    assert found["clipped"] == [], found["clipped"]


def test_the_screenshot_shows_the_page_and_its_charts(sent_alone, tmp_path):
    browser, page = sent_alone
    shot = tmp_path / "page.png"
    code, _, errors = _run(browser, tmp_path, f"--screenshot={shot}", page.as_uri())
    assert code == 0 and shot.is_file(), errors[-2000:]
    image = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    assert image.shape[1] == WIDTH
    ink = float((image.sum(axis=2) < 600).mean())
    assert ink > 0.02, f"the page looks blank ({ink:.2%} of pixels drawn)"
    orange = int((np.abs(image - [0xDD, 0x84, 0x52]).max(axis=2) < 12).sum())
    assert orange > 500, "no Marketing Services bars in the screenshot"
    packed = (image[:, :, 0] << 16) | (image[:, :, 1] << 8) | image[:, :, 2]
    assert len(np.unique(packed)) > 200
