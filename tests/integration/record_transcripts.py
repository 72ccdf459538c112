#!/usr/bin/python3
"""Re-records the client transcripts in tests/data/transcripts/: what `curl -v`, Python's ftplib, lftp and basic-ftp
(debug output) print for sessions against pyftpdlib, vsftpd, ProFTPD and Pure-FTPd. These are the inputs `ftpwire lint`
reads.

    /usr/bin/python3 tests/integration/record_transcripts.py [--out DIR] [--family FAMILY]... [--server-logs-only]
        [--arguments-only]

Without --family: pyftpdlib and vsftpd (ProFTPD and Pure-FTPd run from unpacked packages: servers.py,
FTPWIRE_PROFTPD, FTPWIRE_PUREFTPD). Files (for SERVER in pyftpdlib, vsftpd, proftpd, pureftpd):
    curl-SERVER-download.txt      curl -v: LIST of / and a download of hello.txt over one connection
    curl-SERVER-upload.txt        curl -v: upload into upload/, then RNFR/RNTO as post-transfer quote commands
    curl-SERVER-wrong.txt         curl -v with quote commands out of sequence (curl's `*` prefix: go on when
                                  they fail): RNTO without RNFR, PROT without PBSZ, NOOP between RNFR and RNTO
    ftplib-SERVER-clean.txt       ftplib debuglevel 2 (*cmd* *put* *get* *resp*): a clean session
    ftplib-SERVER-clean-level1.txt  the same session at debuglevel 1 (*cmd* *resp* only)
    ftplib-SERVER-wrong.txt       ftplib debuglevel 2: PASS before USER, RNTO without RNFR, PBSZ/PROT
                                  without AUTH, RNFR NOOP RNTO, RETR without PASV/PORT
    ftplib-SERVER-rest-then-list.txt  ftplib debuglevel 2: LIST, then LIST with rest=10 (REST then LIST)
    ftplib-SERVER-arguments.txt   ftplib debuglevel 2: commands without the argument their syntax requires (RETR,
                                  TYPE, RNTO alone...) and with one they take none of (PASV x, PWD x), before
                                  and after the login
and, for the same servers with TLS allowed (--family SERVER-tls; servers.FAMILIES_TLS):
    curl-SERVER-tls-download.txt  curl -v --ssl-reqd: AUTH TLS, PBSZ, PROT P, then the download session
    ftplib-SERVER-tls-clean.txt   ftplib.FTP_TLS at debuglevel 2: AUTH TLS, the login, PBSZ/PROT P (prot_p),
                                  then the clean session over protected data connections
    lftp-SERVER-tls-session.txt   lftp with ftp:ssl-force: the session of lftp-SERVER-session.txt over TLS
and with lftp 4.9 (apt-get install lftp), for the servers without TLS:
    lftp-SERVER-session.txt       lftp debug output: ls, get, put, mv, mkdir, rmdir, rm (ftp:sync-mode on)
    lftp-SERVER-pipelined.txt     the same with ftp:sync-mode off (commands sent before the replies before
                                  them), each line with the prefixes of debug -t -p -c
    lftp-SERVER-wrong.txt         debug 10 (which logs quote's replies): RNTO without RNFR, PBSZ and PROT
                                  without AUTH, RNFR NOOP RNTO, each with quote
and with basic-ftp 5 for Node.js (tests/integration/basic_ftp_session.js; `npm install basic-ftp` in a scratch
directory and NODE_PATH=DIR/node_modules), for every family, with and without TLS:
    basic-ftp-SERVER[-tls]-session.txt  its verbose output: a listing, a download, an upload, a rename, a delete
and the server's own log of three ftplib clients at once, for pyftpdlib (at DEBUG level) and vsftpd
(log_ftp_protocol=YES):
    log-SERVER-interleaved.txt    a clean session, one with sequencing mistakes (RNTO before the login and without
                                  RNFR, PBSZ/PROT without AUTH, RNFR NOOP RNTO, REST then LIST) and one whose first
                                  login fails, their commands taking turns
    log-vsftpd-syslog.txt         the same three clients, vsftpd's log sent to syslog (syslog_enable=YES) as rsyslog
                                  writes it (a listener at /dev/log stands in for rsyslog: only where none runs)
"""
import argparse
import contextlib
import ftplib
import io
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import servers  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def curl(srv, *args):
    argv = ["curl", "-sSv", "--max-time", "20", "--user", f"{srv.user}:{srv.password}", *args]
    result = subprocess.run(argv, capture_output=True, text=True, errors="replace")
    return result.stderr


