#!/usr/bin/env python3
"""Checks that every `#include <oauth2cc/...>` under include/oauth2cc goes to
the header's own layer or a lower one, and that one part includes another
only where allowed. The rules are the two tables of docs/architecture.md,
read from there (between the `<!-- layers` and `<!-- parts` markers), so they
are written down once. Also checks that the programs built on the library as
its users are (the oauth2cc CLI) use only its public API: no detail header,
no detail:: name.

    python3 tools/check_layers.py [--include-dir DIR] [--rules FILE] [--public-users DIR ...]

Exit status 0 when every include keeps to the rules; 1 with one line per
include that does not (and per header no layer claims).
"""

import argparse
import fnmatch
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OWN_INCLUDE = re.compile(r"^\s*#\s*include\s*<oauth2cc/([^>]+)>")
CODE = re.compile(r"`([^`]+)`")


def table_rows(text, marker):
    """The cells of each data row of the table between <!-- marker and <!-- /marker."""
    found = re.search(rf"<!-- {marker}\b.*?-->(.*?)<!-- /{marker} -->", text, re.S)
    if not found:
        raise SystemExit(f"check_layers: no <!-- {marker} --> table in the rules file")
    rows = []
    for line in found.group(1).strip().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not cells or set(cells[0]) <= set("-: ") or cells[0] in ("layer", "part"):
            continue
        rows.append(cells)
    return rows


def read_rules(path):
    text = path.read_text(encoding="utf-8")
    layers = []  # (number, name, [patterns])
    for cells in table_rows(text, "layers"):
        layers.append((int(cells[0]), cells[1], CODE.findall(cells[2])))
    parts = {}  # folder -> set of folders it may include
    for cells in table_rows(text, "parts"):
        source = cells[0].strip("`").rstrip("/")
        parts.setdefault(source, set()).update(p.rstrip("/") for p in CODE.findall(cells[1]))
    return layers, parts


def layer_of(header, layers):
    """The layer naming `header` exactly, else the first whose pattern matches it."""
    for number, _, patterns in layers:
        if header in patterns:
            return number
    for number, _, patterns in layers:
        if any(fnmatch.fnmatchcase(header, pattern) for pattern in patterns if "*" in pattern):
            return number
    return None


def folder(header):
    return header.split("/")[0] if "/" in header else ""


def check(include_dir, layers, parts):
    parts_layer = next(number for number, name, _ in layers if name == "parts")
    names = {number: name for number, name, _ in layers}
    problems = []
    for path in sorted((include_dir / "oauth2cc").rglob("*.hpp")):
        header = path.relative_to(include_dir / "oauth2cc").as_posix()
        own = layer_of(header, layers)
        if own is None:
            problems.append(f"oauth2cc/{header}: no layer in docs/architecture.md claims it; add it to a row")
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = OWN_INCLUDE.match(line)
            if not match:
                continue
            target = match.group(1)
            where = f"oauth2cc/{header}:{number}: #include <oauth2cc/{target}>"
            other = layer_of(target, layers)
            if other is None:
                problems.append(f"{where}: no layer claims the included header")
            elif other > own:
                problems.append(f"{where} runs up from layer {own} ({names[own]}) to {other} ({names[other]})")
            elif other == own == parts_layer and folder(header) != folder(target) \
                    and folder(target) not in parts.get(folder(header), set()):
                problems.append(f"{where}: part {folder(header)}/ may not include part {folder(target)}/ "
                                "(docs/architecture.md lists which parts may)")
    return problems


DETAIL_USE = re.compile(r"<oauth2cc/detail/|\bdetail::")


def check_public_users(folders):
    """One problem per line of a user program that reaches into detail/."""
    problems = []
    for top in folders:
        for path in sorted(p for p in top.rglob("*") if p.suffix in (".cpp", ".hpp")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if DETAIL_USE.search(line):
                    problems.append(f"{path.relative_to(top.parent).as_posix()}:{number}: uses oauth2cc's detail "
                                    "namespace; use the public API, or make what it needs public")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--include-dir", type=pathlib.Path, default=ROOT / "include")
    parser.add_argument("--rules", type=pathlib.Path, default=ROOT / "docs" / "architecture.md")
    parser.add_argument("--public-users", type=pathlib.Path, nargs="*", default=[ROOT / "tools" / "cli"])
    args = parser.parse_args()
    layers, parts = read_rules(args.rules)
    problems = check(args.include_dir, layers, parts) + check_public_users(args.public_users)
    for problem in problems:
        print(problem)
    count = sum(1 for _ in (args.include_dir / "oauth2cc").rglob("*.hpp"))
    print(f"check_layers: {count} headers, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
