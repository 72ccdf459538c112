#!/usr/bin/python3
"""examples/ftp_client against real servers (pyftpdlib and vsftpd on 127.0.0.1, and ProFTPD and Pure-FTPd where
they can run: servers.py, FTPWIRE_PROFTPD, FTPWIRE_PUREFTPD):

- the whole command list of its --roundtrip succeeds, over EPSV and over PASV;
- a 1 MiB file goes up with STOR and comes back with RETR byte-identical (checked here, not only by the client);
- every byte the servers sent on the control connection (ftp_client --record) gives the same replies through
  `ftpwire parse` fed in 1-byte and in 1460-byte chunks, and those replies are the ones the client saw;
- against a server that does not know EPSV (pyftpdlib without it: 500), the client asks once, falls back to
  PASV for that and every later data connection, and the round trip still succeeds;
- against scripted servers (here) that go silent or send an unreadable SIZE reply, it gives up with an error
  that says so.

Environment: FTPWIRE_FTP_CLIENT, FTPWIRE_CLI (set by tests/integration.cmake).
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import servers  # noqa: E402

FAMILIES = ("pyftpdlib", "vsftpd")
OPTIONAL_FAMILIES = ("proftpd", "pureftpd")  # conflict with vsftpd in Debian: run only where they can
# The verbs the client's --roundtrip sends, in order (MLSD instead of LIST where FEAT lists MLST).
ROUNDTRIP_VERBS = ["USER", "FEAT", "SYST", "PWD", "TYPE", "CWD", "LIST|MLSD", "STOR", "SIZE", "MDTM", "RETR",
                   "MKD", "RMD", "RNFR", "RNTO", "DELE", "QUIT"]


def commands_and_replies(stderr):
    """The client's '> CMD' lines and the codes of the '< ddd ' closing reply lines that follow each."""
    sent, codes = [], []
    for line in stderr.splitlines():
        if line.startswith("> "):
            sent.append(line[2:])
            codes.append([])
        elif re.match(r"^< \d{3} ", line):
            if codes:
                codes[-1].append(int(line[2:5]))
    return sent, codes


def parse_codes(cli, path, chunk):
    r = subprocess.run([cli, "parse", "--chunk", str(chunk), path], capture_output=True, timeout=120)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


class FtpClientAgainstRealServers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = harness.require_program("FTPWIRE_FTP_CLIENT")
        cls.cli = harness.require_program("FTPWIRE_CLI")
        cls.tmp = tempfile.TemporaryDirectory(prefix="ftpwire-client-")
        cls.original = os.path.join(cls.tmp.name, "one-mib.bin")
        with open(cls.original, "wb") as f:
            f.write(os.urandom(1024 * 1024))
        cls.runs = {}
        for family in FAMILIES + tuple(f for f in OPTIONAL_FAMILIES if servers.available(f) is None):
            for mode in ("epsv", "pasv"):
                with servers.FAMILIES[family]() as srv:
                    local = os.path.join(cls.tmp.name, f"{family}-{mode}.bin")
                    with open(cls.original, "rb") as src, open(local, "wb") as dst:
                        dst.write(src.read())
                    record = os.path.join(cls.tmp.name, f"{family}-{mode}.replies")
                    argv = [cls.client, "--host", srv.host, "--port", str(srv.port), "--user", srv.user,
                            "--pass", srv.password, "--dir", srv.work_dir, "--server", family,
                            "--record", record, "--roundtrip", local]
                    if mode == "pasv":
                        argv.insert(-2, "--pasv")
                    r = subprocess.run(argv, capture_output=True, text=True, timeout=120)
                    left = sorted(os.listdir(os.path.join(srv.root, srv.work_dir)))
                    cls.runs[(family, mode)] = (r, local, record, left)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_the_whole_command_list_succeeds(self):
        for (family, mode), (r, _, _, _) in self.runs.items():
            with self.subTest(server=family, mode=mode):
                self.assertEqual(r.returncode, 0, r.stderr)
                sent, codes = commands_and_replies(r.stderr)
                verbs = [line.split(" ")[0] for line in sent]
                wanted = iter(ROUNDTRIP_VERBS)
                want = next(wanted)
                for verb in verbs:  # ROUNDTRIP_VERBS appear in order (EPSV/PASV/PASS come in between)
                    if verb in want.split("|"):
                        want = next(wanted, None)
                self.assertIsNone(want, f"missing {want} in {verbs}")
                self.assertIn("PASV" if mode == "pasv" else "EPSV", verbs)
                if mode == "pasv":
                    self.assertNotIn("EPSV", verbs)
                for line, reply in zip(sent, codes):
                    self.assertTrue(reply and reply[-1] < 400, f"{line}: {reply}")

    def test_a_one_mib_file_round_trips_byte_identical(self):
        with open(self.original, "rb") as f:
            original = f.read()
        for (family, mode), (r, local, _, left) in self.runs.items():
            with self.subTest(server=family, mode=mode):
                with open(local + ".download", "rb") as f:
                    self.assertTrue(f.read() == original, "RETR returned other bytes than STOR sent")
                self.assertIn("round trip of 1048576 bytes ok", r.stderr)
                self.assertIn("213 1048576", r.stderr)  # SIZE agrees
                self.assertFalse([n for n in left if n.startswith("ftpwire-")], left)  # renamed, then deleted

    def test_every_reply_parses_the_same_in_1_byte_and_1460_byte_chunks(self):
        for (family, mode), (r, _, record, _) in self.runs.items():
            with self.subTest(server=family, mode=mode):
                one = parse_codes(self.cli, record, 1)
                mss = parse_codes(self.cli, record, 1460)
                self.assertEqual(one[0], 0, one[2])
                self.assertEqual(one, mss)
                replies = [json.loads(line) for line in one[1].splitlines()]
                seen = [int(line[2:5]) for line in r.stderr.splitlines() if re.match(r"^< \d{3} ", line)]
                self.assertEqual([o["code"] for o in replies], seen)
                self.assertTrue(any(o["multiline"] for o in replies))  # FEAT


