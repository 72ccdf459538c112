"""ftpwire check-sequence, run through the built binary (env FTPWIRE_CLI)."""
import json
import os
import subprocess
import sys
import unittest

CLI = os.environ.get("FTPWIRE_CLI", "")
JSON_KEYS_BROKEN = ["ok", "position", "command", "reply", "rule", "message", "why", "fix", "server"]


def run(*args):
    return subprocess.run([CLI, "check-sequence", *args], capture_output=True, text=True, encoding="utf-8")


def run_json(*args):
    r = run("--json", *args)
    lines = [line for line in r.stdout.splitlines() if line.strip()]
    return r, (json.loads(lines[0]) if len(lines) == 1 else None)


class BrokenRules(unittest.TestCase):
    def assert_broken(self, commands, position, reply, rule, server=None):
        args = (["--server", server] if server else []) + commands
        r, doc = run_json(*args)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIsNotNone(doc, r.stdout)
        # "note" where the text output has a note: line (a server family's recorded answer), and nowhere else.
        text = run(*args).stdout
        notes = [line[len("  note:  "):] for line in text.splitlines() if line.startswith("  note:  ")]
        self.assertEqual(list(doc.keys()), JSON_KEYS_BROKEN + (["note"] if notes else []))
        if notes:
            self.assertEqual([doc["note"]], notes)
        self.assertIs(doc["ok"], False)
        self.assertEqual(doc["position"], position)
        self.assertEqual(doc["reply"], reply)
        self.assertEqual(doc["rule"], rule)
        self.assertTrue(doc["fix"])
        self.assertEqual(doc["server"], server or "rfc959")
        return doc

    def test_rnto_without_rnfr_is_the_third_command_answered_503(self):
        doc = self.assert_broken(["USER", "PASS", "RNTO"], 3, 503, "rnto_after_rnfr")
        self.assertEqual(doc["command"], "RNTO")
        self.assertIn("RNFR", doc["fix"])

    def test_a_verb_alone_carries_its_argument_and_a_colon_with_nothing_after_it_sends_none(self):
        # "RNTO" is RNTO with a name (not given): the order is what fails. "RNTO:" is RNTO sent without one, which a
        # family that checks arguments refuses first (pyftpdlib 501, ProFTPD 501; missing_arguments.txt), and
        # vsftpd, which checks none, for the order (503).
        self.assert_broken(["USER", "PASS", "RNTO"], 3, 503, "rnto_after_rnfr", server="pyftpdlib")
        for server, reply, rule in (("pyftpdlib", 501, "argument_syntax"), ("proftpd", 501, "argument_syntax"),
                                    ("pureftpd", 550, "argument_syntax"), ("vsftpd", 503, "rnto_after_rnfr"),
                                    (None, 501, "argument_syntax")):
            with self.subTest(server=server):
                doc = self.assert_broken(["USER", "PASS", "RNTO:"], 3, reply, rule, server=server)
                self.assertEqual(doc["command"], "RNTO")
        # An argument a verb takes none of; before the login pyftpdlib reads the syntax first, ProFTPD the login.
        doc = self.assert_broken(["PASV:x"], 1, 501, "argument_syntax", server="pyftpdlib")
        self.assertEqual(doc["command"], "PASV <argument>")
        self.assert_broken(["PASV:x"], 1, 530, "login_required", server="proftpd")
        r, doc = run_json("--server", "vsftpd", "USER", "PASS", "PWD:x", "RETR a", "RETR:")
        self.assertEqual((r.returncode, doc["position"], doc["rule"]), (1, 4, "transfer_needs_data_port"))
        # ProFTPD's mod_tls reads PBSZ's argument only once an AUTH let it through (tls_missing_arguments.txt): 500
        # before it, as PBSZ 0 gets, then 501; QUIT with an argument is taken everywhere but on pyftpdlib.
        self.assert_broken(["PBSZ:"], 1, 500, "pbsz_after_auth", server="proftpd-tls")
        self.assert_broken(["AUTH TLS", "PBSZ:"], 2, 501, "argument_syntax", server="proftpd-tls")
        self.assert_broken(["USER", "PASS", "QUIT:x"], 3, 501, "argument_syntax", server="pyftpdlib")
        r, doc = run_json("--server", "pureftpd", "USER", "PASS", "QUIT:x")
        self.assertEqual((r.returncode, doc["ok"]), (0, True))

    def test_pass_before_user(self):
        self.assert_broken(["PASS"], 1, 503, "pass_after_user")

    def test_rest_zero_sets_no_marker(self):
        # RFC 3659 §5.3; ProFTPD 1.3.8 and pyftpdlib 1.5.7 serve APPE after REST 0 (rest_zero_then_appe.txt).
        for server in ("proftpd", "pyftpdlib"):
            self.assert_broken(["USER a", "PASS b", "TYPE I", "REST 5", "PASV", "APPE f"], 6,
                               554 if server == "proftpd" else 450, "rest_before_append", server=server)
            r, doc = run_json("--server", server, "USER a", "PASS b", "TYPE I", "REST 5", "REST 0", "PASV", "APPE f")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIs(doc["ok"], True)

    def test_commands_before_login_get_530(self):
        self.assert_broken(["CWD", "USER"], 1, 530, "login_required")

    def test_retr_without_a_data_connection_differs_per_server(self):
        self.assert_broken(["USER", "PASS", "RETR"], 3, 503, "transfer_needs_data_port")
        self.assert_broken(["USER", "PASS", "RETR"], 3, 425, "transfer_needs_data_port", server="vsftpd")
        # pyftpdlib does not refuse (150, then it waits for a data connection): no reply to predict.
        self.assert_broken(["USER", "PASS", "RETR"], 3, None, "transfer_needs_data_port", server="pyftpdlib")

    def test_pbsz_before_auth_and_prot_before_pbsz(self):
        self.assert_broken(["PBSZ"], 1, 503, "pbsz_after_auth")
        self.assert_broken(["AUTH", "PROT"], 2, 503, "prot_after_pbsz")

    def test_epsv_all_spelled_quoted_or_with_a_colon_forbids_pasv(self):
        for spelling in ["EPSV ALL", "EPSV:ALL", "epsv all"]:
            doc = self.assert_broken(["USER", "PASS", spelling, "PASV"], 4, 503, "epsv_all_only_epsv")
            self.assertEqual(doc["command"], "PASV")
        self.assert_broken(["USER", "PASS", "EPSV:ALL", "PORT"], 4, 501, "epsv_all_only_epsv", server="pyftpdlib")
        # The breaking command is named with its ALL: it is not plain EPSV.
        self.assertEqual(self.assert_broken(["EPSV ALL"], 1, 530, "login_required")["command"], "EPSV ALL")

    def test_stat_with_a_path_needs_the_login_where_stat_alone_does_not(self):
        # tests/data/servers/*/stat_path_before_login.txt: pyftpdlib answers STAT 211 before login and STAT with a
        # path 530, as every server recorded does.
        for server in (None, "pyftpdlib"):
            for spelling in ("STAT:hello.txt", "STAT -la", "stat upload"):
                doc = self.assert_broken(["STAT", spelling], 2, 530, "login_required", server=server)
                self.assertEqual(doc["command"], "STAT <path>")
            r = run("--server", server or "rfc959", "STAT", "STAT:", "USER", "PASS", "STAT:hello.txt")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_the_json_output_carries_the_note_on_the_familys_recorded_answer(self):
        # Found by review: the text output printed the family's note, the JSON output left it out.
        doc = self.assert_broken(["USER", "PASS", "RETR"], 3, 425, "transfer_needs_data_port", server="vsftpd")
        self.assertIn("tests/data/servers/vsftpd/", doc["note"])
        self.assertNotIn("note", self.assert_broken(["USER", "PASS", "RNTO"], 3, 503, "rnto_after_rnfr"))

    def test_site_help_before_login_only_where_the_server_answers_it(self):
        # tests/data/servers/*/site_before_login.txt: SITE HELP 214 before login on ProFTPD and pyftpdlib, SITE CHMOD
        # 530 everywhere; vsftpd and Pure-FTPd answer every SITE 530, as RFC 959 §5.4 allows.
        for server in ("proftpd", "pyftpdlib"):
            for spelling in ("SITE HELP", "SITE:HELP", "site help chmod"):
                self.assertEqual(run("--server", server, spelling, "USER", "PASS").returncode, 0, (server, spelling))
            self.assertEqual(self.assert_broken(["SITE:CHMOD"], 1, 530, "login_required", server=server)["command"],
                             "SITE")
        for server in (None, "vsftpd", "pureftpd"):
            doc = self.assert_broken(["SITE HELP", "USER"], 1, 530, "login_required", server=server)
            self.assertEqual(doc["command"], "SITE HELP")

    def test_rnfr_noop_rnto_breaks_the_strict_reading_but_not_vsftpd(self):
        self.assert_broken(["USER", "PASS", "RNFR", "NOOP", "RNTO"], 5, 503, "rnto_after_rnfr")
        r = run("--server", "vsftpd", "USER", "PASS", "RNFR", "NOOP", "RNTO")
        self.assertEqual(r.returncode, 0, r.stdout)

    def test_rest_then_list(self):
        self.assert_broken(["USER", "PASS", "REST:100", "PASV", "LIST"], 5, 503, "rest_before_file_transfer")

    def test_vsftpd_answers_as_recorded_in_tests_data_servers(self):
        # vsftpd 3.0.3 without TLS: PBSZ/PROT after login 550, before login 530 like everything but
        # USER/PASS/QUIT/FEAT/OPTS; PASV after EPSV ALL 550, EPRT accepted (tests/data/servers/vsftpd/).
        self.assert_broken(["USER", "PASS", "PBSZ:0"], 3, 550, "pbsz_after_auth", server="vsftpd")
        self.assert_broken(["PBSZ:0"], 1, 530, "login_required", server="vsftpd")
        self.assert_broken(["AUTH:TLS", "USER"], 1, 530, "login_required", server="vsftpd")
        self.assert_broken(["ACCT"], 1, 530, "acct_after_pass", server="vsftpd")
        self.assert_broken(["USER", "PASS", "EPSV:ALL", "PASV"], 4, 550, "epsv_all_only_epsv", server="vsftpd")
        r = run("--server", "vsftpd", "USER", "PASS", "EPSV:ALL", "EPRT", "RETR")
        self.assertEqual(r.returncode, 0, r.stdout)
        # The generic reading is unchanged.
        self.assert_broken(["USER", "PASS", "PBSZ:0"], 3, 503, "pbsz_after_auth")
        r = run("AUTH:TLS", "FEAT", "USER")
        self.assertEqual(r.returncode, 0, r.stdout)

    def test_pureftpd_lets_acct_through_before_login_without_logging_in(self):
        # Pure-FTPd 1.0.50 answers ACCT 202 in any state; PWD after it gets 530 (tests/data/servers/pureftpd/
        # commands_before_login.txt).
        self.assert_broken(["ACCT", "PWD"], 2, 530, "login_required", server="pureftpd")
        self.assert_broken(["USER", "ACCT", "PWD"], 3, 530, "login_required", server="pureftpd")
        r = run("--server", "pureftpd", "USER", "ACCT", "PASS", "PWD")
        self.assertEqual(r.returncode, 0, r.stdout)

    def test_the_text_output_quotes_the_server_familys_note(self):
        r = run("--server", "vsftpd", "USER", "PASS", "PROT:P")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("note:", r.stdout)
        self.assertIn("tests/data/servers/vsftpd/prot_before_pbsz.txt", r.stdout)
        r = run("--server", "pyftpdlib", "USER", "PASS", "LIST")
        self.assertIn("no refusal", r.stdout)
        r = run("USER", "PASS", "PROT:P")
        self.assertNotIn("note:", r.stdout)

    def test_host_after_user(self):
        # RFC 7151: a client sends HOST before USER (§3.2.2); a server refuses it with 503 only after the login (§3).
        self.assert_broken(["USER", "HOST"], 2, None, "host_before_user")
        self.assert_broken(["USER", "PASS", "HOST"], 3, 503, "host_before_user")
        r = run("USER", "HOST")
        self.assertIn("a server takes HOST until the login", r.stdout)

    def test_host_after_auth_only_proftpd_with_tls_refuses(self):
        # tests/data/servers/proftpd-tls/tls_host_after_auth.txt: 503 (no SNI); RFC 7151 §3.2.2 allows HOST after
        # AUTH TLS when the handshake names the host, so the generic reading lets it through.
        self.assert_broken(["AUTH:TLS", "HOST", "USER"], 2, 503, "host_before_auth", server="proftpd-tls")
        self.assertEqual(run("--server", "proftpd-tls", "HOST", "AUTH:TLS", "USER", "PASS").returncode, 0)
        self.assertEqual(run("AUTH:TLS", "HOST", "USER", "PASS").returncode, 0)

    def test_ccc_before_auth_and_a_second_ccc(self):
        # RFC 4217 §5: 533 to both; ProFTPD answers the first 500 (proftpd/ccc_without_auth.txt), the second 533
        # (proftpd-tls/tls_ccc_then_auth.txt).
        self.assert_broken(["USER", "PASS", "CCC"], 3, 533, "ccc_after_auth")
        self.assert_broken(["USER", "PASS", "CCC"], 3, 500, "ccc_after_auth", server="proftpd")
        self.assert_broken(["AUTH:TLS", "USER", "PASS", "CCC", "CCC"], 5, 533, "ccc_once", server="proftpd-tls")
        self.assert_broken(["AUTH:TLS", "USER", "PASS", "CCC", "CCC"], 5, 534, "ccc_once", server="pureftpd-tls")

    def test_anything_after_quit(self):
        self.assert_broken(["USER", "PASS", "QUIT", "NOOP"], 4, 421, "session_closed")

    def test_text_output_names_position_command_reply_rule_and_fix(self):
        r = run("USER", "PASS", "RNTO")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr, "")
        out = r.stdout
        self.assertIn("command 3 (RNTO)", out)
        self.assertIn("rnto_after_rnfr", out)
        self.assertIn("503 Bad sequence of commands", out)
        self.assertIn("fix:", out)
        self.assertIn("send RNFR first", out)


