#!/usr/bin/python3
"""Real FTP servers on loopback for the integration tests: pyftpdlib, vsftpd, ProFTPD and Pure-FTPd.

    with servers.pyftpdlib_server() as srv:   # or vsftpd_server(), proftpd_server(), pureftpd_server()
        srv.host, srv.port, srv.user, srv.password, srv.root, srv.work_dir

Each server gets a free port on 127.0.0.1, passive ports no other server uses while it runs (PassivePorts), and a
fresh temporary root laid out the same way:

    <root>/hello.txt               readable file (known content, for RETR/SIZE/MDTM)
    <root>/upload/                 writable directory: uploads, MKD, renames and deletes go here
    <root>/upload/rename-me.txt    a file to rename and delete

The server runs in its own process group; it is always stopped: when the `with` block ends (also on an
exception), and at interpreter exit (atexit) for anything still running. Needs root (vsftpd drops to the
`ftp` user and insists on a root-owned anonymous root) and /usr/bin/python3 with python3-pyftpdlib.

ProFTPD and Pure-FTPd: Debian's packages conflict with vsftpd and with each other (all provide ftp-server), so
the binaries may also come from unpacked packages: FTPWIRE_PROFTPD=/path/to/usr/sbin/proftpd (default
/usr/sbin/proftpd), FTPWIRE_PUREFTPD=/path/to/usr/sbin/pure-ftpd (default /usr/sbin/pure-ftpd; pure-pw is
looked for in ../bin beside it, then on PATH), e.g.

    apt-get download proftpd-core && dpkg -x proftpd-core_*.deb /opt/proftpd
    apt-get install -y libhiredis0.14 libmemcached11 libmemcachedutil2 libpcre2-posix3   # its libraries
    apt-get download pure-ftpd && dpkg -x pure-ftpd_*.deb /opt/pure-ftpd
    FTPWIRE_PROFTPD=/opt/proftpd/usr/sbin/proftpd FTPWIRE_PUREFTPD=/opt/pure-ftpd/usr/sbin/pure-ftpd \
        /usr/bin/python3 record_all.py --family proftpd --family pureftpd

With TLS (RFC 4217: AUTH TLS, PBSZ, PROT on the control connection; a self-signed certificate made with
openssl for each start): FAMILIES_TLS, or tls=True. ProFTPD then needs mod_tls from proftpd-mod-crypto, unpacked
into the same tree as proftpd-core (its usr/lib/proftpd), and pyftpdlib needs python3-openssl.

Run as a script to serve by hand:  /usr/bin/python3 servers.py [--tls] pyftpdlib|vsftpd|proftpd|pureftpd
(Ctrl-C stops it). The pyftpdlib server process itself is this file run as
`servers.py --serve-pyftpdlib PORT ROOT --passive=FIRST:LAST [--refuse-epsv] [--protocol-log] [--tls CERT KEY]`.
"""
import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HOST = "127.0.0.1"
HELLO_TEXT = b"hello from ftpwire's integration tests\r\n" * 4
RENAME_ME_TEXT = b"rename me\n"
PYFTPDLIB_USER = "ftpwire"
PYFTPDLIB_PASSWORD = "wire-pass"
# Every port a server listens on, control and passive, lies below the kernel's ephemeral range (Linux: 32768 and up,
# /proc/sys/net/ipv4/ip_local_port_range), where no client connection's own port can be. A server that connects to
# a default data port (ProFTPD, for a transfer without PASV/PORT: the port below the client's control port, its
# data_close() sets remote_port - 1) must find nothing there and answer 425; with listeners in the ephemeral range
# it once found another test's server on that port and answered 150/226 (CI, ProFTPD list_without_pasv).
PORT_RANGE = (20000, 30999)  # control ports, see free_port
PASSIVE_RANGE = (31000, 32749)  # passive (data) ports, leased in blocks: see PassivePorts
PASSIVE_BLOCK = 50
VSFTPD_BINARY = "/usr/sbin/vsftpd"
VSFTPD_EMPTY_DIR = "/var/run/vsftpd/empty"
PROFTPD_USER = "ftpwire"
PROFTPD_PASSWORD = "wire-pass"
PUREFTPD_USER = "ftpwire"
PUREFTPD_PASSWORD = "wire-pass"


