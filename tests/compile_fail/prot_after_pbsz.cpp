// expect: ftpwire: PROT needs PBSZ first \(rule prot_after_pbsz\)
// Must not compile: breaks rule prot_after_pbsz (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).auth("TLS").prot("P");
}
