// expect: ftpwire: HOST must come before USER \(rule host_before_user\)
// Must not compile: ProFTPD 1.3.8 does not implement REIN (502, tests/data/servers/proftpd/rein_then_pwd.txt), so
// the session stays logged in and a HOST after it gets 503 (host_after_login.txt). The typed session assumed REIN's
// 220 for every family and let this compile.
#include "null_transport.hpp"

int main() {
    transport t;
    make_session<server_family::proftpd>(t).user("u").pass("p").rein().host("ftp.example.com");
}
