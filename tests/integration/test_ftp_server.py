#!/usr/bin/python3
"""Real clients against examples/ftp_server: Python's ftplib and curl log in, list, download, upload and
rename; commands sent out of sequence get the refusal the rules table gives (503, 530 before login), exactly
where `ftpwire check-sequence` says. And what a review found: symbolic links out of the root, ABOR sent as urgent
data and during a transfer, timeouts, failed logins, a failed STOR, data connections from another address.

Environment: FTPWIRE_FTP_SERVER, FTPWIRE_CLI (set by tests/integration.cmake). Needs curl.
"""
import contextlib
import ftplib
import io
import json
import os
import re
import shutil
import socket
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
    "HOST after the login": LOGIN + ["HOST 127.0.0.1"],  # RFC 7151 §3: 503 (before the login, the last HOST counts)
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


@contextlib.contextmanager
def example_server_with(binary, *options, parent=None):
    """examples/ftp_server started with extra options (servers.example_server uses the defaults), user and
    password as there, serving a fresh root (in `parent`, default the temporary directory) that holds hello.txt:
    yields (port, root)."""
    with tempfile.TemporaryDirectory(prefix="ftpwire-server-", dir=parent) as root:
        with open(os.path.join(root, "hello.txt"), "wb") as f:
            f.write(servers.HELLO_TEXT)
        proc = subprocess.Popen([binary, "--root", root, "--user", servers.EXAMPLE_USER, "--pass",
                                 servers.EXAMPLE_PASSWORD, *options], stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            first = proc.stdout.readline().decode()  # "ftp_server listening on 127.0.0.1 port N"
            yield int(first.rsplit(" ", 1)[-1]), root
        finally:
            servers._stop_process(proc)
            proc.stdout.close()


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

    def login(self, ftp):
        ftp.connect(self.srv.host, self.srv.port, timeout=10)
        ftp.login(self.srv.user, self.srv.password)

    def test_a_symlink_out_of_the_root_is_neither_read_nor_written(self):
        # Found by review: names were opened with fopen() and checked with stat(), which follow symbolic links: a
        # link in the root pointing outside it let a client RETR the file it points to and STOR over it, and
        # LIST, SIZE and MDTM showed the link as a file. Only regular files directly in the root are served now
        # (O_NOFOLLOW, lstat); a link is treated as absent, by DELE, RNFR and RNTO too (ftp_server.cpp says why).
        outside = os.path.join(self.tmp.name, "outside.txt")
        with open(outside, "wb") as f:
            f.write(b"outside the root\n")
        link = os.path.join(self.srv.root, "escape.txt")
        os.symlink(outside, link)
        try:
            with ftplib.FTP() as ftp:
                self.login(ftp)
                attempts = {
                    "RETR": lambda: ftp.retrbinary("RETR escape.txt", lambda _: None),
                    "STOR": lambda: ftp.storbinary("STOR escape.txt", io.BytesIO(b"overwritten\n")),
                    "SIZE": lambda: ftp.size("escape.txt"),
                    "MDTM": lambda: ftp.sendcmd("MDTM escape.txt"),
                    "DELE": lambda: ftp.delete("escape.txt"),
                    "RNFR": lambda: ftp.rename("escape.txt", "moved.txt"),
                    "RNTO": lambda: ftp.rename("rename-me.txt", "escape.txt"),
                }
                for verb, attempt in attempts.items():
                    with self.subTest(command=verb):
                        with self.assertRaises(ftplib.error_perm) as refused:
                            attempt()
                        self.assertTrue(str(refused.exception).startswith("550"), str(refused.exception))
                self.assertNotIn("escape.txt", ftp.nlst())
                self.assertIn("rename-me.txt", ftp.nlst())
            with open(outside, "rb") as f:
                self.assertEqual(f.read(), b"outside the root\n")
            self.assertTrue(os.path.islink(link))
        finally:
            os.unlink(link)

    def test_allo_is_a_noop_answered_202(self):
        # Found by review: ALLO was answered 502. RFC 959 §4.1.3: a server that needs no space reserved treats it
        # as NOOP (§5.4: 202); ftplib's and others' "ALLO n" before STOR then gets a success reply.
        with ftplib.FTP() as ftp:
            ftp.connect(self.srv.host, self.srv.port, timeout=10)
            ftp.login(self.srv.user, self.srv.password)
            self.assertTrue(ftp.sendcmd("ALLO 1000").startswith("202 "))
            self.assertIn("ALLO", ftp.sendcmd("HELP"))

    def test_retr_of_a_directory_is_refused_before_the_150(self):
        # Found by review: RETR of a directory was answered 150, then 426 when reading it failed; a name that is
        # not a regular file is refused with 550 before any data connection is used.
        os.mkdir(os.path.join(self.srv.root, "a-directory"))
        try:
            with ftplib.FTP() as ftp:
                self.login(ftp)
                with self.assertRaises(ftplib.error_perm) as refused:
                    ftp.retrbinary("RETR a-directory", lambda _: None)
                self.assertTrue(str(refused.exception).startswith("550"), str(refused.exception))
                self.assertEqual(ftp.pwd(), "/")
        finally:
            os.rmdir(os.path.join(self.srv.root, "a-directory"))

    def test_ftplib_abort_during_a_download_gets_426_then_226(self):
        # Found by review: ftplib's abort() sends "ABOR\r\n" as urgent data (MSG_OOB); without SO_OOBINLINE
        # Linux took the urgent byte, the LF, out of the stream and the line never ended. And the server did not
        # read the control connection during a transfer. It does now: STAT gets where the transfer is, ABOR
        # closes the data connection and gets 426, then 226 (RFC 959 §4.1.3).
        big = os.path.join(self.srv.root, "big.bin")
        with open(big, "wb") as f:
            f.truncate(64 * 1024 * 1024)  # more than the socket buffers hold: still running when ABOR comes
        try:
            with ftplib.FTP() as ftp:
                self.login(ftp)
                ftp.voidcmd("TYPE I")
                with ftp.transfercmd("RETR big.bin") as conn:
                    self.assertTrue(conn.recv(65536))
                    status = ftp.sendcmd("STAT")
                    self.assertTrue(status.startswith("211 Transfer of big.bin"), status)
                    aborted = ftp.abort()
                    self.assertTrue(aborted.startswith("426"), aborted)
                self.assertTrue(ftp.voidresp().startswith("226"))
                self.assertEqual(ftp.pwd(), "/")  # the control connection goes on
        finally:
            os.unlink(big)

    # ---- raw lines a client library would not send

    def raw_session(self):
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

    def test_abor_with_its_urgent_byte_is_read_in_band(self):
        # Found by review: Python's ftplib sends the whole ABOR line as urgent data, lftp the first IAC of
        # IAC IP IAC DM ABOR; without SO_OOBINLINE Linux takes the urgent byte out of the stream and the line was
        # broken. Inline, parse_command drops the Telnet commands. With no transfer, ABOR gets 226 (RFC 959 §4.1.3).
        sock, reply = self.raw_session()
        with sock:
            sock.sendall(b"ABOR\r\n", socket.MSG_OOB)  # Python's ftplib
            self.assertTrue(reply().startswith(b"226 "))
            sock.send(b"\xff", socket.MSG_OOB)  # lftp: IAC urgent, then IP, IAC DM and the line
            sock.sendall(b"\xf4\xff\xf2ABOR\r\n")
            self.assertTrue(reply().startswith(b"226 "))
            sock.sendall(b"NOOP\r\n")
            self.assertTrue(reply().startswith(b"200 "))

    def test_stat_outside_a_transfer_reports_the_status_a_directory_or_a_file(self):
        # Found by review: STAT outside a transfer was answered 502. RFC 959 §4.1.3 and §5.4: 211 for the server's
        # status, 212 for a directory, 213 for a file (listed over the control connection), 450 for no such file;
        # STAT with a path before login 530 (the sequencer, as every recorded server).
        ftp = ftplib.FTP()
        ftp.connect(self.srv.host, self.srv.port, timeout=10)
        with ftp:
            self.assertTrue(ftp.sendcmd("STAT").startswith("211-"))
            with self.assertRaises(ftplib.error_perm) as refused:
                ftp.sendcmd("STAT hello.txt")
            self.assertTrue(str(refused.exception).startswith("530"))
            ftp.login(self.srv.user, self.srv.password)
            status = ftp.sendcmd("STAT")
            self.assertTrue(status.startswith("211-") and status.endswith("211 End of status."), status)
            self.assertIn(f"Logged in as {self.srv.user}", status)
            size = len(self.on_disk("hello.txt"))
            directory = ftp.sendcmd("STAT /").splitlines()
            self.assertEqual(directory[0], "212-Status of /:")
            self.assertTrue(any(line.endswith(" hello.txt") and f" {size} " in line for line in directory), directory)
            file = ftp.sendcmd("STAT hello.txt").splitlines()
            self.assertEqual(file[0], "213-Status of hello.txt:")
            self.assertTrue(file[1].startswith("-rw-r--r-- 1 ftp ftp ") and file[1].endswith(" hello.txt"), file)
            self.assertIn(f" {size} ", file[1])
            with self.assertRaises(ftplib.error_temp) as missing:
                ftp.sendcmd("STAT no-such-file.txt")
            self.assertTrue(str(missing.exception).startswith("450"))
            self.assertEqual(ftp.sendcmd("NOOP")[:3], "200")

    def test_a_third_failed_login_closes_the_connection_with_421(self):
        # Found by review: passwords could be guessed without limit on one connection. RFC 2577 §5: close the
        # control connection after a few failed logins; here the third failed PASS gets 421.
        sock, reply = self.raw_session()
        with sock:
            for attempt in (1, 2, 3):
                sock.sendall(f"USER {self.srv.user}\r\nPASS wrong-{attempt}\r\n".encode())
                self.assertTrue(reply().startswith(b"331 "))
                self.assertTrue(reply().startswith(b"530 " if attempt < 3 else b"421 "), attempt)
            self.assertEqual(sock.recv(4096), b"")  # closed

    def log_in_with_epsv(self, sock, reply):
        """USER, PASS and EPSV on a raw session: the passive port."""
        sock.sendall(f"USER {self.srv.user}\r\nPASS {self.srv.password}\r\nEPSV\r\n".encode())
        self.assertTrue(reply().startswith(b"331 "))
        self.assertTrue(reply().startswith(b"230 "))
        return int(re.search(rb"\|\|\|(\d+)\|", reply()).group(1))

    def retr_hello(self, sock, reply, data):
        """RETR hello.txt over the data connection given: 150, the file's bytes, 226."""
        sock.sendall(b"RETR hello.txt\r\n")
        self.assertTrue(reply().startswith(b"150 "))
        received = b""
        while more := data.recv(65536):
            received += more
        self.assertEqual(received, servers.HELLO_TEXT)
        self.assertTrue(reply().startswith(b"226 "))

    def test_a_transfer_refused_before_its_150_leaves_the_passive_port_for_the_next(self):
        # As vsftpd, pyftpdlib and Pure-FTPd do (tests/data/servers/*/pasv_then_refused_retr.txt) and as the
        # sequencer's generic reading, which the server enforces, predicts: RETR of a missing file 550, then a RETR
        # over the same data connection 150 and 226 (the server had closed the port, and the second RETR got 425).
        sock, reply = self.raw_session()
        with sock:
            port = self.log_in_with_epsv(sock, reply)
            with socket.create_connection((self.srv.host, port), timeout=10) as data:
                sock.sendall(b"RETR no-such-file.txt\r\n")
                self.assertTrue(reply().startswith(b"550 "))
                self.retr_hello(sock, reply, data)
            sock.sendall(b"RETR hello.txt\r\n")  # the port served its transfer: none is left
            self.assertTrue(reply().startswith(b"503 "))

    def test_a_data_connection_from_another_address_is_not_served(self):
        # Found by review: the passive port served the first connection, from anyone (RFC 2577 §8, port
        # stealing). Only a connection from the control connection's peer is; another is closed unserved.
        sock, reply = self.raw_session()
        with sock, socket.socket() as thief:
            try:
                thief.bind(("127.0.0.2", 0))
            except OSError:
                self.skipTest("127.0.0.2 is not a local address here")
            port = self.log_in_with_epsv(sock, reply)
            thief.settimeout(10)
            thief.connect((self.srv.host, port))  # first in the queue
            with socket.create_connection((self.srv.host, port), timeout=10) as data:
                self.retr_hello(sock, reply, data)
            self.assertEqual(thief.recv(4096), b"")

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


class ExampleServerOptions(unittest.TestCase):
    """examples/ftp_server started with other options than the shared one above."""

    @classmethod
    def setUpClass(cls):
        cls.binary = harness.require_program("FTPWIRE_FTP_SERVER")

    def test_user_without_pass_is_a_usage_error(self):
        # Found by review: --user NAME without --pass logged NAME in, with write access, with any password.
        with tempfile.TemporaryDirectory(prefix="ftpwire-server-") as root:
            for options in (["--user", "wire"], ["--pass", "secret"]):
                with self.subTest(options=options):
                    r = subprocess.run([self.binary, "--root", root, *options], capture_output=True, timeout=10)
                    self.assertEqual(r.returncode, 2, r.stderr)
                    self.assertIn(b"usage:", r.stderr)

    def test_a_port_or_timeout_that_is_not_a_whole_number_is_a_usage_error(self):
        # Found by a helper's stress run: --port abc listened on a random port, --port 21x on 21.
        with tempfile.TemporaryDirectory(prefix="ftpwire-server-") as root:
            for options in (["--port", "abc"], ["--port", "21x"], ["--port", ""], ["--port", "65536"],
                            ["--port", "-1"], ["--idle-timeout", "5x"], ["--data-timeout", "0"]):
                with self.subTest(options=options):
                    r = subprocess.run([self.binary, "--root", root, *options], capture_output=True, timeout=10)
                    self.assertEqual(r.returncode, 2, r.stderr)
                    self.assertIn(b"usage:", r.stderr)

    def test_stat_of_the_directory_leaves_out_only_names_a_reply_cannot_carry(self):
        # Found by review: one file whose name is not UTF-8 or holds a CR, LF or 0xFF made the formatter refuse the
        # whole 212 text, and STAT / answered only "212 Directory status." (a name with LF split the line in two).
        with example_server_with(self.binary) as (port, root):
            for odd in (b"caf\xe9.txt", b"x\ry.txt", b"a\n226 b.txt", b"\xff.txt"):
                with open(os.path.join(root.encode(), odd), "wb") as f:
                    f.write(b"odd")
            ftp = ftplib.FTP()
            ftp.connect("127.0.0.1", port, timeout=10)
            with ftp:
                ftp.login(servers.EXAMPLE_USER, servers.EXAMPLE_PASSWORD)
                ftp.sock.sendall(b"STAT /\r\n")
                raw = b""
                while not raw.endswith(b"212 End of status.\r\n"):
                    chunk = ftp.sock.recv(65536)
                    self.assertTrue(chunk, raw)
                    raw += chunk
                lines = raw.split(b"\r\n")[:-1]
                self.assertEqual(lines[0], b"212-Status of /:")
                self.assertEqual(len(lines), 3, lines)  # hello.txt alone between the first and the last line
                self.assertTrue(lines[1].endswith(b" hello.txt"), lines)

    def test_list_and_nlst_of_a_name_list_that_file_or_refuse_it_before_the_150(self):
        # Found by review: LIST and NLST dropped their argument and listed the whole root, so `curl
        # ftp://host/no-such-dir/` printed every file as the directory's and ftplib's nlst("hello.txt") gave them all.
        with example_server_with(self.binary) as (port, root):
            with open(os.path.join(root, "other.txt"), "wb") as f:
                f.write(b"other")
            ftp = ftplib.FTP()
            ftp.connect("127.0.0.1", port, timeout=10)
            with ftp:
                ftp.login(servers.EXAMPLE_USER, servers.EXAMPLE_PASSWORD)
                self.assertEqual(ftp.nlst("hello.txt"), ["hello.txt"])
                self.assertEqual(ftp.nlst("/hello.txt"), ["hello.txt"])
                self.assertEqual(sorted(ftp.nlst()), ["hello.txt", "other.txt"])
                self.assertEqual(sorted(ftp.nlst("/")), ["hello.txt", "other.txt"])
                lines = []
                ftp.retrlines("LIST -la hello.txt", lines.append)
                self.assertEqual(len(lines), 1, lines)
                self.assertTrue(lines[0].startswith("-rw-r--r-- ") and lines[0].endswith(" hello.txt"), lines)
                lines = []
                ftp.retrlines("LIST -la", lines.append)
                self.assertEqual(len(lines), 2, lines)
                # Blanks around the argument are no name (found by review: "LIST  " got 450).
                for line in ("LIST  ", "LIST  -la", "NLST   "):
                    with self.subTest(line=line):
                        lines = []
                        ftp.retrlines(line, lines.append)
                        self.assertEqual(len(lines), 2, lines)
                self.assertEqual(ftp.nlst("hello.txt "), ["hello.txt"])
                # "--" ends the options, as for ls: "LIST -- -la" names a file "-la", which is not there (it listed
                # the root before).
                lines = []
                ftp.retrlines("LIST -- hello.txt", lines.append)
                self.assertEqual(len(lines), 1, lines)
                with self.assertRaises(ftplib.error_temp):
                    ftp.retrlines("LIST -- -la", lines.append)
                for name in ("no-such-file.txt", "no-such-dir/", "../hello.txt"):
                    with self.subTest(name=name):
                        # RFC 959 §5.4 gives LIST and NLST 450; ftplib raises error_temp for it.
                        with self.assertRaises(ftplib.error_temp) as refused:
                            ftp.nlst(name)
                        self.assertTrue(str(refused.exception).startswith("450"))
                # The refusal came before the 150: the session goes on, and the next listing works.
                self.assertEqual(ftp.nlst("other.txt"), ["other.txt"])
            if shutil.which("curl") is not None:
                r = subprocess.run(["curl", "-sS", "--ftp-method", "nocwd",
                                    f"ftp://{servers.EXAMPLE_USER}:{servers.EXAMPLE_PASSWORD}@127.0.0.1:{port}/"
                                    "no-such-dir/"], capture_output=True, timeout=30)
                # curl takes a 450 to LIST as an empty directory (as ProFTPD answers "450 No files found"): nothing
                # listed, where the whole root was listed before.
                self.assertEqual(r.stdout, b"", r.stderr)

    def test_mdtm_of_a_file_dated_outside_four_digit_years_is_refused_not_empty(self):
        # Found by review: format_time_val refuses a year outside 1000-9999 (RFC 3659 §3: four digits), and the
        # server sent its empty result as "213 ". tmpfs stores such times (ext4 only 1901-2446).
        if not os.access("/dev/shm", os.W_OK):
            self.skipTest("no writable tmpfs at /dev/shm to date a file in year 1 or 10000")
        with example_server_with(self.binary, parent="/dev/shm") as (port, root):
            dated = {"year1.txt": -62135596800, "year10000.txt": 253402300800, "year2000.txt": 946684800}
            for name, when in dated.items():
                path = os.path.join(root, name)
                with open(path, "wb") as f:
                    f.write(b"x")
                os.utime(path, (when, when))
                if int(os.stat(path).st_mtime) != when:
                    self.skipTest(f"/dev/shm does not keep the time {when}")
            ftp = ftplib.FTP()
            ftp.connect("127.0.0.1", port, timeout=10)
            with ftp:
                ftp.login(servers.EXAMPLE_USER, servers.EXAMPLE_PASSWORD)
                self.assertEqual(ftp.sendcmd("MDTM year2000.txt"), "213 20000101000000")
                for name in ("year1.txt", "year10000.txt"):
                    with self.subTest(name=name):
                        with self.assertRaises(ftplib.error_perm) as refused:
                            ftp.sendcmd(f"MDTM {name}")
                        self.assertTrue(str(refused.exception).startswith("550 "), refused.exception)

    def test_an_idle_control_connection_gets_421_and_is_closed(self):
        # Found by review: no timeout at all, so a client that connected and sent nothing held its server process
        # forever. RFC 959 §4.2: "421 Service not available, closing control connection".
        with example_server_with(self.binary, "--idle-timeout", "1") as (port, _):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
                received = b""
                while more := sock.recv(4096):
                    received += more
        self.assertTrue(received.startswith(b"220 "), received)
        self.assertIn(b"\r\n421 ", received)

    def test_a_failed_stor_leaves_the_old_file_as_it_was(self):
        # Found by review: STOR truncated the file before the data connection existed, so a STOR whose data
        # connection never came (425) left it empty. The bytes now go to a temporary file, renamed over the name
        # once the transfer completed, and removed when it did not.
        with example_server_with(self.binary, "--data-timeout", "1") as (port, root):
            with ftplib.FTP() as ftp:
                ftp.connect("127.0.0.1", port, timeout=10)
                ftp.login(servers.EXAMPLE_USER, servers.EXAMPLE_PASSWORD)
                ftp.sendcmd("PASV")  # and never connect
                self.assertTrue(ftp.sendcmd("STOR hello.txt").startswith("150"))
                with self.assertRaises(ftplib.error_temp) as failed:
                    ftp.getresp()
                self.assertTrue(str(failed.exception).startswith("425"), str(failed.exception))
                self.assertTrue(ftp.voidcmd("NOOP").startswith("200"))
            with open(os.path.join(root, "hello.txt"), "rb") as f:
                self.assertEqual(f.read(), servers.HELLO_TEXT)
            self.assertEqual(os.listdir(root), ["hello.txt"])  # no temporary file left behind

    def test_a_stors_temporary_file_cannot_be_named_while_it_runs(self):
        # Found by review: the temporary file (a dot file, left out of LIST) could be read, renamed or deleted by
        # name from another connection while the STOR ran.
        with example_server_with(self.binary) as (port, root):
            with ftplib.FTP() as uploader, ftplib.FTP() as other:
                for ftp in (uploader, other):
                    ftp.connect("127.0.0.1", port, timeout=10)
                    ftp.login(servers.EXAMPLE_USER, servers.EXAMPLE_PASSWORD)
                data = uploader.transfercmd("STOR new.txt")
                data.sendall(b"partial")
                temporary = [name for name in os.listdir(root) if name.startswith(".ftpwire-stor-")]
                self.assertEqual(len(temporary), 1, os.listdir(root))
                for command in ("SIZE", "MDTM", "DELE", "RNFR"):
                    with self.assertRaises(ftplib.error_perm, msg=command) as refused:
                        other.sendcmd(f"{command} {temporary[0]}")
                    self.assertTrue(str(refused.exception).startswith("550"), str(refused.exception))
                data.close()
                self.assertTrue(uploader.voidresp().startswith("226"))
            with open(os.path.join(root, "new.txt"), "rb") as f:
                self.assertEqual(f.read(), b"partial")


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() else 1)