def proftpd_binary():
    return os.environ.get("FTPWIRE_PROFTPD") or "/usr/sbin/proftpd"


def pureftpd_binary():
    return os.environ.get("FTPWIRE_PUREFTPD") or "/usr/sbin/pure-ftpd"


def pure_pw_binary():
    """pure-pw from the same package as the server binary (usr/bin beside usr/sbin), else from PATH."""
    beside = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(pureftpd_binary()))), "bin", "pure-pw")
    return beside if os.access(beside, os.X_OK) else shutil.which("pure-pw")

_running = []  # processes to stop at exit


def _stop_process(proc):
    """SIGTERM the whole process group, then SIGKILL if it lingers."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 3.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@atexit.register
def _stop_all():
    while _running:
        _stop_process(_running.pop())


_handed_out = set()  # ports free_port returned in this process: never twice (threads start servers side by side)
_handed_out_lock = threading.Lock()


def free_port():
    """A port in PORT_RANGE that nothing listens on now and this process has not handed out before (tried at random,
    so that test processes running side by side rarely pick the same one)."""
    import random
    for _ in range(1000):
        port = random.randint(*PORT_RANGE)
        with _handed_out_lock:
            if port in _handed_out:
                continue
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                try:
                    s.bind((HOST, port))
                except OSError:
                    continue
            _handed_out.add(port)
            return port
    raise RuntimeError(f"no free port in {PORT_RANGE}")


class PassivePorts:
    """A block of PASSIVE_BLOCK ports in PASSIVE_RANGE that one server uses for its passive data connections, and
    no other server started by these tests while it runs: neither the others a test runs side by side (the
    recorded-answers test runs four at once) nor those of another test process (ctest -j). The lease is an flock
    on a lock file per block, so it also ends when the process does.

    One shared range per server family once made Pure-FTPd answer a PASV with 425 (CI, ascii_rest_then_stor,
    another Pure-FTPd's data port), and a "+" line of a recorded scenario, which connects to the last 227's port
    again, could reach another server that had taken that port over."""

    _directory = os.path.join(tempfile.gettempdir(), "ftpwire-passive-ports")

    def __init__(self):
        import fcntl
        import random
        self._lock = None
        os.makedirs(self._directory, mode=0o1777, exist_ok=True)
        blocks = list(range((PASSIVE_RANGE[1] + 1 - PASSIVE_RANGE[0]) // PASSIVE_BLOCK))
        random.shuffle(blocks)
        while True:  # all blocks leased: wait until one is given back
            for block in blocks:
                lock = open(os.path.join(self._directory, f"block-{block}.lock"), "a")
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    lock.close()
                    continue
                self._lock = lock
                self.first = PASSIVE_RANGE[0] + block * PASSIVE_BLOCK
                self.last = self.first + PASSIVE_BLOCK - 1
                return
            time.sleep(0.1)

    def release(self):
        if self._lock is not None:
            self._lock.close()  # closing the only descriptor of the open file ends its flock
            self._lock = None


def _wait_for_greeting(port, proc, timeout=10.0):
    """Until the server sends its 220 greeting (or dies, or the time is up)."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with status {proc.returncode} before answering")
        try:
            with socket.create_connection((HOST, port), timeout=2.0) as s:
                greeting = s.recv(4096)
                if greeting.startswith(b"220"):
                    s.sendall(b"QUIT\r\n")
                    return
                last_error = f"unexpected greeting {greeting!r}"
        except OSError as e:
            last_error = e
        time.sleep(0.05)
    raise RuntimeError(f"server on port {port} did not answer in {timeout}s: {last_error}")


def _make_tree(root, upload_owner=None):
    with open(os.path.join(root, "hello.txt"), "wb") as f:
        f.write(HELLO_TEXT)
    upload = os.path.join(root, "upload")
    os.mkdir(upload)
    with open(os.path.join(upload, "rename-me.txt"), "wb") as f:
        f.write(RENAME_ME_TEXT)
    # A fixed modification time makes MDTM answers reproducible.
    fixed = time.mktime((2024, 5, 17, 12, 34, 56, 0, 0, -1))
    for path in (os.path.join(root, "hello.txt"), os.path.join(upload, "rename-me.txt")):
        os.utime(path, (fixed, fixed))
        os.chmod(path, 0o644)  # readable by the servers' unprivileged users whatever the umask
    if upload_owner is not None:
        for path in (upload, os.path.join(upload, "rename-me.txt")):
            os.chown(path, upload_owner[0], upload_owner[1])
    return upload


