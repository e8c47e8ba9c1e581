"""Headless Chromium with the network off, for the browser tests of the static pages (the report page,
the validation summary site)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
                 if p and Path(p).is_file()), None)
# no network for the page: every connection goes to a closed port, every host name fails to resolve
OFFLINE = ["--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"]
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(\s*["']?\s*(?:https?:)?//""", re.I)


def chromium(page: Path, profile: Path, *args: str, fragment: str = "") -> subprocess.CompletedProcess:
    """Headless Chromium on the page's file:// URL (plus `#fragment`) with the network off; its scripts get
    15 s of virtual time."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium); .ci/run installs it")
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         *OFFLINE, f"--user-data-dir={profile}", "--virtual-time-budget=15000", "--window-size=1100,1400",
         *args, page.as_uri() + (f"#{fragment}" if fragment else "")],
        capture_output=True, text=True, timeout=180, cwd=profile)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc
