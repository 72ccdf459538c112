// expect: ftpwire: PROT needs PBSZ first \(rule prot_after_pbsz\)
// Must not compile: breaks rule prot_after_pbsz (tests/compile_fail.cmake checks the diagnostic).
#include <ftpwire/session.hpp>

#include <string_view>

using ftpwire::make_session;
using ftpwire::server_family;
using ftpwire::verb;

struct transport {
    void send_command(verb, std::string_view) {}
};

int main() {
    transport t;
    make_session(t).auth("TLS").prot("P");
}
