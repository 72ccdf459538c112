#!/usr/bin/python3
"""What a server answered, replayed through `ftpwire lint --server FAMILY`, and where the rules disagree with it.

Shared by test_sequencer_matches_servers.py (the recordings in tests/data/servers/) and random_walk.py (random
command sequences sent to live servers). A session is a list of entries as answers.json holds them,
{"command": line or "<connect>", "codes": [...], "note": "timeout"|"closed" (optional)}, and the raw bytes the
server sent on the control connection. The rules and the server agree on a command when:
  - the rules say it breaks a rule and predict reply P (P != 0)  ->  the server answered P;
  - the rules say it breaks a rule and predict no reply (P == 0) ->  a client-side rule, or a command the server
                                                                     left unanswered (waiting for a data
                                                                     connection): nothing to compare;
  - the rules say it is fine                                     ->  the server did not refuse it as out of
                                                                     sequence (503, 530, or another refusal
                                                                     whose text says so) and answered it;
  - the server closed the connection before answering it         ->  the rules say session_closed.
A command the server answers 500/502 (unknown or not implemented) tells nothing about ordering and is not compared;
nor is the refusal of a command whose verb ftpwire's command table does not know (MFMT, CLNT, ...) that the rules
accept: they judge such a verb only by the rules about every command (sequencer::check_unlisted), and a server that
looks the verb up before the login (pyftpdlib, ProFTPD) has its own list of the verbs that need one. Where the rules
do predict a refusal of such a verb (vsftpd's and Pure-FTPd's 530 before the login, ProFTPD's 501 after RNFR), it is
compared as any other.
"""
import functools
import json
import re
import subprocess

SEQUENCING_REFUSALS = (503, 530)
# A refusal with another code that says in its text that the order was wrong: ProFTPD's "501 Bad sequence of
# commands" after RNFR, Pure-FTPd's "534 CCC not allowed at this point", "... first", "... prior to PROT", "You're
# already logged in", "EPSV ALL in effect".
SEQUENCING_REFUSAL_TEXT = re.compile(r"bad sequence|at this point|\bfirst\b|prior to|preceded by|logged in|"
                                     r"log ?in with|in effect", re.IGNORECASE)
CREDENTIAL_VERBS = ("USER", "PASS", "ACCT")


def split_replies(raw):
    """The replies in raw control-connection bytes, each as its list of lines (RFC 959 §4.2)."""
    replies, current, code = [], [], None
    for line in raw.decode("latin-1").split("\r\n")[:-1]:
        current.append(line)
        if code is None:
            code = line[:3]
            if line[3:4] == "-":
                continue
        elif not re.match(re.escape(code) + r" ", line):
            continue
        replies.append(current)
        current, code = [], None
    return replies


def first_lines(entries, raw):
    """Each entry's first reply line (None for an entry without a reply)."""
    replies = iter(split_replies(raw))
    firsts = []
    for entry in entries:
        got = [next(replies) for _ in entry["codes"]]
        firsts.append(got[0][0] if got else None)
    return firsts


def transcript(entries, raw):
    """curl -v style: '> command' then '< line' for every line of each reply the command got; and for each
    command's line number (1-based), the index of its entry."""
    replies = iter(split_replies(raw))
    lines, command_line = [], {}
    for index, entry in enumerate(entries):
        if entry["command"] != "<connect>":
            command_line[len(lines) + 1] = index
            lines.append("> " + entry["command"])
        for code in entry["codes"]:
            reply = next(replies)
            if int(reply[0][:3]) != code:
                raise ValueError(f"entry {index} ({entry['command']}): reply {reply[0]!r} is not the recorded {code}")
            lines.extend("< " + line for line in reply)
    return "\n".join(lines) + "\n", command_line


def lint(cli, server, entries, raw):
    """`ftpwire lint --json --server SERVER` over the session: ({entry index: violation}, summary)."""
    text, command_line = transcript(entries, raw)
    r = subprocess.run([cli, "lint", "--json", "--server", server, "-"], input=text.encode("latin-1"),
                       capture_output=True, timeout=30)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"ftpwire lint exited {r.returncode}: {r.stderr.decode(errors='replace')}")
    violations, summary = {}, None
    for line in r.stdout.decode().splitlines():
        o = json.loads(line)
        if o["kind"] == "violation":
            violations[command_line[o["line"]]] = o
        elif o["kind"] == "summary":
            summary = o
    return violations, summary


def verb_of(entry):
    return entry["command"].split(" ", 1)[0].upper()