def curl_transcripts(srv):
    base = f"ftp://{srv.host}:{srv.port}"
    with tempfile.NamedTemporaryFile(prefix="ftpwire-upload-", suffix=".txt") as upload:
        upload.write(b"uploaded by curl\r\n" * 8)
        upload.flush()
        upload_text = curl(srv, "-T", upload.name, f"{base}/upload/new.txt",
                           "-Q", "-RNFR new.txt", "-Q", "-RNTO renamed.txt")
    return {
        "download": curl(srv, f"{base}/", "-o", os.devnull, f"{base}/hello.txt", "-o", os.devnull),
        "upload": upload_text,
        "wrong": curl(srv, "-Q", "*RNTO upload/renamed.txt", "-Q", "*PROT P",
                      "-Q", "*RNFR upload/rename-me.txt", "-Q", "*NOOP", "-Q", "*RNTO upload/renamed.txt",
                      f"{base}/", "-o", os.devnull),
    }


def lftp(srv, script, settings=(), debug="debug 9"):
    """What lftp 4.9 prints on stderr with its debug output on (\"---> \" commands, \"<--- \" reply lines, \"---- \"
    notes) while it runs script (lftp commands joined with "; "). Debian's /etc/lftp.conf applies, as for any
    user; settings go before the script. The listings and files lftp writes land in a scratch directory."""
    with tempfile.TemporaryDirectory(prefix="ftpwire-lftp-") as scratch:
        with open(os.path.join(scratch, "local.txt"), "wb") as f:
            f.write(b"uploaded by lftp\r\n" * 8)
        commands = [debug, *settings, "set net:max-retries 1", "set net:timeout 10", f"lcd {scratch}", *script, "bye"]
        env = dict(os.environ, HOME=scratch)  # no ~/.lftprc, no bookmarks or history of the user who records
        result = subprocess.run(["lftp", "-u", f"{srv.user},{srv.password}", "-p", str(srv.port),
                                 "-e", "; ".join(commands), srv.host],
                                capture_output=True, text=True, errors="replace", env=env, timeout=60)
    return result.stderr


# lftp's usual session: a listing, a download, an upload, a rename, a directory made and removed, a delete.
LFTP_SESSION = ["ls", "get hello.txt", "put local.txt -o upload/new.txt", "mv upload/new.txt upload/renamed.txt",
                "mkdir upload/newdir", "rmdir upload/newdir", "rm upload/renamed.txt"]


# The mistakes of curl-SERVER-wrong.txt, sent with quote after the login: RNTO without RNFR, PBSZ and PROT without
# AUTH, NOOP between RNFR and RNTO.
LFTP_WRONG = ["quote RNTO upload/renamed.txt", "quote PBSZ 0", "quote PROT P", "quote RNFR upload/rename-me.txt",
              "quote NOOP", "quote RNTO upload/renamed.txt"]


def lftp_transcripts(srv, family):
    if family.endswith("-tls"):
        return {f"lftp-{family}-session.txt": lftp(srv, LFTP_SESSION, ["set ftp:ssl-force true",
                                                                       "set ftp:ssl-protect-data true",
                                                                       "set ssl:verify-certificate no"])}
    return {
        f"lftp-{family}-session.txt": lftp(srv, LFTP_SESSION),
        # Commands sent without waiting for the replies before them (ftp:sync-mode off), with the line prefixes of
        # debug -t -p -c (date and time, [PID], host).
        f"lftp-{family}-pipelined.txt": lftp(srv, LFTP_SESSION, ["set ftp:sync-mode off"], "debug -t -p -c 9"),
        # Mistakes sent with quote, whose replies lftp logs at debug 10 only.
        f"lftp-{family}-wrong.txt": lftp(srv, LFTP_WRONG, debug="debug 10"),
    }


BASIC_FTP_SESSION = os.path.join(os.path.dirname(os.path.abspath(__file__)), "basic_ftp_session.js")


def basic_ftp_missing():
    """Why basic-ftp sessions cannot be recorded here, or None. It is found through NODE_PATH (npm install
    basic-ftp in a scratch directory, then NODE_PATH=DIR/node_modules)."""
    r = subprocess.run(["node", "-e", "console.log(require('basic-ftp/package.json').version)"],
                       capture_output=True, text=True)
    return None if r.returncode == 0 else "node with the basic-ftp module (NODE_PATH) is needed"


def basic_ftp(srv, tls=False):
    """What basic-ftp prints with client.ftp.verbose on (stdout) for the session in basic_ftp_session.js."""
    argv = ["node", BASIC_FTP_SESSION, srv.host, str(srv.port), srv.user, srv.password] + (["tls"] if tls else [])
    return subprocess.run(argv, capture_output=True, text=True, errors="replace", timeout=60).stdout


