"""What `make bench` measures inside a throw-away project copy, in a process of its own.

Run as ``python -m legalpages.bench_probes edit-loop|build-html …`` with the copy as working
folder, so the copy's own package is measured. Prints one JSON line for legalpages/bench.py.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path


def edit_loop(language: str, source: Path, old: str, new: str, runs: int) -> list[float]:
    """Seconds from saving an edit to the rebuilt page in the warm preview, per edit."""
    from legalpages.extensions.hyphenation import SOFT_HYPHEN
    from legalpages.preview import WarmBuilder

    original = source.read_text(encoding="utf-8")
    builder = WarmBuilder(language, Path("_bench/preview"))
    builder()
    page = builder.out_dir / "impressum.html"
    times = []
    try:
        for n in range(runs + 1):
            text = source.read_text(encoding="utf-8")
            marker = new.format(n=n)
            source.write_text(text.replace(old if n == 0 else new.format(n=n - 1), marker, 1), encoding="utf-8")
            start = time.perf_counter()
            builder(changed_paths=[source])
            if marker not in page.read_text(encoding="utf-8").replace(SOFT_HYPHEN, ""):
                raise RuntimeError("the preview did not rebuild the page")
            times.append(time.perf_counter() - start)
    finally:
        source.write_text(original, encoding="utf-8")
    return times[1:]  # the first edit also warms the caches


def build_html(build_dir: Path) -> dict[str, float]:
    """Seconds and peak memory of the HTML build of every language."""
    from legalpages.project import PROJECT
    from legalpages.site import build_html as build

    start = time.perf_counter()
    build(build_dir, PROJECT.codes, release=False)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "max_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    probes = parser.add_subparsers(dest="probe", required=True)
    loop = probes.add_parser("edit-loop")
    for name in ("language", "source", "old", "new"):
        loop.add_argument(name)
    loop.add_argument("runs", type=int)
    probes.add_parser("build-html").add_argument("build_dir", type=Path)
    args = parser.parse_args(argv)
    if args.probe == "edit-loop":
        result: object = edit_loop(args.language, Path(args.source), args.old, args.new, args.runs)
    else:
        result = build_html(args.build_dir)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
