// expect: ftpwire: PASS needs a USER answered 331 first \(rule pass_after_user\)
// Must not compile: breaks rule pass_after_user (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).pass("secret");
}
