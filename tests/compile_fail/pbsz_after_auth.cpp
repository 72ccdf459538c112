// expect: ftpwire: PBSZ needs a successful AUTH first \(rule pbsz_after_auth\)
// Must not compile: breaks rule pbsz_after_auth (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).pbsz("0");
}
