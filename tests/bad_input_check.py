#!/usr/bin/env python3
"""docs/bad-input.md and the tests agree: every test the catalogue cites (the `...` spans in the last column of
its tables) is a TEST_CASE in tests/*.cpp, and every TEST_CASE of tests/test_bad_input.cpp is cited."""
import glob
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
literal = r'"(?:[^"\\]|\\.)*"'
test_case = re.compile(r'TEST_CASE\(\s*((?:%s\s*)+)' % literal)


def test_names(path):
    with open(path, encoding="utf-8") as f:
        source = f.read()
    # Adjacent string literals ("a " "b") are one name, as the compiler joins them.
    return ["".join(part[1:-1] for part in re.findall(literal, m.group(1))) for m in test_case.finditer(source)]


all_tests = set()
for path in glob.glob(os.path.join(root, "tests", "*.cpp")):
    all_tests.update(test_names(path))
catalogue_tests = set(test_names(os.path.join(root, "tests", "test_bad_input.cpp")))

cited = []
with open(os.path.join(root, "docs", "bad-input.md"), encoding="utf-8") as f:
    in_test_table = False  # inside a table whose last column is headed "test"
    header_next = True
    for number, line in enumerate(f, 1):
        if not line.startswith("|"):
            header_next = True
            in_test_table = False
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header_next:
            in_test_table = cells[-1] == "test"
            header_next = False
            continue
        if in_test_table and not set(cells[-1]) <= set("-: "):
            cited.extend((number, name) for name in re.findall(r"`([^`]+)`", cells[-1]))

failures = [f"docs/bad-input.md:{n}: no test named \"{name}\" in tests/" for n, name in cited if name not in all_tests]
cited_names = {name for _, name in cited}
failures += [f"tests/test_bad_input.cpp: \"{name}\" is not cited in docs/bad-input.md"
             for name in sorted(catalogue_tests - cited_names)]
for failure in failures:
    print(failure)
print(f"{len(cited)} citations, {len(catalogue_tests)} catalogue tests: " + ("ok" if not failures else f"{len(failures)} problem(s)"))
sys.exit(1 if failures else 0)