@functools.lru_cache(maxsize=None)
def verb_known(cli, verb):
    """Whether ftpwire's command table knows verb (`ftpwire check-sequence VERB` exits 2 for one it does not)."""
    r = subprocess.run([cli, "check-sequence", verb], capture_output=True, timeout=30)
    if r.returncode == 2 and b"unknown command verb" not in r.stderr:
        raise RuntimeError(f"ftpwire check-sequence {verb} exited 2: {r.stderr.decode(errors='replace')}")
    return r.returncode != 2


def unknown_verbs(cli, entries):
    """The verbs of entries that ftpwire's command table does not know."""
    verbs = {verb_of(entry) for entry in entries if entry["command"] != "<connect>"}
    return frozenset(v for v in verbs if not verb_known(cli, v))


def predicted_refusal_disagreement(entry, violation):
    """For a command the rules say breaks a rule: how the server's answer differs from the rules' prediction, or
    None when it does not (or there is nothing to compare)."""
    if violation["predicted"] == 0:
        return None  # a client-side rule (wait for the reply, a transfer without a port): no answer to compare
    if entry["codes"][:1] in ([500], [502]):
        return None  # the server does not implement the command at all: no order to observe
    if violation["rule"] == "session_closed":
        # The server closed the connection: nothing answers (the 421 is what a client reports).
        return None if entry["codes"] == [] else f"rule session_closed, but the server answered {entry['codes']}"
    if entry["codes"][:1] == [violation["predicted"]]:
        return None
    return f"rule {violation['rule']} predicts {violation['predicted']}, the server answered {entry['codes']}"


def unpredicted_refusal(entry, first_line, unknown=frozenset()):
    """For a command the rules accept: the server's refusal of it as out of sequence, or None. unknown: verbs
    outside ftpwire's command table (unknown_verbs): the rules judge them only by the rules about every command
    (sequencer::check_unlisted), so one they accept may still need a login where the server looks the verb up
    first."""
    if entry["command"] == "<connect>" or not entry["codes"] or verb_of(entry) in unknown:
        return None
    if entry["codes"][0] == 530 and verb_of(entry) in CREDENTIAL_VERBS:
        return None  # credentials refused (wrong_pass_then_pass, failed_login_then_login), not an order
    if entry["codes"][0] in SEQUENCING_REFUSALS:
        return f"no rule broken, but the server answered {entry['codes']}: {first_line}"
    if entry["codes"][0] >= 400 and SEQUENCING_REFUSAL_TEXT.search(first_line):
        return f"no rule broken, but the server's refusal says the order was wrong: {first_line}"
    return None


def unanswered_disagreement(entry, violation):
    """For a command the server never answered (note "closed" or "timeout", no codes): how the rules fail to
    expect that, or None."""
    if entry.get("note") == "closed" and not entry["codes"]:
        if violation is None or violation["rule"] != "session_closed":
            return "the server had closed the connection, but no rule says session_closed"
    elif entry.get("note") == "timeout" and not entry["codes"]:
        if violation is not None and violation["rule"] == "session_closed":
            return None  # after QUIT's 221 the server had not closed the connection yet (pyftpdlib, seen)
        if violation is None or violation["predicted"] != 0:
            return "the server left it unanswered (waiting), but no rule predicts that (predicted 0)"
    return None


def disagreements(entries, raw, violations, unknown=frozenset()):
    """Every command where the rules and the server disagree: [(entry index, kind, message)], kind "disagree", or
    "refused otherwise" for a command the rules predict a refusal for and the server refused with another code
    (it checked something else first: RETR of a missing file 550 before the missing data port's 425). unknown:
    as unpredicted_refusal's."""
    firsts = first_lines(entries, raw)
    found = []
    for index, entry in enumerate(entries):
        if index > 0 and entries[index - 1].get("note") == "timeout":
            # The command before got no final reply: the server may still answer it (pyftpdlib answers a transfer
            # with no data port 150, then waits, and answers the commands after it with that transfer pending).
            # The rules' client waits there (wait_for_reply); what a server does with commands sent anyway is
            # beyond them.
            break
        violation = violations.get(index)
        kind = "disagree"
        message = unanswered_disagreement(entry, violation)
        if message is None and entry["codes"]:
            if violation is not None:
                message = predicted_refusal_disagreement(entry, violation)
                if message is not None and entry["codes"][0] >= 400 and violation["predicted"] >= 400:
                    kind = "refused otherwise"
            else:
                message = unpredicted_refusal(entry, firsts[index], unknown)
        if message is not None:
            found.append((index, kind, message))
    return found
