// expect: ftpwire: REST must be followed by RETR, STOR, STOU or APPE \(rule rest_before_file_transfer\)
// Must not compile: breaks rule rest_before_file_transfer (tests/compile_fail.cmake checks the diagnostic).
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
    make_session(t).user("u").pass("p").rest("100").pasv().list();
}