class Server:
    """A running server: where it listens, how to log in, where its files are."""

    def __init__(self, family, port, user, password, root, proc, log_path):
        self.family = family          # "pyftpdlib", "vsftpd", "proftpd" or "pureftpd"
        self.host = HOST
        self.port = port
        self.user = user
        self.password = password
        self.root = root              # the server's root directory on disk
        self.work_dir = "upload"      # writable directory, relative to the login directory
        self.proc = proc
        self.log_path = log_path
        self.protocol_log_path = None  # with protocol_log: the server's own log of its control connections
        # "AUTH SSL" (and "AUTH TLS-P") answered 234 protect the data connections too, without PROT P (the drafts
        # before RFC 4217): vsftpd 3.0.3 then ends the session at a data connection in the clear ("500 OOPS", sent
        # in the clear), ProFTPD 1.3.8 answers it 425; pyftpdlib keeps data in the clear, Pure-FTPd refuses AUTH SSL.
        self.auth_ssl_protects_data = family in ("vsftpd", "proftpd")

    def log(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        _stop_process(self.proc)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        if self.proc in _running:
            _running.remove(self.proc)


class _ServerContext:
    """Starts a server with start(tmp, passive): a fresh temporary directory and a PassivePorts lease of its own."""

    def __init__(self, start):
        self._start = start
        self._server = None
        self._tmp = None
        self._passive = None

    def __enter__(self):
        self._passive = PassivePorts()
        # Three tries: free_port() checks that a port is free, and another test process (ctest -j) may bind it
        # before this server does; the server then exits, or never greets, and is started again on another port.
        for attempt in (1, 2, 3):
            self._tmp = tempfile.mkdtemp(prefix="ftpwire-it-")
            os.chmod(self._tmp, 0o755)
            try:
                self._server = self._start(self._tmp, self._passive)
                return self._server
            except RuntimeError:
                shutil.rmtree(self._tmp, ignore_errors=True)
                if attempt == 3:
                    self._passive.release()
                    raise
            except BaseException:
                shutil.rmtree(self._tmp, ignore_errors=True)
                self._passive.release()
                raise

    def __exit__(self, *exc):
        try:
            if self._server is not None:
                self._server.stop()
        finally:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._passive.release()
        return False


def _greeted(server):
    """The server once it has sent its greeting; stopped (and the error raised again) if it does not."""
    try:
        _wait_for_greeting(server.port, server.proc)
    except BaseException:
        server.stop()
        raise
    return server


def _spawn(argv, log_path):
    log = open(log_path, "wb")
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)  # own process group: killpg stops every child
    finally:
        log.close()
    _running.append(proc)
    return proc


def _certificate(tmp):
    """A self-signed certificate and its key for 127.0.0.1, made for this server start: (cert path, key path)."""
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-keyout", key, "-out", cert], capture_output=True, check=True)
    os.chmod(key, 0o600)
    return cert, key


def _start_pyftpdlib(tmp, passive, refuse_epsv=False, tls=False, protocol_log=False):
    root = os.path.join(tmp, "root")
    os.mkdir(root)
    _make_tree(root)
    port = free_port()
    log_path = os.path.join(tmp, "server.log")
    argv = ["/usr/bin/python3", os.path.abspath(__file__), "--serve-pyftpdlib", str(port), root,
            f"--passive={passive.first}:{passive.last}"]
    if refuse_epsv:
        argv.append("--refuse-epsv")
    if protocol_log:
        argv.append("--protocol-log")
    if tls:
        argv += ["--tls", *_certificate(tmp)]
    proc = _spawn(argv, log_path)
    srv = _greeted(Server("pyftpdlib", port, PYFTPDLIB_USER, PYFTPDLIB_PASSWORD, root, proc, log_path))
    if protocol_log:
        srv.protocol_log_path = log_path
    return srv


