// expect: ftpwire: log in first: USER then PASS \(rule login_required\)
// Must not compile: breaks rule login_required (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).user("u").cwd("/pub");
}
