"""ftpwire parse, run through the built binary (env FTPWIRE_CLI) on the reply corpora in tests/data/replies."""
import json
import os
import subprocess
import sys
import tempfile
import threading
import unittest

CLI = os.environ.get("FTPWIRE_CLI", "")
SOURCE_DIR = os.environ.get("FTPWIRE_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
CORPUS_DIR = os.path.join(SOURCE_DIR, "tests", "data", "replies")
CORPORA = sorted(name for name in os.listdir(CORPUS_DIR) if name.endswith(".txt"))
LENIENT_ONLY = {
    "glftpd.txt": "unterminated_reply",
    "bare_lf.txt": "bare_lf",
    "mixed_line_ends.txt": "bare_lf",
    "bare_code.txt": "bare_code",
    "telnet_iac.txt": "telnet_command",
    "latin1.txt": "invalid_utf8",
}


def run(*args, stdin=b""):
    return subprocess.run([CLI, "parse", *args], input=stdin, capture_output=True)


def documents(result):
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]


def corpus_bytes(name):
    with open(os.path.join(CORPUS_DIR, name), "rb") as f:
        return f.read()


def split_lines(data):
    """The raw lines of a stream, as the parser should report them: split at LF, one CR before it dropped."""
    lines = data.split(b"\n")
    assert lines[-1] == b""
    return [line[:-1] if line.endswith(b"\r") else line for line in lines[:-1]]


def escaped(raw):
    """What a raw line looks like after the CLI's JSON escaping and json.loads: non-UTF-8 bytes as U+00XX."""
    out, i = "", 0
    while i < len(raw):
        for n in (4, 3, 2, 1):
            try:
                out += raw[i:i + n].decode("utf-8")
                i += n
                break
            except UnicodeDecodeError:
                continue
        else:
            out += chr(raw[i])
            i += 1
    return out


class Corpus(unittest.TestCase):
    def test_output_does_not_depend_on_the_chunk_size(self):
        for name in CORPORA:
            for mode in ("--lenient", "--strict"):
                with self.subTest(corpus=name, mode=mode):
                    path = os.path.join(CORPUS_DIR, name)
                    reference = run(mode, path)
                    self.assertIn(reference.returncode, (0, 1))
                    for chunk in ("1", "7", "1460", "4096"):
                        r = run(mode, "--chunk", chunk, path)
                        self.assertEqual(r.returncode, reference.returncode)
                        self.assertEqual(r.stdout, reference.stdout, f"--chunk {chunk}")

    def test_every_lenient_reply_covers_the_stream_line_by_line(self):
        for name in CORPORA:
            with self.subTest(corpus=name):
                data = corpus_bytes(name)
                r = run(os.path.join(CORPUS_DIR, name))
                self.assertEqual(r.returncode, 0, r.stdout)
                docs = documents(r)
                self.assertTrue(docs)
                lines = [line for doc in docs for line in doc["lines"]]
                if b"\xff" not in data:  # Telnet commands between replies are not part of any reply
                    self.assertEqual(lines, [escaped(raw) for raw in split_lines(data)])
                for doc in docs:
                    self.assertEqual(list(doc.keys())[:4], ["code", "multiline", "offset", "lines"])
                    self.assertIsInstance(doc["code"], int)
                    self.assertIsInstance(doc["multiline"], bool)
                    self.assertEqual(doc["multiline"], len(doc["lines"]) > 1 or doc["lines"][0][3:4] == "-")
                    self.assertTrue(data[doc["offset"]:].startswith(doc["lines"][0][:3].encode()))

    def test_strict_accepts_the_rfc_corpora_and_names_what_the_others_break(self):
        for name in CORPORA:
            with self.subTest(corpus=name):
                r = run("--strict", os.path.join(CORPUS_DIR, name))
                if name not in LENIENT_ONLY:
                    self.assertEqual(r.returncode, 0, r.stdout)
                    continue
                self.assertEqual(r.returncode, 1)
                last = documents(r)[-1]
                self.assertEqual(list(last.keys()), ["error", "offset"])
                self.assertEqual(last["error"], LENIENT_ONLY[name])
                self.assertLessEqual(last["offset"], len(corpus_bytes(name)))

    def test_vsftpd_codes_in_order(self):
        docs = documents(run(os.path.join(CORPUS_DIR, "vsftpd.txt")))
        self.assertEqual([d["code"] for d in docs],
                         [220, 331, 230, 215, 211, 257, 200, 227, 229, 150, 226, 213, 211, 214, 550, 221])

    def test_glftpd_reply_closed_by_another_code_reports_the_closing_code(self):
        docs = documents(run(os.path.join(CORPUS_DIR, "glftpd.txt")))
        stor = docs[3]
        self.assertEqual(stor["code"], 150)
        self.assertEqual(stor["lines"][0], "553-")
        self.assertTrue(stor["multiline"])

    def test_non_utf8_bytes_are_escaped(self):
        r = run(os.path.join(CORPUS_DIR, "latin1.txt"))
        self.assertIn(b"\\u00fc\\u00dfe", r.stdout)
        self.assertEqual(documents(r)[0]["lines"][0], "257 \"/Gr\u00fc\u00dfe\" is current directory.")

    def test_unicode_line_separators_are_escaped_so_each_reply_stays_one_line(self):
        # RFC 2640 lets a reply hold any UTF-8; U+0085 (NEL) and U+2028/U+2029 are legal raw in JSON, but Python's
        # str.splitlines() (as documents() above reads the output) ends a line at each. Until session 28 they were
        # written raw, and one reply became two broken JSON lines.
        data = "257 \"/a\u0085b\u2028c\u2029d\" created\r\n200 ok\r\n".encode()
        r = run(stdin=data)
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"\\u0085b\\u2028c\\u2029d", r.stdout)
        docs = documents(r)
        self.assertEqual([d["code"] for d in docs], [257, 200])
        self.assertEqual(docs[0]["lines"][0], "257 \"/a\u0085b\u2028c\u2029d\" created")


