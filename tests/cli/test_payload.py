"""ftpwire parse: the "payload" object of each reply, chosen by the reply code and --command VERB."""
import json
import os
import re
import subprocess
import sys
import unittest

CLI = os.environ.get("FTPWIRE_CLI", "")
SOURCE_DIR = os.environ.get("FTPWIRE_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
SERVERS_DIR = os.path.join(SOURCE_DIR, "tests", "data", "servers")
REPLIES_DIR = os.path.join(SOURCE_DIR, "tests", "data", "replies")


def run(*args, stdin=b""):
    return subprocess.run([CLI, "parse", *args], input=stdin, capture_output=True)


def documents(result):
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]


def payloads(data, *args):
    r = run(*args, stdin=data)
    assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
    return [(d["code"], d.get("payload")) for d in documents(r)]


def payload_of(line, *args):
    """The payload of a single reply given as one line of text."""
    docs = payloads(line.encode("utf-8") + b"\r\n", *args)
    assert len(docs) == 1, docs
    return docs[0][1]


def read(path):
    with open(path, "rb") as f:
        return f.read()


class RealServers(unittest.TestCase):
    def test_a_recorded_vsftpd_session_decodes_every_reply_that_carries_data(self):
        data = read(os.path.join(SERVERS_DIR, "vsftpd", "normal_session.txt"))
        text = data.decode("utf-8")
        # Ports and times differ between recordings: the expectations come from the recorded text.
        epsv = int(re.search(r"^229 .*\(\|\|\|(\d+)\|\)", text, re.M).group(1))
        pasv = [int(n) for n in re.search(r"^227 .*\((\d+(?:,\d+){5})\)", text, re.M).group(1).split(",")]
        mdtm = re.search(r"^213 (\d{14})\r?$", text, re.M).group(1)
        size = int(re.search(r"^213 (\d{1,13})\r?$", text, re.M).group(1))
        announced = int(re.search(r"^150 .*\((\d+) bytes\)", text, re.M).group(1))
        docs = payloads(data)
        by_kind = {}
        for code, payload in docs:
            if payload is not None:
                by_kind.setdefault(payload["kind"], []).append((code, payload))
        features = by_kind["features"][0][1]["features"]
        self.assertEqual([f["name"] for f in features], ["EPRT", "EPSV", "MDTM", "PASV", "REST", "SIZE", "TVFS"])
        self.assertIn({"name": "REST", "params": "STREAM"}, features)
        self.assertEqual(by_kind["system"][0][1], {"kind": "system", "name": "UNIX", "detail": "Type: L8"})
        self.assertEqual(by_kind["path"][0][1], {"kind": "path", "path": "/"})
        self.assertEqual(by_kind["extended_passive"][0][1], {"kind": "extended_passive", "port": epsv})
        self.assertEqual(by_kind["passive"][0][1], {"kind": "passive", "host": ".".join(map(str, pasv[:4])),
                                                    "port": pasv[4] * 256 + pasv[5]})
        self.assertEqual(by_kind["size"][0][1], {"kind": "size", "bytes": size})
        self.assertEqual(by_kind["time"][0][1], {"kind": "time", "time": "%s-%s-%sT%s:%s:%sZ" % (
            mdtm[0:4], mdtm[4:6], mdtm[6:8], mdtm[8:10], mdtm[10:12], mdtm[12:14])})
        self.assertEqual(by_kind["transfer"][0][1], {"kind": "transfer", "bytes": announced})
        self.assertEqual(by_kind["closing"][-1][1], {"kind": "closing", "reason": "goodbye"})
        # The STAT reply (211 "FTP server status:") is not a feature list.
        self.assertEqual(len(by_kind["features"]), 1)
        # HELP: vsftpd's 44 commands, none marked unimplemented; SIZE there, MLSD not.
        commands = by_kind["help"][0][1]["commands"]
        self.assertEqual(len(commands), 44)
        self.assertIn({"name": "SIZE", "unimplemented": False}, commands)
        self.assertNotIn("MLSD", [c["name"] for c in commands])

    def test_replies_without_data_have_no_payload(self):
        docs = payloads(b"220 ready\r\n200 Switching to Binary mode.\r\n150 Here comes the directory listing.\r\n"
                        b"226 Directory send OK.\r\n350 Ready for RNTO.\r\n214 Syntax: HELP [<SP> <string>]\r\n"
                        b"214-Direct comments to ftp@example.org\r\n214 End\r\n")
        self.assertEqual([p for _, p in docs], [None] * 7)

    def test_help_lists_the_commands_with_their_unimplemented_mark(self):
        docs = payloads(b"214-The following commands are recognized (* =>'s unimplemented):\r\n"
                        b" CWD     XCWD    SMNT*   QUIT\r\n214 Direct comments to root@localhost\r\n")
        self.assertEqual(docs[0][1], {"kind": "help", "commands": [
            {"name": "CWD", "unimplemented": False}, {"name": "XCWD", "unimplemented": False},
            {"name": "SMNT", "unimplemented": True}, {"name": "QUIT", "unimplemented": False}]})

    def test_iis_forms_decode(self):
        self.assertEqual(payload_of("227 Entering Passive Mode 10,0,0,5,4,1"),
                         {"kind": "passive", "host": "10.0.0.5", "port": 1025})
        self.assertEqual(payload_of("215 Windows_NT"), {"kind": "system", "name": "Windows_NT", "detail": ""})
        docs = payloads(b"211-Extended features supported:\r\n LANG EN*\r\n UTF8\r\n AUTH TLS;TLS-C;SSL;TLS-P;\r\n"
                        b" PBSZ\r\n PROT C;P;\r\n211 END\r\n")
        self.assertEqual(docs[0][1]["features"][2], {"name": "AUTH", "params": "TLS;TLS-C;SSL;TLS-P;"})

    def test_the_payload_never_depends_on_the_chunk_size(self):
        for name in ("proftpd.txt", "pureftpd.txt", "filezilla_server.txt", "iis.txt", "vsftpd.txt"):
            data = read(os.path.join(REPLIES_DIR, name))
            with self.subTest(name=name):
                whole = run(stdin=data)
                self.assertEqual(run("--chunk", "1", stdin=data).stdout, whole.stdout)


