"""Shared by the integration tests: where the built programs are, and whether real servers can run here.

Environment (set by tests/integration.cmake; set them yourself to run a test by hand):
    FTPWIRE_CLI                 the built `ftpwire` tool
    FTPWIRE_FTP_CLIENT          the built examples/ftp_client
    FTPWIRE_FTP_SERVER          the built examples/ftp_server
    FTPWIRE_SOURCE_DIR          the repository root (default: two levels up from here)
    FTPWIRE_REQUIRE_SERVERS=1   a missing server or missing root is a failure, not a skip (CI sets it)

A test that cannot run here exits with status 77, which ctest reports as skipped (SKIP_RETURN_CODE).
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import servers  # noqa: E402

SKIP = 77
SOURCE_DIR = os.environ.get("FTPWIRE_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))
DATA_DIR = os.path.join(SOURCE_DIR, "tests", "data")


def skip_or_fail(reason):
    if os.environ.get("FTPWIRE_REQUIRE_SERVERS") == "1":
        print(f"FAIL (FTPWIRE_REQUIRE_SERVERS=1): {reason}", file=sys.stderr)
        sys.exit(1)
    print(f"SKIP: {reason}", file=sys.stderr)
    sys.exit(SKIP)


def require_servers(*families):
    """Exit 77 (or fail under FTPWIRE_REQUIRE_SERVERS=1) unless every family can run here."""
    for family in families:
        why = servers.available(family)
        if why:
            skip_or_fail(f"{family}: {why}")


def require_program(env_name):
    """The path in $env_name; exit 77 when it is not set or not built."""
    path = os.environ.get(env_name)
    if not path or not os.access(path, os.X_OK):
        skip_or_fail(f"{env_name} is not set to a built program ({path!r})")
    return path


def run(argv, input_bytes=None, timeout=60):
    return subprocess.run(argv, input=input_bytes, capture_output=True, timeout=timeout)
