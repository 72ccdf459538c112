#!/usr/bin/env python3
"""Every `$ ...` command in a ```text block of README.md that runs ftpwire prints what the README shows.

The command runs in a shell with the built tool first on PATH (FTPWIRE_CLI); the lines after it, up to the next
`$ ` line or the end of the block, are its expected standard output.
"""
import os
import re
import subprocess
import sys
import unittest

CLI = os.environ.get("FTPWIRE_CLI", "ftpwire")
ROOT = os.environ.get("FTPWIRE_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))


def examples():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        text = f.read()
    found = []
    for block in re.findall(r"```text\n(.*?)```", text, re.S):
        command, output = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command:
                    found.append((command, output))
                command, output = line[2:], []
            elif command is not None:
                output.append(line)
        if command:
            found.append((command, output))
    return [(c, o) for c, o in found if "ftpwire " in c]


class ReadmeExamples(unittest.TestCase):
    def test_the_readme_shows_ftpwire_examples(self):
        self.assertGreaterEqual(len(examples()), 2)

    def test_each_example_prints_what_the_readme_shows(self):
        env = dict(os.environ)
        env["PATH"] = os.path.dirname(os.path.abspath(CLI)) + os.pathsep + env.get("PATH", "")
        for command, expected in examples():
            with self.subTest(command=command):
                run = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env, cwd=ROOT)
                self.assertIn(run.returncode, (0, 1), run.stderr)
                self.assertEqual(run.stdout.rstrip("\n").split("\n"), expected)


if __name__ == "__main__":
    sys.exit(0 if unittest.main(exit=False).result.wasSuccessful() else 1)
