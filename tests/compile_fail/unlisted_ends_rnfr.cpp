// expect: ftpwire: RNTO needs a successful RNFR right before it \(rule rnto_after_rnfr\)
// Must not compile: in the RFC 959 reading any command between RNFR and RNTO ends the RNFR (§4.1.3), one outside the
// command table too.
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).user("u").pass("p").rnfr("a").send_unlisted<clnt>("x").rnto("b");
}
