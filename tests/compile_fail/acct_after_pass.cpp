// expect: ftpwire: ACCT needs USER and PASS first \(rule acct_after_pass\)
// Must not compile: breaks rule acct_after_pass (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).user("u").acct("dept");
}
