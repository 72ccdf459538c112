#!/usr/bin/python3
"""A raw FTP recorder: sends command lines over a plain socket and keeps every byte the server sends.

No FTP library in between, so nothing is normalised: the recorded bytes are exactly what the server wrote on
the control connection. Data connections are opened the way ftplib does it (right after a 227/229 reply);
data a transfer sends is read and dropped (LIST) or kept for checks (RETR); STOR sends `upload_data`.

    rec = record_session(host, port, ["USER u", "PASS p", "QUIT"])
    rec.raw                           # bytes: the greeting and every reply, as received
    rec.exchanges                     # [Exchange(command=None, codes=[220], raw=b"220 ...\r\n"), ...]

The scenarios (SCENARIOS) are the sessions tests/integration/record_all.py records from each real server into
tests/data/servers/. Placeholders in command lines: {user} {password}, and {active}: the address of a port the
recorder listens on, as PORT's argument (RFC 959 §4.1.2 "h1,h2,h3,h4,p1,p2"; "PORT {active}"), where a transfer's
data connection is taken once its 125/150 came and no 227/229 came after the PORT; {eprt} is the same port as
EPRT's argument (RFC 2428 §2 "|1|127.0.0.1|port|"; "EPRT {eprt}"). A line starting with "?" is sent
only when the last USER was answered 331 (PASS after USER), and left out of the recording otherwise. A line starting
with "&" is sent while the transfer the command before it started is still running (after its 125/150, before the
recorder reads its data): the replies that follow, the transfer's final one included, are recorded as this line's,
in the order they came; after a command that started no transfer (refused) it is sent as any other line. A line
starting with "!" is sent as an "&" line, but only after the recorder closed the transfer's data connection without
reading it (a TLS one without its close_notify) and the server said something about that (at most DATA_CLOSE_WAIT
seconds; a client that leaves a download early and then aborts it, as Python ftplib's abort() after a retrbinary
callback raised). With a protected data connection the servers' answers depend on how it closes (seen live, random
walks seeds 10202 and 10304): ProFTPD 1.3.8's mod_tls ends the whole session when it closes without a close_notify,
and answers 426 and goes on after one; Pure-FTPd 1.0.50 then sometimes ends the transfer with no reply at all. So
the TLS scenarios and walks send no "!" line. A line starting with "+" is sent after connecting once more to the
address of the last 227/229, when no data connection is open and no PORT {active} or EPRT {eprt} was accepted since
(a client reusing a passive listener for a second transfer).
SCENARIO_FILES are put into the server's root first (prepare_root).
"""
import os
import re
import socket
import ssl
import time

TRANSFER_VERBS = {"RETR", "STOR", "STOU", "APPE", "LIST", "NLST", "MLSD"}
# How long the recorder waits after a command's final reply for another one (a server that answers twice). The
# second reply comes with the first (same write, or the next) on loopback; a longer wait only slows recording.
EXTRA_REPLY_GRACE = 0.05
# How long a "!" line waits at most, after closing the data connection, for the server's first word about it (the
# server's write fails at once on loopback): what it answers to that comes before the line, as it would to a client
# that takes its time.
DATA_CLOSE_WAIT = 5.0
_REPLY_LINE = re.compile(rb"^(\d{3})([ -])")
# Files a scenario needs in the server's root besides servers.py's tree: name -> size, created sparse (holes read as
# zeros), so that a download runs longer than the socket buffers hold while the recorder does not read it.
BIG_FILE = {"big.bin": 64 * 1024 * 1024}
SCENARIO_FILES = {name: BIG_FILE
                  for name in ("noop_during_transfer", "pwd_during_transfer", "rein_during_transfer",
                                "quit_during_transfer", "abor_during_transfer", "data_closed_then_abor",
                                "data_closed_then_noop", "data_closed_then_stat", "data_closed_then_list",
                                "pasv_abor_during_transfer_then_nlst", "epsv_all_then_data_closed_then_pasv",
                                "unlisted_verbs")}


# Scenarios with a failed login: servers delay the 530 (pyftpdlib 3 s, Pure-FTPd 3-6 s, seen live), longer than the
# default reply timeout; the recorder waits this long for each reply there.
SCENARIO_TIMEOUTS = {name: 15.0 for name in ("wrong_pass_then_pass", "failed_login_then_login",
                                              "three_failed_logins", "failed_logins_then_login",
                                              "user_without_name")}


def prepare_root(scenario, root):
    """Creates the files SCENARIO_FILES names for the scenario in the server's root."""
    create_files(SCENARIO_FILES.get(scenario, {}), root)


def create_files(files, root):
    """Creates files (name -> size, sparse) in the server's root."""
    for name, size in files.items():
        path = os.path.join(root, name)
        with open(path, "wb") as f:
            f.truncate(size)
        os.chmod(path, 0o644)


class Exchange:
    """One command (None for the greeting), the reply codes it got, and the exact bytes of those replies."""

    def __init__(self, command):
        self.command = command
        self.codes = []
        self.raw = b""
        self.data = b""  # what came over the data connection, if any
        self.note = None  # "timeout" / "closed" when no complete reply came

    def __repr__(self):
        return f"Exchange({self.command!r}, {self.codes}, note={self.note!r})"


class Recording:
    def __init__(self):
        self.exchanges = []

    @property
    def raw(self):
        return b"".join(e.raw for e in self.exchanges)

    def codes(self):
        return [(e.command, list(e.codes)) for e in self.exchanges]

    def entries(self):
        """The exchanges as answers.json holds them: {"command": line or "<connect>", "codes": [...]}, with "note"
        where no complete reply came."""
        entries = []
        for e in self.exchanges:
            entry = {"command": e.command if e.command is not None else "<connect>", "codes": list(e.codes)}
            if e.note:
                entry["note"] = e.note
            entries.append(entry)
        return entries


class _Control:
    """Reads whole replies (RFC 959 §4.2: a multi-line reply ends with a line 'ddd ' of the same code)."""

    def __init__(self, sock, timeout):
        self.sock = sock
        self.timeout = timeout
        self.buffer = b""
        self.closed = False
        self._looked_past_deadline = False

    def _fill(self, deadline):
        # Past the deadline the socket is still looked at once, briefly: bytes that arrived while this thread was
        # not running (a loaded machine) are no timeout. Once only: a peer that trickles bytes without ending its
        # reply still times out.
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            if self._looked_past_deadline:
                raise TimeoutError
            self._looked_past_deadline = True
            remaining = 0.005
        self.sock.settimeout(remaining)
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            raise TimeoutError from None
        except ssl.SSLError as e:
            raise self._tls_failed(e) from None
        if not chunk:
            self.closed = True
            raise ConnectionError("server closed the control connection")
        self.buffer += chunk

    def send(self, data):
        try:
            self.sock.sendall(data)
        except ssl.SSLError as e:
            raise self._tls_failed(e) from None

    def _tls_failed(self, error):
        # TLS broke on the control connection: vsftpd 3.0.3 writes its "500 OOPS" in the clear on a protected
        # control connection when a data connection's TLS fails, then ends the session (walk 11701, vsftpd-tls).
        # Whatever it said is lost inside the TLS layer; the session is over either way.
        self.closed = True
        return ConnectionError(f"TLS on the control connection failed: {error}")

    def read_reply(self):
        """(code, raw bytes of the whole reply). Raises TimeoutError / ConnectionError."""
        deadline = time.monotonic() + self.timeout
        self._looked_past_deadline = False
        pos = 0
        first_code = None
        while True:
            end = self.buffer.find(b"\n", pos)
            if end < 0:
                self._fill(deadline)
                continue
            line = self.buffer[pos:end + 1]
            pos = end + 1
            m = _REPLY_LINE.match(line)
            if first_code is None:
                if not m:
                    continue  # not a reply start; keep it in the raw bytes
                first_code = m.group(1)
                if m.group(2) == b" ":
                    break
            elif m and m.group(1) == first_code and m.group(2) == b" ":
                break
        raw, self.buffer = self.buffer[:pos], self.buffer[pos:]
        return int(first_code), raw

    def wait_for_bytes(self, seconds):
        """Returns once a byte not yet read as a reply is here, or after `seconds`."""
        if self.buffer or self.closed:
            return
        self._looked_past_deadline = False
        try:
            self._fill(time.monotonic() + seconds)
        except (TimeoutError, ConnectionError):
            pass

    def read_extra_reply(self, grace):
        """A reply that arrives within `grace` seconds (or is already buffered), or None. A command gets one final
        reply, but ProFTPD 1.3.8 answers some commands before login with two 530s (RNTO, SITE CHMOD): read as the
        next command's reply, the second one would shift every answer after it by one."""
        if self.closed:
            return None
        saved, self.timeout = self.timeout, grace
        try:
            return self.read_reply()
        except (TimeoutError, ConnectionError):
            return None
        finally:
            self.timeout = saved