class GoodSequences(unittest.TestCase):
    def test_a_full_session_is_fine(self):
        r = run("HOST", "AUTH:TLS", "PBSZ:0", "PROT:P", "USER:alice", "PASS:secret", "TYPE:I", "REST:100", "EPSV",
                "RETR:f", "RNFR:a", "RNTO:b", "QUIT")
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertTrue(r.stdout.startswith("ok: 13 commands"), r.stdout)

    def test_json_when_fine(self):
        r, doc = run_json("user", "pass", "pasv", "list")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(doc, {"ok": True, "commands": 4, "server": "rfc959"})

    def test_arguments_other_than_epsv_all_do_not_matter(self):
        self.assertEqual(run("USER anonymous", "PASS x@y", "EPSV 2", "PORT").returncode, 0)


class VerbsOutsideTheCommandTable(unittest.TestCase):
    """--allow-unlisted: a verb ftpwire's command table does not know (CLNT, MFMT, PRET, XSHA1, a server's own) is
    judged by the rules about every command (sequencer::check_unlisted) and taken to change nothing. What the servers
    answered: tests/data/servers/*/unlisted_verbs.txt and unlisted_verbs_after_pasv.txt."""
    FAMILIES = ["rfc959", "vsftpd", "pyftpdlib", "proftpd", "pureftpd",
                "vsftpd-tls", "pyftpdlib-tls", "proftpd-tls", "pureftpd-tls"]

    def check(self, server, *commands):
        r, doc = run_json("--allow-unlisted", "--server", server, *commands)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        self.assertIsNotNone(doc, r.stdout)
        self.assertEqual(doc["ok"], r.returncode == 0)
        return doc

    def test_without_the_flag_such_a_verb_is_still_bad_usage_with_a_hint(self):
        r = run("USER", "PASS", "CLNT")
        self.assertEqual((r.returncode, r.stdout), (2, ""))
        self.assertIn("unknown command verb in 'CLNT'", r.stderr)
        self.assertIn("--allow-unlisted", r.stderr)
        # With it, only a verb of letters and digits (a letter first) is taken: X-Y is not a verb at all.
        for args in (["USER", "X-Y"], ["--allow-unlisted", "USER", "X-Y"], ["--allow-unlisted", "USER", "1ABC"]):
            with self.subTest(args=args):
                r = run(*args)
                self.assertEqual((r.returncode, r.stdout), (2, ""))
                self.assertIn("letters and digits", r.stderr)

    def test_before_the_login_where_the_server_checks_the_login_first(self):
        # vsftpd 3.0.3 and Pure-FTPd 1.0.50 answer CLNT, XYZZ and MFMT 530 before the login; pyftpdlib and ProFTPD
        # look the verb up first (500, ProFTPD's 200 to CLNT), which no rule predicts.
        for server in self.FAMILIES:
            with self.subTest(server=server):
                doc = self.check(server, "clnt:lftp", "USER", "PASS")
                if server.split("-")[0] in ("vsftpd", "pureftpd"):
                    self.assertEqual((doc["position"], doc["command"], doc["reply"], doc["rule"]),
                                     (1, "CLNT", 530, "login_required"))
                else:
                    self.assertEqual(doc, {"ok": True, "commands": 3, "unlisted": 1, "server": server})

    def test_between_rnfr_and_rnto_only_proftpd_refuses(self):
        # ProFTPD 1.3.8: RNFR 350, XYZZ 501, CLNT 501, RNTO 250; the others answer 500 and keep the RNFR.
        for server in self.FAMILIES:
            with self.subTest(server=server):
                doc = self.check(server, "USER", "PASS", "RNFR:a", "XYZZ", "RNTO:b")
                if server.startswith("proftpd"):
                    self.assertEqual((doc["position"], doc["command"], doc["reply"], doc["rule"]),
                                     (4, "XYZZ", 501, "rnfr_only_rnto"))
                elif server == "rfc959":
                    # RFC 959 §4.1.3: RNTO must come right after RNFR; the strict reading holds the RNTO to it.
                    self.assertEqual((doc["position"], doc["command"], doc["reply"], doc["rule"]),
                                     (5, "RNTO", 503, "rnto_after_rnfr"))
                else:
                    self.assertTrue(doc["ok"], doc)

    def test_the_strict_reading_ends_a_marker_as_any_command_does(self):
        # RFC 959 §4.1.3: REST "shall be immediately followed by" its transfer; LIST after a REST breaks
        # rest_before_file_transfer, after REST and a command in between (listed or not) it does not. The families
        # keep the marker across a verb they do not know (unlisted_verbs.txt: REST 4, XYZZ 500, RETR from byte 4), and
        # ProFTPD still refuses APPE for it (rest_zero_then_appe.txt).
        doc = self.check("rfc959", "USER", "PASS", "TYPE:I", "REST:4", "PASV", "LIST")
        self.assertEqual((doc["position"], doc["rule"]), (6, "rest_before_file_transfer"))
        for between in ("NOOP", "XYZZ"):
            with self.subTest(between=between):
                doc = self.check("rfc959", "USER", "PASS", "TYPE:I", "REST:4", between, "PASV", "LIST")
                self.assertTrue(doc["ok"], doc)
        doc = self.check("proftpd", "USER", "PASS", "TYPE:I", "REST:4", "XYZZ", "PASV", "APPE:f")
        self.assertEqual((doc["position"], doc["reply"], doc["rule"]), (7, 554, "rest_before_append"))

    def test_the_marker_and_the_data_port_stay(self):
        # unlisted_verbs.txt (REST 4, XYZZ 500, PASV, RETR 150 from byte 4) and unlisted_verbs_after_pasv.txt (PASV,
        # XYZZ, RETR; PASV, CLNT, LIST; PORT, XYZZ, NLST: each transfer 150/125 then 226) on every server recorded.
        for server in self.FAMILIES[1:5]:
            with self.subTest(server=server):
                doc = self.check(server, "USER", "PASS", "TYPE:I", "REST:4", "XYZZ", "PASV", "RETR:hello.txt")
                self.assertTrue(doc["ok"], doc)
                doc = self.check(server, "USER", "PASS", "TYPE:I", "PASV", "XYZZ", "RETR:hello.txt", "PASV",
                                 "CLNT:ftpwire", "LIST", "PORT", "XYZZ", "NLST", "QUIT")
                self.assertEqual(doc, {"ok": True, "commands": 13, "unlisted": 3, "server": server})

    def test_after_quit_and_in_the_text_output(self):
        doc = self.check("rfc959", "USER", "PASS", "QUIT", "xsha256:f")
        self.assertEqual((doc["position"], doc["command"], doc["reply"], doc["rule"]),
                         (4, "XSHA256", 421, "session_closed"))
        r = run("--allow-unlisted", "USER", "PASS", "MFMT:20200101000000 f", "QUIT")
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertEqual(r.stdout, "ok: 4 commands (1 outside the command table) in an order that keeps to the rules "
                                   "(server family rfc959)\n")
        r = run("--allow-unlisted", "--server", "proftpd", "USER", "PASS", "RNFR:a", "pret:RETR f")
        self.assertEqual(r.returncode, 1)
        self.assertIn("command 4 (PRET) breaks rule rnfr_only_rnto", r.stdout)
        # The flag may come after the commands, as --json and --server may.
        r, doc = run_json("USER", "PASS", "CLNT", "--allow-unlisted")
        self.assertEqual(doc, {"ok": True, "commands": 3, "unlisted": 1, "server": "rfc959"})
        # Without a verb outside the table the flag changes nothing but the count.
        r, doc = run_json("--allow-unlisted", "USER", "PASS")
        self.assertEqual(doc, {"ok": True, "commands": 2, "unlisted": 0, "server": "rfc959"})


