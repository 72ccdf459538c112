// expect: ftpwire: AUTH once per protected connection \(rule auth_once\)
// Must not compile: breaks rule auth_once, which ProFTPD with mod_tls enforces (503 Unwilling to accept second
// AUTH, recorded in tests/data/servers/proftpd-tls/tls_auth_twice.txt; tests/compile_fail.cmake checks the
// diagnostic). RFC 2228 §3 lets a server accept it, and Pure-FTPd does.
#include "null_transport.hpp"

int main() {
    transport t;
    make_session<server_family::proftpd_tls>(t).auth("TLS").auth("TLS");
}
