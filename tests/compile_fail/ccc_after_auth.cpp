// expect: ftpwire: CCC needs a protected control connection \(AUTH\) first \(rule ccc_after_auth\)
// Must not compile: breaks rule ccc_after_auth (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).user("u").pass("p").ccc();
}