class Input(unittest.TestCase):
    def test_stdin_is_the_default_and_dash_reads_it_too(self):
        data = corpus_bytes("pyftpdlib.txt")
        a = run(stdin=data)
        b = run("-", stdin=data)
        c = run(os.path.join(CORPUS_DIR, "pyftpdlib.txt"))
        self.assertEqual(a.returncode, 0)
        self.assertEqual(a.stdout, b.stdout)
        self.assertEqual(a.stdout, c.stdout)

    def test_an_unterminated_reply_at_the_end_is_an_error_after_the_complete_ones(self):
        data = b"220 ready\r\n211-Features:\r\n UTF8\r\n"
        r = run("--chunk", "3", stdin=data)
        self.assertEqual(r.returncode, 1)
        docs = documents(r)
        self.assertEqual(docs[0]["code"], 220)
        self.assertEqual(docs[1], {"error": "unterminated_reply", "offset": len(data)})

    def test_an_error_offset_counts_from_the_start_of_the_stream(self):
        for chunk in ("1", "5", "4096"):
            r = run("--chunk", chunk, stdin=b"220 ready\r\n331 ok\r\nHTTP/1.1 400\r\n")
            self.assertEqual(r.returncode, 1)
            self.assertEqual(documents(r)[-1], {"error": "invalid_code", "offset": 19})

    def test_an_endless_run_of_telnet_commands_is_an_error_not_a_growing_buffer(self):
        # IAC NOP after IAC NOP: the commands between two replies are held to the line limit together (16384 by
        # default), so the tool, which drops them only with the reply after them, stops at the limit.
        stream = b"\xff\xf1" * 100000 + b"220 ok\r\n"
        for chunk in ("7", "4096"):
            r = run("--chunk", chunk, stdin=stream)
            self.assertEqual(r.returncode, 1)
            self.assertEqual(documents(r), [{"error": "line_too_long", "offset": 16384}])
        # A few commands before each reply are skipped as before.
        r = run(stdin=b"\xff\xf1\xff\xfb\x01220 ok\r\n\xff\xf1221 bye\r\n")
        self.assertEqual(r.returncode, 0)
        self.assertEqual([d["code"] for d in documents(r)], [220, 221])

    def test_the_last_preset_given_wins(self):
        self.assertEqual(run("--strict", "--lenient", stdin=b"220 ok\n").returncode, 0)
        self.assertEqual(run("--lenient", "--strict", stdin=b"220 ok\n").returncode, 1)

    def test_empty_input_prints_nothing(self):
        r = run(stdin=b"")
        self.assertEqual((r.returncode, r.stdout), (0, b""))

    def test_each_reply_is_printed_as_soon_as_it_is_complete(self):
        # Found by review: stdout was written when the input ended, so `nc HOST 21 | ftpwire parse` showed nothing
        # of a live control connection. The greeting's line must come out while stdin is still open. The same
        # with --chunk N once the parser has the reply's bytes (found by a later review: the --chunk loop never
        # flushed); --chunk 11 is the greeting's length, so its chunk is full when the greeting is.
        for args in ([], ["--chunk", "1"], ["--chunk", "11"]):
            with self.subTest(args=args):
                proc = subprocess.Popen([CLI, "parse", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                watchdog = threading.Timer(30, proc.kill)  # a tool that holds its output back fails here
                watchdog.start()
                try:
                    proc.stdin.write(b"220 ready\r\n")
                    proc.stdin.flush()
                    line = proc.stdout.readline()  # blocks until the tool prints (or the watchdog kills it)
                    self.assertEqual(json.loads(line)["code"], 220)
                    proc.stdin.write(b"331-more to come\r\n331 ok\r\n")
                    proc.stdin.close()
                    self.assertEqual(json.loads(proc.stdout.readline())["code"], 331)
                    self.assertEqual(proc.wait(timeout=30), 0)
                finally:
                    watchdog.cancel()
                    proc.kill()
                    proc.stdout.close()

    def test_chunk_accepts_the_equals_form(self):
        data = corpus_bytes("iis.txt")
        self.assertEqual(run("--chunk=13", stdin=data).stdout, run(stdin=data).stdout)

    def test_chunk_has_no_upper_limit(self):
        # A chunk longer than the input feeds it all at once; a number past 2**64 - 1 means the same.
        data = corpus_bytes("vsftpd.txt")
        reference = run(stdin=data)
        for chunk in ("1073741824", "1073741825", "18446744073709551615", "99999999999999999999999"):
            with self.subTest(chunk=chunk):
                r = run("--chunk", chunk, stdin=data)
                self.assertEqual((r.returncode, r.stdout, r.stderr), (0, reference.stdout, b""))

    def test_chunks_longer_than_a_read_block_give_the_same_output(self):
        # The tool reads in blocks of at most 64 KiB and hands the parser N bytes at a time: chunks around and
        # beyond a block, on a stream of several blocks that ends in a parse error, change nothing.
        stream = b"".join(corpus_bytes(name) for name in CORPORA if name not in LENIENT_ONLY) * 40
        stream += b"HTTP/1.1 400\r\n"
        self.assertGreater(len(stream), 3 * 65536)
        reference = run("--strict", stdin=stream)
        self.assertEqual(reference.returncode, 1)
        self.assertEqual(documents(reference)[-1], {"error": "invalid_code", "offset": len(stream) - 14})
        for chunk in ("65535", "65536", "65537", "200000", str(len(stream)), "1073741825"):
            with self.subTest(chunk=chunk):
                r = run("--strict", "--chunk", chunk, stdin=stream)
                self.assertEqual((r.returncode, r.stdout), (1, reference.stdout))

    def test_a_large_chunk_allocates_no_more_than_the_input_needs(self):
        try:
            import resource
        except ImportError:
            self.skipTest("no resource module (not POSIX)")
        limit = 256 << 20  # far below the 1 GiB a buffer of N bytes up front would take

        def limited(*args):
            def cap_address_space():
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            return subprocess.run([CLI, "parse", *args], input=b"220 ok\r\n", capture_output=True,
                                  preexec_fn=cap_address_space)

        if limited().returncode != 0:
            self.skipTest("the tool does not run under a 256 MiB address space (a sanitizer build?)")
        r = limited("--chunk", str(1 << 30))
        self.assertEqual((r.returncode, documents(r)), (0, [{"code": 220, "multiline": False, "offset": 0,
                                                           "lines": ["220 ok"]}]))


@unittest.skipUnless(os.path.exists("/dev/full"), "needs /dev/full")
class OutputThatCannotBeWritten(unittest.TestCase):
    # Found by review: every subcommand exited 0 when its output was lost (a full disk), so a script took the
    # missing JSON for a clean result. /dev/full fails every write with ENOSPC.
    def test_every_subcommand_exits_2_and_says_why(self):
        reply = b"227 Entering Passive Mode (192,168,1,2,195,80).\r\n"
        session = b"< 220 hi\n> USER a\n< 331 p\n> PASS b\n< 230 ok\n"
        for args, stdin in ((["parse"], reply), (["parse", "--chunk", "1"], reply),
                            (["explain", "530"], b""), (["explain", "--json", "530"], b""),
                            (["compare", "120", "503"], b""), (["check-sequence", "USER", "PASS"], b""),
                            (["check-sequence", "--json", "RNTO"], b""), (["lint"], session),
                            (["lint", "--json"], session), (["--help"], b""), (["--version"], b"")):
            with self.subTest(args=args):
                with open("/dev/full", "wb") as full:
                    r = subprocess.run([CLI, *args], input=stdin, stdout=full, stderr=subprocess.PIPE, timeout=30)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(b"cannot write the output", r.stderr)
        with open(os.devnull, "wb") as null:  # the same commands with somewhere to write: their usual status
            self.assertEqual(subprocess.run([CLI, "explain", "530"], stdout=null).returncode, 0)


class Usage(unittest.TestCase):
    def test_bad_usage_exits_2(self):
        for args in (["--chunk", "0"], ["--chunk", "abc"], ["--chunk"], ["--chunk", "-5"], ["--bogus"],
                     ["a.txt", "b.txt"]):
            with self.subTest(args=args):
                r = run(*args)
                self.assertEqual(r.returncode, 2)
                self.assertEqual(r.stdout, b"")
                self.assertTrue(r.stderr)

    def test_a_bad_chunk_size_says_what_is_accepted(self):
        for value in ("0", "00", "-5", "+5", "abc", "12x", ""):
            with self.subTest(value=value):
                r = run("--chunk", value)
                self.assertEqual(r.returncode, 2)
                self.assertIn(b"--chunk needs a whole number >= 1", r.stderr)
        self.assertIn(b"(any N >= 1)", run("--help").stdout)

    def test_a_bad_command_verb_names_the_value_given(self):
        for args, shown in ((["--command", "BOGUS"], b": BOGUS"), (["--command=XYZZY"], b": XYZZY"),
                            (["--command"], b"verb (USER")):
            with self.subTest(args=args):
                r = run(*args)
                self.assertEqual(r.returncode, 2)
                self.assertEqual(r.stdout, b"")
                self.assertIn(b"--command needs an FTP command verb", r.stderr)
                self.assertIn(shown, r.stderr)

    def test_after_a_double_dash_a_name_that_starts_with_a_dash_is_the_input(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "-x.txt"), "wb") as f:
                f.write(b"220 hi\r\n")
            r = subprocess.run([CLI, "parse", "--", "-x.txt"], capture_output=True, cwd=d)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(r.stdout)["lines"], ["220 hi"])
            r = subprocess.run([CLI, "parse", "-x.txt"], capture_output=True, cwd=d)
            self.assertEqual(r.returncode, 2)  # without it, an unknown option
        self.assertEqual(run("--", "a", "b").returncode, 2)  # still one input

    def test_an_unreadable_stdin_is_named_as_lint_names_it(self):
        fd = os.open("/", os.O_RDONLY)  # a directory: read() fails with EISDIR
        try:
            r = subprocess.run([CLI, "parse"], stdin=fd, capture_output=True)
        finally:
            os.close(fd)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"cannot read <stdin>", r.stderr)

    def test_an_unreadable_file_exits_2(self):
        with tempfile.TemporaryDirectory() as d:
            self.assertEqual(run(os.path.join(d, "missing.txt")).returncode, 2)
            self.assertEqual(run(d).returncode, 2)  # a directory cannot be read

    def test_help_names_the_flags_and_exits_0(self):
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        for flag in (b"--strict", b"--lenient", b"--chunk"):
            self.assertIn(flag, r.stdout)

    def test_the_subcommand_is_listed_in_the_tool_help(self):
        r = subprocess.run([CLI, "--help"], capture_output=True)
        usage = [line for line in r.stdout.decode().splitlines() if line.strip().startswith("ftpwire parse ")]
        self.assertEqual(len(usage), 1, r.stdout)
        self.assertTrue(usage[0].strip().startswith("ftpwire parse [--strict|--lenient] [--chunk N]"), usage[0])
        self.assertTrue(usage[0].endswith("[FILE|-]"), usage[0])


if __name__ == "__main__":
    if not CLI:
        sys.exit("FTPWIRE_CLI is not set")
    unittest.main()
