"""Render the dateline dashboard in headless Chromium, as an analyst sees it, and save a screenshot.

    dashboard/.venv/bin/python dashboard/screenshot.py http://127.0.0.1:8088 --password-file dashboard/.state/admin_password --out /tmp/dashboard.png

Logs in (Superset's login form, as a browser posts it), opens the dashboard, waits until every chart has drawn
(a canvas, table rows or a number) and nothing is loading, then saves a full-page PNG. Prints one JSON object:
each chart's title and what it drew, the Entity filter's value, and how much of the PNG is not background.
Exits 1 if a chart has not drawn data by --timeout. Needs Debian's chromium and chromium-driver
(`bash dashboard/setup.sh --chromium`) and the selenium that Superset installs.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import shutil
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

DASHBOARD_PATH = "/superset/dashboard/dateline/"
WIDTH = 1600

# What each chart on the page shows, read from the DOM Superset renders.
CHART_STATE_JS = """
return [...document.querySelectorAll('[data-test="chart-container"]')].map((chart) => {
  const holder = chart.closest('[data-test="dashboard-component-chart-holder"]') || chart;
  const title = holder.querySelector('[data-test="editable-title"]');
  const number = chart.querySelector('.header-line');
  const error = holder.querySelector('[data-test="error-alert"], .ant-alert-error');
  return {
    title: title ? title.innerText.trim() : '',
    canvases: chart.querySelectorAll('canvas').length,
    table_rows: chart.querySelectorAll('tbody tr').length,
    number: number ? number.innerText.trim() : null,
    loading: !!holder.querySelector('[data-test="loading-indicator"]'),
    error: error ? error.innerText.trim() : null,
  };
});
"""
FILTER_VALUE_JS = """
const item = document.querySelector('[data-test="filter-bar"] .ant-select-selection-item');
return item ? item.innerText.trim() : null;
"""


def session_cookies(base: str, username: str, password: str) -> http.cookiejar.CookieJar:
    """Log in through the login form (csrf token and all) and return the session cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/login/", timeout=60) as response:
        page = response.read().decode("utf-8")
    match = re.search(r'id="csrf_token"\s+value="([^"]+)"', page)
    if match is None:
        raise SystemExit("screenshot: no csrf token on the login page")
    form = urllib.parse.urlencode({"username": username, "password": password, "csrf_token": match.group(1)})
    with opener.open(f"{base}/login/", data=form.encode(), timeout=60) as response:
        if response.geturl().rstrip("/").endswith("/login"):
            raise SystemExit("screenshot: the login was refused")
    return jar


def drawn(chart: dict) -> bool:
    return (
        not chart["loading"]
        and not chart["error"]
        and bool(chart["canvases"] or chart["table_rows"] or chart["number"])
    )


def wait_for_charts(driver: webdriver.Chrome, deadline: float) -> list[dict]:
    """Poll until every chart has drawn data, twice in a row (charts redraw once the filter applies)."""
    charts: list[dict] = []
    ready_polls = 0
    while time.monotonic() < deadline:
        charts = driver.execute_script(CHART_STATE_JS)
        ready_polls = ready_polls + 1 if charts and all(drawn(c) for c in charts) else 0
        if ready_polls >= 2:
            break
        time.sleep(1)
    return charts


def ink(png: Path) -> float:
    """Share of pixels that are not the page's background colour (a blank page is about 0)."""
    image = Image.open(png).convert("RGB").resize((WIDTH // 4, 300))
    colours = image.getcolors(maxcolors=1 << 20) or []
    background = max(colours)[0] if colours else 0
    return 1 - background / (image.width * image.height)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", help="where Superset listens, e.g. http://127.0.0.1:8088")
    parser.add_argument("--password-file", type=Path, required=True)
    parser.add_argument("--username", default="admin")
    parser.add_argument("--out", type=Path, required=True, help="the PNG to write")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for the charts")
    args = parser.parse_args(argv)
    base = args.base_url.rstrip("/")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        raise SystemExit(
            "screenshot: chromium and chromedriver are needed (bash dashboard/setup.sh --chromium)"
        )

    jar = session_cookies(base, args.username, args.password_file.read_text(encoding="utf-8").strip())
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
    ):
        options.add_argument(flag)
    options.add_argument(f"--window-size={WIDTH},1200")
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    started = time.monotonic()
    try:
        driver.get(f"{base}/health")  # a page of the site, so that its cookie can be set
        for cookie in jar:
            driver.add_cookie({"name": cookie.name, "value": cookie.value, "path": cookie.path or "/"})
        driver.get(base + DASHBOARD_PATH)
        deadline = started + args.timeout
        wait_for_charts(driver, deadline)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(WIDTH, height + 40)  # the whole dashboard in one picture
        time.sleep(1)
        charts = wait_for_charts(driver, deadline)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(args.out))
        report = {
            "charts": charts,
            "entity_filter": driver.execute_script(FILTER_VALUE_JS),
            "png": str(args.out),
            "ink": round(ink(args.out), 3),
            "seconds": round(time.monotonic() - started, 1),
        }
    finally:
        driver.quit()
    print(json.dumps(report, indent=1))
    return 0 if charts and all(drawn(c) for c in charts) else 1


if __name__ == "__main__":
    sys.exit(main())