class Usage(unittest.TestCase):
    def assert_usage_error(self, *args, mentions):
        r = run(*args)
        self.assertEqual(r.returncode, 2, r.stdout)
        self.assertEqual(r.stdout, "")
        self.assertIn(mentions, r.stderr)

    def test_after_a_double_dash_every_argument_is_a_command(self):
        r, obj = run_json("--", "USER", "RNTO")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(obj["position"], 2)
        self.assert_usage_error("--", "--json", mentions="unknown command verb in '--json'")

    def test_no_commands(self):
        self.assert_usage_error(mentions="no commands")
        self.assert_usage_error("--json", mentions="no commands")

    def test_unknown_verb(self):
        self.assert_usage_error("USER", "FOO", mentions="unknown command verb in 'FOO'")

    def test_unknown_server_family_and_option(self):
        self.assert_usage_error("--server", "iis", "USER", mentions="unknown server family")
        self.assert_usage_error("--server", mentions="needs a family")
        self.assert_usage_error("--frobnicate", "USER", mentions="unknown option")

    def test_help_documents_the_epsv_all_spelling_and_the_families(self):
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        for text in ["EPSV:ALL", "\"EPSV ALL\"", "--json", "--server", "vsftpd", "pyftpdlib", "exit status",
                     "--allow-unlisted"]:
            self.assertIn(text, r.stdout)

    def test_top_level_help_lists_the_subcommand(self):
        r = subprocess.run([CLI, "--help"], capture_output=True, text=True)
        self.assertIn("check-sequence", r.stdout)


if __name__ == "__main__":
    if not CLI or not os.path.exists(CLI):
        print("FTPWIRE_CLI must name the built ftpwire tool", file=sys.stderr)
        sys.exit(2)
    unittest.main()