def ftplib_session(srv, level, steps, tls=False):
    """Runs steps(ftp) with debug output on; returns everything ftplib printed. Errors of single commands
    are part of the transcript (ftplib raises on 4xx/5xx; the step catches and goes on). tls: an FTP_TLS that
    accepts the test server's self-signed certificate."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        if tls:
            import ssl
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            ftp = ftplib.FTP_TLS(timeout=5, context=context)
        else:
            ftp = ftplib.FTP(timeout=5)
        ftp.set_debuglevel(level)
        try:
            ftp.connect(srv.host, srv.port)
            steps(ftp)
        finally:
            try:
                ftp.quit()
            except (ftplib.Error, OSError, EOFError):
                ftp.close()
    return out.getvalue()


def try_cmd(ftp, line):
    try:
        return ftp.sendcmd(line)
    except ftplib.Error as e:
        return str(e)


def clean_steps(srv, protect_data=False):
    def steps(ftp):
        ftp.login(srv.user, srv.password)  # FTP_TLS: AUTH TLS first
        if protect_data:
            ftp.prot_p()  # PBSZ 0, PROT P
        ftp.sendcmd("FEAT")
        ftp.sendcmd("SYST")
        ftp.pwd()
        ftp.retrlines("LIST", lambda _line: None)  # ftplib sends TYPE A itself
        ftp.voidcmd("TYPE I")  # SIZE is refused in ASCII mode by pyftpdlib
        ftp.size("hello.txt")
        ftp.sendcmd("MDTM hello.txt")
        ftp.retrbinary("RETR hello.txt", lambda _data: None)
        ftp.cwd("upload")
        ftp.storbinary("STOR new.txt", io.BytesIO(b"uploaded by ftplib\r\n" * 8))
        ftp.mkd("newdir")
        ftp.rmd("newdir")
        ftp.rename("new.txt", "renamed.txt")
        ftp.delete("renamed.txt")
    return steps


def wrong_steps(srv):
    def steps(ftp):
        try_cmd(ftp, "PASS " + srv.password)   # PASS before USER
        ftp.login(srv.user, srv.password)
        try_cmd(ftp, "RNTO upload/renamed.txt")  # RNTO without RNFR
        try_cmd(ftp, "PBSZ 0")                  # PBSZ without AUTH
        try_cmd(ftp, "PROT P")                  # PROT without PBSZ
        try_cmd(ftp, "RNFR upload/rename-me.txt")
        try_cmd(ftp, "NOOP")                    # NOOP between RNFR and RNTO
        try_cmd(ftp, "RNTO upload/renamed.txt")
        ftp.voidcmd("TYPE I")
        try_cmd(ftp, "RETR hello.txt")          # no PASV/PORT before it
    return steps


def rest_then_list(ftp):
    """TYPE I, then LIST with rest=10: ftplib sends REST itself when given `rest`, and REST before LIST is a
    sequencing mistake (every server answers 350 and lists)."""
    ftp.voidcmd("TYPE I")  # pyftpdlib refuses REST in ASCII mode (501)
    try:
        with ftp.transfercmd("LIST", rest=10) as conn:
            while conn.recv(65536):
                pass
        ftp.voidresp()
    except ftplib.Error:
        pass


def rest_then_list_steps(srv):
    def steps(ftp):
        ftp.login(srv.user, srv.password)
        ftp.retrlines("LIST", lambda _line: None)  # sends TYPE A
        rest_then_list(ftp)
    return steps


# Command lines that do not fit their verb's argument rule (ftpwire::argument_fit_of): missing an argument the syntax
# requires, or carrying one the verb takes none of. Not USER alone (Pure-FTPd takes it for an anonymous login and
# closes the connection), nor RNTO alone after RNFR (whether the RNFR survives differs: pyftpdlib and Pure-FTPd keep
# it, ProFTPD and vsftpd drop it), nor PASV x after the login (vsftpd and Pure-FTPd open a listener).
ARGUMENTS_BEFORE_LOGIN = ["RETR", "PASV x"]
ARGUMENTS_AFTER_LOGIN = ["RETR", "STOR", "DELE", "MKD", "SIZE", "TYPE", "MODE", "PORT", "RNFR", "RNTO",
                         "PWD x", "CDUP x", "FEAT x", "NOOP x"]


def arguments_steps(srv):
    def steps(ftp):
        for line in ARGUMENTS_BEFORE_LOGIN:
            try_cmd(ftp, line)
        ftp.login(srv.user, srv.password)
        for line in ARGUMENTS_AFTER_LOGIN:
            try_cmd(ftp, line)
    return steps


def server_log_clients(srv):
    """Three ftplib clients on one server at once, each a generator that sends one step's commands (and reads their
    replies) each time it is advanced: a clean session, one with sequencing mistakes, and one whose first login
    fails. Advanced in turn, so their lines interleave in the server's log the same way at every recording."""
    def connect():
        ftp = ftplib.FTP(timeout=5)
        ftp.connect(srv.host, srv.port)
        return ftp

    def clean():
        ftp = connect()
        yield
        ftp.login(srv.user, srv.password)
        yield
        ftp.sendcmd("FEAT")
        yield
        ftp.sendcmd("STAT")  # vsftpd writes this reply in pieces, each logged on a line of its own
        yield
        ftp.retrlines("LIST", lambda _line: None)
        yield
        ftp.voidcmd("TYPE I")
        ftp.retrbinary("RETR hello.txt", lambda _data: None)
        yield
        ftp.cwd("upload")
        ftp.storbinary("STOR new.txt", io.BytesIO(b"uploaded by ftplib\r\n" * 8))
        yield
        ftp.rename("new.txt", "renamed.txt")
        yield
        ftp.delete("renamed.txt")
        ftp.quit()

    def wrong():
        ftp = connect()
        yield
        try_cmd(ftp, "RNTO renamed.txt")  # before the login
        yield
        ftp.login(srv.user, srv.password)
        yield
        try_cmd(ftp, "RNTO upload/renamed.txt")  # RNTO without RNFR
        yield
        try_cmd(ftp, "PBSZ 0")  # PBSZ without AUTH
        try_cmd(ftp, "PROT P")  # PROT without PBSZ
        yield
        try_cmd(ftp, "RNFR upload/rename-me.txt")
        try_cmd(ftp, "NOOP")  # NOOP between RNFR and RNTO
        try_cmd(ftp, "RNTO upload/renamed.txt")
        yield
        rest_then_list(ftp)
        yield
        ftp.quit()

    def failed_login():
        ftp = connect()
        yield
        if srv.family == "vsftpd":  # anonymous only: another user is refused at USER
            try_cmd(ftp, "USER nobody")
        else:
            try:
                ftp.login(srv.user, "wrong-" + srv.password)
            except ftplib.error_perm:
                pass
        yield
        ftp.login(srv.user, srv.password)
        yield
        ftp.pwd()
        yield
        ftp.quit()

    return [clean(), wrong(), failed_login()]


