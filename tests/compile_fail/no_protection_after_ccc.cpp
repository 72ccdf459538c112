// expect: ftpwire: PBSZ and PROT are refused after CCC \(rule no_protection_after_ccc\)
// Must not compile: breaks rule no_protection_after_ccc (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).auth("TLS").pbsz("0").prot("P").user("u").pass("p").ccc().prot("C");
}
