"""Fixtures of the documents tests: the PR3 flow of permits' tests (an applicant associated
with a permitted unit, an application forwarded to the zone) and poppler's tools to read a
PDF back: its text (pdftotext), its fonts (pdffonts) and its pages as images (pdftoppm)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from permits.tests.conftest import (  # noqa: F401 -- fixtures used by the tests here
    applicant,
    associated,
    permitted_unit,
    reference_data,
    reviewer,
    with_zone,
)

POPPLER = {tool: shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdftoppm")}


def _tool(name: str) -> str:
    path = POPPLER[name]
    if path is None:
        pytest.fail(f"{name} is missing: apt-get install poppler-utils")
    return path


@pytest.fixture
def pdf(tmp_path):
    """Reads a PDF (bytes) back: ``text``, ``fonts`` and ``pages`` (PNG images)."""

    class Reader:
        def __init__(self, content: bytes) -> None:
            assert content.startswith(b"%PDF-"), content[:40]
            self.path = tmp_path / f"doc{len(list(tmp_path.iterdir()))}.pdf"
            self.path.write_bytes(content)

        @property
        def flat(self) -> str:
            """The text without whitespace: lines wrap wherever the layout puts them."""
            return "".join(self.text.split())

        @property
        def text(self) -> str:
            out = subprocess.run(
                [_tool("pdftotext"), "-layout", str(self.path), "-"],
                capture_output=True,
                check=True,
                timeout=60,
            )
            return out.stdout.decode("utf-8")

        @property
        def fonts(self) -> list[dict]:
            out = subprocess.run(
                [_tool("pdffonts"), str(self.path)],
                capture_output=True,
                check=True,
                timeout=60,
                text=True,
            )
            rows = []
            for line in out.stdout.splitlines()[2:]:
                parts = line.split()
                # name type… encoding emb sub uni object-id: read from the right.
                rows.append({"name": parts[0], "emb": parts[-5], "uni": parts[-3]})
            return rows

        def pages(self, dpi: int = 60) -> list[Path]:
            prefix = self.path.with_suffix("")
            subprocess.run(
                [_tool("pdftoppm"), "-png", "-r", str(dpi), str(self.path), str(prefix)],
                check=True,
                timeout=120,
            )
            return sorted(tmp_path.glob(f"{prefix.name}-*.png"))

    return Reader


def ink(path: Path) -> float:
    """The share of a page image that is not white."""
    with Image.open(path) as image:
        grey = image.convert("L")
        histogram = grey.histogram()
    dark = sum(histogram[:200])
    return dark / sum(histogram)


def save_artifact(source: Path, name: str) -> Path:
    folder = Path(__file__).resolve().parents[2] / "artifacts" / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copyfile(source, target)
    return target
