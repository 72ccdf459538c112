// expect: ftpwire: RNFR must be followed by RNTO \(rule rnfr_only_rnto\)
// Must not compile: breaks rule rnfr_only_rnto, which ProFTPD enforces (tests/compile_fail.cmake checks the
// diagnostic). The same session for the generic family compiles (tests/test_session.cpp).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session<server_family::proftpd>(t).user("u").pass("p").rnfr("a").pwd().rnto("b");
}