class Decoders(unittest.TestCase):
    def test_257_names_are_unescaped(self):
        self.assertEqual(payload_of('257 "/home/a ""b""" is current directory.'),
                         {"kind": "path", "path": '/home/a "b"'})
        self.assertEqual(payload_of('257 "/usr/dm" is current directory.'), {"kind": "path", "path": "/usr/dm"})

    def test_229_with_another_delimiter(self):
        self.assertEqual(payload_of("229 Entering Extended Passive Mode (!!!6446!)"),
                         {"kind": "extended_passive", "port": 6446})

    def test_228_long_passive(self):
        self.assertEqual(payload_of("228 Entering Long Passive Mode (6,16,32,1,13,184,0,0,0,0,0,0,0,0,0,0,0,1,2,0,21)"),
                         {"kind": "long_passive", "host": "2001:db8::1", "port": 21})

    def test_small_replies(self):
        self.assertEqual(payload_of("110 MARK 1024 = 2048"),
                         {"kind": "restart_marker", "user_marker": "1024", "server_marker": "2048"})
        self.assertEqual(payload_of("120 Service ready in 5 minutes."), {"kind": "ready_in", "minutes": 5})
        self.assertEqual(payload_of("350 Restart position accepted (10)."), {"kind": "restart", "offset": 10})
        self.assertEqual(payload_of("200 PBSZ=0"), {"kind": "protection_buffer", "size": 0})  # RFC 2228 §3
        self.assertIsNone(payload_of("200 Command okay."))
        self.assertEqual(payload_of("200 PBSZ set to 0.", "--command", "PBSZ"), {"kind": "protection_buffer", "size": 0})
        self.assertIsNone(payload_of("200 PBSZ=0", "--command", "TYPE"))
        self.assertEqual(payload_of("421 Timeout."), {"kind": "closing", "reason": "idle_timeout"})
        self.assertEqual(payload_of("522 Network protocol not supported, use (1,2)"),
                         {"kind": "supported_protocols", "protocols": [1, 2]})
        self.assertEqual(payload_of("521 Supported address families are (4, 6)"),
                         {"kind": "supported_families", "families": [4, 6]})
        self.assertEqual(payload_of("334 ADAT=YWJj"), {"kind": "security_data", "data": "YWJj"})
        self.assertEqual(payload_of("631 MjAwIE9L"), {"kind": "protected", "data": "MjAwIE9L"})
        self.assertEqual(payload_of('336 Username okay, need password.  Challenge is "otp-md5 499 ke1234 ext"'),
                         {"kind": "challenge", "challenge": "otp-md5 499 ke1234 ext"})
        self.assertEqual(payload_of("336 Username okay, need password."),
                         {"kind": "challenge", "error": "missing_challenge", "error_offset": 29})

    def test_malformed_text_gives_a_named_error_and_the_parse_goes_on(self):
        r = run(stdin=b"227 Entering Passive Mode (127,0,0,256,4,0)\r\n229 Entering Extended Passive Mode (|||0|)\r\n"
                      b"257 no quotes here\r\n257 \"unterminated\r\n213 99999999999999999999999\r\n220 ok\r\n")
        self.assertEqual(r.returncode, 0)
        docs = documents(r)
        self.assertEqual([(d["payload"]["kind"], d["payload"]["error"]) for d in docs[:4]],
                         [("passive", "value_out_of_range"), ("extended_passive", "value_out_of_range"),
                          ("path", "missing_quote"), ("path", "unterminated_quote")])
        self.assertEqual(docs[0]["payload"]["error_offset"], len("Entering Passive Mode (127,0,0,"))
        self.assertNotIn("payload", docs[4])  # an overflowing number alone is no size without --command SIZE
        self.assertNotIn("payload", docs[5])
        self.assertEqual(payload_of("213 99999999999999999999999", "--command", "SIZE"),
                         {"kind": "size", "error": "number_too_large", "error_offset": 0})


    def test_a_reply_closed_by_another_code_is_decoded_from_its_closing_line(self):
        # glftpd closes "553-" with another code (tests/data/replies); in lenient mode the closing line's code is the
        # reply's, and its text is what the decoder reads: the error offset counts in that text, as it would for the
        # same line alone (noticed in a randomized run of the CLI, where a comment said otherwise).
        line = b"227 Entering Passive Mode (1,2,3,4,256,0)\r\n"
        closed, alone = documents(run(stdin=b"553-could not\r\n" + line + line))
        self.assertEqual((closed["code"], closed["multiline"]), (227, True))
        self.assertEqual(closed["payload"], {"kind": "passive", "error": "value_out_of_range",
                                             "error_offset": len("Entering Passive Mode (1,2,3,4,")})
        self.assertEqual(closed["payload"], alone["payload"])

