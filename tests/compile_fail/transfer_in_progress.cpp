// expect: ftpwire: a transfer is still in progress \(rule transfer_in_progress\)
// Must not compile: breaks rule transfer_in_progress (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

constexpr std::uint32_t transfer_running = [] {
    ftpwire::sequence_state s = ftpwire::sequence_state::ready();
    s.login = ftpwire::login_state::logged_in;
    s.set(ftpwire::flag::transfer_open);
    return s.pack();
}();

int main() {
    transport t;
    ftpwire::basic_session<transport, transfer_running>(t).pasv();
}
