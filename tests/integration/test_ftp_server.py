#!/usr/bin/python3
"""Real clients against examples/ftp_server: Python's ftplib and curl log in, list, download, upload and
rename; commands sent out of sequence get the refusal the rules table gives (503, 530 before login), exactly
where `ftpwire check-sequence` says.

Environment: FTPWIRE_FTP_SERVER, FTPWIRE_CLI (set by tests/integration.cmake). Needs curl.
"""
import ftplib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import record  # noqa: E402
import servers  # noqa: E402

LOGIN = ["USER {user}", "PASS {password}"]
# name -> commands; the last command is the one out of sequence.
WRONG_SEQUENCES = {
    "PASS before USER": ["PASS {password}"],
    "RNTO without RNFR": LOGIN + ["RNTO moved.txt"],
    "RETR without PASV/EPSV": LOGIN + ["TYPE I", "RETR hello.txt"],
    "LIST without PASV/EPSV": LOGIN + ["LIST"],
    "STOR without PASV/EPSV": LOGIN + ["STOR new.txt"],
    "NOOP between RNFR and RNTO": LOGIN + ["RNFR rename-me.txt", "NOOP", "RNTO moved.txt"],
    "PBSZ before AUTH": LOGIN + ["PBSZ 0"],
    "PROT before PBSZ": LOGIN + ["PROT P"],
    "PASV after EPSV ALL": LOGIN + ["EPSV ALL", "PASV"],
    "HOST after USER": ["USER {user}", "HOST 127.0.0.1"],
    "lower-case rnto without rnfr": ["user {user}", "pass {password}", "rnto moved.txt"],
    "PWD before login": ["PWD"],
    "RETR before login": ["RETR hello.txt"],
}


def predicted(cli, commands):
    """check-sequence's verdict for a list of command lines: (position from 1, reply), or None."""
    argv = [cli, "check-sequence", "--json"]
    for line in commands:
        verb, _, arg = line.partition(" ")
        argv.append(f"{verb} ALL" if verb.upper() == "EPSV" and arg.upper() == "ALL" else verb)
    out = json.loads(subprocess.run(argv, capture_output=True, timeout=30).stdout)
    return None if out["ok"] else (out["position"], out["reply"])


