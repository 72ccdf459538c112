#!/usr/bin/python3
"""examples/ftp_client against real servers (pyftpdlib and vsftpd on 127.0.0.1, and ProFTPD and Pure-FTPd where
they can run: servers.py, FTPWIRE_PROFTPD, FTPWIRE_PUREFTPD):

- the whole command list of its --roundtrip succeeds, over EPSV and over PASV;
- a 1 MiB file goes up with STOR and comes back with RETR byte-identical (checked here, not only by the client);
- every byte the servers sent on the control connection (ftp_client --record) gives the same replies through
  `ftpwire parse` fed in 1-byte and in 1460-byte chunks, and those replies are the ones the client saw;
- against a server that does not know EPSV (pyftpdlib without it: 500), the client asks once, falls back to
  PASV for that and every later data connection, and the round trip still succeeds.

Environment: FTPWIRE_FTP_CLIENT, FTPWIRE_CLI (set by tests/integration.cmake).
"""
import json
import os
import re
import subprocess
import sys
import tempfile
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


if __name__ == "__main__":
    harness.require_servers(*FAMILIES)
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() else 1)
