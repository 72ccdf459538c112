#!/usr/bin/env python3
"""The build files agree with the tree: meson builds the same tests/test_*.cpp programs CMake globs,
and the umbrella header includes every public header."""
import glob
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
failures = []

tests = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(root, "tests", "test_*.cpp")))
with open(os.path.join(root, "meson.build"), encoding="utf-8") as f:
    meson = f.read()
listed = re.search(r"test_names\s*=\s*\[(.*?)\]", meson, re.S)
meson_tests = sorted(re.findall(r"'([^']+)'", listed.group(1))) if listed else []
if tests != meson_tests:
    failures.append(f"meson.build test_names {meson_tests} != tests/test_*.cpp {tests}")

headers = sorted(os.path.basename(p) for p in glob.glob(os.path.join(root, "include", "ftpwire", "*.hpp")))
with open(os.path.join(root, "include", "ftpwire", "ftpwire.hpp"), encoding="utf-8") as f:
    umbrella = f.read()
for h in headers:
    if h != "ftpwire.hpp" and f'#include "{h}"' not in umbrella:
        failures.append(f"include/ftpwire/ftpwire.hpp does not include {h}")

for failure in failures:
    print(failure)
print("ok" if not failures else f"{len(failures)} problem(s)")
sys.exit(1 if failures else 0)
