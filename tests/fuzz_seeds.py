#!/usr/bin/env python3
"""Writes the fuzz seed corpora (fuzz/seeds.py) into a temporary directory and runs a replay binary
(fuzz/replay_main.cpp) over the kinds given: fuzz_seeds.py BINARY KIND... Exit status: the binary's."""
import os
import subprocess
import sys
import tempfile

root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
binary, kinds = sys.argv[1], sys.argv[2:]
with tempfile.TemporaryDirectory(prefix="ftpwire-seeds-") as out:
    subprocess.run([sys.executable, os.path.join(root, "fuzz", "seeds.py"), out], check=True,
                   stdout=subprocess.DEVNULL)
    sys.exit(subprocess.run([binary, *[os.path.join(out, kind) for kind in kinds]]).returncode)
