// expect: ftpwire: wait for the 220 greeting before sending commands \(rule greeting_first\)
// Must not compile: breaks rule greeting_first (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    ftpwire::basic_session<transport, ftpwire::sequence_state::connected().pack()>(t).user("u");
}
