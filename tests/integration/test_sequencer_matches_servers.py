#!/usr/bin/python3
"""The sequencer's per-server-family rules match what the real servers answered (tests/data/servers/).

Every recorded scenario is turned back into a transcript (the commands from answers.json, the exact reply
bytes from <server>/<scenario>.txt) and replayed with `ftpwire lint --server FAMILY`, which runs the runtime
sequencer with the replies the server really sent, and compared command by command as replay.py says (a predicted
refusal is what the server answered; a command the rules accept was not refused as out of sequence; a command a
closed connection or a waiting server left unanswered is one the rules expect so). A command the server answers
500/502 (unknown or not implemented: HOST, ACCT, REIN, AUTH/PBSZ/PROT on pyftpdlib and ProFTPD without TLS) tells
nothing about ordering and is not compared. random_walk.py does the same with random sessions on live servers.
Needs no server (recorded data only); re-record with record_all.py after a server upgrade.

Environment: FTPWIRE_CLI.
"""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import replay  # noqa: E402

SERVERS_DIR = os.path.join(harness.DATA_DIR, "servers")


def recorded_bytes(family, scenario):
    with open(os.path.join(SERVERS_DIR, family, scenario + ".txt"), "rb") as f:
        return f.read()


class SequencerMatchesRealServers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cli = harness.require_program("FTPWIRE_CLI")
        with open(os.path.join(SERVERS_DIR, "answers.json"), encoding="utf-8") as f:
            cls.answers = json.load(f)

    # lint's answer for each (family, scenario, server), shared by the tests: several read the same transcripts, and
    # each run of the CLI costs 50 ms and more in the sanitizer build (the whole file took 70 s there, and timed
    # out at 180 s beside the other integration tests on two busy cores).
    linted = {}

    def lint(self, family, scenario, server=None):
        key = (family, scenario, server or family)
        if key not in self.linted:
            entries = self.answers[family][scenario]
            violations, summary = replay.lint(self.cli, server or family, entries, recorded_bytes(family, scenario))
            self.linted[key] = (entries, violations, summary)
        entries, violations, self.summary = self.linted[key]
        return entries, dict(violations)

    def test_every_recorded_greeting_names_its_server_and_auto_judges_as_that_family(self):
        # servers.py's banners keep the servers' names, as their defaults do (sequence_rules.hpp
        # server_family_of_greeting): --server auto must reach the same verdicts as --server FAMILY. A greeting does
        # not say whether the server has TLS: auto takes a "-tls" family for one once it answers AUTH TLS 234 (and
        # judges that AUTH again); a session without that is judged as the family without TLS.
        for family, scenarios in self.answers.items():
            for scenario, entries in scenarios.items():
                with self.subTest(server=family, scenario=scenario):
                    by_name = self.lint(family, scenario)[1]
                    by_greeting = self.lint(family, scenario, server="auto")[1]
                    auth = [i for i, e in enumerate(entries)
                            if e["command"].upper().startswith("AUTH") and e["codes"][:1] == [234]]
                    if not family.endswith("-tls"):
                        self.assertEqual(self.summary["servers"], [family])
                        self.assertEqual(by_greeting, by_name)
                    elif not auth:
                        self.assertEqual(self.summary["servers"], [family[:-4]])
                    else:  # the commands before that AUTH are judged as the family without TLS
                        self.assertEqual(self.summary["servers"], [family])
                        self.assertEqual({i: v for i, v in by_greeting.items() if i >= auth[0]},
                                         {i: v for i, v in by_name.items() if i >= auth[0]})

    def test_the_recordings_hold_a_reply_for_every_recorded_code(self):
        for family, scenarios in self.answers.items():
            for scenario, entries in scenarios.items():
                with self.subTest(server=family, scenario=scenario):
                    replies = replay.split_replies(recorded_bytes(family, scenario))
                    self.assertEqual([int(r[0][:3]) for r in replies], [c for e in entries for c in e["codes"]])

    def test_a_clean_session_breaks_no_rule_on_any_server(self):
        # With TLS (the "-tls" families, which record the TLS scenarios only): RFC 4217's order.
        for family in self.answers:
            with self.subTest(server=family):
                clean = ("tls_login", "tls_protected_transfers") if family.endswith("-tls") else ("normal_session",)
                for scenario in clean:
                    self.assertEqual(self.lint(family, scenario)[1], {}, scenario)

    def test_every_predicted_refusal_is_what_the_server_answered(self):
        for family, scenarios in self.answers.items():
            for scenario in scenarios:
                entries, violations = self.lint(family, scenario)
                for index, v in violations.items():
                    with self.subTest(server=family, scenario=scenario, command=v["command"], rule=v["rule"]):
                        self.assertIsNone(replay.predicted_refusal_disagreement(entries[index], v))

    def test_no_command_the_rules_accept_was_refused_as_out_of_sequence(self):
        for family, scenarios in self.answers.items():
            for scenario in scenarios:
                entries, violations = self.lint(family, scenario)
                firsts = replay.first_lines(entries, recorded_bytes(family, scenario))
                # A verb outside the command table the rules accept may still be refused for what it is (unlisted_verbs:
                # pyftpdlib's and ProFTPD's 530 to MFMT before the login), as random walks judge it.
                unknown = replay.unknown_verbs(self.cli, entries)
                for index, entry in enumerate(entries):
                    if index in violations:
                        continue
                    with self.subTest(server=family, scenario=scenario, command=entry["command"]):
                        self.assertIsNone(replay.unpredicted_refusal(entry, firsts[index], unknown))

    def unanswered(self, note):
        """Each recorded command the server never answered, for the reason `note` names ("closed": the connection
        was closed; "timeout": nothing came): (family, scenario, entry, lint's violation for it or None)."""
        for family, scenarios in self.answers.items():
            for scenario in scenarios:
                entries, violations = self.lint(family, scenario)
                for index, entry in enumerate(entries):
                    if entry.get("note") == note:
                        yield family, scenario, entry, violations.get(index)

    def test_every_command_a_closed_connection_left_unanswered_breaks_session_closed(self):
        # After QUIT's 221 (quit_after_user, quit_during_transfer) and after the last failed login a server allows
        # (three_failed_logins: ProFTPD's MaxLoginAttempts and pyftpdlib's max_login_attempts, 3 by default, close
        # the connection; Pure-FTPd goes on), the next command is never answered: the rules must know it.
        closed_seen = set()
        for family, scenario, entry, violation in self.unanswered("closed"):
            closed_seen.add((family, scenario))
            with self.subTest(server=family, scenario=scenario, command=entry["command"]):
                self.assertIsNotNone(violation)
                self.assertEqual(violation["rule"], "session_closed")
        self.assertIn(("proftpd", "three_failed_logins"), closed_seen)
        self.assertIn(("pyftpdlib", "three_failed_logins"), closed_seen)
        self.assertNotIn(("pureftpd", "three_failed_logins"), closed_seen)

    def test_every_command_a_server_left_unanswered_is_one_the_rules_say_waits(self):
        # A transfer the server neither serves nor refuses (it waits for a data connection the client has no port
        # for: ProFTPD after EPSV ALL, after a refused NLST, after a PORT before EPSV ALL) breaks a rule that
        # predicts no reply (0), not one that predicts a refusal, and not none.
        waited = set()
        for family, scenario, entry, violation in self.unanswered("timeout"):
            waited.add((family, scenario))
            with self.subTest(server=family, scenario=scenario, command=entry["command"]):
                self.assertIsNotNone(violation)
                self.assertEqual(violation["predicted"], 0)
        self.assertIn(("proftpd", "port_then_epsv_all_then_nlst"), waited)
        self.assertIn(("proftpd", "pasv_then_refused_nlst"), waited)

    def test_noop_during_a_transfer_is_refused_where_the_server_refused_it(self):
        # noop_during_transfer: pyftpdlib answers NOOP during the download, vsftpd and ProFTPD after its 226, and
        # Pure-FTPd refuses it with 500 (its transfer_in_progress override), a refusal the test above passes over as
        # an unimplemented command's.
        for family, scenarios in self.answers.items():
            if "noop_during_transfer" not in scenarios:
                continue
            with self.subTest(server=family):
                entries, violations = self.lint(family, "noop_during_transfer")
                noop = next(i for i, e in enumerate(entries) if e["command"] == "NOOP")
                first = entries[noop]["codes"][0]
                if first >= 400:
                    self.assertIn(noop, violations)
                    self.assertEqual(violations[noop]["rule"], "transfer_in_progress")
                    self.assertEqual(violations[noop]["predicted"], first)
                else:
                    self.assertNotIn(noop, violations)
                self.assertEqual(set(violations) - {noop}, set())

    def test_every_recording_agrees_as_a_whole_as_random_walks_judge_it(self):
        # random_walk.py's verdict (replay.disagreements, every check above at once) on what is recorded: nothing.
        for family, scenarios in self.answers.items():
            for scenario in scenarios:
                with self.subTest(server=family, scenario=scenario):
                    entries, violations = self.lint(family, scenario)
                    unknown = replay.unknown_verbs(self.cli, entries)
                    self.assertEqual(
                        replay.disagreements(entries, recorded_bytes(family, scenario), violations, unknown), [])

    def test_a_session_judged_as_another_server_disagrees_where_the_two_differ(self):
        # The verdict can fail: pyftpdlib answered PWD between RNFR and RNTO (257) and then renamed (250); judged as
        # ProFTPD, which refuses every command but NOOP, STAT, HELP and QUIT there (501), the PWD disagrees.
        entries, violations = self.lint("pyftpdlib", "rnfr_then_other_command", server="proftpd")
        found = replay.disagreements(entries, recorded_bytes("pyftpdlib", "rnfr_then_other_command"), violations)
        self.assertEqual([(entries[index]["command"], kind) for index, kind, _ in found], [("PWD", "disagree")])
        # A refusal with another code than the predicted one is told apart: PASS before USER, which pyftpdlib
        # refused with 503, judged as Pure-FTPd (530 there).
        entries, violations = self.lint("pyftpdlib", "pass_before_user", server="pureftpd")
        found = replay.disagreements(entries, recorded_bytes("pyftpdlib", "pass_before_user"), violations)
        self.assertEqual([(entries[index]["command"], kind) for index, kind, _ in found],
                         [("PASS wire-pass", "refused otherwise")])

    def test_verbs_outside_the_command_table_are_refused_where_the_rules_say(self):
        # unlisted_verbs.txt: vsftpd and Pure-FTPd answer CLNT, XYZZ and MFMT 530 before the login (login_required),
        # ProFTPD answers XYZZ and CLNT 501 between RNFR and RNTO (rnfr_only_rnto); nothing else about them is
        # predicted (pyftpdlib's and ProFTPD's 500 and 530 before the login are their own lists).
        expected = {"vsftpd": [("CLNT ftpwire", "login_required", 530), ("XYZZ", "login_required", 530),
                               ("MFMT 20200101000000 hello.txt", "login_required", 530)],
                    "proftpd": [("XYZZ", "rnfr_only_rnto", 501), ("CLNT ftpwire", "rnfr_only_rnto", 501)],
                    "pyftpdlib": []}
        expected["pureftpd"] = expected["vsftpd"]
        for family, scenarios in self.answers.items():
            if "unlisted_verbs" not in scenarios:
                continue
            with self.subTest(server=family):
                entries, violations = self.lint(family, "unlisted_verbs")
                got = [(v["command"], v["rule"], v["predicted"]) for _, v in sorted(violations.items())]
                self.assertEqual(got, expected[family.removesuffix("-tls")])
                for index, v in violations.items():
                    self.assertEqual(entries[index]["codes"][:1], [v["predicted"]])

    def test_a_verb_outside_the_command_table_is_not_compared(self):
        # Random walk seed 11266 (proftpd-tls): MFMT before the login, 530 (ProFTPD, pyftpdlib and Pure-FTPd know
        # MFMT, from draft-somers-ftp-mfxx, and want a login for it); ftpwire's command table does not know MFMT, so
        # the rules judge it only by the rules of every command, and its 530 is not compared. The same 530 to a verb
        # the table knows, which the rules accept, still disagrees. Such a verb sent after the connection closed
        # (seed 11340, pyftpdlib-tls: QUIT 221, then CLNT) breaks session_closed, as any command would: nothing to
        # tell apart there. (A hand-made session: after the login, where both are refused.)
        entries = [{"command": "<connect>", "codes": [220]}, {"command": "USER ftpwire", "codes": [331]},
                   {"command": "PASS wire-pass", "codes": [230]},
                   {"command": "MFMT 20200101000000 hello.txt", "codes": [530]}, {"command": "PWD", "codes": [530]},
                   {"command": "QUIT", "codes": [221]}, {"command": "CLNT walker", "codes": [], "note": "closed"}]
        raw = (b"220 ProFTPD Server (ftpwire) [127.0.0.1]\r\n331 Password required for ftpwire\r\n"
               b"230 User ftpwire logged in\r\n" + b"530 Please login with USER and PASS\r\n" * 2 + b"221 Goodbye.\r\n")
        violations, _ = replay.lint(self.cli, "proftpd", entries, raw)
        unknown = replay.unknown_verbs(self.cli, entries)
        self.assertEqual(unknown, {"MFMT", "CLNT"})
        found = replay.disagreements(entries, raw, violations, unknown)
        self.assertEqual([(entries[index]["command"], kind) for index, kind, _ in found], [("PWD", "disagree")])
        found = replay.disagreements(entries, raw, violations)
        self.assertEqual([entries[index]["command"] for index, _, _ in found], ["MFMT 20200101000000 hello.txt", "PWD"])
        self.assertEqual([v["rule"] for v in violations.values()], ["session_closed"])

    def test_the_issues_wrong_sequences_are_recognised_on_every_server(self):
        cases = {"pass_before_user": "PASS", "rnto_without_rnfr": "RNTO", "retr_without_pasv": "RETR",
                 "prot_before_pbsz": "PROT"}
        for family in self.answers:
            for scenario, verb in cases.items():
                if scenario not in self.answers[family]:
                    continue  # a "-tls" family: the TLS scenarios only
                with self.subTest(server=family, scenario=scenario):
                    entries, violations = self.lint(family, scenario)
                    self.assertEqual([v["verb"] for v in violations.values()], [verb])


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    sys.exit(0 if result.wasSuccessful() else 1)
