// expect: MIC, CONF and ENC need a completed security exchange \(AUTH\) first \(rule protected_command_after_auth\)
// Must not compile: breaks rule protected_command_after_auth (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).user("u").pass("p").send<verb::mic>("c2VhbGVk");
}
