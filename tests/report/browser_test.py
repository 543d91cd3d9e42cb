#!/usr/bin/python3
"""The report in a real browser: `corridor run` a scenario, `corridor report` it, open report.html
in headless Chromium and fail on any console error, on a chart that drew nothing, or on a blank
screenshot. Exits 77 (ctest SKIP_RETURN_CODE) when Chromium, its driver or Selenium is missing.

usage: browser_test.py CORRIDOR SCENARIO WORKDIR [--results DIR] [--screenshot PNG] [--full-page]
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

SKIP = 77


def skip(why):
    print(f"SKIP: {why}: the report is not tested in a browser here "
          "(scripts/install-deps.sh installs chromium, chromium-driver and python3-selenium)")
    sys.exit(SKIP)


def png_distinct_bytes(png):
    """How many distinct byte values the decoded image data holds: 1 or 2 for a blank page."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, data = 8, b""
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        if kind == b"IDAT":
            data += png[at + 8:at + 8 + length]
        at += 12 + length
    return len(set(zlib.decompress(data)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corridor")
    parser.add_argument("scenario")
    parser.add_argument("workdir")
    parser.add_argument("--screenshot", help="also save the screenshot here")
    parser.add_argument("--full-page", action="store_true", help="screenshot the whole page")
    parser.add_argument("--reuse", action="store_true", help="report the results already in WORKDIR/results")
    parser.add_argument("--results", help="report this result set (a copy) instead of running SCENARIO")
    parser.add_argument("--break-vega-module", metavar="NAME",
                        help="check that the test fails: the page gets a Vega whose module NAME "
                             "exports nothing; exit 0 only when that is reported as a failure")
    args = parser.parse_args()

    chromium = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        skip("chromium or chromedriver not found")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        skip("python3-selenium not installed")

    work = Path(args.workdir)
    results = work / "results"
    if not args.reuse:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        if args.results:
            shutil.copytree(args.results, results)
        else:
            subprocess.run([args.corridor, "run", args.scenario, "--out", str(results), "--quiet"], check=True)
    page = work / "report.html"
    environment = dict(os.environ)
    if args.break_vega_module:
        vega = work / "broken-vega"
        shutil.rmtree(vega, ignore_errors=True)
        shutil.copytree(os.environ.get("CORRIDOR_VEGA_DIR", "/usr/share/javascript/vega"), vega)
        (vega / (args.break_vega_module + ".min.js")).write_text("module.exports = {};\n")
        environment["CORRIDOR_VEGA_DIR"] = str(vega)
    subprocess.run([args.corridor, "report", str(results), "--out", str(page)], check=True, env=environment)

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1200,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(driver), options=options)
    failures = []
    try:
        browser.get(page.resolve().as_uri())
        charts = browser.find_elements("css selector", "div.chart")
        deadline = time.time() + 60
        while time.time() < deadline:
            pending = browser.execute_script(
                "return Array.from(document.querySelectorAll('div.chart')).filter("
                "d => !d.hasAttribute('data-rendered') && !d.classList.contains('chart-error')).length")
            if pending == 0:
                break
            time.sleep(0.2)
        if not charts:
            failures.append("the report has no chart")
        for chart in charts:
            cid = chart.get_attribute("id")
            # What Vega drew: marks in the chart's SVG (an empty view has a frame and no marks).
            marks = browser.execute_script(
                "const svg = arguments[0].querySelector('svg');"
                "return svg ? svg.querySelectorAll('path, line, circle, text').length : 0", chart)
            drawn = browser.execute_script(
                "const m = arguments[0].querySelectorAll('.mark-line path, .mark-shape path, .mark-symbol path');"
                "return Array.from(m).filter(p => (p.getAttribute('d') || '').length > 10).length", chart)
            print(f"{cid}: {marks} SVG elements, {drawn} marks with a path")
            if chart.get_attribute("data-rendered") != "true":
                failures.append(f"{cid}: not rendered: {chart.text[:200]}")
            elif drawn == 0:
                failures.append(f"{cid}: rendered, but no line, shape or symbol has a path")
        for entry in browser.get_log("browser"):
            print(f"console {entry['level']}: {entry['message']}")
            if entry["level"] in ("SEVERE", "ERROR"):
                failures.append(f"console error: {entry['message']}")
        # Nothing from the scenario escaped into markup: its </script> stays text.
        injected = browser.execute_script("return document.querySelectorAll('body > script').length")
        if injected != 2 + len(charts):
            failures.append(f"{injected} scripts in the body, expected {2 + len(charts)}: "
                            "text from the scenario became markup")
        if args.full_page:
            height = browser.execute_script("return document.documentElement.scrollHeight")
            browser.set_window_size(1200, height + 100)
        png = browser.get_screenshot_as_png()
        distinct = png_distinct_bytes(png)
        print(f"screenshot: {len(png)} bytes, {distinct} distinct byte values")
        if distinct < 16:
            failures.append("the screenshot is blank")
        if args.screenshot:
            Path(args.screenshot).write_bytes(png)
    finally:
        browser.quit()
    for f in failures:
        print("FAIL: " + f)
    if args.break_vega_module:
        print("expected failures: " + ("reported" if failures else "NOT reported: this test cannot fail"))
        return 0 if failures else 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
