// expect: ftpwire: send EPSV with epsv\(\), epsv\(protocol\) or epsv_all\(\)
// Must not compile: "EPSV ALL" sent as a run-time argument would leave the typed session believing PASV is still
// allowed (RFC 2428 §3); tests/compile_fail.cmake checks the diagnostic.
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).user("u").pass("p").send<verb::epsv>("ALL").pasv();
}