def _data_address(code, text, control_host):
    """Where to connect for a 227 (h1,h2,h3,h4,p1,p2) or 229 (|||port|) reply; None if unreadable."""
    if code == 227:
        m = re.search(rb"(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)", text)
        if not m:
            return None
        n = [int(x) for x in m.groups()]
        return "%d.%d.%d.%d" % tuple(n[:4]), n[4] * 256 + n[5]
    if code == 229:
        m = re.search(rb"\((.)\1\1(\d+)\1\)", text)
        return (control_host, int(m.group(2))) if m else None
    return None


def _read_all(sock, timeout):
    sock.settimeout(timeout)
    chunks = []
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    except (socket.timeout, OSError):
        pass
    return b"".join(chunks)


def _tls_context():
    """TLS for a test server's self-signed certificate: encrypted, not authenticated."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def record_session(host, port, commands, upload_data=b"uploaded by ftpwire's recorder\r\n", timeout=5.0,
                   variables=None, auth_ssl_protects_data=False):
    """Connect, record the greeting, send each command line, record every reply. Stops early when the
    server closes the connection or does not answer within `timeout` seconds. After "AUTH TLS" (or SSL) answered
    234 the control connection goes on in TLS (RFC 4217 §4), and what is recorded is the plain text inside; after
    "PROT P" answered 200 the data connections are TLS too (§9), from the transfer's 125/150 on.
    auth_ssl_protects_data: the server protects the data connections from an accepted "AUTH SSL" (or "AUTH TLS-P")
    on, as the drafts before RFC 4217 had it (servers.Server.auth_ssl_protects_data), until a PROT C."""
    variables = variables or {}
    rec = Recording()
    sock = socket.create_connection((host, port), timeout=timeout)
    control = _Control(sock, timeout)
    data_sock = None
    listener = None  # the socket "{active}" (PORT) and "{eprt}" (EPRT) name, listening once a command line used it
    passive_address = None  # where the last 227/229 said to connect
    tls = None  # the TLS context once AUTH succeeded
    data_protected = False  # PROT P answered 200 (PROT C: clear again)

    def close_data():
        nonlocal data_sock
        if data_sock is not None:
            data_sock.close()
            data_sock = None

    def take_reply(exchange):
        code, raw = control.read_reply()
        exchange.codes.append(code)
        exchange.raw += raw
        return code, raw

    def take_extra_replies(exchange):
        # Replies after the final one belong to this command too (none, from a server that keeps to RFC 959).
        while (extra := control.read_extra_reply(EXTRA_REPLY_GRACE)) is not None:
            exchange.codes.append(extra[0])
            exchange.raw += extra[1]

    def open_data(code, raw):
        # The data connection to the port a 227/229 names, opened right away as ftplib does; it replaces any other.
        nonlocal data_sock, passive_address
        close_data()
        address = passive_address = _data_address(code, raw, host)
        if address is not None:
            try:
                data_sock = socket.create_connection(address, timeout=timeout)
            except OSError:
                data_sock = None

    try:
        greeting = Exchange(None)
        rec.exchanges.append(greeting)
        code, _ = take_reply(greeting)
        while code < 200:  # 120 "ready in nnn minutes" before the 220
            code, _ = take_reply(greeting)
        last_user_code = None
        transfer_running = False  # the command before started a transfer and left it running for an "&" line
        for index, template in enumerate(commands):
            during_transfer = template[:1] in ("&", "!") and transfer_running
            data_closed_first = during_transfer and template.startswith("!")
            if template[:1] in ("&", "!"):  # after a refused transfer, an ordinary command
                template = template[1:]
            transfer_running = False
            next_during_transfer = index + 1 < len(commands) and commands[index + 1][:1] in ("&", "!")
            if template.startswith("+"):  # "+NLST": the passive listener of the last 227/229 again
                template = template[1:]
                if data_sock is None and passive_address is not None:
                    try:
                        data_sock = socket.create_connection(passive_address, timeout=timeout)
                    except OSError:
                        data_sock = None  # the server closed it: the command shows what it does then
            if template.startswith("?"):  # "?PASS ...": only if USER got 331, as a client does (230 needs none)
                if last_user_code != 331:
                    continue
                template = template[1:]
            names_listener = "{active}" in template or "{eprt}" in template
            if names_listener and listener is None:
                listener = socket.create_server((host, 0))
                listener.settimeout(min(timeout, 2.0))
            active = eprt = None
            if listener is not None:
                address, port_number = listener.getsockname()[:2]
                active = ",".join(address.split(".") + [str(port_number >> 8), str(port_number & 0xFF)])
                eprt = "|1|%s|%d|" % (address, port_number)  # RFC 2428 §2: IPv4 is protocol 1
            line = template.format(**variables, active=active, eprt=eprt)
            if names_listener:  # connections to the listener from an earlier PORT/EPRT are not this one's
                listener.setblocking(False)
                try:
                    while True:
                        listener.accept()[0].close()
                except OSError:
                    pass
                listener.settimeout(min(timeout, 2.0))
            exchange = Exchange(line)
            rec.exchanges.append(exchange)
            verb = line.split(" ", 1)[0].upper()
            argument = line.split(" ", 1)[-1].strip().upper()  # the verb itself when there is none
            try:
                if data_closed_first:
                    close_data()
                    control.wait_for_bytes(DATA_CLOSE_WAIT)
                control.send(line.encode("latin-1") + b"\r\n")
                if during_transfer:
                    # The transfer's data is read now (a server may answer only as the transfer moves on), then
                    # the replies: this command's and the transfer's final one, in either order.
                    if data_sock is not None:
                        _read_all(data_sock, timeout)
                    close_data()
                    finals = 0
                    try:
                        while finals < 2:
                            code, raw = take_reply(exchange)
                            finals += code >= 200
                            if code in (227, 229):  # a data port set up during the transfer: for the next one
                                open_data(code, raw)
                        take_extra_replies(exchange)
                    except TimeoutError:
                        if finals == 0:
                            raise
                        exchange.note = "one final reply"  # the transfer ended without one, or the command had none
                    continue
                code, raw = take_reply(exchange)
                if verb == "AUTH" and code == 234 and tls is None:
                    tls = _tls_context()
                    control.sock = tls.wrap_socket(control.sock)
                    if auth_ssl_protects_data and argument in ("SSL", "TLS-P"):
                        data_protected = True
                elif verb == "PROT" and code == 200:
                    # RFC 4217 §9 defines C and P for TLS. A server that accepts S or E protects the data connections
                    # as for P (Pure-FTPd 1.0.50: "200 Protection level E not understood. Fallback to "private"";
                    # random walk 12100, where the recorder then connected in the clear and the server closed the
                    # session); only C is clear.
                    data_protected = argument.upper() != "C"
                elif verb == "CCC" and code == 200 and tls is not None:
                    control.sock = control.sock.unwrap()  # RFC 4217 §5: both sides close TLS, the socket stays
                    tls = None
                if code in (227, 229):
                    open_data(code, raw)
                elif verb in ("PORT", "EPRT") and code < 300 and names_listener:
                    close_data()  # the server connects to the recorder's listener from now on
                    passive_address = None  # and a "+" line has no passive listener to go back to
                elif code < 200:  # 125/150: a transfer started
                    if data_sock is None and listener is not None:  # PORT/EPRT: the server connects to us
                        try:
                            data_sock, _ = listener.accept()
                            data_sock.settimeout(timeout)
                        except OSError:
                            data_sock = None
                    if data_sock is not None and data_protected:
                        try:
                            data_sock = _tls_context().wrap_socket(data_sock)
                        except OSError:  # ssl.SSLError too: the server gave up the connection (pyftpdlib, seen)
                            close_data()
                    if next_during_transfer:  # left running for the next line ("&", "!"), which reads its replies
                        transfer_running = True
                        continue
                    if verb in ("STOR", "STOU", "APPE"):
                        if data_sock is not None:
                            try:
                                data_sock.sendall(upload_data)
                            except OSError:  # the server gave up the data connection: its reply says how
                                pass
                    elif data_sock is not None:
                        exchange.data = _read_all(data_sock, timeout)
                    no_data_connection = data_sock is None
                    close_data()
                    if no_data_connection:  # some servers wait for a PASV/PORT that never comes
                        control.timeout = min(timeout, 2.0)
                    try:
                        while code < 200:
                            code, raw = take_reply(exchange)
                    finally:
                        control.timeout = timeout
                # A refused transfer leaves the data connection as it is: whether the server still listens for
                # the next transfer is what scenarios like pasv_then_refused_retr record.
                if verb == "USER":
                    last_user_code = code
                take_extra_replies(exchange)
            except TimeoutError:
                exchange.note = "timeout"
                if not exchange.codes:
                    break  # the server went silent: stop
                # a preliminary reply with no final one: go on, the next command shows what state it is in
            except ConnectionError:
                exchange.note = "closed"
                break
        # Whatever arrived after the last complete reply (normally nothing) belongs to the recording too.
        if control.buffer and rec.exchanges:
            rec.exchanges[-1].raw += control.buffer
            control.buffer = b""
    finally:
        close_data()
        if listener is not None:
            listener.close()
        control.sock.close()
    return rec


def record_on(srv, commands, timeout=5.0):
    """record_session against a running servers.Server: its address, its login as {user} and {password}, and
    whether it protects data connections after AUTH SSL."""
    return record_session(srv.host, srv.port, commands, timeout=timeout,
                          variables={"user": srv.user, "password": srv.password},
                          auth_ssl_protects_data=srv.auth_ssl_protects_data)


LOGIN = ["USER {user}", "?PASS {password}"]  # no PASS when USER is answered 230 (vsftpd anonymous)

# name -> (description, command lines). Every session starts from a fresh server and a fresh root (see
# servers.py). Paths are relative to the login directory: hello.txt, upload/, upload/rename-me.txt.
SCENARIOS = {
    "normal_session": (
        "a clean session: login, features, listings over EPSV and PASV, metadata, directory and rename "
        "operations, a download and an upload",
        LOGIN + ["FEAT", "SYST", "PWD", "TYPE I", "EPSV", "LIST", "PASV", "LIST", "SIZE hello.txt",
                 "MDTM hello.txt", "PASV", "RETR hello.txt", "CWD upload", "PASV", "STOR new.txt",
                 "MKD newdir", "RMD newdir", "RNFR rename-me.txt", "RNTO renamed.txt", "DELE renamed.txt",
                 "CDUP", "STAT", "HELP", "NOOP", "QUIT"]),
    "pass_before_user": (
        "PASS as the first command, then a proper login",
        ["PASS {password}"] + LOGIN + ["QUIT"]),
    "pass_when_logged_in": (
        "PASS again after the login succeeded (vsftpd: after USER anonymous was answered 230)",
        LOGIN + ["PASS {password}", "QUIT"]),
    "rnto_without_rnfr": (
        "RNTO with no RNFR before it",
        LOGIN + ["RNTO upload/renamed.txt", "QUIT"]),
    "missing_arguments_before_login": (
        "commands without the argument their syntax requires, and with one they take none of, before the login: "
        "pyftpdlib checks the syntax first (501), the others the login (530) but for the commands they take before "
        "it (TYPE, OPTS, FEAT)",
        ["RETR", "SITE", "TYPE", "OPTS", "PORT", "PWD x", "FEAT x"] + LOGIN + ["QUIT"]),
    "missing_arguments": (
        "commands without the argument their syntax requires, after the login (argument_syntax), and RNTO alone "
        "between RNFR and RNTO: does the refused RNTO drop the RNFR?",
        LOGIN + ["RETR", "STOR", "APPE", "DELE", "MKD", "RMD", "CWD", "SIZE", "MDTM", "TYPE", "STRU", "MODE", "PORT",
                 "EPRT", "ALLO", "REST", "SITE", "OPTS", "RNFR upload/rename-me.txt", "RNTO",
                 "RNTO upload/renamed.txt", "QUIT"]),
    "ascii_rest_then_rest_alone_then_retr": (
        "REST 4 in the ASCII type, REST without a marker, then a download: does the refused REST drop the marker "
        "before it? (Pure-FTPd refuses a restart in ASCII, so serving the download says it did; found by a random "
        "walk, seed 9526)",
        LOGIN + ["TYPE A", "REST 4", "REST", "PASV", "RETR hello.txt", "QUIT"]),
    "unexpected_arguments": (
        "commands that take no argument sent with one, after the login; QUIT x last (pyftpdlib refuses it, the others "
        "take it and close the connection)",
        LOGIN + ["PWD x", "CDUP x", "XPWD x", "XCUP x", "FEAT x", "SYST x", "NOOP x", "ABOR x", "PASV x", "LPSV x",
                 "REIN x", "CCC x", "QUIT x", "NOOP", "QUIT"]),
    "retr_without_pasv": (
        "RETR with no PASV/EPSV/PORT/EPRT before it",
        LOGIN + ["TYPE I", "RETR hello.txt", "QUIT"]),
    "retr_without_pasv_then_commands": (
        "RETR with no data port, then NOOP, RNTO without RNFR, PASV and RETR: pyftpdlib answers 150 and queues the "
        "data for a data connection, and answers the commands after it as with no transfer",
        LOGIN + ["TYPE I", "RETR hello.txt", "NOOP", "RNTO upload/renamed.txt", "PASV", "RETR hello.txt", "QUIT"]),
    "list_without_pasv": (
        "LIST with no PASV/EPSV/PORT/EPRT before it",
        LOGIN + ["LIST", "QUIT"]),
    "stor_without_pasv": (
        "STOR with no PASV/EPSV/PORT/EPRT before it",
        LOGIN + ["TYPE I", "STOR upload/x.txt", "QUIT"]),
    "pbsz_before_auth": (
        "PBSZ after login but without AUTH (RFC 4217 §9: PBSZ needs a completed AUTH)",
        LOGIN + ["PBSZ 0", "QUIT"]),
    "auth_tls_without_tls": (
        "AUTH TLS, PBSZ, PROT after login on a server without TLS configured",
        LOGIN + ["AUTH TLS", "PBSZ 0", "PROT P", "QUIT"]),
    "prot_before_pbsz": (
        "PROT without PBSZ (RFC 4217 §9: PROT needs PBSZ)",
        LOGIN + ["PROT P", "QUIT"]),
    "rnfr_noop_rnto": (
        "NOOP between RNFR and RNTO (RFC 959 wants RNTO immediately after RNFR)",
        LOGIN + ["RNFR upload/rename-me.txt", "NOOP", "RNTO upload/renamed.txt", "QUIT"]),
    "rnfr_then_other_command": (
        "PWD between RNFR and RNTO",
        LOGIN + ["RNFR upload/rename-me.txt", "PWD", "RNTO upload/renamed.txt", "QUIT"]),
    "rest_then_list": (
        "REST followed by LIST instead of RETR/STOR (RFC 959 §4.1.3)",
        LOGIN + ["TYPE I", "PASV", "REST 10", "LIST", "QUIT"]),
    "rest_then_appe": (
        "REST followed by APPE, then RETR (RFC 3659 §5.3: REST before APPE or STOU is not recommended; does the "
        "marker survive for the RETR?)",
        LOGIN + ["TYPE I", "REST 4", "PASV", "APPE upload/appended.txt", "PASV", "RETR hello.txt", "QUIT"]),
    "rest_then_stou": (
        "REST followed by STOU in the upload directory, then RETR (RFC 3659 §5.3 leaves STOU after REST undefined)",
        LOGIN + ["TYPE I", "CWD upload", "REST 4", "PASV", "STOU", "PASV", "RETR rename-me.txt", "QUIT"]),
    "pasv_noop_list": (
        "NOOP between PASV and LIST (does the server keep the passive listener?)",
        LOGIN + ["PASV", "NOOP", "LIST", "QUIT"]),
    "commands_before_login": (
        "commands that need a login, sent before USER/PASS",
        ["PWD", "CWD upload", "LIST", "PASV", "EPSV", "PORT 127,0,0,1,4,1", "RETR hello.txt", "SIZE hello.txt",
         "MDTM hello.txt", "MKD x", "RNFR hello.txt", "REST 0", "TYPE I", "MODE S", "STRU F", "ALLO 10",
         "ACCT x", "AUTH TLS", "PBSZ 0", "PROT P", "OPTS UTF8 ON", "FEAT", "SYST", "STAT", "SITE HELP", "NOOP",
         "HELP", "QUIT"]),
    "epsv_all_then_pasv": (
        "after EPSV ALL (RFC 2428 §3) PASV, PORT and EPRT must be refused; EPSV still works",
        LOGIN + ["EPSV ALL", "PASV", "PORT 127,0,0,1,4,1", "EPRT |1|127.0.0.1|1025|", "EPSV", "QUIT"]),
    "host_after_user": (
        "HOST after USER (RFC 7151 §3: HOST must come before USER)",
        ["USER {user}", "HOST 127.0.0.1", "?PASS {password}", "QUIT"]),
    "host_before_user": (
        "HOST before USER, the order RFC 7151 asks for",
        ["HOST 127.0.0.1"] + LOGIN + ["QUIT"]),
    "lowercase_verbs": (
        "every verb in lower case (RFC 959 §5.3: verbs are case-insensitive)",
        ["user {user}", "?pass {password}", "syst", "pwd", "type i", "rnfr upload/rename-me.txt",
         "rnto upload/renamed.txt", "noop", "quit"]),
    "user_after_login": (
        "a second USER after a successful login",
        LOGIN + ["USER {user}", "?PASS {password}", "PWD", "QUIT"]),
    "pasv_then_user": (
        "a data port set up, then a second USER (RFC 959 §4.1.1: transfer parameters are unchanged), then a "
        "download",
        LOGIN + ["PASV", "USER {user}", "?PASS {password}", "RETR hello.txt", "QUIT"]),
    "rnfr_then_list": (
        "a listing between RNFR and RNTO, the data port set up before RNFR",
        LOGIN + ["PASV", "RNFR upload/rename-me.txt", "LIST", "RNTO upload/renamed.txt", "QUIT"]),
    "rnfr_then_list_then_pwd": (
        "a listing between RNFR and RNTO with no data port, then other commands, RNTO, and RNFR again",
        LOGIN + ["RNFR upload/rename-me.txt", "LIST", "PWD", "RNFR upload/rename-me.txt", "NOOP",
                 "RNTO upload/renamed.txt", "PWD", "QUIT"]),
    "host_after_login": (
        "HOST after the login (RFC 7151 §3: HOST must come before USER)",
        LOGIN + ["HOST 127.0.0.1", "QUIT"]),
    "other_user_after_login": (
        "USER naming another user while logged in (RFC 959 §4.1.1 allows changing the user), then a command "
        "that needs a login",
        LOGIN + ["USER someone-else", "PWD", "QUIT"]),
    "ccc_without_auth": (
        "CCC without AUTH (RFC 4217 §5: 533 when the control connection is not protected)",
        LOGIN + ["CCC", "QUIT"]),
    "site_before_login": (
        "SITE subcommands before USER/PASS (RFC 959 §5.4 lists 530 for SITE): help, then ones that touch files",
        ["SITE HELP", "SITE CHMOD 644 hello.txt", "SITE UMASK 022", "SITE IDLE 60", "site help", "QUIT"]),
    "stat_path_before_login": (
        "STAT with a path before USER/PASS (RFC 959 §5.4 lists 530 for STAT; STAT alone is the server's status, "
        "RFC 959 §4.1.3), then after the login",
        ["STAT", "STAT hello.txt", "STAT upload", "stat hello.txt", "STAT -la"] + LOGIN + ["STAT hello.txt",
                                                                                         "QUIT"]),
    "pasv_then_refused_retr": (
        "a download refused (no such file) after PASV, then another without a new PASV: does the server keep its "
        "passive listener?",
        LOGIN + ["TYPE I", "PASV", "RETR no-such-file.txt", "RETR hello.txt", "QUIT"]),
    "pasv_then_refused_mlsd": (
        "a machine listing refused (no such directory) after PASV, then a download without a new PASV: ProFTPD "
        "keeps its passive listener after a refused MLSD, not after a refused RETR",
        LOGIN + ["TYPE I", "PASV", "MLSD no-such-dir", "RETR hello.txt", "QUIT"]),
    "pasv_then_refused_nlst": (
        "a name listing refused (no such directory) after PASV, then a download without a new PASV (ProFTPD "
        "answers it nothing), then PASV and the download",
        LOGIN + ["TYPE I", "PASV", "NLST no-such-dir", "RETR hello.txt", "PASV", "RETR hello.txt", "QUIT"]),
    "pasv_then_bad_port": (
        "PASV, then a PORT (and after another PASV an EPRT) the server refuses as a syntax error (RFC 959 §4.2.1 "
        "x0z), then a download: is the passive listener still there?",
        LOGIN + ["TYPE I", "PASV", "PORT 1,2,3", "RETR hello.txt", "PASV", "EPRT |1|x|", "RETR hello.txt",
                 "QUIT"]),
    "epsv_all_then_refused_pasv": (
        "EPSV ALL, EPSV, then a PASV the server must refuse (RFC 2428 §3), then a download over the EPSV port",
        LOGIN + ["TYPE I", "EPSV ALL", "EPSV", "PASV", "RETR hello.txt", "QUIT"]),
    "epsv_all_then_retr": (
        "EPSV ALL, then a download with no EPSV before it (RFC 2428 §3: after EPSV ALL only EPSV sets up a data "
        "connection)",
        LOGIN + ["TYPE I", "EPSV ALL", "RETR hello.txt", "QUIT"]),
    "port_then_epsv_all_then_nlst": (
        "PORT, then EPSV ALL (RFC 2428 §4 says nothing of a data port set up before it), then a listing: ProFTPD "
        "serves none through the PORT's address",
        LOGIN + ["PORT {active}", "EPSV ALL", "NLST", "QUIT"]),
    "epsv_all_then_refused_retr": (
        "EPSV ALL, EPSV, a download the server refuses before any data connection (a missing file), then PASV: does "
        "EPSV ALL stand (RFC 2428 §4: it lasts the session)?",
        LOGIN + ["TYPE I", "EPSV ALL", "EPSV", "RETR missing.txt", "PASV", "QUIT"]),
    "epsv_all_then_refused_nlst": (
        "EPSV ALL, EPSV, a name listing the server refuses before any data connection (a missing file), then PASV: "
        "ProFTPD ends EPSV ALL with a refused RETR, not with this refusal",
        LOGIN + ["TYPE I", "EPSV ALL", "EPSV", "NLST missing.txt", "PASV", "QUIT"]),
    "epsv_all_then_refused_mlsd": (
        "EPSV ALL, EPSV, a machine listing the server refuses before any data connection (no such directory), then "
        "PASV: ProFTPD ends EPSV ALL with a refused RETR, not with this refusal",
        LOGIN + ["TYPE I", "EPSV ALL", "EPSV", "MLSD no-such-dir", "PASV", "QUIT"]),
    "epsv_all_then_transfer_then_pasv": (
        "EPSV ALL, EPSV, a download that completes, then PASV, PORT, EPRT and EPSV: does EPSV ALL outlast a "
        "transfer (RFC 2428 §4: it lasts the session)?",
        LOGIN + ["TYPE I", "EPSV ALL", "EPSV", "RETR hello.txt", "PASV", "PORT 127,0,0,1,4,1",
                 "EPRT |1|127.0.0.1|1025|", "EPSV", "QUIT"]),
    "epsv_all_then_data_closed_then_pasv": (
        "EPSV ALL, EPSV, a download whose data connection the client closes (the transfer fails: 426), then NOOP "
        "and PASV: does EPSV ALL outlast a failed transfer? (ProFTPD ends it then; a walk, seed 10709: STAT during "
        "an ASCII download, 426, then PORT 200)",
        LOGIN + ["TYPE I", "EPSV ALL", "EPSV", "RETR big.bin", "!NOOP", "PASV", "QUIT"]),
    "epsv_all_then_abor": (
        "EPSV ALL, ABOR with no transfer running, then PASV: does EPSV ALL stand (RFC 2428 §4: it lasts the "
        "session)?",
        LOGIN + ["EPSV ALL", "ABOR", "PASV", "QUIT"]),
    "rein_then_pwd": (
        "REIN (RFC 959 §4.1.1) then a command that needs a login",
        LOGIN + ["REIN", "PWD", "QUIT"]),
    "unlisted_verbs": (
        "verbs outside ftpwire's command table (CLNT, XYZZ, MFMT) before the login, after it, between RNFR and RNTO, "
        "between REST and RETR and during a download (sequencer::check_unlisted): vsftpd and Pure-FTPd check the login "
        "before the verb (530), ProFTPD refuses anything but RNTO after RNFR (501); the RNFR and the REST stay",
        ["CLNT ftpwire", "XYZZ", "MFMT 20200101000000 hello.txt"] + LOGIN +
        ["CLNT ftpwire", "XYZZ", "RNFR upload/rename-me.txt", "XYZZ", "CLNT ftpwire", "RNTO upload/renamed.txt",
         "TYPE I", "REST 4", "XYZZ", "PASV", "RETR hello.txt", "PASV", "RETR big.bin", "&XYZZ", "PWD", "QUIT"]),
    "unlisted_verbs_after_pasv": (
        "a verb outside ftpwire's command table between PASV and the transfer it sets up, and between PORT and its "
        "transfer (check-sequence --allow-unlisted takes such a verb to change nothing): whether the data port stays",
        LOGIN + ["TYPE I", "PASV", "XYZZ", "RETR hello.txt", "PASV", "CLNT ftpwire", "LIST", "PORT {active}", "XYZZ",
                 "NLST", "QUIT"]),
    "noop_during_transfer": (
        "NOOP while a download runs (RFC 959 §4.1.3 lists only ABOR, STAT and QUIT as urgent; clients send NOOP as a "
        "keep-alive), then PWD after it",
        LOGIN + ["TYPE I", "PASV", "RETR big.bin", "&NOOP", "PWD", "QUIT"]),
    "pwd_during_transfer": (
        "PWD while a download runs (not an urgent command: RFC 959 §4.1.3), then PWD after it",
        LOGIN + ["TYPE I", "PASV", "RETR big.bin", "&PWD", "PWD", "QUIT"]),
    "rein_during_transfer": (
        "REIN while a download runs (RFC 959 §4.1.1: REIN resets the login but lets a transfer in progress complete), "
        "then PWD after it",
        LOGIN + ["TYPE I", "PASV", "RETR big.bin", "&REIN", "PWD", "QUIT"]),
    "quit_during_transfer": (
        "QUIT while a download runs (RFC 959 §4.1.3: QUIT during a transfer closes the connection after it "
        "completes), then PWD in case the session goes on",
        LOGIN + ["TYPE I", "PASV", "RETR big.bin", "&QUIT", "PWD", "QUIT"]),
    "abor_during_transfer": (
        "ABOR while a download runs (RFC 959 §4.1.3: the transfer's 426, then ABOR's 226), then PWD",
        LOGIN + ["TYPE I", "PASV", "RETR big.bin", "&ABOR", "PWD", "QUIT"]),
    "data_closed_then_abor": (
        "a download whose data connection the client closes, then ABOR (Python ftplib's abort() after leaving "
        "retrbinary early): the transfer's failure, then ABOR's answer; Pure-FTPd ends the transfer with its "
        "statistics line under 150",
        LOGIN + ["TYPE I", "PASV", "RETR big.bin", "!ABOR", "NOOP", "QUIT"]),
    "data_closed_then_noop": (
        "a download whose data connection the client closes, then NOOP: the transfer's failure comes unasked",
        LOGIN + ["TYPE I", "PASV", "RETR big.bin", "!NOOP", "NOOP", "QUIT"]),
    "data_closed_then_list": (
        "a download whose data connection the client closes, then NOOP, then LIST through the same passive port "
        "(does the listener stay after a transfer the client cut short?)",
        LOGIN + ["TYPE I", "PASV", "RETR big.bin", "!NOOP", "+LIST", "QUIT"]),
    "data_closed_then_stat": (
        "a download whose data connection the client closes, then STAT (an urgent command, RFC 959 §4.1.3): the "
        "transfer's failure, then STAT's status",
        LOGIN + ["TYPE I", "PASV", "RETR big.bin", "!STAT", "NOOP", "QUIT"]),
    "epsv_all_then_rein": (
        "EPSV ALL, then REIN and a new login, then PASV (RFC 2428 §4: only a new session ends EPSV ALL)",
        LOGIN + ["EPSV ALL", "REIN", "USER {user}", "?PASS {password}", "PASV", "QUIT"]),
    "port_then_pasv": (
        "PORT (to a port where nothing listens), then PASV, then a download: which data set-up does the transfer "
        "use (RFC 959 §4.1.2: the last one)?",
        LOGIN + ["TYPE I", "PORT 127,0,0,1,4,1", "PASV", "RETR hello.txt", "QUIT"]),
    "epsv_then_port": (
        "EPSV, then PORT (to a port where nothing listens), then a download, then another without a new set-up: "
        "does PORT replace the passive listener, and does the listener survive?",
        LOGIN + ["TYPE I", "EPSV", "PORT 127,0,0,1,4,1", "RETR hello.txt", "RETR hello.txt", "QUIT"]),
    "rnfr_missing_then_rnto": (
        "RNFR of a file that does not exist (550), then RNTO: nothing to rename",
        LOGIN + ["RNFR upload/no-such-file.txt", "RNTO upload/renamed.txt", "QUIT"]),
    "rnfr_then_failed_rnfr": (
        "RNFR of an existing file, then RNFR of a missing one (550), then RNTO: does the refused RNFR drop the "
        "first?",
        LOGIN + ["RNFR upload/rename-me.txt", "RNFR upload/no-such-file.txt", "RNTO upload/renamed.txt",
                 "RNFR upload/renamed.txt", "QUIT"]),
    "rest_then_bad_rest_then_appe": (
        "REST 4, then a REST the server refuses (negative marker), then APPE (refused while a marker is pending "
        "by pyftpdlib and ProFTPD): does the refused REST drop the first marker?",
        LOGIN + ["TYPE I", "REST 4", "REST -1", "PASV", "APPE upload/appended.txt", "PASV", "RETR hello.txt",
                 "QUIT"]),
    "rest_huge_then_retr": (
        "REST beyond the end of the file (and beyond 2^63), then RETR, then RETR again with a new PASV: where is "
        "an impossible marker refused, and does it survive?",
        LOGIN + ["TYPE I", "REST 99999999999999999999", "REST 1000000", "PASV", "RETR hello.txt", "PASV",
                 "RETR hello.txt", "QUIT"]),
    "rest_size_mdtm_appe": (
        "REST, then SIZE and MDTM (as GUI clients check the remote file), then APPE (refused while a marker is "
        "pending by pyftpdlib and ProFTPD): does the marker survive SIZE and MDTM?",
        LOGIN + ["TYPE I", "REST 4", "SIZE hello.txt", "MDTM hello.txt", "PASV", "APPE upload/appended.txt", "PASV",
                 "RETR hello.txt", "QUIT"]),
    "abor_without_transfer": (
        "ABOR with no transfer and no data port, then ABOR after a listing ended, then PWD",
        LOGIN + ["ABOR", "PASV", "LIST", "ABOR", "PWD", "QUIT"]),
    "pasv_abor_list": (
        "PASV (the data connection opened, as ftplib does), ABOR before any transfer, then LIST without a new "
        "PASV: does ABOR close the passive data connection (RFC 959 §4.1.3)?",
        LOGIN + ["PASV", "ABOR", "LIST", "QUIT"]),
    "rest_not_a_number_then_retr": (
        "REST with a marker that is not a number (RFC 3659 §5.3: 1*DIGIT), then a download in the ASCII type",
        LOGIN + ["REST abc", "PASV", "RETR hello.txt", "QUIT"]),
    "port_abor_list": (
        "PORT to a port the recorder listens on, ABOR before any transfer, then LIST without a new PORT: whether "
        "ABOR forgets the PORT's address, as some servers close a passive listener then",
        LOGIN + ["PORT {active}", "ABOR", "LIST", "QUIT"]),
    "port_retr_retr": (
        "PORT to a port the recorder listens on, then two downloads: whether one PORT serves more than one transfer "
        "(RFC 959 §3.2-§3.3: a port specification holds until a command changes it)",
        LOGIN + ["TYPE I", "PORT {active}", "RETR hello.txt", "RETR hello.txt", "QUIT"]),
    "port_list_missing_then_nlst": (
        "PORT to a port the recorder listens on, a listing of a missing directory (ProFTPD opens the data "
        "connection, 150, then refuses it, 450), then NLST without a new PORT: whether a transfer that ended "
        "refused forgets the PORT's address",
        LOGIN + ["PORT {active}", "LIST missing-dir", "NLST", "QUIT"]),
    "pasv_list_missing_then_nlst": (
        "PASV, a listing of a missing directory, then NLST through the same passive port: whether a transfer that "
        "ended refused closes the passive listener",
        LOGIN + ["PASV", "LIST missing-dir", "+NLST", "QUIT"]),
    "pasv_nlst_nlst": (
        "PASV, two listings, the client connecting to the same passive port again for the second: whether one PASV "
        "serves more than one transfer",
        LOGIN + ["PASV", "NLST", "+NLST", "NOOP", "QUIT"]),
    "epsv_nlst_nlst": (
        "EPSV, two listings, the client connecting to the same port again for the second: whether one EPSV serves "
        "more than one transfer",
        LOGIN + ["EPSV", "NLST", "+NLST", "NOOP", "QUIT"]),
    "port_then_refused_retr": (
        "PORT to a port the recorder listens on, a RETR refused before its data connection (a missing file), then "
        "RETR without a new PORT: whether the refusal forgets the PORT's address, as some servers close a passive "
        "listener then",
        LOGIN + ["TYPE I", "PORT {active}", "RETR missing.txt", "RETR hello.txt", "QUIT"]),
    "stat_during_upload": (
        "STAT while an upload runs (RFC 959 §4.1.3: STAT during a transfer gives its status), then PWD",
        LOGIN + ["TYPE I", "PASV", "STOR upload/streamed.bin", "&STAT", "PWD", "QUIT"]),
    "pasv_cwd_list": (
        "CWD between PASV and LIST, then CDUP between PASV and NLST: does changing directory keep the data port?",
        LOGIN + ["PASV", "CWD upload", "LIST", "PASV", "CDUP", "NLST", "QUIT"]),
    "pasv_type_mode_stru_transfer": (
        "TYPE between PASV and RETR, MODE S and STRU F between PASV and LIST: does setting transfer parameters keep "
        "the data port?",
        LOGIN + ["PASV", "TYPE I", "RETR hello.txt", "PASV", "MODE S", "STRU F", "LIST", "QUIT"]),
    "rnfr_help_stat_rnto": (
        "HELP and STAT between RNFR and RNTO (ProFTPD lets exactly these through), then RNTO",
        LOGIN + ["RNFR upload/rename-me.txt", "HELP", "STAT", "RNTO upload/renamed.txt", "QUIT"]),
    "noop_between_user_and_pass": (
        "NOOP between USER and PASS (clients' keep-alive while the user types the password), then PASS and PWD",
        ["USER {user}", "NOOP", "?PASS {password}", "PWD", "QUIT"]),
    "acct_between_user_and_pass": (
        "ACCT between USER and PASS (RFC 959 §6: ACCT answers a 332 to PASS), then PASS and PWD",
        ["USER {user}", "ACCT x", "?PASS {password}", "PWD", "QUIT"]),
    "wrong_pass_then_pass": (
        "a wrong password (530), then the right one without a new USER (RFC 959 §6: a failed login goes back to "
        "USER), then PWD",
        ["USER {user}", "?PASS wrong-password", "?PASS {password}", "PWD", "QUIT"]),
    "failed_login_then_login": (
        "a failed login (unknown user, any password), then a proper login and PWD",
        ["USER no-such-user", "PASS wrong-password"] + LOGIN + ["PWD", "QUIT"]),
    "three_failed_logins": (
        "three wrong passwords, each after its USER, then NOOP: ProFTPD (MaxLoginAttempts) and pyftpdlib "
        "(max_login_attempts) close the connection after the third",
        ["USER {user}", "?PASS wrong-1", "USER {user}", "?PASS wrong-2", "USER {user}", "?PASS wrong-3", "NOOP",
         "QUIT"]),
    "failed_logins_then_login": (
        "two wrong passwords, a login, REIN, a third wrong password, then NOOP: does the login start the count "
        "again?",
        ["USER {user}", "?PASS wrong-1", "USER {user}", "?PASS wrong-2"] + LOGIN +
        ["REIN", "USER {user}", "?PASS wrong-3", "NOOP", "QUIT"]),
    "user_without_name": (
        "USER without a name (RFC 959 §4.1.1 USER needs one), then PASS and NOOP: Pure-FTPd takes it for an "
        "anonymous login, refuses it and closes the connection",
        ["USER", "PASS wrong-1", "NOOP", "QUIT"]),
    "quit_after_user": (
        "QUIT between USER and PASS, then PASS in case the session goes on",
        ["USER {user}", "QUIT", "?PASS {password}"]),
    "rest_zero_then_appe": (
        "REST 0 (RFC 3659 §5.3: no restart), then APPE, which pyftpdlib and ProFTPD refuse while a marker is "
        "pending; then REST 4 and REST 0 before an APPE to another file: does REST 0 replace the marker?",
        LOGIN + ["TYPE I", "REST 0", "PASV", "APPE upload/appended.txt", "REST 4", "REST 0", "PASV",
                 "APPE upload/appended-2.txt", "QUIT"]),
    "ascii_rest_then_retr": (
        "REST in the ASCII type (RFC 959 §3.1.1.1: the default), then RETR; then TYPE I and RETR again (RFC 3659 "
        "§5.1 has a restart possible in any type: which command do the servers refuse, and does the marker "
        "survive?)",
        LOGIN + ["TYPE A", "REST 4", "PASV", "RETR hello.txt", "TYPE I", "PASV", "RETR hello.txt", "QUIT"]),
    "ascii_rest_then_stor": (
        "REST with no TYPE sent (ASCII, the default), then STOR; REST again, then APPE",
        LOGIN + ["REST 4", "PASV", "STOR upload/resumed.txt", "REST 4", "PASV", "APPE upload/appended.txt",
                 "QUIT"]),
    "ascii_size_then_image_size": (
        "SIZE in the ASCII type (the default; RFC 3659 §4: the size of the converted stream, §4.2: 550 where that "
        "costs too much), then after TYPE I, TYPE A, TYPE L 8 and TYPE A N: which servers refuse SIZE in ASCII?",
        LOGIN + ["SIZE hello.txt", "TYPE I", "SIZE hello.txt", "TYPE A", "SIZE hello.txt", "TYPE L 8",
                 "SIZE hello.txt", "TYPE A N", "SIZE hello.txt", "QUIT"]),
    "type_before_login_then_size": (
        "TYPE A before the login, then SIZE, TYPE A and SIZE again after it: does a TYPE sent before the login hold "
        "after it? (ProFTPD's login leaves the image type then, found by a random walk)",
        ["TYPE A"] + LOGIN + ["SIZE hello.txt", "TYPE A", "SIZE hello.txt", "QUIT"]),
    "ascii_rest_zero_then_retr": (
        "REST 0 in the ASCII type (RFC 3659 §5.3: a marker of zero is no restart), then RETR",
        LOGIN + ["TYPE A", "REST 0", "PASV", "RETR hello.txt", "QUIT"]),
    "image_rest_then_ascii_retr": (
        "REST in the image type, then TYPE A before the RETR: is the type judged at the REST or at the transfer?",
        LOGIN + ["TYPE I", "REST 4", "TYPE A", "PASV", "RETR hello.txt", "TYPE I", "PASV", "RETR hello.txt",
                 "QUIT"]),
    "pasv_abor_during_transfer_then_nlst": (
        "PASV, ABOR while a download runs (426, then ABOR's 226), then NLST connecting to the same passive port again: "
        "whether the listener outlives an aborted transfer, as it outlives a completed one on some servers",
        LOGIN + ["TYPE I", "PASV", "RETR big.bin", "&ABOR", "+NLST", "NOOP", "QUIT"]),
    "type_variants_then_rest": (
        "TYPE I with a second parameter (RFC 959 §4.1.2 gives IMAGE none), then TYPE L with a byte size other than 8, "
        "each after TYPE A and followed by a restart: the type each server takes them for",
        LOGIN + ["TYPE A", "TYPE I N", "REST 4", "PASV", "RETR hello.txt", "TYPE A", "TYPE L 7", "REST 4", "PASV",
                 "RETR hello.txt", "QUIT"]),
}

# The sessions recorded from the same servers with TLS allowed (servers.FAMILIES_TLS), as the families
# "<family>-tls": RFC 4217's order on the control connection, and the scenarios of SCENARIOS whose answers TLS can
# change.
TLS_SCENARIOS = {
    **{name: SCENARIOS[name] for name in ("commands_before_login", "pbsz_before_auth", "prot_before_pbsz",
                                          "ccc_without_auth", "stat_path_before_login", "unlisted_verbs")},
    "tls_missing_arguments": (
        "AUTH, PBSZ and PROT without their argument, before and after a completed AUTH TLS, and PROT with a level "
        "after PBSZ without one (rule argument_syntax with TLS)",
        ["AUTH", "PBSZ", "AUTH TLS", "PBSZ", "PROT", "PBSZ 0", "PROT", "PROT P"] + LOGIN + ["CCC x", "QUIT"]),
    "tls_login": (
        "RFC 4217's order: AUTH TLS, PBSZ 0, PROT P, then the login",
        ["AUTH TLS", "PBSZ 0", "PROT P"] + LOGIN + ["PWD", "QUIT"]),
    "tls_protected_transfers": (
        "RFC 4217's order, then a listing and a download over protected data connections (PROT P), and one in "
        "clear after PROT C",
        ["AUTH TLS", "PBSZ 0", "PROT P"] + LOGIN + ["PASV", "LIST", "TYPE I", "EPSV", "RETR hello.txt", "PROT C",
                                                   "PASV", "NLST", "QUIT"]),
    "tls_login_before_pbsz": (
        "AUTH TLS, the login, then PBSZ and PROT (RFC 4217 §4 allows the login to come between)",
        ["AUTH TLS"] + LOGIN + ["PBSZ 0", "PROT P", "PWD", "QUIT"]),
    "tls_pbsz_prot_out_of_order": (
        "PBSZ and PROT before AUTH (RFC 4217 §9: PBSZ needs AUTH), PROT before PBSZ after it (§9: PBSZ first)",
        ["PBSZ 0", "PROT P", "AUTH TLS", "PROT P", "PBSZ 0", "PROT P"] + LOGIN + ["QUIT"]),
    "tls_auth_after_login": (
        "AUTH TLS after the login (RFC 4217 §4 lets a server refuse it then), then PBSZ and PROT",
        LOGIN + ["AUTH TLS", "PBSZ 0", "PROT P", "PWD", "QUIT"]),
    "tls_auth_ssl_transfers": (
        "AUTH SSL, the name before RFC 4217, then transfers before and after PBSZ 0 and PROT C: vsftpd and ProFTPD "
        "protect the data connections from AUTH SSL on without PROT P (a client in the clear ends vsftpd's session: "
        "walk 11701), pyftpdlib keeps them in the clear, Pure-FTPd refuses AUTH SSL",
        ["AUTH SSL"] + LOGIN + ["PASV", "LIST", "PBSZ 0", "PROT C", "PASV", "NLST", "QUIT"]),
    "tls_auth_twice": (
        "a second AUTH TLS on a protected control connection",
        ["AUTH TLS", "AUTH TLS", "PBSZ 0", "QUIT"]),
    "tls_auth_after_tls_login": (
        "AUTH TLS again after a login on a protected connection: which refusal comes first, the second AUTH or the "
        "AUTH after login",
        ["AUTH TLS", "PBSZ 0", "PROT P"] + LOGIN + ["AUTH TLS", "PWD", "QUIT"]),
    "tls_ccc_then_auth": (
        "CCC twice, then AUTH TLS again, after the login",
        ["AUTH TLS", "PBSZ 0", "PROT P"] + LOGIN + ["CCC", "CCC", "AUTH TLS", "PWD", "QUIT"]),
    "tls_host_before_auth": (
        "HOST before AUTH TLS (RFC 7151 §3.2.2: the virtual host first, then AUTH, then the login)",
        ["HOST 127.0.0.1", "AUTH TLS", "PBSZ 0", "PROT P"] + LOGIN + ["PWD", "QUIT"]),
    "tls_host_after_auth": (
        "HOST after AUTH TLS, before the login, the TLS client hello naming no host (no SNI; RFC 7151 §3.2.2 has "
        "HOST after AUTH only with SNI)",
        ["AUTH TLS", "HOST 127.0.0.1", "PBSZ 0", "PROT P"] + LOGIN + ["PWD", "QUIT"]),
    "tls_user_after_tls_login": (
        "a second USER after a login on a protected connection (RFC 959 §4.1.1 flushes the account only), then "
        "PROT without PBSZ",
        ["AUTH TLS", "PBSZ 0", "PROT P"] + LOGIN + ["USER {user}", "?PASS {password}", "PROT P", "PWD", "QUIT"]),
    "tls_rein": (
        "REIN on a protected connection (RFC 4217 §13: REIN clears TLS), then AUTH, PBSZ, PROT and the login again",
        ["AUTH TLS", "PBSZ 0", "PROT P"] + LOGIN + ["REIN", "AUTH TLS", "PBSZ 0", "PROT P"] + LOGIN + ["PWD",
                                                                                                    "QUIT"]),
    "tls_rnfr_then_auth": (
        "AUTH TLS between RNFR and RNTO after the login (RFC 4217 §4: AUTH resets the session)",
        LOGIN + ["RNFR upload/rename-me.txt", "AUTH TLS", "RNTO upload/renamed.txt", "PWD", "QUIT"]),
    "tls_auth_between_user_and_pass": (
        "AUTH TLS between USER and PASS (RFC 2228 §3: an accepted AUTH has the user log in again), then PASS",
        ["USER {user}", "AUTH TLS", "PASS {password}", "PBSZ 0", "PROT P", "PWD", "QUIT"]),
    "tls_rnfr_then_pbsz_prot": (
        "PBSZ and PROT between RNFR and RNTO on a protected connection (RFC 959 §4.1.3: RNTO right after RNFR)",
        ["AUTH TLS"] + LOGIN + ["RNFR upload/rename-me.txt", "PBSZ 0", "PROT P", "RNTO upload/renamed.txt", "PWD",
                                "QUIT"]),
    "tls_rnfr_then_list_then_pbsz": (
        "a listing between RNFR and RNTO on a protected connection, then PBSZ, PWD and RNTO",
        ["AUTH TLS"] + LOGIN + ["RNFR upload/rename-me.txt", "LIST", "PBSZ 0", "PWD", "RNTO upload/renamed.txt",
                                "PWD", "QUIT"]),
    "tls_rnfr_then_ccc": (
        "CCC between RNFR and RNTO on a protected connection (RFC 959 §4.1.3: RNTO right after RNFR)",
        ["AUTH TLS"] + LOGIN + ["RNFR upload/rename-me.txt", "CCC", "PBSZ 0", "PROT C", "RNTO upload/renamed.txt",
                                "PWD", "QUIT"]),
    "rnfr_then_protection_without_auth": (
        "PBSZ, PROT and CCC between RNFR and RNTO on a connection in the clear (no AUTH before them)",
        LOGIN + ["RNFR upload/rename-me.txt", "PBSZ 0", "PROT P", "CCC", "RNTO upload/renamed.txt", "PWD", "QUIT"]),
    "tls_ccc_before_login": (
        "CCC before the login, without and with AUTH TLS before it, then after the login (RFC 4217 §6)",
        ["CCC", "AUTH TLS", "CCC"] + LOGIN + ["CCC", "PWD", "QUIT"]),
    "tls_adat_after_auth": (
        "ADAT after AUTH TLS (RFC 4217 §4.2: TLS uses no ADAT exchange), then PBSZ, PROT and the login",
        ["AUTH TLS", "ADAT dGVzdA==", "PBSZ 0", "PROT P"] + LOGIN + ["PWD", "QUIT"]),
    "tls_ccc": (
        "CCC (RFC 4217 §5) after the login: the control connection back in clear, then PBSZ, PROT and PWD",
        ["AUTH TLS", "PBSZ 0", "PROT P"] + LOGIN + ["CCC", "PBSZ 0", "PROT C", "PWD", "QUIT"]),
    "tls_type_before_login_then_size": (
        "AUTH TLS, TYPE A before the login, then SIZE, TYPE A and SIZE after it (type_before_login_then_size on the "
        "protected connection: the order of the proftpd-tls random walk that found ProFTPD's rule)",
        ["AUTH TLS", "TYPE A"] + LOGIN + ["SIZE hello.txt", "TYPE A", "SIZE hello.txt", "QUIT"]),
    "tls_epsv_all_then_refused_nlst": (
        "as epsv_all_then_refused_nlst, on a protected connection (PROT P): EPSV ALL, EPSV, a name listing refused "
        "before any data connection (a missing file), then PASV",
        ["AUTH TLS", "PBSZ 0", "PROT P"] + LOGIN + ["TYPE I", "EPSV ALL", "EPSV", "NLST missing.txt", "PASV",
                                                   "QUIT"]),
    "tls_epsv_all_then_refused_mlsd": (
        "as epsv_all_then_refused_mlsd, on a protected connection (PROT P): EPSV ALL, EPSV, a machine listing of no "
        "such directory, then PASV",
        ["AUTH TLS", "PBSZ 0", "PROT P"] + LOGIN + ["TYPE I", "EPSV ALL", "EPSV", "MLSD no-such-dir", "PASV",
                                                   "QUIT"]),
    "tls_port_list_missing_then_nlst": (
        "as port_list_missing_then_nlst, on a protected connection (PROT P): PORT to the recorder's listener, a "
        "listing of a missing directory, then NLST without a new PORT",
        ["AUTH TLS", "PBSZ 0", "PROT P"] + LOGIN + ["PORT {active}", "LIST missing-dir", "NLST", "QUIT"]),
    "tls_pasv_list_missing_then_nlst": (
        "as pasv_list_missing_then_nlst, on a protected connection (PROT P): PASV, a listing of a missing directory, "
        "then NLST through the same passive port",
        ["AUTH TLS", "PBSZ 0", "PROT P"] + LOGIN + ["PASV", "LIST missing-dir", "+NLST", "QUIT"]),
    "tls_type_before_auth_then_size": (
        "TYPE A, then AUTH TLS, the login and SIZE: does AUTH reset the type a TYPE before it set (RFC 4217 §4), and "
        "with it what ProFTPD's login does after a TYPE?",
        ["TYPE A", "AUTH TLS"] + LOGIN + ["SIZE hello.txt", "TYPE A", "SIZE hello.txt", "QUIT"]),
}


def scenarios_for(family):
    """The scenarios recorded for a family: TLS_SCENARIOS for "<family>-tls", else SCENARIOS."""
    return TLS_SCENARIOS if family.endswith("-tls") else SCENARIOS
