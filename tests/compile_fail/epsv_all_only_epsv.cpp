// expect: ftpwire: only EPSV is allowed after EPSV ALL \(rule epsv_all_only_epsv\)
// Must not compile: breaks rule epsv_all_only_epsv (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).user("u").pass("p").epsv_all().pasv();
}
