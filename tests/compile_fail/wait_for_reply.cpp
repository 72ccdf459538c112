// expect: ftpwire: wait for the reply to the previous command \(rule wait_for_reply\)
// Must not compile: breaks rule wait_for_reply (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

constexpr std::uint32_t pending_reply = [] {
    ftpwire::sequence_state s = ftpwire::sequence_state::ready();
    s.set(ftpwire::flag::reply_pending);
    s.last_command = verb::user;
    return s.pack();
}();

int main() {
    transport t;
    ftpwire::basic_session<transport, pending_reply>(t).noop();
}
