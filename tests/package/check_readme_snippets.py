#!/usr/bin/env python3
"""The README's "Installation / use in your project" snippets are what the tested projects contain.

Every fenced block preceded by `<!-- checked against PATH -->` must have each non-blank line in PATH: as a whole
line (leading/trailing spaces ignored), or, for a shell script, inside one of its lines. In PATH, a variable
declared with `set(NAME default CACHE ...)` (how tests/package/fetchcontent points at a local repository) is
compared with its default value, which is what a user without the override gets. Each consumer project of
tests/package/ must have at least one checked snippet. Standard library only; exit 0 ok, 1 a mismatch.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECTION = "## Installation / use in your project"
# The consumer tests run.sh runs, by the file their README snippet is checked against.
REQUIRED = [
    "tests/package/find_package/CMakeLists.txt",
    "tests/package/add_subdirectory/CMakeLists.txt",
    "tests/package/fetchcontent/CMakeLists.txt",
    "tests/package/meson_subproject/meson.build",
    "tests/package/meson_subproject/subprojects/ftpwire.wrap",
    "tests/package/run.sh",  # pkg-config and single header
    "ports/ftpwire/usage",
    "test_package/CMakeLists.txt",
]


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def with_cache_defaults(text):
    for name, default in re.findall(r"set\((\w+)\s+(\S+)\s+CACHE\b", text):
        text = text.replace("${%s}" % name, default)
    return text


def checked_blocks(readme):
    section = readme.split(SECTION, 1)
    if len(section) != 2:
        return None
    body = re.split(r"\n## ", section[1], 1)[0]
    return re.findall(r"<!-- checked against (\S+) -->\s*\n```[\w+-]*\n(.*?)```", body, re.S)


def main():
    blocks = checked_blocks(read("README.md"))
    if blocks is None:
        print('check_readme_snippets: README.md has no "%s" section' % SECTION)
        return 1
    problems = []
    for path, block in blocks:
        if not os.path.isfile(os.path.join(ROOT, path)):
            problems.append("README snippet is checked against %s, which does not exist" % path)
            continue
        lines = [l.strip() for l in with_cache_defaults(read(path)).splitlines()]
        for line in (l.strip() for l in block.splitlines()):
            if not line:
                continue
            found = line in lines or (path.endswith(".sh") and any(line in l for l in lines))
            if not found:
                problems.append("README line `%s` is not in %s" % (line, path))
    for path in REQUIRED:
        if path not in [p for p, _ in blocks]:
            problems.append("no README snippet is checked against %s" % path)
    for p in problems:
        print("check_readme_snippets: " + p)
    print("check_readme_snippets: %d snippets, %s" % (len(blocks), "ok" if not problems else
                                                     "%d problem(s)" % len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
