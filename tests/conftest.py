"""Shared pytest fixtures."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# No property test has a time limit: hypothesis' default 200 ms deadline per example is a
# timing assertion, which tripped on a busy CI machine (352 ms); speed is measured in bench/.
settings.register_profile("factlint", deadline=None)
settings.load_profile("factlint")

# --- Headless chromium for @pytest.mark.browser tests ---------------------------------------------
# Self-contained: the helpers below serve only the `chromium_driver` fixture.

# Without the background-networking flags chromium keeps trying to reach Google services, which
# floods a closed network; the resolver rule makes any stray lookup fail at once.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--window-size=1280,1600",
)


def _find_binary(env_var: str, *names: str) -> str | None:
    """The path in `env_var` if set (None when it does not exist), else the first name found."""
    if os.environ.get(env_var):
        return os.environ[env_var] if Path(os.environ[env_var]).is_file() else None
    for name in names:
        found = shutil.which(name) or (name if Path(name).is_file() else None)
        if found:
            return found
    return None


def _unavailable(reason: str) -> None:
    """Skip, or fail when CI says the browser must be there (FACTLINT_REQUIRE_BROWSER=1)."""
    if os.environ.get("FACTLINT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"FACTLINT_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason} (set FACTLINT_REQUIRE_BROWSER=1 to fail instead)")


@pytest.fixture(scope="session")
def chromium_driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless chromium WebDriver, shared by the session's browser tests."""
    try:
        from selenium import webdriver
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.chrome.service import Service
    except ImportError as exc:
        _unavailable(f"selenium is not importable ({exc})")
    browser = _find_binary("FACTLINT_CHROMIUM", "chromium", "chromium-browser", "/usr/bin/chromium")
    driver_path = _find_binary("FACTLINT_CHROMEDRIVER", "chromedriver", "/usr/bin/chromedriver")
    if browser is None or driver_path is None:
        missing = [n for n, p in (("chromium", browser), ("chromedriver", driver_path)) if not p]
        _unavailable(
            f"{' and '.join(missing)} not found (apt-get install chromium chromium-driver)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    try:
        driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    except WebDriverException as exc:
        _unavailable(f"chromium did not start: {exc.msg}")
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
