#!/usr/bin/python3
"""STAT <path> against real servers (pyftpdlib and vsftpd on 127.0.0.1, ProFTPD and Pure-FTPd where they can run):
the listing they send on the control connection, read by `ftpwire parse --command STAT` (decode_status_listing) in
1-, 7- and 1460-byte chunks, names exactly the files in the directory on disk, in `ls -l` lines without the reply's
header and closing line; the line of a file carries its size; a missing file lists nothing.

Environment: FTPWIRE_CLI (set by tests/integration.cmake).
"""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import record  # noqa: E402
import servers  # noqa: E402

FAMILIES = ("pyftpdlib", "vsftpd")


def login(srv):
    return [f"USER {srv.user}"] + ([f"?PASS {srv.password}"] if srv.password else [])


def listing(cli, raw, chunk):
    """The payload of every reply in raw, parsed as answers to STAT in `chunk`-byte pieces."""
    r = harness.run([cli, "parse", "--command", "STAT", "--chunk", str(chunk)], input_bytes=raw)
    assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
    return [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]


def names(lines):
    """The file names of `ls -l` lines (the ninth field on: names may hold spaces)."""
    return sorted(line.split(None, 8)[8] for line in lines if not line.startswith("total "))


class StatListing(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        harness.require_servers(*FAMILIES)
        cls.cli = harness.require_program("FTPWIRE_CLI")

    def check_family(self, family):
        with servers.FAMILIES[family]() as srv:
            rec = record.record_session(srv.host, srv.port, login(srv) + [
                f"STAT {srv.work_dir}", "STAT hello.txt", "STAT no-such-file", "QUIT"])
            log = srv.log()
            on_disk = sorted(os.listdir(os.path.join(srv.root, srv.work_dir)))
        stat = [e for e in rec.exchanges if e.command and e.command.startswith("STAT")]
        self.assertEqual(len(stat), 3, (family, rec.exchanges, log))
        for chunk in (1, 7, 1460):
            with self.subTest(family=family, chunk=chunk):
                directory, file, missing = (listing(self.cli, e.raw, chunk) for e in stat)
                # A multi-line 213 for a directory and for a file; ProFTPD answers a directory with 212 (Directory
                # status, as RFC 959 §4.2 has it), the others 213.
                self.assertEqual([d["code"] for d in directory], [212 if family == "proftpd" else 213])
                lines = directory[0]["payload"]["lines"]
                self.assertEqual([n for n in names(lines) if n not in (".", "..")], on_disk)
                self.assertTrue(all(line[0] in "-dl" for line in lines if not line.startswith("total ")), lines)
                # The header and the closing line are not part of it.
                self.assertNotIn(directory[0]["lines"][0], lines)
                self.assertNotIn(directory[0]["lines"][-1], lines)
                file_lines = file[0]["payload"]["lines"]
                self.assertEqual(names(file_lines), ["hello.txt"])
                self.assertEqual(int(file_lines[0].split()[4]), len(servers.HELLO_TEXT))
                # A file that is not there: an error reply (vsftpd still sends an empty 213 listing).
                self.assertTrue(missing[0]["code"] >= 400 or missing[0]["payload"]["lines"] == [], missing)

    def test_pyftpdlib(self):
        self.check_family("pyftpdlib")

    def test_vsftpd(self):
        self.check_family("vsftpd")

    # ProFTPD and Pure-FTPd conflict with vsftpd in Debian: run where they can (servers.py, FTPWIRE_PROFTPD,
    # FTPWIRE_PUREFTPD), skipped elsewhere.
    @unittest.skipIf(servers.available("proftpd"), "ProFTPD cannot run here")
    def test_proftpd(self):
        self.check_family("proftpd")

    @unittest.skipIf(servers.available("pureftpd"), "Pure-FTPd cannot run here")
    def test_pureftpd(self):
        self.check_family("pureftpd")


if __name__ == "__main__":
    unittest.main()
