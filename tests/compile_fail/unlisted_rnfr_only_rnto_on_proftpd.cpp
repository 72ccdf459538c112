// expect: ftpwire: RNFR must be followed by RNTO \(rule rnfr_only_rnto\)
// Must not compile: ProFTPD 1.3.8 answers every verb but RNTO 501 after RNFR, verbs it does not know included
// (tests/data/servers/proftpd/unlisted_verbs.txt).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session<server_family::proftpd>(t).user("u").pass("p").rnfr("a").send_unlisted<clnt>("x").rnto("b");
}