class ExampleServer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.binary = harness.require_program("FTPWIRE_FTP_SERVER")
        cls.cli = harness.require_program("FTPWIRE_CLI")
        if shutil.which("curl") is None:
            harness.skip_or_fail("curl is not installed")
        cls.context = servers.example_server(cls.binary)
        cls.srv = cls.context.__enter__()
        cls.tmp = tempfile.TemporaryDirectory(prefix="ftpwire-server-")

    @classmethod
    def tearDownClass(cls):
        cls.context.__exit__(None, None, None)
        cls.tmp.cleanup()

    def url(self, path="", user=True):
        auth = f"{self.srv.user}:{self.srv.password}@" if user else ""
        return f"ftp://{auth}{self.srv.host}:{self.srv.port}/{path}"

    def on_disk(self, name):
        with open(os.path.join(self.srv.root, name), "rb") as f:
            return f.read()

    # ---- ftplib

    def test_ftplib_logs_in_lists_downloads_uploads_and_renames(self):
        data = os.urandom(200_000)
        with ftplib.FTP() as ftp:
            ftp.connect(self.srv.host, self.srv.port, timeout=10)
            self.assertTrue(ftp.login(self.srv.user, self.srv.password).startswith("230"))
            self.assertEqual(ftp.pwd(), "/")
            self.assertIn("hello.txt", ftp.nlst())
            listing = []
            ftp.retrlines("LIST", listing.append)
            self.assertTrue(any(line.endswith(" hello.txt") for line in listing), listing)
            got = io.BytesIO()
            ftp.retrbinary("RETR hello.txt", got.write)
            self.assertEqual(got.getvalue(), servers.HELLO_TEXT)
            ftp.storbinary("STOR ftplib-up.bin", io.BytesIO(data))
            self.assertEqual(ftp.size("ftplib-up.bin"), len(data))
            self.assertTrue(ftp.sendcmd("MDTM ftplib-up.bin").startswith("213 "))
            ftp.rename("ftplib-up.bin", "ftplib-moved.bin")
            self.assertEqual(self.on_disk("ftplib-moved.bin"), data)
            ftp.delete("ftplib-moved.bin")
            self.assertFalse(os.path.exists(os.path.join(self.srv.root, "ftplib-moved.bin")))

    def test_ftplib_anonymous_may_read_but_not_write(self):
        with ftplib.FTP() as ftp:
            ftp.connect(self.srv.host, self.srv.port, timeout=10)
            ftp.login()  # anonymous
            self.assertIn("hello.txt", ftp.nlst())
            with self.assertRaises(ftplib.error_perm) as refused:
                ftp.storbinary("STOR anon.bin", io.BytesIO(b"x"))
            self.assertTrue(str(refused.exception).startswith("550"))

    def test_ftplib_commands_out_of_sequence_get_503(self):
        with ftplib.FTP() as ftp:
            ftp.connect(self.srv.host, self.srv.port, timeout=10)
            with self.assertRaises(ftplib.error_perm) as refused:
                ftp.sendcmd("PASS nobody")
            self.assertTrue(str(refused.exception).startswith("503"), str(refused.exception))
            with self.assertRaises(ftplib.error_perm) as refused:
                ftp.sendcmd("RNTO x")  # before login, the login rule comes first
            self.assertTrue(str(refused.exception).startswith("530"), str(refused.exception))
            ftp.login(self.srv.user, self.srv.password)
            for line in ("RNTO x", "RETR hello.txt", "PROT P"):
                with self.assertRaises(ftplib.error_perm) as refused:
                    ftp.sendcmd(line)
                self.assertTrue(str(refused.exception).startswith("503"), str(refused.exception))

    # ---- raw lines a client library would not send

    def raw_session(self):
        import socket
        sock = socket.create_connection((self.srv.host, self.srv.port), timeout=10)
        pending = b""

        def reply():
            nonlocal pending
            while True:
                lf = pending.find(b"\n")
                if lf >= 0:
                    line, pending = pending[:lf + 1], pending[lf + 1:]
                    if len(line) >= 4 and line[:3].isdigit() and line[3:4] == b" ":
                        return line
                    continue
                more = sock.recv(65536)
                self.assertTrue(more, "the server closed the connection instead of replying")
                pending += more

        self.assertTrue(reply().startswith(b"220 "))
        return sock, reply

    def test_every_command_line_gets_a_reply_even_a_malformed_one(self):
        # Found by review: a USER whose echo did not fit the reply buffer got no reply at all (the next reply
        # then read as USER's), and a line over 4096 bytes, with a bare LF or with a control byte closed the
        # connection. RFC 959 §4.2: every command gets a reply; 500 for a line the server cannot read.
        sock, reply = self.raw_session()
        with sock:
            sock.sendall(b"USER " + b"a" * 1100 + b"\r\nNOOP\r\n")
            self.assertTrue(reply().startswith(b"331 "))
            self.assertTrue(reply().startswith(b"200 "))
            sock.sendall(b"NOOP " + b"x" * 5000 + b"\r\nNOOP\r\n")
            self.assertTrue(reply().startswith(b"500 "))
            self.assertTrue(reply().startswith(b"200 "))
            for bad in (b"NOOP\n", b"NO\x00OP\r\n", b"USER a\x1bb\r\n"):
                sock.sendall(bad + b"NOOP\r\n")
                self.assertTrue(reply().startswith(b"500 "), bad)
                self.assertTrue(reply().startswith(b"200 "), bad)
            # A data byte 255 (sent as IAC IAC) in a name the server echoes: no Telnet command in the reply.
            sock.sendall(b"USER \xff\xff\xfbX\r\n")
            line = reply()
            self.assertTrue(line.startswith(b"331 "), line)
            self.assertNotIn(b"\xff", line)
            sock.sendall(b"QUIT\r\n")
            self.assertTrue(reply().startswith(b"221 "))

    # ---- curl

    def curl(self, *args):
        return subprocess.run(["curl", "-sSv", "--max-time", "20", *args], capture_output=True, timeout=60)

    def test_curl_lists_downloads_uploads_and_renames(self):
        r = self.curl(self.url())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b" hello.txt", r.stdout)
        target = os.path.join(self.tmp.name, "hello.txt")
        r = self.curl(self.url("hello.txt"), "-o", target)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(target, "rb") as f:
            self.assertEqual(f.read(), servers.HELLO_TEXT)
        upload = os.path.join(self.tmp.name, "curl-up.bin")
        data = os.urandom(300_000)
        with open(upload, "wb") as f:
            f.write(data)
        r = self.curl("-T", upload, self.url("curl-up.bin"), "-Q", "-RNFR curl-up.bin", "-Q", "-RNTO curl-moved.bin")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.on_disk("curl-moved.bin"), data)
        self.assertFalse(os.path.exists(os.path.join(self.srv.root, "curl-up.bin")))

    def test_curl_quote_commands_out_of_sequence_get_503(self):
        r = self.curl(self.url(), "-Q", "RNTO nowhere.txt")
        self.assertEqual(r.returncode, 21, r.stderr)  # curl: "quote command returned error"
        self.assertIn(b"< 503 Bad sequence of commands", r.stderr)
        r = self.curl(self.url(), "-Q", "*PROT P", "-Q", "*RNTO nowhere.txt", "-o", os.devnull)
        self.assertEqual(r.returncode, 0, r.stderr)  # '*': go on after a failing quote command
        self.assertEqual(r.stderr.count(b"< 503 "), 2)

    def test_curl_transcript_of_the_server_lints_as_the_server_answered(self):
        r = self.curl(self.url(), "-Q", "*RNTO nowhere.txt", "-o", os.devnull)
        lint = subprocess.run([self.cli, "lint", "--json", "-"], input=r.stderr, capture_output=True, timeout=30)
        self.assertEqual(lint.returncode, 1)
        violation = json.loads(lint.stdout.splitlines()[0])
        self.assertEqual((violation["rule"], violation["predicted"], violation["replies"]),
                         ("rnto_after_rnfr", 503, [503]))

    # ---- raw sessions: exactly where the rules say, the refusal they say

    def test_each_wrong_sequence_is_refused_where_and_as_check_sequence_predicts(self):
        for name, commands in WRONG_SEQUENCES.items():
            with self.subTest(sequence=name):
                variables = {"user": self.srv.user, "password": self.srv.password}
                rec = record.record_session(self.srv.host, self.srv.port, commands + ["QUIT"], variables=variables)
                answers = [e.codes for e in rec.exchanges[1:]]  # without the greeting
                self.assertEqual(len(answers), len(commands) + 1, rec)
                refused = next((i for i, codes in enumerate(answers) if codes[0] >= 400), None)
                self.assertEqual(refused, len(commands) - 1, f"first refusal at {refused}: {answers}")
                code = answers[refused][0]
                self.assertIn(code, (503, 530))
                self.assertEqual(predicted(self.cli, [c.format(**variables) for c in commands]),
                                 (len(commands), code))
                self.assertEqual(answers[-1], [221])  # the session goes on normally after the refusal


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() else 1)
