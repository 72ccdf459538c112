#!/usr/bin/env bash
# Installs everything the build, the tests and the benchmarks need on Debian 12 (as root, or with sudo).
set -euo pipefail
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# apt-get on a fresh VM: apt-daily or unattended-upgrades may hold apt's locks for minutes (apt-get, unlike apt,
# does not wait for dpkg's lock by default, and `update` takes the lists lock, which no option waits for), and a
# mirror may fail once. Each apt-get waits up to 10 minutes for a lock and is tried three times otherwise.
apt_get() {
    local attempt=1 waited=0 log
    log=$(mktemp)
    while :; do
        if $sudo apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3 "$@" 2> >(tee "$log" >&2); then
            rm -f "$log"; return 0
        fi
        sleep 1  # (the tee above finishes writing the log)
        if grep -q "Could not get lock" "$log" && [ "$waited" -lt 600 ]; then
            echo "setup-debian.sh: apt-get $1: waiting for apt's lock ($waited s so far)" >&2
            sleep 10; waited=$((waited + 10)); continue
        fi
        if [ "$attempt" -ge 3 ]; then rm -f "$log"; return 1; fi
        echo "setup-debian.sh: apt-get $* failed (attempt $attempt of 3)" >&2
        sleep $((attempt * 10)); attempt=$((attempt + 1))
    done
}
apt_get update
apt_get install -y --no-install-recommends \
    ca-certificates g++ clang-14 cmake ninja-build make pkg-config git \
    catch2 libbenchmark-dev meson python3
# Reliability (issue 10): libFuzzer with clang 14, the sanitizer runtimes, valgrind, gcovr, clang-tidy/-format.
apt_get install -y --no-install-recommends \
    libfuzzer-14-dev libclang-rt-14-dev valgrind gcovr clang-tidy-14 clang-format-14

# Real FTP servers and clients for the integration tests (tests/integration/). vsftpd's postinst starts its
# service through invoke-rc.d and fails the install if that start fails (e.g. a container without systemd
# where port 21 or IPv6 is unavailable). We run our own vsftpd instances, so where nothing already decides
# (no systemd, no policy-rc.d) a temporary policy-rc.d tells invoke-rc.d not to start services.
policy=/usr/sbin/policy-rc.d
temporary_policy=""
if [ ! -d /run/systemd/system ] && [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    temporary_policy=yes
    trap '$sudo rm -f "$policy"' EXIT
fi
apt_get install -y --no-install-recommends python3-pyftpdlib python3-openssl vsftpd curl
if [ -n "$temporary_policy" ]; then $sudo rm -f "$policy"; trap - EXIT; fi

# ProFTPD and Pure-FTPd for the same tests, where they are compared live with their recordings: both conflict with
# vsftpd (every Debian FTP server provides ftp-server), so their packages are unpacked into
# /opt/ftpwire-servers/<package>, not installed; tools/run-tests.sh points FTPWIRE_PROFTPD / FTPWIRE_PUREFTPD there
# (tests/integration/servers.py). Their libraries install normally. proftpd-mod-crypto (mod_tls, for the "-tls"
# recordings) goes into proftpd-core's tree, where that ProFTPD looks for its modules. Optional: the tests skip
# them without it.
servers_dir=/opt/ftpwire-servers
if apt_get install -y --no-install-recommends openssl libacl1 libcap2 libcrypt1 libhiredis0.14 libidn2-0 \
        libmemcached11 libmemcachedutil2 libncursesw6 libpam0g libpcre2-8-0 libpcre2-posix3 libsodium23 libssl3 \
        libtinfo6 zlib1g; then
    downloads=$(mktemp -d)  # (as root, apt warns that it downloads without its _apt sandbox: harmless)
    if (cd "$downloads" && apt-get download proftpd-core pure-ftpd); then
        $sudo rm -rf "${servers_dir:?}/proftpd-core" "${servers_dir:?}/pure-ftpd"
        for deb in "$downloads"/*.deb; do
            package=$(dpkg-deb --field "$deb" Package)
            $sudo mkdir -p "$servers_dir/$package"
            $sudo dpkg-deb --extract "$deb" "$servers_dir/$package"
        done
        if (cd "$downloads" && apt-get download proftpd-mod-crypto); then
            $sudo dpkg-deb --extract "$downloads"/proftpd-mod-crypto_*.deb "$servers_dir/proftpd-core"
        else
            echo "setup-debian.sh: could not download proftpd-mod-crypto: ProFTPD's TLS tests will be skipped" >&2
        fi
    else
        echo "setup-debian.sh: could not download proftpd-core / pure-ftpd: their live tests will be skipped" >&2
    fi
    rm -rf "$downloads"
else
    echo "setup-debian.sh: ProFTPD's / Pure-FTPd's libraries did not install: their live tests will be skipped" >&2
fi
