// expect: ftpwire: AUTH before the login \(rule auth_before_login\)
// Must not compile: breaks rule auth_before_login, which vsftpd with TLS enforces (500 Unknown command, recorded
// in tests/data/servers/vsftpd-tls/tls_auth_after_login.txt; tests/compile_fail.cmake checks the diagnostic).
// The generic reading lets AUTH come after the login (RFC 4217 §4), which it then resets.
#include "null_transport.hpp"

int main() {
    transport t;
    make_session<server_family::vsftpd_tls>(t).user("u").pass("p").auth("TLS");
}
