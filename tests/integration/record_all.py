#!/usr/bin/python3
"""Re-records what the real servers answer: every scenario of record.py against pyftpdlib, vsftpd, ProFTPD and
Pure-FTPd, and record.TLS_SCENARIOS against the same servers with TLS allowed (families "<family>-tls").

    /usr/bin/python3 tests/integration/record_all.py [--out DIR] [--family FAMILY]... [--scenario NAME]...

Writes, under DIR (default tests/data/servers/):
    <family>/<scenario>.txt   the exact bytes the server sent on the control connection (greeting included)
    answers.json              {family: {scenario: [{"command": ..., "codes": [...]}, ...]}}
    versions.json             {family: the server's package version when it was recorded}
    README.md                 server versions, how this was recorded, and the answers as a table

Each scenario runs against a freshly started server with a fresh root, so no scenario sees another's files.
Needs root, /usr/bin/python3 with python3-pyftpdlib, and vsftpd (tools/setup-debian.sh installs both); ProFTPD and
Pure-FTPd conflict with vsftpd in Debian, see servers.py for running them from unpacked packages
(FTPWIRE_PROFTPD, FTPWIRE_PUREFTPD).
Without --family, pyftpdlib and vsftpd are recorded; without --scenario, every scenario. The answers of a family
or scenario not recorded in this run are kept from the existing answers.json.
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import record  # noqa: E402
import servers  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PACKAGES = {"pyftpdlib": "python3-pyftpdlib", "vsftpd": "vsftpd", "proftpd": "proftpd-core",
            "pureftpd": "pure-ftpd"}
ORDER = servers.RECORDED_FAMILIES


def package_version(family):
    family = family[:-4] if family.endswith("-tls") else family
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", PACKAGES[family]], capture_output=True, text=True)
    if out.returncode == 0 and out.stdout.strip():
        return out.stdout.strip()
    if family == "proftpd":  # run from an unpacked package, which dpkg does not know
        return servers.proftpd_version()
    if family == "pureftpd":
        return servers.pureftpd_version()
    return "unknown"


def record_family(family, out_dir, answers, scenarios):
    """Records the scenarios named (all if None) into answers (a family's {scenario: entries}, updated in place);
    the result is in the order of record.scenarios_for(family)."""
    os.makedirs(os.path.join(out_dir, family), exist_ok=True)
    for name, (_, commands) in record.scenarios_for(family).items():
        if scenarios is not None and name not in scenarios:
            continue
        with servers.server(family) as srv:
            record.prepare_root(name, srv.root)
            rec = record.record_on(srv, commands, timeout=record.SCENARIO_TIMEOUTS.get(name, 5.0))
        with open(os.path.join(out_dir, family, name + ".txt"), "wb") as f:
            f.write(rec.raw)
        entries = rec.entries()
        answers[name] = entries
        print(f"{family:13} {name:26} " + " ".join("/".join(map(str, e["codes"])) or "-" for e in entries),
              flush=True)
    return {name: answers[name] for name in record.scenarios_for(family) if name in answers}


def dump_answers(answers):
    """JSON with one command per line: diffs of a re-recording stay readable."""
    out = ["{"]
    for fi, (family, scenarios) in enumerate(answers.items()):
        out.append(f"  {json.dumps(family)}: {{")
        for si, (name, entries) in enumerate(scenarios.items()):
            out.append(f"    {json.dumps(name)}: [")
            for ei, entry in enumerate(entries):
                out.append("      " + json.dumps(entry) + ("," if ei + 1 < len(entries) else ""))
            out.append("    ]" + ("," if si + 1 < len(scenarios) else ""))
        out.append("  }" + ("," if fi + 1 < len(answers) else ""))
    out.append("}")
    return "\n".join(out) + "\n"


def table_code(command):
    """A command for a code span in a table cell: a pipe (EPRT |1|...|) would end the cell (GFM tables)."""
    return command.replace("|", "\\|")


def answer_cell(entry):
    cell = "/".join(map(str, entry["codes"])) or "-"
    if entry.get("note"):
        cell += f" ({entry['note']})"
    return cell


def readme(answers, versions):
    lines = [
        "# What real FTP servers answer",
        "",
        "Recorded from real servers on 127.0.0.1 by `tests/integration/record_all.py` (re-run it as root to",
        "re-record; it starts each server with `tests/integration/servers.py`). Each scenario is a separate",
        "session against a freshly started server with a fresh root. Servers (Debian 12 packages, `dpkg -s`):",
        "",
    ]
    for family in answers:
        base = family[:-4] if family.endswith("-tls") else family
        lines.append(f"- {family}: {PACKAGES[base]} {versions[family]}")
    lines += [
        "",
        "Server set-up (see servers.py): pyftpdlib logs in user `ftpwire` (all permissions) and has anonymous",
        "read-only access; vsftpd serves anonymous only, with `no_anon_password=YES` (so `USER anonymous` is",
        "answered 230 at once) and a root-owned 0555 root with a writable `upload/` directory; ProFTPD logs in",
        "user `ftpwire` (its own AuthUserFile) chrooted to its root, with a writable `upload/` directory; Pure-FTPd",
        "the same from a PureDB, no anonymous login (`-E -A -H -Y 0`). None has TLS configured: AUTH/PBSZ/PROT are",
        "answered the way a server without TLS answers them. The `-tls` families are the same servers with TLS",
        "allowed, not required, and a self-signed certificate: pyftpdlib's TLS_FTPHandler, vsftpd `ssl_enable=YES`",
        "(`allow_anon_ssl=YES`, `ssl_ciphers=HIGH`), ProFTPD with mod_tls (proftpd-mod-crypto, `TLSRequired off`),",
        "Pure-FTPd `-Y 1`. They are sent the TLS scenarios only; after `AUTH TLS` answered 234 the recorder goes on",
        "in TLS (and back in clear after `CCC` answered 200), and what it records is the text inside. Its data",
        "connections are TLS after `PROT P` answered 200, and on vsftpd and ProFTPD after `AUTH SSL` answered 234",
        "too, as those two servers protect them from then on without PROT P (`tls_auth_ssl_transfers`).",
        "",
        "Files:",
        "- `<server>/<scenario>.txt`: the exact bytes the server sent on the control connection, greeting",
        "  included (raw socket, nothing normalised). PASV/EPSV ports, MDTM of uploads and STAT contents",
        "  differ between recordings.",
        "- `answers.json`: `{server: {scenario: [{\"command\": line, \"codes\": [codes]}]}}`, the first entry",
        "  being the greeting (`<connect>`). A command answered with a preliminary reply has two codes",
        "  (`[150, 226]`), and so has one answered twice (ProFTPD's `[530, 530]` to SITE CHMOD before login: the",
        "  recorder waits a moment after each final reply for another). `\"note\": \"timeout\"|\"closed\"` marks a",
        "  command that got no complete reply.",
        "  125 or 150 before a transfer depends on timing (was the data connection the client opened right after",
        "  PASV/EPSV already accepted?): pyftpdlib sends either; tests treat them as the same answer.",
        "- `versions.json`: the package version of each server when it was recorded (the list above).",
        "",
        "## Answers",
        "",
    ]
    for name, (description, _) in {**record.SCENARIOS, **record.TLS_SCENARIOS}.items():
        lines.append(f"### {name}")
        lines.append("")
        lines.append(description[0].upper() + description[1:] + ".")
        lines.append("")
        families = [f for f in answers if name in answers[f]]
        if not families:
            lines.append("(not recorded yet)")
            lines.append("")
            continue
        commands = {f: [e["command"] for e in answers[f][name]] for f in families}
        if all(commands[f] == commands[families[0]] for f in families):
            # Same commands on every server: one table, a column per server.
            lines.append("| command | " + " | ".join(families) + " |")
            lines.append("|---|" + "---|" * len(families))
            for i, command in enumerate(commands[families[0]]):
                cells = [answer_cell(answers[f][name][i]) for f in families]
                lines.append(f"| `{table_code(command)}` | " + " | ".join(cells) + " |")
        else:
            # The servers were sent different commands (vsftpd logs in anonymously with USER alone):
            # one table per server, so no answer stands against another server's command.
            for f in families:
                lines.append(f"{f}:")
                lines.append("")
                lines.append("| command | answer |")
                lines.append("|---|---|")
                for entry in answers[f][name]:
                    lines.append(f"| `{table_code(entry['command'])}` | {answer_cell(entry)} |")
                lines.append("")
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(REPO, "tests", "data", "servers"))
    parser.add_argument("--family", action="append", choices=list(servers.RECORDED_FAMILIES))
    parser.add_argument("--scenario", action="append", choices=[*record.SCENARIOS, *record.TLS_SCENARIOS],
                        help="record only these scenarios (the others keep their recorded answers and bytes)")
    parser.add_argument("--readme-only", action="store_true",
                        help="rewrite README.md from the recorded answers.json without starting servers")
    args = parser.parse_args()
    versions_path = os.path.join(args.out, "versions.json")
    versions = {}
    if os.path.exists(versions_path):
        with open(versions_path, encoding="utf-8") as f:
            versions = json.load(f)
    if args.readme_only:
        with open(os.path.join(args.out, "answers.json"), encoding="utf-8") as f:
            answers = json.load(f)
        versions = {family: versions.get(family) or package_version(family) for family in answers}
        with open(os.path.join(args.out, "README.md"), "w", encoding="utf-8") as f:
            f.write(readme(answers, versions))
        return 0
    families = args.family or ["pyftpdlib", "vsftpd"]
    for name in args.scenario or []:
        if not any(name in record.scenarios_for(family) for family in families):
            print(f"scenario {name} is not one of {', '.join(families)}'s (TLS scenarios are the -tls families')",
                  file=sys.stderr)
            return 2
    for family in families:
        why = servers.available(family)
        if why:
            print(f"cannot record {family}: {why}", file=sys.stderr)
            return 2
    answers = {}
    answers_path = os.path.join(args.out, "answers.json")
    if os.path.exists(answers_path):
        with open(answers_path, encoding="utf-8") as f:
            answers = json.load(f)
    for family in families:
        answers[family] = record_family(family, args.out, answers.get(family, {}), args.scenario)
    answers = {family: answers[family] for family in ORDER if family in answers}
    with open(answers_path, "w", encoding="utf-8") as f:
        f.write(dump_answers(answers))
    for family in families:
        versions[family] = package_version(family)
    versions = {family: versions.get(family) or package_version(family) for family in answers}
    with open(versions_path, "w", encoding="utf-8") as f:
        f.write(json.dumps(versions, indent=2) + "\n")
    with open(os.path.join(args.out, "README.md"), "w", encoding="utf-8") as f:
        f.write(readme(answers, versions))
    return 0


if __name__ == "__main__":
    sys.exit(main())