def run_server_log_clients(srv):
    """Runs server_log_clients on srv to their end, advancing each in turn, and gives the server time to log the
    connections' ends (it logs one after the client has gone)."""
    clients = server_log_clients(srv)
    while clients:
        for client in list(clients):
            try:
                next(client)
            except StopIteration:
                clients.remove(client)
    time.sleep(0.5)


def server_log(family):
    """The server's own log of server_log_clients' sessions (pyftpdlib at DEBUG level, vsftpd with
    log_ftp_protocol=YES)."""
    with servers.server_with_protocol_log(family) as srv:
        run_server_log_clients(srv)
        with open(srv.protocol_log_path, encoding="utf-8", errors="replace") as f:
            return f.read()


# A syslog message as sent to /dev/log: "<PRI>TIMESTAMP TAG: MESSAGE" (RFC 3164 §4.1, glibc's syslog()).
_SYSLOG_MESSAGE = re.compile(rb"^<\d+>([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (.*)$", re.S)


def rsyslog_line(message, host="ftphost"):
    """A message received at /dev/log as rsyslog writes it to a file in its traditional format
    (RSYSLOG_TraditionalFileFormat: "TIMESTAMP HOST TAG: MESSAGE"), each control character as "#" and three octal
    digits ($EscapeControlCharactersOnReceive, on by default: a CRLF in the message becomes "#015#012")."""
    m = _SYSLOG_MESSAGE.match(message)
    if not m:
        raise ValueError(f"not a syslog message: {message!r}")
    text = "".join(f"#{ord(c):03o}" if ord(c) < 0x20 else c for c in m.group(2).decode("utf-8", "replace"))
    return f"{m.group(1).decode()} {host} {text}"


