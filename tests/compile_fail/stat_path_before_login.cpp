// expect: ftpwire: log in first: USER then PASS \(rule login_required\)
// Must not compile: STAT with a path before login is answered 530 by every server recorded, pyftpdlib included,
// which answers STAT alone 211 then (tests/data/servers/pyftpdlib/stat_path_before_login.txt); stat() sends the
// status request, stat(path) the file's (tests/test_session.cpp).
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
    make_session<server_family::pyftpdlib>(t).stat().stat("hello.txt");
}
