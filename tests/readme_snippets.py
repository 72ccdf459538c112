#!/usr/bin/env python3
"""Every ```cpp block in README.md compiles warning-free and runs with exit status 0.

A block that is a fragment (no main) is wrapped in a main(). Usage:
    readme_snippets.py CXX INCLUDE_DIR [README]
"""
import os
import re
import subprocess
import sys
import tempfile


def cpp_blocks(text):
    return [m.group(1) for m in re.finditer(r"```cpp\n(.*?)```", text, re.S)]


def as_program(block):
    if re.search(r"\bint\s+main\s*\(", block):
        return block
    includes = [l for l in block.splitlines() if l.startswith("#include")]
    body = [l for l in block.splitlines() if not l.startswith("#include")]
    return "\n".join(includes + ["int main() {"] + body + ["}"]) + "\n"


def main():
    cxx, include_dir = sys.argv[1], sys.argv[2]
    readme = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "..", "README.md")
    with open(readme, encoding="utf-8") as f:
        blocks = cpp_blocks(f.read())
    if not blocks:
        print("README.md has no ```cpp blocks")
        return 1
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, block in enumerate(blocks, 1):
            source = os.path.join(tmp, f"snippet{i}.cpp")
            exe = os.path.join(tmp, f"snippet{i}")
            with open(source, "w", encoding="utf-8") as f:
                f.write(as_program(block))
            build = subprocess.run([cxx, "-std=c++17", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
                                    "-I", include_dir, source, "-o", exe], capture_output=True, text=True)
            if build.returncode != 0:
                print(f"snippet {i} does not compile:\n{block}\n{build.stderr}")
                failures += 1
                continue
            run = subprocess.run([exe], capture_output=True, text=True, timeout=60)
            if run.returncode != 0:
                print(f"snippet {i} exits {run.returncode}:\n{block}\n{run.stdout}{run.stderr}")
                failures += 1
            else:
                print(f"snippet {i}: ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