def _serve_pyftpdlib(port, root, passive, refuse_epsv=False, tls=None, protocol_log=False):
    """The server process: one user with every permission, anonymous read-only, same root. refuse_epsv: EPSV is
    not one of its commands (answered "500 Command "EPSV" not understood." and left out of FEAT), as on servers
    and NAT gateways that predate RFC 2428. tls: (certificate, key) for TLS_FTPHandler (TLS optional on both
    connections, its defaults). protocol_log: log at DEBUG level in pyftpdlib's own format, as `python3 -m
    pyftpdlib -D` does (every command and reply: "[D DATE] HOST:PORT-[USER] <- COMMAND", "-> REPLY")."""
    import logging
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import FTPHandler, TLS_FTPHandler
    from pyftpdlib.servers import FTPServer

    if protocol_log:
        from pyftpdlib.log import config_logging
        config_logging(level=logging.DEBUG)
    else:
        logging.basicConfig(level=logging.INFO, stream=sys.stdout)
    authorizer = DummyAuthorizer()
    authorizer.add_user(PYFTPDLIB_USER, PYFTPDLIB_PASSWORD, root, perm="elradfmwMT")
    authorizer.add_anonymous(root, perm="elr")
    base = TLS_FTPHandler if tls else FTPHandler

    class Handler(base):
        pass

    handler = Handler
    if refuse_epsv:
        handler.proto_cmds = {verb: info for verb, info in base.proto_cmds.items() if verb != "EPSV"}
    if tls:
        handler.certfile, handler.keyfile = tls
    handler.authorizer = authorizer
    handler.passive_ports = range(passive[0], passive[1] + 1)
    handler.banner = "pyftpdlib ready (ftpwire integration test)"
    server = FTPServer((HOST, port), handler)
    signal.signal(signal.SIGTERM, lambda *_: server.close_all() or sys.exit(0))
    server.serve_forever()


def _start_vsftpd(tmp, passive, tls=False, protocol_log=False, syslog=False):
    ftp_user = _ftp_account()
    root = os.path.join(tmp, "root")
    os.mkdir(root)
    _make_tree(root, upload_owner=ftp_user)
    os.chown(root, 0, 0)
    os.chmod(root, 0o555)  # vsftpd refuses an anonymous root the ftp user can write to
    os.makedirs(VSFTPD_EMPTY_DIR, exist_ok=True)
    port = free_port()
    conf = os.path.join(tmp, "vsftpd.conf")
    with open(conf, "w", encoding="ascii") as f:
        f.write("\n".join([
            "listen=YES",
            "listen_ipv6=NO",
            f"listen_address={HOST}",
            f"listen_port={port}",
            "background=NO",
            "anonymous_enable=YES",
            f"anon_root={root}",
            "no_anon_password=YES",
            "local_enable=NO",
            "write_enable=YES",
            "anon_upload_enable=YES",
            "anon_mkdir_write_enable=YES",
            "anon_other_write_enable=YES",  # rename and delete in upload/
            "anon_umask=022",
            "connect_from_port_20=NO",
            f"pasv_min_port={passive.first}",
            f"pasv_max_port={passive.last}",
            "seccomp_sandbox=NO",
            f"secure_chroot_dir={VSFTPD_EMPTY_DIR}",
            # protocol_log: every command and reply in vsftpd's own log format (log_ftp_protocol needs
            # xferlog_enable and, for that format, xferlog_std_format=NO)
            f"xferlog_enable={'YES' if protocol_log else 'NO'}",
            "xferlog_std_format=NO",
            f"log_ftp_protocol={'YES' if protocol_log else 'NO'}",
            "dual_log_enable=NO",
            f"vsftpd_log_file={os.path.join(tmp, 'vsftpd.xfer.log')}",
            # syslog: the log goes to syslog (/dev/log) instead of vsftpd_log_file
            f"syslog_enable={'YES' if syslog else 'NO'}",
            "use_localtime=NO",
            "ftpd_banner=vsftpd ready (ftpwire integration test)",
            "",
        ]))
        if tls:  # TLS allowed, not forced, for the anonymous user too; no session reuse demanded on data
            cert, key = _certificate(tmp)
            f.write("\n".join(["ssl_enable=YES", "allow_anon_ssl=YES", "force_anon_logins_ssl=NO",
                               "force_anon_data_ssl=NO", "require_ssl_reuse=NO", "ssl_ciphers=HIGH",
                               f"rsa_cert_file={cert}",
                               f"rsa_private_key_file={key}", ""]))
    log_path = os.path.join(tmp, "server.log")
    proc = _spawn([VSFTPD_BINARY, conf], log_path)
    srv = _greeted(Server("vsftpd", port, "anonymous", "guest", root, proc, log_path))
    if protocol_log and not syslog:
        srv.protocol_log_path = os.path.join(tmp, "vsftpd.xfer.log")
    return srv


