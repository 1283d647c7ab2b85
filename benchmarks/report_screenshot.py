"""Write `express-lex report` for some results files as HTML and photograph it in headless
Chromium (Debian's `chromium`), to look at what a reader sees (issue 15).

    python benchmarks/report_screenshot.py RESULTS... [--out DIR] [--height 4000]

Prints the report's path, the screenshot's path and the share of non-white pixels.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("report-screenshot"))
    parser.add_argument("--height", type=int, default=4000)
    args = parser.parse_args()
    browser = shutil.which("chromium")
    if browser is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    args.out.mkdir(parents=True, exist_ok=True)
    report = args.out / "report.html"
    cli = [shutil.which("express-lex") or sys.executable, *([] if shutil.which("express-lex") else ["-m", "express_lex"])]
    subprocess.run([*cli, "report", *map(str, args.results), "-o", str(report)], check=True)
    shot = args.out / "screenshot.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size=1280,{args.height}", f"--screenshot={shot}", report.resolve().as_uri()],
                   check=True, capture_output=True, timeout=120)
    from matplotlib import image

    pixels = image.imread(shot)[..., :3]
    print(f"report {report}\nscreenshot {shot} ({pixels.shape[1]}x{pixels.shape[0]}), "
          f"non-white pixels {(pixels < 0.9).any(axis=2).mean():.1%}")


if __name__ == "__main__":
    main()
