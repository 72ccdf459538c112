// expect: ftpwire: HOST before AUTH \(rule host_before_auth\)
// Must not compile: breaks rule host_before_auth, which ProFTPD with mod_tls enforces (503 Bad sequence of commands
// to HOST after AUTH TLS without SNI, recorded in tests/data/servers/proftpd-tls/tls_host_after_auth.txt;
// tests/compile_fail.cmake checks the diagnostic). RFC 7151 §3.2.2 allows it when the TLS handshake names the host.
#include "null_transport.hpp"

int main() {
    transport t;
    make_session<server_family::proftpd_tls>(t).auth("TLS").host("127.0.0.1");
}