def _start_proftpd(tmp, passive, tls=False):
    """ProFTPD as a standalone server in the foreground: one user (PROFTPD_USER, from its own AuthUserFile,
    uid of the ftp account) chrooted to a root-owned root with a writable upload/ directory; no anonymous
    login. Without tls mod_tls is not loaded (AUTH/PBSZ/PROT are unknown commands, as on a server without TLS);
    with it, mod_tls is loaded from beside the binary and TLS is allowed, not required."""
    ftp_user = _ftp_account()
    root = os.path.join(tmp, "root")
    os.mkdir(root)
    _make_tree(root, upload_owner=ftp_user)
    port = free_port()
    crypted = subprocess.run(["openssl", "passwd", "-6", "-salt", "ftpwire", PROFTPD_PASSWORD],
                             capture_output=True, text=True, check=True).stdout.strip()
    passwd = os.path.join(tmp, "passwd")
    group = os.path.join(tmp, "group")
    # ProFTPD refuses a world-readable AuthUserFile.
    for path, line in ((passwd, f"{PROFTPD_USER}:{crypted}:{ftp_user[0]}:{ftp_user[1]}::{root}:/bin/sh"),
                       (group, f"ftp:x:{ftp_user[1]}:")):
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="ascii") as f:
            f.write(line + "\n")
    conf = os.path.join(tmp, "proftpd.conf")
    with open(conf, "w", encoding="ascii") as f:
        f.write("\n".join([
            'ServerName "proftpd ready (ftpwire integration test)"',
            "ServerType standalone",
            "DefaultServer on",
            f"Port {port}",
            f"DefaultAddress {HOST}",
            "SocketBindTight on",
            "UseIPv6 off",
            "User nobody",
            "Group nogroup",
            f"PidFile {os.path.join(tmp, 'proftpd.pid')}",
            f"ScoreboardFile {os.path.join(tmp, 'proftpd.scoreboard')}",
            "DelayTable none",
            "WtmpLog off",
            "TransferLog none",
            f"SystemLog {os.path.join(tmp, 'proftpd.system.log')}",
            f"PassivePorts {passive.first} {passive.last}",
            "RequireValidShell off",
            "AuthOrder mod_auth_file.c",
            f"AuthUserFile {passwd}",
            f"AuthGroupFile {group}",
            "DefaultRoot ~",
            "UseReverseDNS off",
            "Umask 022",
            "AllowOverwrite on",
            "",
        ]))
        if tls:
            cert, key = _certificate(tmp)
            f.write("\n".join([f"ModulePath {proftpd_module_dir()}", "LoadModule mod_tls.c", "TLSEngine on",
                               "TLSProtocol TLSv1.2 TLSv1.3", f"TLSRSACertificateFile {cert}",
                               f"TLSRSACertificateKeyFile {key}", "TLSRequired off",
                               "TLSOptions NoSessionReuseRequired",
                               f"TLSLog {os.path.join(tmp, 'proftpd.tls.log')}", ""]))
    log_path = os.path.join(tmp, "server.log")
    proc = _spawn([proftpd_binary(), "-n", "-c", conf], log_path)
    return _greeted(Server("proftpd", port, PROFTPD_USER, PROFTPD_PASSWORD, root, proc, log_path))


def proftpd_module_dir():
    """Where the binary's modules are: usr/lib/proftpd beside its usr/sbin."""
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(proftpd_binary()))), "lib", "proftpd")


def _unpacked_package_version(binary, package):
    """The Debian version of the package an unpacked binary came from ("1.3.8+dfsg-4+deb12u5"), read from the
    package's changelog beside it (dpkg does not know an unpacked package), or None."""
    import gzip
    import platform
    doc = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(binary))), "share", "doc", package)
    arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())
    # A binary-only rebuild ("+b2") is in the architecture's own changelog.
    for name in (f"changelog.Debian.{arch}.gz", "changelog.Debian.gz"):
        try:
            with gzip.open(os.path.join(doc, name), "rt") as f:
                first = f.readline()
            return first[first.index("(") + 1:first.index(")")]
        except (OSError, ValueError):
            continue
    return None