class FtpClientFallsBackToPasv(unittest.TestCase):
    """pyftpdlib with EPSV taken out of its commands answers it "500 Command "EPSV" not understood.", as servers
    and NAT gateways from before RFC 2428 do."""

    @classmethod
    def setUpClass(cls):
        cls.client = harness.require_program("FTPWIRE_FTP_CLIENT")
        cls.tmp = tempfile.TemporaryDirectory(prefix="ftpwire-client-")
        local = os.path.join(cls.tmp.name, "small.bin")
        with open(local, "wb") as f:
            f.write(os.urandom(64 * 1024))
        with servers.pyftpdlib_server_without_epsv() as srv:
            argv = [cls.client, "--host", srv.host, "--port", str(srv.port), "--user", srv.user,
                    "--pass", srv.password, "--dir", srv.work_dir, "--server", "pyftpdlib", "--roundtrip", local]
            cls.session = subprocess.run(argv, capture_output=True, text=True, timeout=120)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_epsv_is_asked_once_then_every_data_connection_uses_pasv(self):
        r = self.session
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("round trip of 65536 bytes ok", r.stderr)
        sent, codes = commands_and_replies(r.stderr)
        verbs = [line.split(" ")[0] for line in sent]
        self.assertEqual(verbs.count("EPSV"), 1, verbs)
        epsv = verbs.index("EPSV")
        self.assertEqual(codes[epsv], [500])
        self.assertEqual(verbs[epsv + 1], "PASV")  # the same data connection, over PASV
        # One PASV for each data command (listing, STOR, RETR), each answered 227.
        data_commands = [v for v in verbs if v in ("LIST", "MLSD", "NLST", "STOR", "RETR")]
        self.assertEqual(verbs.count("PASV"), len(data_commands))
        self.assertTrue(all(codes[i] == [227] for i, v in enumerate(verbs) if v == "PASV"))