class PureFtpdTransferSize(unittest.TestCase):
    def test_the_kbytes_on_pure_ftpds_closing_150_line_are_an_approximate_size(self):
        # Recorded from Pure-FTPd 1.0.50: "150-Accepted data connection", "150 65536.0 kbytes to download".
        data = read(os.path.join(SERVERS_DIR, "pureftpd", "noop_during_transfer.txt"))
        transfers = [p for code, p in payloads(data) if code == 150 and p is not None]
        self.assertEqual(transfers, [{"kind": "transfer", "bytes": 64 * 1024 * 1024, "approximate": True}])
        self.assertIsNone(payload_of("150 Accepted data connection"))


class CommandFlag(unittest.TestCase):
    def test_213_is_a_size_after_size_and_a_time_after_mdtm(self):
        self.assertEqual(payload_of("213 20261125100000", "--command", "SIZE"),
                         {"kind": "size", "bytes": 20261125100000})
        self.assertEqual(payload_of("213 20261125100000", "--command", "mdtm"),
                         {"kind": "time", "time": "2026-11-25T10:00:00Z"})
        self.assertEqual(payload_of("213 20261125100000"), {"kind": "time", "time": "2026-11-25T10:00:00Z"})
        self.assertEqual(payload_of("213 19980615100045.014", "--command=MDTM"),
                         {"kind": "time", "time": "1998-06-15T10:00:45.014Z"})
        self.assertEqual(payload_of("213 1830", "--command", "MDTM"),
                         {"kind": "time", "error": "bad_time_format", "error_offset": 4})
        self.assertEqual(payload_of("213 20230229000000", "--command", "MDTM")["error"], "impossible_date")
        # Without the command, 14 digits that are no date are a size: a sparse file of 16 TiB less 4 KiB, SIZE on
        # vsftpd 3.0.3, pyftpdlib 1.5.7, ProFTPD 1.3.8 and Pure-FTPd 1.0.50 (seen live), read as a date, failed.
        self.assertEqual(payload_of("213 17592186040320"), {"kind": "size", "bytes": 17592186040320})
        self.assertEqual(payload_of("213 20230229000000"), {"kind": "size", "bytes": 20230229000000})
        self.assertEqual(payload_of("213 20230228000000"), {"kind": "time", "time": "2023-02-28T00:00:00Z"})

    def test_stat_path_replies_list_the_lines_of_the_listing(self):
        # vsftpd, pyftpdlib and Pure-FTPd answer STAT <path> with a multi-line 213; ProFTPD answers a directory with
        # 212, as RFC 959 has it (tests/integration/test_status_listing.py).
        listing = b"213-Status of /pub:\r\n-rw-r--r-- 1 ftp ftp 160 hello.txt\r\n213 End of status\r\n"
        expected = {"kind": "listing", "lines": ["-rw-r--r-- 1 ftp ftp 160 hello.txt"]}
        self.assertEqual(payloads(listing)[0][1], expected)
        self.assertEqual(payloads(listing, "--command", "STAT")[0][1], expected)
        self.assertEqual(payloads(b"212-Directory status\r\n 01-02-24  10:15AM  <DIR>  old\r\n212 End\r\n")[0][1],
                         {"kind": "listing", "lines": ["01-02-24  10:15AM  <DIR>  old"]})
        self.assertEqual(payloads(b"213-Status of /empty:\r\n213 End of status\r\n")[0][1],
                         {"kind": "listing", "lines": []})
        # One line is no listing: a size, a time, or nothing after STAT; a single-line 212 has no payload.
        self.assertIsNone(payload_of("213 160", "--command", "STAT"))
        self.assertIsNone(payload_of("212 End"))
        # 211 is also the answer to STAT without a path (the server's status): never a listing.
        self.assertIsNone(payloads(b"211-status of /pub:\r\ntotal 0\r\n211 End of Status\r\n", "--command", "STAT")[0][1])
        # A multi-line 213 to another command is not a listing either.
        self.assertNotEqual(payloads(listing, "--command", "SIZE")[0][1]["kind"], "listing")

    def test_250_after_mlst_lists_the_facts(self):
        data = b"250-Listing /srv\r\n type=dir;size=4096;perm=el;modify=20240102101500;unique=803g2; /srv\r\n250 End\r\n"
        docs = payloads(data, "--command", "MLST")
        self.assertEqual(docs[0][1], {"kind": "facts", "entries": [{
            "name": "/srv",
            "facts": {"type": "dir", "size": "4096", "perm": "el", "modify": "20240102101500", "unique": "803g2"},
            "type": "dir", "size": 4096, "modify": "2024-01-02T10:15:00Z"}]})
        self.assertIsNone(payloads(b"250 Directory successfully changed.\r\n", "--command", "CWD")[0][1])
        self.assertEqual(payloads(b"250-Listing\r\n no facts here\r\n250 End\r\n", "--command", "MLST")[0][1]["kind"],
                         "facts")

    def test_an_mlst_name_with_telnet_escapes_also_gives_it_unescaped(self):
        # RFC 3659 §2.2: a name's byte 0xFF comes as IAC IAC on the control connection, a CR as CR NUL (RFC 2640
        # §3.1). "name" stays as sent (ProFTPD 1.3.8 and Pure-FTPd 1.0.50 send the bytes alone, seen live);
        # "unescaped_name" is there only when reading the escapes changes it.
        raw = b"250-Listing\r\n type=file; /a\xff\xffb\r\x00c\r\n250 End\r\n"
        entry = payloads(raw, "--command", "MLST")[0][1]["entries"][0]
        self.assertEqual((entry["name"], entry["unescaped_name"]), ("/a\xff\xffb\r\x00c", "/a\xffb\rc"))
        proftpd = b"250-Start of list for a\xffb\r\n modify=20261203084057;size=1;type=file; /upload/a\xffb\r\n" \
                  b"250 End of list\r\n"
        entry = payloads(proftpd, "--command", "MLST")[0][1]["entries"][0]
        self.assertEqual(entry["name"], "/upload/a\xffb")
        self.assertNotIn("unescaped_name", entry)

    def test_a_fact_sent_twice_in_any_case_is_one_key_with_the_last_value(self):
        # RFC 3659 §7.5: "Size, size, SIZE, and SiZe are the same fact". Found by review: each repeat was a key of
        # its own, so the object had "size" twice (readers keep one or the other) and "Size" beside it. Now one
        # key, spelled as it came first, with the last value, which is the one the typed fields show.
        raw = b"250-Listing /x\r\n size=1;Size=2;size=3;Type=file;perm=r;type=dir; x\r\n250 End\r\n"
        r = run("--command", "MLST", stdin=raw)
        line = r.stdout.decode().splitlines()[0]
        self.assertEqual(line.count('"size"'), 2)  # the fact's key and the typed field, each once
        entry = json.loads(line)["payload"]["entries"][0]
        self.assertEqual(entry["facts"], {"size": "3", "Type": "dir", "perm": "r"})
        self.assertEqual((entry["size"], entry["type"]), (3, "dir"))

    def test_a_latin1_fact_name_and_its_utf8_spelling_are_one_key(self):
        # Found by a randomized run of the CLI: the Latin-1 byte 0xE9 is written "\u00e9", which a JSON reader takes
        # for the same key as the UTF-8 "é" (C3 A9) written as it is; the object had that key twice, and Python
        # kept the second value only. Now one key, spelled as it came first (\u00e9), with the last value. A server
        # that mixes Latin-1 and UTF-8 names (tests/data/replies/latin1.txt) sends such bytes.
        # (first name, second name, the first as JSON writes it)
        cases = ((b"\xe9", b"\xc3\xa9", '"\\u00e9"'), (b"\xc3\xa9", b"\xe9", '"\u00e9"'),
                 (b"\xff", b"\xc3\xbf", '"\\u00ff"'))
        for first, second, written in cases:
            raw = b"250-Listing\r\n " + first + b"=1;" + second + b"=2;size=5; name\r\n250 End\r\n"
            r = run("--command", "MLST", stdin=raw)
            self.assertEqual(r.returncode, 0, r.stderr)
            line = r.stdout.decode("utf-8").splitlines()[0]
            self.assertIn(written + ':"2"', line)
            # Every key as written, repeats kept (a dict would hide them).
            doc = json.loads(line, object_pairs_hook=lambda pairs: pairs)
            facts = dict(dict(dict(doc)["payload"])["entries"][0])["facts"]
            name = first.decode("utf-8") if first.startswith(b"\xc3") else first.decode("latin-1")
            self.assertEqual(facts, [(name, "2"), ("size", "5")])

    def test_mlst_errors_give_an_offset_in_the_reply_text_like_the_other_decoders(self):
        # As for a one-line decoder (the 227 below), the failing byte is at the reply's offset + 4 ("ddd-")
        # + error_offset; an MLST reply's text runs on through its later lines, line ends included.
        data = (b"250 ok\r\n250-x\r\nnoleadingspace\r\n250 End\r\n250-x\r\n bad fact /y\r\n250 End\r\n"
                b"250-Listing\r\n type=dir;size=abc; /srv\r\n250 End\r\n")
        r = run("--command", "MLST", stdin=data)
        self.assertEqual(r.returncode, 0)
        docs = documents(r)
        self.assertEqual([d["payload"] for d in docs[:3]], [
            {"kind": "facts", "error": "missing_pathname", "error_offset": len("ok")},
            {"kind": "facts", "error": "missing_pathname", "error_offset": len("x\r\nnoleadingspace")},
            {"kind": "facts", "error": "bad_fact", "error_offset": len("x\r\n ")},
        ])
        entry = docs[3]["payload"]["entries"][0]
        self.assertEqual((entry["error"], entry["error_offset"]), ("missing_number", len("Listing\r\n type=dir;size=")))

        def failing_byte(doc, error_offset):
            at = doc["offset"] + 4 + error_offset
            return data[at:at + 1]

        self.assertEqual([failing_byte(d, d["payload"]["error_offset"]) for d in docs[:3]], [b"\r", b"\r", b"b"])
        self.assertEqual(failing_byte(docs[3], entry["error_offset"]), b"a")
        passive = b"227 Entering Passive Mode (127,0,0,256,4,0)\r\n"
        self.assertEqual(passive[4 + payload_of(passive[:-2].decode())["error_offset"]:][:3], b"256")

    def test_features_only_after_feat_when_the_command_is_given(self):
        data = b"211-Features:\r\n MDTM\r\n211 End\r\n"
        self.assertEqual(payloads(data, "--command", "FEAT")[0][1]["features"], [{"name": "MDTM", "params": ""}])
        self.assertIsNone(payloads(data, "--command", "STAT")[0][1])

    def test_150_after_stou_names_the_file_and_350_after_rnfr_is_nothing(self):
        self.assertEqual(payload_of("150 FILE: /incoming/ftp4711", "--command", "STOU"),
                         {"kind": "unique_file", "path": "/incoming/ftp4711"})
        self.assertIsNone(payload_of("350 File exists, ready for destination name (2)", "--command", "RNFR"))
        self.assertEqual(payload_of("350 Restarting at 802816. Send STORE or RETRIEVE", "--command", "REST"),
                         {"kind": "restart", "offset": 802816})
        self.assertEqual(payload_of("350 Ready", "--command", "REST"),
                         {"kind": "restart", "error": "missing_number", "error_offset": 5})

    def test_unknown_or_missing_verbs_are_usage_errors(self):
        for args in (["--command", "FROB"], ["--command"], ["--command="]):
            with self.subTest(args=args):
                r = run(*args, stdin=b"200 ok\r\n")
                self.assertEqual(r.returncode, 2)
                self.assertEqual(r.stdout, b"")

    def test_help_documents_the_flag(self):
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"--command VERB", r.stdout)
        self.assertIn(b"--command VERB", subprocess.run([CLI, "--help"], capture_output=True).stdout)


if __name__ == "__main__":
    if not CLI:
        print("set FTPWIRE_CLI to the built ftpwire tool", file=sys.stderr)
        sys.exit(2)
    unittest.main()
