#!/usr/bin/env python3
"""ftpwire lint on the transcripts recorded from pyftpdlib and vsftpd (tests/data/transcripts/, see its README).

Environment: FTPWIRE_CLI (the built tool), FTPWIRE_SOURCE_DIR (the repository root).
"""
import glob
import json
import os
import re
import subprocess
import sys
import unittest

CLI = os.environ.get("FTPWIRE_CLI", "ftpwire")
SOURCE = os.environ.get("FTPWIRE_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
TRANSCRIPTS = os.path.join(SOURCE, "tests", "data", "transcripts")


def path(name):
    return os.path.join(TRANSCRIPTS, name)


def lint(*args, stdin=None):
    return subprocess.run([CLI, "lint", *args], input=stdin, capture_output=True, timeout=30)


def lint_json(*args, stdin=None):
    r = lint("--json", *args, stdin=stdin)
    objects = [json.loads(line) for line in r.stdout.decode().splitlines()]
    return r.returncode, objects


def split(objects):
    violations = [o for o in objects if o["kind"] == "violation"]
    errors = [o for o in objects if o["kind"] == "error_reply"]
    summary = [o for o in objects if o["kind"] == "summary"]
    return violations, errors, summary[0]


def file_lines(name):
    with open(path(name), encoding="utf-8") as f:
        return f.read().split("\n")


def commands_in(name):
    """The command lines of a transcript, counted independently of the tool."""
    text = "\n".join(file_lines(name))
    if "*cmd* " in text:
        return len(re.findall(r"^\*cmd\* ", text, re.M))
    return len(re.findall(r"^> ", text, re.M))


def error_replies_in(name):
    """4xx/5xx replies in a transcript: curl's '< ddd ' closing lines, ftplib's *resp* lines."""
    codes = []
    for line in file_lines(name):
        m = re.match(r"^< (\d{3}) ", line) or re.match(r"^\*resp\* ['\"](\d{3})", line)
        if m and m.group(1)[0] in "45":
            codes.append(int(m.group(1)))
    return codes


def text_implied_by(objects, name):
    """The text report that the --json objects of one run describe: each finding as print_text words it, in
    transcript order (a finding's line; findings on one line in the order --json gives them), then the summary."""
    violations, errors, summary = split(objects)
    findings = []
    for v in violations:
        t = f"{name}:{v['line']}: {v['command']}: breaks {v['rule']} ({v['rfc']}): {v['message']}\n"
        if v["replies"]:
            answered = " then ".join(str(code) for code in v["replies"])
            t += f"    server answered: {answered} (line {v['reply_line']}: {v['reply_text'].split(chr(10))[0]})"
        else:
            t += "    server answered: nothing in the transcript"
        t += (f"; the rules predict {v['predicted']}\n" if v["predicted"]
              else "; the rules predict no reply yet (the client must wait)\n")
        t += f"    why: {v['why']}\n    fix: {v['fix']}\n"
        findings.append((v["line"], t))
    for e in errors:
        t = f"{name}:{e['line']}: reply {e['text'].split(chr(10))[0]}"
        if "command" in e:
            t += f" (to {e['command'].split(' ')[0]} at line {e['command_line']})"
        t += f"\n    {e['code']} {e['name']}: {e['meaning']}\n    fix: {e['fix']}\n"
        findings.append((e["line"], t))
    findings.sort(key=lambda finding: finding[0])  # stable: ties keep violations first, replies as read
    return "".join(t for _, t in findings) + (
        f"{name}: {summary['sessions']} session(s), {summary['commands']} command(s), {summary['replies']} "
        f"reply(ies): {summary['violations']} sequencing violation(s), {summary['error_replies']} 4xx/5xx "
        f"reply(ies) [rules: {summary['server']}]\n")


CLEAN = sorted(os.path.basename(p) for pattern in ("curl-*-download.txt", "curl-*-upload.txt", "ftplib-*-clean*.txt")
               for p in glob.glob(path(pattern)))
WRONG = sorted(os.path.basename(p) for pattern in ("*-wrong.txt", "*-rest-then-list.txt")
               for p in glob.glob(path(pattern)))


class CleanTranscripts(unittest.TestCase):
    def test_the_recorded_clean_sessions_exist(self):
        self.assertGreaterEqual(len(CLEAN), 8)

    def test_clean_sessions_from_real_servers_break_no_rule_and_exit_0(self):
        for name in CLEAN:
            with self.subTest(transcript=name):
                code, objects = lint_json(path(name))
                violations, errors, summary = split(objects)
                self.assertEqual(code, 0, violations)
                self.assertEqual(violations, [])
                self.assertEqual(summary["violations"], 0)
                self.assertEqual(summary["sessions"], 1)
                self.assertEqual(summary["commands"], commands_in(name))
                self.assertGreater(summary["replies"], summary["commands"] // 2)

    def test_debuglevel_1_and_2_read_as_the_same_session(self):
        for server in ("pyftpdlib", "vsftpd"):
            with self.subTest(server=server):
                _, level2 = lint_json(path(f"ftplib-{server}-clean.txt"))
                _, level1 = lint_json(path(f"ftplib-{server}-clean-level1.txt"))
                s1, s2 = split(level1)[2], split(level2)[2]
                self.assertEqual((s1["commands"], s1["replies"]), (s2["commands"], s2["replies"]))


class WrongSequences(unittest.TestCase):
    def test_every_transcript_with_a_mistake_exits_1(self):
        self.assertGreaterEqual(len(WRONG), 6)
        for name in WRONG:
            with self.subTest(transcript=name):
                self.assertEqual(lint(path(name)).returncode, 1)

    def test_ftplib_mistakes_are_each_reported_with_their_rule(self):
        for server in ("pyftpdlib", "vsftpd"):
            with self.subTest(server=server):
                _, objects = lint_json(path(f"ftplib-{server}-wrong.txt"))
                violations = split(objects)[0]
                rules = [(v["verb"], v["rule"]) for v in violations]
                self.assertEqual(rules, [
                    ("PASS", "pass_after_user"),
                    ("RNTO", "rnto_after_rnfr"),
                    ("PBSZ", "pbsz_after_auth"),
                    ("PROT", "prot_after_pbsz"),
                    ("RNTO", "rnto_after_rnfr"),  # NOOP between RNFR and RNTO (strict RFC reading)
                    ("RETR", "transfer_needs_data_port"),
                ])

    def test_a_violation_names_the_line_of_its_command_and_of_the_servers_answer(self):
        for name in WRONG:
            lines = file_lines(name)
            _, objects = lint_json(path(name))
            for v in split(objects)[0]:
                with self.subTest(transcript=name, command=v["command"]):
                    self.assertIn(v["command"].split(" ")[0], lines[v["line"] - 1])
                    self.assertTrue(v["replies"], "every recorded mistake got an answer")
                    self.assertIn(str(v["replies"][0]), lines[v["reply_line"] - 1])
                    self.assertEqual(int(v["reply_text"][:3]), v["replies"][0])
                    self.assertTrue(v["why"] and v["fix"] and v["rfc"])

    def test_where_the_server_refused_with_503_the_rules_predicted_503(self):
        seen = 0
        for name in WRONG:
            _, objects = lint_json(path(name))
            for v in split(objects)[0]:
                if v["replies"][0] == 503:
                    seen += 1
                    self.assertEqual(v["predicted"], 503, (name, v["command"]))
        self.assertGreaterEqual(seen, 6)

    def test_curl_quote_commands_out_of_sequence_are_reported(self):
        for server in ("pyftpdlib", "vsftpd"):
            with self.subTest(server=server):
                code, objects = lint_json(path(f"curl-{server}-wrong.txt"))
                self.assertEqual(code, 1)
                rules = [v["rule"] for v in split(objects)[0]]
                self.assertEqual(rules, ["rnto_after_rnfr", "prot_after_pbsz", "rnto_after_rnfr"])

    def test_rest_then_list_breaks_the_rest_rule(self):
        for server in ("pyftpdlib", "vsftpd"):
            with self.subTest(server=server):
                _, objects = lint_json(path(f"ftplib-{server}-rest-then-list.txt"))
                self.assertEqual([(v["verb"], v["rule"]) for v in split(objects)[0]],
                                 [("LIST", "rest_before_file_transfer")])

    def test_a_server_family_changes_the_verdict_where_that_server_differs(self):
        # vsftpd keeps a pending RNFR across NOOP, and refuses a transfer without PASV with 425.
        _, objects = lint_json("--server", "vsftpd", path("ftplib-vsftpd-wrong.txt"))
        violations = split(objects)[0]
        self.assertEqual([v["verb"] for v in violations], ["PASS", "RNTO", "PBSZ", "PROT", "RETR"])
        retr = violations[-1]
        self.assertEqual((retr["predicted"], retr["replies"]), (425, [425]))
        # and both servers list after REST: not a violation for them
        for server in ("pyftpdlib", "vsftpd"):
            code, objects = lint_json("--server", server, path(f"ftplib-{server}-rest-then-list.txt"))
            self.assertEqual((code, split(objects)[0]), (0, []))


class ErrorReplies(unittest.TestCase):
    def test_every_4xx_and_5xx_reply_is_explained_with_the_code_table(self):
        for name in CLEAN + WRONG:
            with self.subTest(transcript=name):
                _, objects = lint_json(path(name))
                errors = split(objects)[1]
                self.assertEqual([e["code"] for e in errors], error_replies_in(name))
                for e in errors:
                    self.assertTrue(e["name"] and e["meaning"] and e["fix"])
                    self.assertIn("command", e)


class TextOutput(unittest.TestCase):
    def test_text_output_gives_file_line_rule_answer_and_fix(self):
        name = path("curl-vsftpd-wrong.txt")
        r = lint(name)
        out = r.stdout.decode()
        lines = file_lines("curl-vsftpd-wrong.txt")
        rnto = next(i for i, l in enumerate(lines, 1) if l.startswith("> RNTO"))
        self.assertIn(f"{name}:{rnto}: RNTO upload/renamed.txt: breaks rnto_after_rnfr", out)
        self.assertIn("server answered: 503", out)
        self.assertIn("fix: send RNFR first", out)
        self.assertIn("503 Bad sequence of commands", out)
        self.assertRegex(out, r"3 sequencing violation\(s\)")

    def test_text_output_says_what_json_says_in_transcript_order(self):
        for name in CLEAN + WRONG:
            with self.subTest(transcript=name):
                r = lint(path(name))
                self.assertEqual(r.stdout.decode(), text_implied_by(lint_json(path(name))[1], path(name)))

    def test_twenty_thousand_findings_come_out_in_transcript_order(self):
        # Each RNTO without RNFR is a violation and its 503 an error reply: 2 findings per pair, which the
        # text report interleaves by line (a sort that once was quadratic in the findings). Last, one ftplib
        # *resp* line holding two replies: findings on one line keep the order they were read in.
        pairs = 10000
        data = (b"< 220 hi\n" + b"> RNTO x\n< 503 x\n" * pairs +
                b"> NOOP\n*resp* '500 first\\n502 second'\n")
        r = lint(stdin=data)
        code, objects = lint_json(stdin=data)
        self.assertEqual((r.returncode, code), (1, 1))
        violations, errors, _ = split(objects)
        self.assertEqual((len(violations), len(errors)), (pairs, pairs + 2))
        self.assertEqual([e["code"] for e in errors[-2:]], [500, 502])
        self.assertEqual(r.stdout.decode(), text_implied_by(objects, "<stdin>"))

    def test_stdin_reads_like_a_file(self):
        with open(path("ftplib-vsftpd-wrong.txt"), "rb") as f:
            data = f.read()
        from_file = lint_json(path("ftplib-vsftpd-wrong.txt"))
        self.assertEqual(lint_json("-", stdin=data), from_file)
        self.assertEqual(lint_json(stdin=data), from_file)

    def test_a_transcript_with_two_connections_is_two_sessions(self):
        with open(path("curl-pyftpdlib-wrong.txt"), "rb") as a, open(path("ftplib-vsftpd-wrong.txt"), "rb") as b:
            data = a.read() + b.read()
        code, objects = lint_json(stdin=data)
        summary = split(objects)[2]
        self.assertEqual(code, 1)
        self.assertEqual(summary["sessions"], 2)
        self.assertEqual(summary["violations"], 3 + 6)


class BadInput(unittest.TestCase):
    def test_a_missing_file_is_exit_2(self):
        r = lint(os.path.join(TRANSCRIPTS, "no-such-transcript.txt"))
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"cannot open", r.stderr)

    def test_input_without_transcript_lines_is_exit_2(self):
        for data in (b"", b"hello\nworld\n", b"* Trying 127.0.0.1...\n"):
            with self.subTest(data=data):
                r = lint(stdin=data)
                self.assertEqual(r.returncode, 2)
                self.assertIn(b"no transcript lines", r.stderr)

    def test_bad_usage_is_exit_2(self):
        for args in (["--bogus"], ["--server", "nosuchd", "-"], ["a.txt", "b.txt"], ["--server"]):
            with self.subTest(args=args):
                self.assertEqual(lint(*args, stdin=b"").returncode, 2)

    def test_help_documents_lint(self):
        r = lint("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"ftpwire lint", r.stdout)
        top = subprocess.run([CLI, "--help"], capture_output=True)
        self.assertIn(b"lint [--json] [--server FAMILY] [FILE|-]", top.stdout)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    sys.exit(0 if result.wasSuccessful() else 1)