class ScriptedServer(threading.Thread):
    """One FTP session on 127.0.0.1 answered from a table, for what no real server does on purpose: answers[VERB]
    is the reply line, or for a transfer command a function of the data connection (from the last EPSV) that
    returns the final reply after the 150; other verbs get 502."""

    def __init__(self, answers):
        super().__init__(daemon=True)
        self.answers = answers
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]

    def run(self):
        data_listener = None
        try:
            conn, _ = self.listener.accept()
            with conn, conn.makefile("rb") as lines:
                conn.sendall(b"220 scripted server\r\n")
                for line in lines:
                    verb, _, _ = line.decode().strip().partition(" ")
                    answer = self.answers.get(verb.upper(), "502 Not here.")
                    if verb.upper() == "EPSV":
                        if data_listener is not None:
                            data_listener.close()
                        data_listener = socket.create_server(("127.0.0.1", 0))
                        answer = f"229 Entering Extended Passive Mode (|||{data_listener.getsockname()[1]}|)"
                    if callable(answer):
                        conn.sendall(b"150 Here it comes.\r\n")
                        data, _ = data_listener.accept()
                        with data:
                            answer = answer(data)
                    conn.sendall(answer.encode() + b"\r\n")
        except OSError:
            pass  # the client gave up: what the tests want
        finally:
            self.listener.close()
            if data_listener is not None:
                data_listener.close()


def read_until_closed(data):
    while data.recv(65536):
        pass
    return "226 Done."


