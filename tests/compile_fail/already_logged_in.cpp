// expect: ftpwire: the user is already logged in \(rule already_logged_in\)
// Must not compile: breaks rule already_logged_in (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).send<verb::user, 230>("anonymous").pass("guest");
}
