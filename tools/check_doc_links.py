#!/usr/bin/env python3
"""Checks the relative links of the repository's Markdown files.

Every `[text](target)` and `![alt](target)` outside code must name a file or
folder that exists, and a `#anchor` must match a heading of the page it points
into, as GitHub makes anchors: lowercase, punctuation dropped, spaces turned
into hyphens, and a repeated heading numbered -1, -2, ... Links to other sites
(http:, https:, mailto:) are not checked.

    python3 tools/check_doc_links.py            README.md and docs/*.md
    python3 tools/check_doc_links.py FILE...    those files

Exits 1 and names each broken link when there is one. Not part of the build.
"""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^()\s]+)\)")


def outside_fences(text):
    """(line number, line) of each line outside fenced code blocks."""
    fence = None
    for number, line in enumerate(text.split("\n"), 1):
        marker = re.match(r"\s*(```+|~~~+)", line)
        if marker:
            if fence is None:
                fence = marker.group(1)[0]
            elif marker.group(1)[0] == fence:
                fence = None
            continue
        if fence is None:
            yield number, line


def prose_lines(text):
    """(line number, line) of each line outside fenced code, inline code removed."""
    for number, line in outside_fences(text):
        yield number, re.sub(r"`[^`]*`", "``", line)


def raw_headings(path):
    """Headings with their inline code kept, for anchors()."""
    text = path.read_text(encoding="utf-8")
    return [line for _, line in outside_fences(text) if re.match(r"#{1,6} ", line)]


def heading_anchors(path):
    seen, found = {}, set()
    for line in raw_headings(path):
        slug = line.lstrip("#").strip().lower()
        slug = re.sub(r"[^\w\- ]", "", slug).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def check(path):
    problems = []
    for number, line in prose_lines(path.read_text(encoding="utf-8")):
        for match in LINK.finditer(line):
            target = match.group(1)
            if re.match(r"[a-z]+:", target):
                continue
            file_part, _, anchor = target.partition("#")
            dest = (path.parent / file_part).resolve() if file_part else path
            where = f"{path.relative_to(ROOT)}:{number}: {target}"
            if not dest.exists():
                problems.append(f"{where}: no such file")
            elif anchor:
                if dest.is_dir() or dest.suffix != ".md":
                    problems.append(f"{where}: anchor into a file that is not Markdown")
                elif anchor not in heading_anchors(dest):
                    problems.append(f"{where}: no heading with this anchor")
    return problems


def main(argv):
    files = [pathlib.Path(a).resolve() for a in argv] or [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    problems = [p for f in files for p in check(f)]
    for p in problems:
        print(p)
    links = sum(1 for f in files for _, l in prose_lines(f.read_text(encoding="utf-8")) for _ in LINK.finditer(l))
    print(f"check_doc_links: {len(files)} files, {links} links, {len(problems)} broken")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
