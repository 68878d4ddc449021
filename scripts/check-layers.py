#!/usr/bin/env python3
"""Fails when an #include points upward or sideways across Roja's layers (docs/design.md).

Each area (filter/, config/, daemon/<area>/) sits in one layer; a file may include its own area
and any area of a lower layer, nothing else. A new daemon area must be added here, at the layer
its includes need: the script fails on an area it does not know, so none is added by accident.
"""
import pathlib
import re
import subprocess
import sys

# Lowest first. Areas on one line are peers: they may not include each other.
LAYERS = [
    ["filter"],                                    # the I/O-free core
    ["config"],                                    # YAML -> validated structs
    ["log", "files", "crypto", "metrics", "wire"],  # facilities every area uses
    ["cache", "upstream", "stats", "audit"],       # one job each, no knowledge of the others
    ["feed"],                                      # fetch -> verify -> persist; writes the audit log
    ["server"],                                    # the DNS side: sockets, workers, the pipeline
    ["http", "rpz"],                               # the warning page and the HTTP filter;
                                                   # the RPZ export (zones, XFR, NOTIFY)
    ["api"],                                       # the admin API, the /metrics page, reports
    ["app", "ctl", "hub"],                         # the three programs: rojad, rojactl and
                                                   # rojahub (the regulator's hub)
]
LEVEL = {area: level for level, areas in enumerate(LAYERS) for area in areas}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def area_of(path):
    parts = pathlib.PurePosixPath(path).parts
    if parts[0] == "daemon" and len(parts) > 2:
        return parts[1]
    return parts[0] if parts[0] in ("filter", "config") and len(parts) > 1 else None


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    files = subprocess.run(["git", "ls-files", "filter", "config", "daemon"], cwd=root,
                           capture_output=True, text=True, check=True).stdout.split()
    problems = []
    for path in files:
        if not path.endswith((".cpp", ".hpp")):
            continue
        source = area_of(path)
        if source not in LEVEL:
            problems.append(f"{path}: area '{source}' is not in scripts/check-layers.py")
            continue
        text = (root / path).read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            target = area_of(match.group(1))
            if target is None or target == source:
                continue
            if target not in LEVEL:
                problems.append(f"{path}:{number}: includes unknown area '{target}'")
            elif LEVEL[target] >= LEVEL[source]:
                way = "sideways" if LEVEL[target] == LEVEL[source] else "upward"
                problems.append(f"{path}:{number}: {source} includes {target} ({way}): "
                                f"{match.group(1)}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"check-layers: {len(problems)} include(s) break the layers of docs/design.md",
              file=sys.stderr)
        return 1
    print(f"check-layers: {len(files)} files, every include points down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
