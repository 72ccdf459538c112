// expect: ftpwire: the session is closed \(221 to QUIT or 421\) \(rule session_closed\)
// Must not compile: breaks rule session_closed (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).user("u").pass("p").quit().noop();
}
