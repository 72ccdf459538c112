#!/usr/bin/python3
"""Random sessions against live servers, each replayed through `ftpwire lint --server FAMILY` (replay.py): finds
the command orders where the sequencer's rules and a real server disagree, which no recorded scenario covers.

    FTPWIRE_CLI=build/dev/tools/ftpwire /usr/bin/python3 tests/integration/random_walk.py \\
        [--family FAMILY]... [--walks N] [--length N] [--seed N] [--keep DIR]

Each walk is a fresh server with a fresh root (servers.py's tree and record.BIG_FILE, for commands sent during a
download) sent a random sequence of command lines drawn from VOCABULARY (the "-tls" families: TLS_VOCABULARY too),
most of them after a login, with record.py's recorder, so data connections are opened as a client opens them, and a
transfer after PASV/EPSV uses the passive listener again where the server keeps it. Walk i of a family is drawn from
seed + i, so any walk can be run again alone (--seed S --walks 1, with the same --length). A disagreement prints the
walk's commands and answers, the command where they part and why; with --keep the walk is written as a transcript,
DIR/<family>-<seed>.txt (the form `ftpwire lint` reads), beside the bytes the server sent (.raw). A disagreement is
either a rule to add or correct (then a scenario in record.py, so that the recordings keep it: see
test_sequencer_matches_servers.py) or a server behaviour too particular for the rules (say so in the closing note).
Exit status: 0 when no walk disagreed (a refusal with another code than the predicted one is printed, "otherwise",
not counted), 1 when some did, 2 when a server family cannot run here.

Not part of the test suite: the walks take seconds each (servers delay some refusals) and what they find is new by
design. Environment: FTPWIRE_CLI, and servers.py's (FTPWIRE_PROFTPD, FTPWIRE_PUREFTPD); needs root.
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import record  # noqa: E402
import replay  # noqa: E402
import servers  # noqa: E402

WRONG_PASSWORD = "wrong-password"
# (weight, command lines): record.py's placeholders and prefixes ("?PASS": only after a 331; "{active}" and "{eprt}":
# the recorder's own listener for PORT and EPRT). Paths are those of servers.py's tree (and record.BIG_FILE). A few
# entries are the pairs clients send, so that walks get into the states between them as often as past them; QUIT is
# rare, since it ends a walk.
VOCABULARY = [
    (2, ["USER {user}", "?PASS {password}"]), (2, ["USER {user}"]), (1, ["PASS {password}"]), (1, ["ACCT x"]),
    (1, ["REIN"]),
    (4, ["PASV"]), (4, ["EPSV"]), (2, ["PORT {active}"]), (1, ["EPRT {eprt}"]), (1, ["EPSV ALL"]), (1, ["EPSV 1"]),
    (3, ["RETR hello.txt"]), (1, ["RETR missing.txt"]), (2, ["LIST"]), (2, ["NLST"]), (1, ["MLSD"]),
    (2, ["STOR upload/walk.txt"]), (1, ["APPE upload/walk.txt"]), (1, ["STOU"]),
    (2, ["REST 4"]), (1, ["REST 0"]), (1, ["TYPE I", "REST 4", "PASV", "RETR hello.txt"]),
    (2, ["RNFR upload/rename-me.txt"]), (1, ["RNFR hello.txt"]), (1, ["RNFR missing.txt"]),
    (2, ["RNTO upload/renamed.txt"]), (1, ["RNFR upload/walk.txt", "RNTO upload/walked.txt"]),
    (2, ["TYPE A"]), (2, ["TYPE I"]), (1, ["TYPE L 8"]), (1, ["MODE S"]), (1, ["STRU F"]), (1, ["MODE B"]),
    (1, ["STRU R"]), (1, ["NLST missing.txt"]), (1, ["MLSD upload"]),
    (2, ["SIZE hello.txt"]), (1, ["MDTM hello.txt"]), (1, ["MLST hello.txt"]),
    (1, ["CWD upload"]), (1, ["CDUP"]), (1, ["PWD"]), (1, ["MKD upload/d"]), (1, ["RMD upload/d"]),
    (1, ["DELE upload/walk.txt"]), (2, ["NOOP"]), (1, ["STAT"]), (1, ["SYST"]), (1, ["FEAT"]), (1, ["HELP"]),
    (1, ["OPTS UTF8 ON"]), (1, ["HOST localhost"]), (1, ["ABOR"]), (1, ["ALLO 10"]),
    (1, ["PBSZ 0"]), (1, ["PROT P"]), (1, ["QUIT"]),
    (1, ["STAT hello.txt"]), (1, ["SITE HELP"]), (1, ["SITE CHMOD 644 upload/rename-me.txt"]), (1, ["LIST upload"]),
    (1, ["CWD upload", "STOU"]),
    # Commands during a download (record.py's "&": sent after the 150, before the data is read) of record.BIG_FILE,
    # which lasts longer than the socket buffers hold.
    (1, ["RETR big.bin", "&ABOR"]), (1, ["RETR big.bin", "&NOOP"]), (1, ["RETR big.bin", "&STAT"]),
    (1, ["RETR big.bin", "&PWD"]),
    # A wrong password now and then: servers delay the 530 (seconds), and the third closes the connection on
    # ProFTPD and pyftpdlib (rule session_closed).
    (1, ["USER {user}", "?PASS " + WRONG_PASSWORD]),
    # Lines that do not fit their syntax (rule argument_syntax): an argument missing, or one the verb takes none of;
    # and the state a refused one leaves (RNFR before RNTO alone, REST before RETR alone).
    (1, ["RETR"]), (1, ["RNTO"]), (1, ["REST"]), (1, ["TYPE"]), (1, ["SIZE"]), (1, ["PASV x"]), (1, ["PWD x"]),
    (1, ["RNFR upload/rename-me.txt", "RNTO"]), (1, ["TYPE I", "REST 4", "RETR"]),
    # RFC 775's X-verbs (RFC 1123 §4.1.3.1 asks servers to take them), and verbs some servers do not implement.
    (1, ["XPWD"]), (1, ["XCUP"]), (1, ["XCWD upload"]), (1, ["XMKD upload/d"]), (1, ["XRMD upload/d"]),
    (1, ["SMNT x"]), (1, ["LANG EN"]),
    # RFC 2228's exchange and protected-command verbs out of turn (rules adat_after_auth, protected_command_after_auth),
    # RFC 1639's LPSV, representation types, modes and structures servers refuse (a refused one changes nothing),
    # ALLO with a record size, and the RFC 2389/3659 extensions clients send between transfers.
    (1, ["ADAT x"]), (1, ["MIC x"]), (1, ["CONF x"]), (1, ["ENC x"]), (1, ["LPSV"]),
    (1, ["TYPE E"]), (1, ["TYPE X"]), (1, ["MODE C"]), (1, ["STRU P"]), (1, ["ALLO 10 R 5"]),
    (1, ["CLNT walker"]), (1, ["OPTS MLST type;size;"]), (1, ["MFMT 20200101000000 upload/rename-me.txt"]),
    # Verbs outside ftpwire's command table (sequencer::check_unlisted) where the rules about every command may
    # judge them: one no server knows, one between RNFR and RNTO (ProFTPD's rnfr_only_rnto), one during a download.
    (1, ["XYZZ"]), (1, ["RNFR upload/rename-me.txt", "CLNT walker", "RNTO upload/renamed.txt"]),
    (1, ["RETR big.bin", "&CLNT walker"]),
]
# Without TLS: downloads whose data connection the client closes (record.py's "!"), the transfer's end coming
# unasked. Not with TLS, where how a protected data connection closes decides what the servers do (record.py).
PLAIN_VOCABULARY = [(1, ["RETR big.bin", "!ABOR"]), (1, ["RETR big.bin", "!NOOP"]), (1, ["RETR big.bin", "!PWD"]),
                    (1, ["RETR big.bin", "!STAT"]),
                    # A client that asks for TLS where the server has none (refused: what state does that leave?).
                    (1, ["AUTH TLS"]), (1, ["AUTH TLS", "PBSZ 0", "PROT P"])]
# With TLS allowed ("-tls" families): the RFC 4217 commands, often enough that walks reach protected transfers.
TLS_VOCABULARY = [(3, ["AUTH TLS"]), (1, ["AUTH TLS", "PBSZ 0", "PROT P"]), (2, ["PBSZ 0"]), (2, ["PROT P"]),
                  (1, ["PROT C"]), (1, ["CCC"]),
                  # The mechanisms, buffer sizes and protection levels RFC 4217 §4-§9 leave to the server to refuse
                  # or adjust: AUTH SSL (the old name), an unknown mechanism, PBSZ other than 0, PROT S and E.
                  (1, ["AUTH SSL"]), (1, ["AUTH x"]), (1, ["PBSZ 512"]), (1, ["PROT S"]), (1, ["PROT E"])]
# How often a transfer drawn comes right after a data port set up for it, as clients send them (the rest test the
# orders clients get wrong; pyftpdlib answers a transfer with no data port 150 and waits, which ends the comparison).
SET_UP_BEFORE_TRANSFER = 0.6
# How often a walk starts with a login (the rest start anywhere: what servers answer before one is known well).
LOGIN_FIRST = 0.85


def walk_commands(rng, tls, length):
    """About `length` command lines (the entry drawn last, with its data port set-up, may go a few over)."""
    vocabulary = VOCABULARY + (TLS_VOCABULARY if tls else PLAIN_VOCABULARY)
    items = [lines for _, lines in vocabulary]
    weights = [weight for weight, _ in vocabulary]
    commands = []
    if tls and rng.random() < 0.5:
        commands += ["AUTH TLS", "PBSZ 0", "PROT P"]
    if rng.random() < LOGIN_FIRST:
        commands += record.LOGIN
    while len(commands) < length:
        drawn = rng.choices(items, weights=weights)[0]
        if drawn[0].split(" ", 1)[0] in record.TRANSFER_VERBS and rng.random() < SET_UP_BEFORE_TRANSFER:
            commands.append(rng.choice(["PASV", "EPSV", "PORT {active}", "EPRT {eprt}"]))
        commands += drawn
    # A transfer after PASV/EPSV with no new one connects to the last passive address again ("+", record.py), as
    # a client would where the server keeps its listener (Pure-FTPd), whatever came between but an accepted PORT
    # (a refused USER or PORT leaves it there; where a command closed it, the connection fails and the server
    # shows what it does then).
    for i, line in enumerate(commands):
        if line.split(" ", 1)[0] in record.TRANSFER_VERBS:
            commands[i] = "+" + line
    return commands


def run_walk(cli, family, commands, timeout):
    """One walk on a fresh server: (entries, raw bytes, replay.disagreements' [(entry index, kind, message)])."""
    with servers.server(family) as srv:
        record.create_files(record.BIG_FILE, srv.root)
        rec = record.record_on(srv, commands, timeout=timeout)
    entries = rec.entries()
    violations, _ = replay.lint(cli, family, entries, rec.raw)
    return entries, rec.raw, replay.disagreements(entries, rec.raw, violations, replay.unknown_verbs(cli, entries))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--family", action="append", choices=list(servers.RECORDED_FAMILIES),
                        help="a server family to walk (repeatable; default the four without TLS)")
    parser.add_argument("--walks", type=int, default=10, help="walks per family (default 10)")
    parser.add_argument("--length", type=int, default=14, help="command lines per walk (default 14)")
    parser.add_argument("--seed", type=int, default=1, help="the first walk's seed; walk i uses seed + i")
    parser.add_argument("--timeout", type=float, default=3.0, help="seconds to wait for a reply (default 3)")
    parser.add_argument("--keep", metavar="DIR", help="write each disagreeing walk's transcript and bytes here")
    args = parser.parse_args()
    cli = harness.require_program("FTPWIRE_CLI")
    families = args.family or ["pyftpdlib", "vsftpd", "proftpd", "pureftpd"]
    for family in families:
        why = servers.available(family)
        if why is not None:
            print(f"{family}: cannot run here: {why}", file=sys.stderr)
            return 2
    disagreeing = refused_otherwise = 0
    for family in families:
        for walk in range(args.walks):
            seed = args.seed + walk
            # A string seed is hashed the same way in every run (Python's str hash randomisation does not apply).
            rng = random.Random(f"{family}/{seed}")
            commands = walk_commands(rng, family.endswith("-tls"), args.length)
            # Servers delay the 530 to a wrong password by seconds (pyftpdlib 3, Pure-FTPd 3-6: record.py's
            # SCENARIO_TIMEOUTS); a walk with one waits as long for every reply.
            timeout = max(args.timeout, 15.0) if any(WRONG_PASSWORD in line for line in commands) else args.timeout
            entries, raw, found = run_walk(cli, family, commands, timeout)
            answers = " ".join(f"{e['command'] if e['command'] != '<connect>' else ''}="
                               f"{'/'.join(map(str, e['codes'])) or e.get('note', '-')}".lstrip("=")
                               for e in entries)
            disagree = [f for f in found if f[1] == "disagree"]
            verdict = "DISAGREE" if disagree else "otherwise" if found else "agree"
            print(f"{family:13} seed {seed:<5} {verdict:9} {answers}", flush=True)
            if not found:
                continue
            disagreeing += bool(disagree)
            refused_otherwise += not disagree
            # The first one matters: once the rules' state and the server's part, what follows may only echo it.
            first = (disagree or found)[0]
            print(f"    {entries[first[0]]['command']}: {first[2]}")
            others = [f for f in found if f is not first]
            if others:
                print(f"    ({len(others)} more: " + "; ".join(f"{entries[i]['command']}: {m}" for i, _, m in others)
                      + ")")
            if args.keep:
                os.makedirs(args.keep, exist_ok=True)
                base = os.path.join(args.keep, f"{family}-{seed}")
                with open(base + ".txt", "w", encoding="latin-1") as f:
                    f.write(replay.transcript(entries, raw)[0])
                with open(base + ".raw", "wb") as f:
                    f.write(raw)
    total = args.walks * len(families)
    print(f"{total - disagreeing} of {total} walks agree with the rules ({refused_otherwise} with a refusal for "
          "another reason than the rules predict)")
    return 1 if disagreeing else 0


if __name__ == "__main__":
    sys.exit(main())
