// expect: ftpwire: RNTO needs a successful RNFR right before it \(rule rnto_after_rnfr\)
// Must not compile: breaks rule rnto_after_rnfr (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).user("u").pass("p").rnto("b");
}
