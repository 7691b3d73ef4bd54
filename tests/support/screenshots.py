"""Screenshots for the HR guide (docs/hr-guide.md), taken by the browser tests.

``make screenshots`` runs those tests with ``SAVE_SCREENSHOTS=1``: each picture
is written to docs/images/ (PNG). In every other run (``make test``) the same
pictures are taken into a temporary folder, so the steps they show are still
driven and checked, and the repository is left alone.
"""

import os
from pathlib import Path

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
# A fixed window, so regenerated pictures differ only where the pages changed.
VIEWPORT = {"width": 1280, "height": 800}


def screenshot_folder(tmp_path: Path) -> Path:
    if os.environ.get("SAVE_SCREENSHOTS") == "1":
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        return DOCS_IMAGES
    return tmp_path


def take(page, folder: Path, name: str, *, full_page: bool = True) -> Path:
    """Save the page as ``<name>.png``; returns the path (a PNG, checked by its signature)."""
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return path