def server_syslog():
    """vsftpd's log of server_log_clients' sessions sent to syslog (log_ftp_protocol=YES, syslog_enable=YES), as
    rsyslog writes it (rsyslog_line). vsftpd 3.0.3 logs a connection there from its login on only: the process
    before the login runs in its secure_chroot_dir, where /dev/log cannot be reached."""
    with servers.syslog_listener() as received:
        with servers.vsftpd_with_protocol_syslog() as srv:
            run_server_log_clients(srv)
        time.sleep(0.3)  # the last messages on their way
        messages = list(received)
    return "".join(rsyslog_line(m) + "\n" for m in messages if b" vsftpd[" in m[:40])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(REPO, "tests", "data", "transcripts"))
    parser.add_argument("--family", action="append", choices=list(servers.RECORDED_FAMILIES))
    parser.add_argument("--server-logs-only", action="store_true",
                        help="record only log-SERVER-interleaved.txt (pyftpdlib and vsftpd)")
    parser.add_argument("--arguments-only", action="store_true",
                        help="record only ftplib-SERVER-arguments.txt")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.arguments_only:
        for family in args.family or ["pyftpdlib", "vsftpd"]:
            why = servers.available(family)
            if why or family.endswith("-tls"):
                print(f"cannot record {family}: {why or 'servers without TLS only'}", file=sys.stderr)
                return 2
            with servers.FAMILIES[family]() as srv:
                transcript = ftplib_session(srv, 2, arguments_steps(srv))
            write_transcripts(args.out, {f"ftplib-{family}-arguments.txt": transcript})
        return 0
    if args.server_logs_only:
        for family in args.family or ["pyftpdlib", "vsftpd"]:
            why = servers.available(family)
            if why or family not in ("pyftpdlib", "vsftpd"):
                print(f"cannot record a log of {family}: {why or 'no protocol log'}", file=sys.stderr)
                return 2
            write_transcripts(args.out, {f"log-{family}-interleaved.txt": server_log(family)})
            if family == "vsftpd":
                write_transcripts(args.out, {"log-vsftpd-syslog.txt": server_syslog()})
        return 0
    for family in args.family or ["pyftpdlib", "vsftpd"]:
        why = servers.available(family) or basic_ftp_missing()
        if why:
            print(f"cannot record {family}: {why}", file=sys.stderr)
            return 2
        files = {}
        if family.endswith("-tls"):
            with servers.server(family) as srv:
                base = f"ftp://{srv.host}:{srv.port}"
                files[f"curl-{family}-download.txt"] = curl(srv, "--ssl-reqd", "-k", f"{base}/", "-o", os.devnull,
                                                            f"{base}/hello.txt", "-o", os.devnull)
            with servers.server(family) as srv:
                files[f"ftplib-{family}-clean.txt"] = ftplib_session(srv, 2, clean_steps(srv, True), tls=True)
            with servers.server(family) as srv:
                files.update(lftp_transcripts(srv, family))
            with servers.server(family) as srv:
                files[f"basic-ftp-{family}-session.txt"] = basic_ftp(srv, tls=True)
            write_transcripts(args.out, files)
            continue
        with servers.FAMILIES[family]() as srv:
            for name, text in curl_transcripts(srv).items():
                files[f"curl-{family}-{name}.txt"] = text
        with servers.FAMILIES[family]() as srv:
            files[f"ftplib-{family}-clean.txt"] = ftplib_session(srv, 2, clean_steps(srv))
        with servers.FAMILIES[family]() as srv:
            files[f"ftplib-{family}-clean-level1.txt"] = ftplib_session(srv, 1, clean_steps(srv))
        with servers.FAMILIES[family]() as srv:
            files[f"ftplib-{family}-wrong.txt"] = ftplib_session(srv, 2, wrong_steps(srv))
        with servers.FAMILIES[family]() as srv:
            files[f"ftplib-{family}-rest-then-list.txt"] = ftplib_session(srv, 2, rest_then_list_steps(srv))
        with servers.FAMILIES[family]() as srv:
            files[f"ftplib-{family}-arguments.txt"] = ftplib_session(srv, 2, arguments_steps(srv))
        with servers.FAMILIES[family]() as srv:
            files.update(lftp_transcripts(srv, family))
        with servers.FAMILIES[family]() as srv:
            files[f"basic-ftp-{family}-session.txt"] = basic_ftp(srv)
        if family in ("pyftpdlib", "vsftpd"):
            files[f"log-{family}-interleaved.txt"] = server_log(family)
        if family == "vsftpd":
            files["log-vsftpd-syslog.txt"] = server_syslog()
        write_transcripts(args.out, files)
    return 0


def write_transcripts(out_dir, files):
    for name, text in files.items():
        with open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print(f"{name}: {text.count(chr(10))} lines")


if __name__ == "__main__":
    sys.exit(main())