def pureftpd_version():
    return _unpacked_package_version(pureftpd_binary(), "pure-ftpd") or "unknown"


def proftpd_version():
    """The version of the package the binary came from, else `proftpd -v`'s, else "unknown"."""
    version = _unpacked_package_version(proftpd_binary(), "proftpd-core")
    if version:
        return version
    try:
        out = subprocess.run([proftpd_binary(), "-v"], capture_output=True, text=True, timeout=10).stdout
    except OSError:
        return "unknown"
    return out.split()[-1] if out.startswith("ProFTPD Version") else "unknown"


def _ftp_account():
    import pwd
    entry = pwd.getpwnam("ftp")
    return entry.pw_uid, entry.pw_gid


def pyftpdlib_server():
    """Context manager: a pyftpdlib server (user ftpwire / wire-pass, anonymous read-only)."""
    return _ServerContext(_start_pyftpdlib)


def pyftpdlib_server_without_epsv():
    """Context manager: pyftpdlib_server, but EPSV (RFC 2428) is an unknown command (500)."""
    return _ServerContext(lambda tmp, passive: _start_pyftpdlib(tmp, passive, refuse_epsv=True))


def vsftpd_server():
    """Context manager: a vsftpd server (anonymous, answered 230 at USER; writable upload/)."""
    return _ServerContext(_start_vsftpd)


def server_with_protocol_log(family):
    """Context manager: the pyftpdlib or vsftpd server of FAMILIES, logging every command and reply of its control
    connections (Server.protocol_log_path): pyftpdlib at DEBUG level, vsftpd with log_ftp_protocol=YES."""
    start = {"pyftpdlib": _start_pyftpdlib, "vsftpd": _start_vsftpd}[family]
    return _ServerContext(lambda tmp, passive: start(tmp, passive, protocol_log=True))


def vsftpd_with_protocol_syslog():
    """Context manager: vsftpd with log_ftp_protocol=YES and syslog_enable=YES, its log sent to syslog through
    /dev/log (a listener there is the caller's: syslog_listener)."""
    return _ServerContext(lambda tmp, passive: _start_vsftpd(tmp, passive, protocol_log=True, syslog=True))


@contextlib.contextmanager
def syslog_listener():
    """Context manager: a datagram socket bound at /dev/log, as a syslog daemon's, and the list of the messages it
    has received (bytes, as sent: "<PRI>TIMESTAMP TAG: MESSAGE"). Refuses (RuntimeError) where /dev/log exists: a
    syslog daemon of this machine has it. /dev/log is removed again at the end."""
    if os.path.lexists("/dev/log"):
        raise RuntimeError("/dev/log exists: a syslog daemon runs here")
    received = []
    done = threading.Event()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        sock.bind("/dev/log")
        os.chmod("/dev/log", 0o666)
        sock.settimeout(0.2)

        def receive():
            while not done.is_set():
                try:
                    received.append(sock.recv(65536))
                except socket.timeout:
                    continue
                except OSError:
                    return

        thread = threading.Thread(target=receive, daemon=True)
        thread.start()
        try:
            yield received
        finally:
            done.set()
            thread.join()
    finally:
        sock.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink("/dev/log")


