#!/usr/bin/python3
"""`ftpwire lint` on the logs servers write of their own control connections, made live: pyftpdlib at DEBUG level and
vsftpd with log_ftp_protocol=YES (in its own log file, and through syslog where no syslog daemon has /dev/log), three
ftplib clients at once (record_transcripts.server_log_clients: a clean session, one with sequencing mistakes, one
whose first login fails). Each connection is a session of its own, every command and reply of the log is read, and
the mistakes are reported on the connection that made them, as the server answered them. (tests/cli/test_lint.py reads the recordings of the same sessions in tests/data/transcripts/;
this test reads what the servers installed here write now.)

Environment: FTPWIRE_CLI (set by tests/integration.cmake).
"""
import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import record_transcripts  # noqa: E402

FAMILIES = ("pyftpdlib", "vsftpd")

# The client with mistakes: RNTO before the login and without RNFR, PBSZ and PROT without AUTH, as each server
# answers them (RNFR NOOP RNTO and REST before LIST, which both servers take, break no rule of theirs).
MISTAKES = {"vsftpd": [("RNTO", "login_required", [530]), ("RNTO", "rnto_after_rnfr", [503]),
                       ("PBSZ", "pbsz_after_auth", [550]), ("PROT", "prot_after_pbsz", [550])],
            "pyftpdlib": [("RNTO", "login_required", [530]), ("RNTO", "rnto_after_rnfr", [503]),
                          ("PBSZ", "pbsz_after_auth", [500]), ("PROT", "prot_after_pbsz", [500])]}


def counted(family, log):
    """(connections, commands, replies) in a log, from its lines: vsftpd's CONNECT and FTP command lines and the FTP
    response lines written whole with a code and a space (a reply's last line); pyftpdlib's "(connect)", "<- " and
    "-> " lines (it logs a multi-line reply by its last line)."""
    if family == "vsftpd":
        return (len(re.findall(r'\] CONNECT: Client "', log)), len(re.findall(r'\] FTP command: Client "', log)),
                len(re.findall(r'\] FTP response: Client "[^"]*", "\d{3} ', log)))
    return (len(re.findall(r"-\[[^\]]*\] FTP session opened \(connect\)$", log, re.M)),
            len(re.findall(r"-\[[^\]]*\] <- ", log)), len(re.findall(r"-\[[^\]]*\] -> ", log)))


class ServerLogs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        harness.require_servers(*FAMILIES)
        cls.cli = harness.require_program("FTPWIRE_CLI")

    def check_family(self, family):
        log = record_transcripts.server_log(family)
        r = harness.run([self.cli, "lint", "--json"], input_bytes=log.encode("utf-8"))
        self.assertEqual((r.returncode, r.stderr), (1, b""), log)
        objects = [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]
        violations = [o for o in objects if o["kind"] == "violation"]
        errors = [o for o in objects if o["kind"] == "error_reply"]
        summary = objects[-1]
        connections, commands, replies = counted(family, log)
        self.assertEqual(connections, 4, log)  # servers.py's greeting probe and the three clients
        self.assertEqual((summary["sessions"], summary["commands"], summary["replies"]),
                         (connections, commands, replies), log)
        self.assertEqual(summary["servers"], [family] * connections)
        self.assertEqual([(v["verb"], v["rule"], v["replies"]) for v in violations], MISTAKES[family], log)
        self.assertEqual(len({v["connection"] for v in violations}), 1, violations)
        # The failed login's 530 is on a connection of its own; the clean session has no finding.
        refusals = {e["connection"] for e in errors} - {violations[0]["connection"]}
        self.assertEqual(len(refusals), 1, errors)

    def test_pyftpdlib(self):
        self.check_family("pyftpdlib")

    def test_vsftpd(self):
        self.check_family("vsftpd")

    @unittest.skipIf(os.path.lexists("/dev/log"), "a syslog daemon has /dev/log here: the test would take its place")
    def test_vsftpd_through_syslog(self):
        # vsftpd with syslog_enable=YES, a socket at /dev/log standing in for the syslog daemon, the messages written
        # as rsyslog writes them (record_transcripts.server_syslog). vsftpd 3.0.3 logs each connection there from
        # its login on only: three sessions (the greeting probe never logs in), no CONNECT, and of the mistakes those
        # after the login; the failed login's 530 is not in the log.
        log = record_transcripts.server_syslog()
        r = harness.run([self.cli, "lint", "--json"], input_bytes=log.encode("utf-8"))
        self.assertEqual((r.returncode, r.stderr), (1, b""), log)
        objects = [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]
        violations = [o for o in objects if o["kind"] == "violation"]
        summary = objects[-1]
        self.assertNotIn("CONNECT: Client", log)
        self.assertIn("#015#012", log)  # FEAT's and STAT's lines written raw
        commands = len(re.findall(r'\] FTP command: Client "', log))
        replies = len(re.findall(r'\] FTP response: Client "[^"]*", "\d{3} ', log))
        self.assertEqual((summary["sessions"], summary["commands"], summary["replies"]), (3, commands, replies), log)
        self.assertEqual(summary["servers"], ["vsftpd"] * 3)
        self.assertEqual([(v["verb"], v["rule"], v["replies"]) for v in violations], MISTAKES["vsftpd"][1:], log)
        self.assertEqual(len({v["connection"] for v in violations}), 1, violations)


if __name__ == "__main__":
    unittest.main()