class FtpClientGivesUp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = harness.require_program("FTPWIRE_FTP_CLIENT")

    def run_client(self, port, *args, timeout="1"):
        # 1 second where the timeout is what is tested; more where a loaded machine must not make it fire.
        return subprocess.run([self.client, "--host", "127.0.0.1", "--port", str(port), "--timeout", timeout, *args],
                              capture_output=True, text=True, timeout=60)

    def test_a_server_that_never_greets_times_out(self):
        # Found by review: the client had no timeout at all, and waited forever for a server that accepted the
        # connection and said nothing. --timeout SECONDS (default 30) now bounds every wait, on the control and on
        # the data connection.
        with socket.create_server(("127.0.0.1", 0)) as listener:  # the kernel accepts; nobody ever answers
            r = self.run_client(listener.getsockname()[1], "--list")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("timed out: no reply from the server for 1 second", r.stderr)

    def test_a_silent_data_connection_times_out(self):
        # Found by review, as above: a server that answers 150 and then sends nothing held the client forever.
        server = ScriptedServer({"USER": "230 Logged in.", "TYPE": "200 Binary.",
                                 "RETR": read_until_closed})  # 150, then not a byte
        server.start()
        with tempfile.TemporaryDirectory(prefix="ftpwire-client-") as tmp:
            r = self.run_client(server.port, "--get", "file.bin", os.path.join(tmp, "file.bin"))
        server.join(timeout=10)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("timed out: nothing moved on the data connection for 1 second", r.stderr)

    def test_an_upload_the_server_stops_reading_gives_up_after_one_timeout(self):
        # Found by a helper's stress run: send() held to SO_SNDTIMEO returned what it had moved when the time ran out
        # in the middle of a write, and the rest waited the whole time again: 2-3 times --timeout (6.1 s for 2 s).
        # Each wait is now a poll() for room in the socket: nothing moves for --timeout, the client gives up. The bound
        # below leaves 2.5 s for a loaded machine and is still under two waits.
        stop = threading.Event()

        def never_read(data):
            stop.wait(30)
            return "226 Done."

        server = ScriptedServer({"USER": "230 Logged in.", "TYPE": "200 Binary.", "STOR": never_read})
        server.start()
        try:
            with tempfile.TemporaryDirectory(prefix="ftpwire-client-") as tmp:
                local = os.path.join(tmp, "big.bin")
                with open(local, "wb") as f:
                    f.truncate(64 * 1024 * 1024)
                started = time.monotonic()
                r = self.run_client(server.port, "--put", local, "big.bin", timeout="3")
                elapsed = time.monotonic() - started
        finally:
            stop.set()
            server.join(timeout=10)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("timed out: nothing moved on the data connection for 3 seconds", r.stderr)
        self.assertLess(elapsed, 5.5, r.stderr)

    def test_output_that_cannot_be_written_is_an_error(self):
        # Found by a helper's stress run: --list > /dev/full and --record /dev/full exited 0, the output lost.
        listing = "-rw-r--r-- 1 ftp ftp 5 Jan 02 10:15 a.txt\r\n" * 2000

        def send_listing(data):
            data.sendall(listing.encode())
            return "226 Done."

        answers = {"USER": "230 Logged in.", "LIST": send_listing, "QUIT": "221 Bye."}
        for args, full_stdout, message in ((["--list"], True, "cannot write the listing to standard output"),
                                           (["--record", "/dev/full", "--list"], False, "cannot write /dev/full")):
            with self.subTest(args=args):
                server = ScriptedServer(answers)
                server.start()
                with open("/dev/full" if full_stdout else os.devnull, "w") as out:
                    r = subprocess.run([self.client, "--host", "127.0.0.1", "--port", str(server.port), "--timeout",
                                        "10", *args], stdout=out, stderr=subprocess.PIPE, text=True, timeout=60)
                server.join(timeout=10)
                self.assertEqual(r.returncode, 1, r.stderr)
                self.assertIn("ftp_client: " + message, r.stderr)
        server = ScriptedServer(answers)  # the same session, written: exit 0
        server.start()
        with open(os.devnull, "w") as out:
            r = subprocess.run([self.client, "--host", "127.0.0.1", "--port", str(server.port), "--timeout", "10",
                                "--list"], stdout=out, stderr=subprocess.PIPE, text=True, timeout=60)
        server.join(timeout=10)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_a_timeout_that_is_not_a_whole_number_of_seconds_is_a_usage_error(self):
        # Found by a helper's stress run: --timeout 5x was read as 5 (atoi).
        for value in ("5x", "", "abc", "0", "86401", "99999999999999999999"):
            with self.subTest(value=value):
                r = subprocess.run([self.client, "--timeout", value, "--list"], capture_output=True, text=True,
                                   timeout=10)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn("usage:", r.stderr)

    def test_a_connect_interrupted_by_stop_and_continue_goes_on(self):
        # Found by review: a connect() that a signal interrupted (EINTR; Linux returns it to a connect() with
        # SO_SNDTIMEO when the process is stopped and continued, Ctrl-Z then fg) closed the socket, "cannot connect",
        # long before --timeout. It now waits for the connection for the time left.
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(0)  # room for one connection in the queue, which this one takes
            with socket.create_connection(listener.getsockname(), timeout=10) as filler:
                proc = subprocess.Popen([self.client, "--host", "127.0.0.1", "--port",
                                         str(listener.getsockname()[1]), "--timeout", "30", "--list"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                try:
                    time.sleep(0.5)  # the client's SYN goes unanswered: the queue is full
                    proc.send_signal(signal.SIGSTOP)
                    time.sleep(0.2)
                    proc.send_signal(signal.SIGCONT)
                    time.sleep(0.3)
                    # Room in the queue: the client's next SYN (the kernel resends it after 1, 3, 7 s) is answered.
                    listener.accept()[0].close()
                    listener.settimeout(20)
                    conn, _ = listener.accept()
                    with conn:
                        conn.sendall(b"421 Not today.\r\n")
                    _, err = proc.communicate(timeout=30)
                finally:
                    if proc.poll() is None:
                        proc.kill()
                        proc.communicate()
        self.assertEqual(proc.returncode, 1, err)
        self.assertNotIn("cannot connect", err)
        self.assertIn("421 Not today.", err)

    def test_an_unreadable_size_reply_is_reported_as_such(self):
        # Found by review: when the 213 to SIZE did not decode, the client printed "SIZE says 0", a number the
        # server never sent.
        server = ScriptedServer({"USER": "230 Logged in.", "FEAT": "211 No features.", "SYST": "215 UNIX Type: L8",
                                 "PWD": '257 "/" is the current directory.', "TYPE": "200 Binary.",
                                 "LIST": lambda data: "226 Empty.", "STOR": read_until_closed,
                                 "SIZE": "213 twelve"})
        server.start()
        with tempfile.TemporaryDirectory(prefix="ftpwire-client-") as tmp:
            local = os.path.join(tmp, "small.bin")
            with open(local, "wb") as f:
                f.write(b"twelve bytes")
            r = self.run_client(server.port, "--roundtrip", local, timeout="10")
        server.join(timeout=10)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("ftp_client: unreadable SIZE reply", r.stderr)
        self.assertNotIn("SIZE says", r.stderr)


if __name__ == "__main__":
    harness.require_servers(*FAMILIES)
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() else 1)
