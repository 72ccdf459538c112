// expect: ftpwire: ADAT needs an AUTH answered 334 first \(rule adat_after_auth\)
// Must not compile: breaks rule adat_after_auth (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).auth("TLS").adat("Zm9v");
}
