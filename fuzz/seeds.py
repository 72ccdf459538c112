#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from tests/data/ into OUT/<kind>/ (standard library only).

  replies   (pull and push parser): whole recorded reply streams: tests/data/replies/*.txt and the raw server
            bytes in tests/data/servers/<server>/*.txt
  lines     (payload decoders, command/format): every distinct line of those streams, one per file
  commands  (command/format): the command lines clients sent (tests/data/transcripts "> " lines and the
            commands of tests/data/servers/answers.json), each ending in CRLF
  walks     (sequencer): the transcripts, and each recorded scenario of answers.json written as a transcript
  sequences (cli): each recorded scenario's commands as `ftpwire check-sequence` arguments, with fuzz_cli's option
            bytes
"""
import glob
import hashlib
import json
import os
import sys

root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build", "fuzz", "seeds")
data = os.path.join(root, "tests", "data")


def write(kind, content):
    directory = os.path.join(out, kind)
    os.makedirs(directory, exist_ok=True)
    name = hashlib.sha1(content).hexdigest()[:16]
    with open(os.path.join(directory, name), "wb") as f:
        f.write(content)


streams = sorted(glob.glob(os.path.join(data, "replies", "*.txt")) +
                 glob.glob(os.path.join(data, "servers", "*", "*.txt")))
lines = set()
for path in streams:
    with open(path, "rb") as f:
        content = f.read()
    write("replies", content)
    lines.update(line + b"\n" for line in content.split(b"\n") if line.strip())
for line in sorted(lines):
    write("lines", line)

transcripts = sorted(glob.glob(os.path.join(data, "transcripts", "*.txt")))
commands = set()
for path in transcripts:
    with open(path, "rb") as f:
        content = f.read()
    write("walks", content)
    commands.update(line[2:].rstrip(b"\r") + b"\r\n" for line in content.split(b"\n") if line.startswith(b"> "))

with open(os.path.join(data, "servers", "answers.json"), encoding="utf-8") as f:
    answers = json.load(f)
for server, scenarios in sorted(answers.items()):
    for scenario, exchanges in sorted(scenarios.items()):
        walk = []
        for exchange in exchanges:
            if exchange["command"] != "<connect>":
                walk.append("> " + exchange["command"])
                commands.add(exchange["command"].encode("utf-8", "surrogateescape") + b"\r\n")
            walk.extend("< %d" % code for code in exchange["codes"])
        write("walks", ("\n".join(walk) + "\n").encode("utf-8", "surrogateescape"))
for command in sorted(commands):
    write("commands", command)

# check-sequence's arguments (fuzz_cli): each recorded scenario's commands, one per line, and the two bytes fuzz_cli
# reads from the end: the last picks the options (bit 0 set, --json, --allow-unlisted, --server), the one before it
# (top two bits set) check-sequence.
for number, (server, scenario) in enumerate((s, n) for s in sorted(answers) for n in sorted(answers[s])):
    listed = [e["command"] for e in answers[server][scenario] if e["command"] != "<connect>"]
    args = "\n".join(c.lstrip("&!+") for c in listed).encode("utf-8", "surrogateescape")
    write("sequences", args + bytes([0xC0, 1 | (number % 4) << 1 | (number // 4 % 6) << 3]))

for kind in ("replies", "lines", "commands", "walks", "sequences"):
    print("%s: %d seeds" % (kind, len(os.listdir(os.path.join(out, kind)))))
