// expect: ftpwire: CCC once: the control connection is clear already \(rule ccc_once\)
// Must not compile: breaks rule ccc_once, a second CCC (RFC 4217 §5: 533 on a control connection without TLS;
// ProFTPD with mod_tls answers 533 CCC not allowed on insecure control connection, Pure-FTPd 534, recorded in
// tests/data/servers/*-tls/tls_ccc_then_auth.txt; tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).auth("TLS").pbsz("0").prot("P").user("u").pass("p").ccc().ccc();
}