def _start_pureftpd(tmp, passive, tls=False):
    """Pure-FTPd in the foreground, configured by its command line: one virtual user (PUREFTPD_USER, in a PureDB
    made with pure-pw, uid of the ftp account) chrooted to a root-owned root with a writable upload/ directory; no
    anonymous login, no TLS (-Y 0), or with tls TLS allowed, not required (-Y 1 and a certificate, -2)."""
    ftp_user = _ftp_account()
    root = os.path.join(tmp, "root")
    os.mkdir(root)
    _make_tree(root, upload_owner=ftp_user)
    port = free_port()
    passwd = os.path.join(tmp, "pureftpd.passwd")
    pdb = os.path.join(tmp, "pureftpd.pdb")
    # pure-pw's own hash (argon2id, 2047 passes) takes the server 5-6 s per PASS, longer than the recorder
    # waits: the password file gets a SHA-512 crypt hash instead, which pure-ftpd's crypt() reads as well.
    crypted = subprocess.run(["openssl", "passwd", "-6", "-salt", "ftpwire", PUREFTPD_PASSWORD],
                             capture_output=True, text=True, check=True).stdout.strip()
    with open(os.open(passwd, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="ascii") as f:
        f.write(f"{PUREFTPD_USER}:{crypted}:{ftp_user[0]}:{ftp_user[1]}::{root}/./::::::::::::\n")
    subprocess.run([pure_pw_binary(), "mkdb", pdb, "-f", passwd], capture_output=True, check=True)
    log_path = os.path.join(tmp, "server.log")
    tls_args = ["-Y", "1", "-2", ",".join(_certificate(tmp))] if tls else ["-Y", "0"]
    proc = _spawn([pureftpd_binary(), "-l", f"puredb:{pdb}", "-S", f"{HOST},{port}",
                   "-p", f"{passive.first}:{passive.last}", "-E", "-A", "-H", *tls_args,
                   "-g", os.path.join(tmp, "pure-ftpd.pid")], log_path)
    return _greeted(Server("pureftpd", port, PUREFTPD_USER, PUREFTPD_PASSWORD, root, proc, log_path))


def pureftpd_server():
    """Context manager: a Pure-FTPd server (virtual user ftpwire / wire-pass, chrooted; writable upload/)."""
    return _ServerContext(_start_pureftpd)


def proftpd_server():
    """Context manager: a ProFTPD server (user ftpwire / wire-pass, chrooted; writable upload/)."""
    return _ServerContext(_start_proftpd)


FAMILIES = {"pyftpdlib": pyftpdlib_server, "vsftpd": vsftpd_server, "proftpd": proftpd_server,
            "pureftpd": pureftpd_server}
# The same servers with TLS allowed (RFC 4217), each with a certificate of its own.
FAMILIES_TLS = {"pyftpdlib": lambda: _ServerContext(lambda tmp, passive: _start_pyftpdlib(tmp, passive, tls=True)),
                "vsftpd": lambda: _ServerContext(lambda tmp, passive: _start_vsftpd(tmp, passive, tls=True)),
                "proftpd": lambda: _ServerContext(lambda tmp, passive: _start_proftpd(tmp, passive, tls=True)),
                "pureftpd": lambda: _ServerContext(lambda tmp, passive: _start_pureftpd(tmp, passive, tls=True))}

EXAMPLE_USER = "wire"
EXAMPLE_PASSWORD = "example-pass"


def _start_example(binary, tmp):
    """examples/ftp_server: it picks a free port and says which on its first stdout line."""
    root = os.path.join(tmp, "root")
    os.mkdir(root)
    with open(os.path.join(root, "hello.txt"), "wb") as f:
        f.write(HELLO_TEXT)
    with open(os.path.join(root, "rename-me.txt"), "wb") as f:
        f.write(RENAME_ME_TEXT)
    log_path = os.path.join(tmp, "server.log")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([binary, "--root", root, "--port", str(free_port()), "--user", EXAMPLE_USER,
                                 "--pass", EXAMPLE_PASSWORD], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=log, start_new_session=True)
    _running.append(proc)
    server = Server("ftp_server", 0, EXAMPLE_USER, EXAMPLE_PASSWORD, root, proc, log_path)
    server.work_dir = ""
    try:
        first = proc.stdout.readline().decode()
        match = first.split("port ")
        if len(match) != 2:
            raise RuntimeError(f"ftp_server did not say its port: {first!r}")
        server.port = int(match[1])
        _wait_for_greeting(server.port, proc)
    except BaseException:
        server.stop()
        raise
    return server


def example_server(binary):
    """Context manager: examples/ftp_server serving a fresh directory (user wire / example-pass, anonymous
    read-only); files hello.txt and rename-me.txt directly in the root."""
    return _ServerContext(lambda tmp, passive: _start_example(binary, tmp))


def _runs(argv):
    try:
        return subprocess.run(argv, capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


# The families recorded in tests/data/servers/: each server as configured without TLS, and with it ("-tls").
RECORDED_FAMILIES = ("pyftpdlib", "vsftpd", "proftpd", "pureftpd",
                     "pyftpdlib-tls", "vsftpd-tls", "proftpd-tls", "pureftpd-tls")


def server(family):
    """Context manager for a recorded family: FAMILIES[family], or FAMILIES_TLS for "<family>-tls"."""
    if family.endswith("-tls"):
        return FAMILIES_TLS[family[:-4]]()
    return FAMILIES[family]()


def available(family, tls=False):
    """Why a server family cannot run here (a string), or None when it can (with TLS, if tls or the name ends
    with "-tls")."""
    if family.endswith("-tls"):
        family, tls = family[:-4], True
    if os.geteuid() != 0:
        return "needs root"
    if tls:
        if shutil.which("openssl") is None:
            return "openssl (for the certificate) is not installed"
        if family == "pyftpdlib":
            probe = subprocess.run(["/usr/bin/python3", "-c", "import OpenSSL"], capture_output=True)
            if probe.returncode != 0:
                return "python3-openssl (pyftpdlib's TLS) is not installed"
        if family == "proftpd" and not os.path.exists(os.path.join(proftpd_module_dir(), "mod_tls.so")):
            return f"mod_tls is not in {proftpd_module_dir()} (proftpd-mod-crypto: see servers.py)"
    if family == "pyftpdlib":
        probe = subprocess.run(["/usr/bin/python3", "-c", "import pyftpdlib"], capture_output=True)
        return None if probe.returncode == 0 else "python3-pyftpdlib is not installed (/usr/bin/python3)"
    if family == "vsftpd":
        if not os.access(VSFTPD_BINARY, os.X_OK):
            return "vsftpd is not installed"
        return _without_ftp_account()
    if family == "proftpd":
        if not os.access(proftpd_binary(), os.X_OK):
            return f"proftpd is not installed ({proftpd_binary()}; set FTPWIRE_PROFTPD)"
        if not _runs([proftpd_binary(), "-v"]):
            return f"{proftpd_binary()} does not run (its libraries: see servers.py)"
        return _without_openssl() or _without_ftp_account()
    if family == "pureftpd":
        if not os.access(pureftpd_binary(), os.X_OK):
            return f"pure-ftpd is not installed ({pureftpd_binary()}; set FTPWIRE_PUREFTPD)"
        if pure_pw_binary() is None:
            return "pure-pw (for the user database) is not found"
        if not _runs([pureftpd_binary(), "--help"]):
            return f"{pureftpd_binary()} does not run (its libraries: see servers.py)"
        return _without_openssl() or _without_ftp_account()
    return f"unknown server family {family}"


def _without_ftp_account():
    """Why the ftp account (the uid the servers drop to) is missing, or None."""
    try:
        _ftp_account()
    except KeyError:
        return "no ftp account"
    return None


def _without_openssl():
    """Why the password hashes (openssl passwd) cannot be made, or None."""
    return None if shutil.which("openssl") else "openssl (for the password hash) is not installed"


def main(argv):
    if len(argv) >= 4 and argv[1] == "--serve-pyftpdlib":
        options = argv[4:]
        passive = next((option for option in options if option.startswith("--passive=")), None)
        if passive is None:
            print(__doc__, file=sys.stderr)
            return 2
        options.remove(passive)
        passive = tuple(int(port) for port in passive[len("--passive="):].split(":"))
        refuse_epsv = "--refuse-epsv" in options
        if refuse_epsv:
            options.remove("--refuse-epsv")
        protocol_log = "--protocol-log" in options
        if protocol_log:
            options.remove("--protocol-log")
        tls = None
        if len(options) == 3 and options[0] == "--tls":
            tls, options = (options[1], options[2]), []
        if options:
            print(__doc__, file=sys.stderr)
            return 2
        _serve_pyftpdlib(int(argv[2]), argv[3], passive, refuse_epsv=refuse_epsv, tls=tls, protocol_log=protocol_log)
        return 0
    tls = len(argv) == 3 and argv[1] == "--tls"
    if tls:
        argv = [argv[0], argv[2]]
    if len(argv) == 2 and argv[1] in FAMILIES:
        with (FAMILIES_TLS if tls else FAMILIES)[argv[1]]() as srv:
            print(f"{srv.family} on {srv.host}:{srv.port} user={srv.user!r} password={srv.password!r} "
                  f"root={srv.root}", flush=True)
            try:
                while srv.proc.poll() is None:
                    time.sleep(0.5)
            except KeyboardInterrupt:
                pass
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
