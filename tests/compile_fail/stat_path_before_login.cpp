// expect: ftpwire: log in first: USER then PASS \(rule login_required\)
// Must not compile: STAT with a path before login is answered 530 by every server recorded, pyftpdlib included,
// which answers STAT alone 211 then (tests/data/servers/pyftpdlib/stat_path_before_login.txt); stat() sends the
// status request, stat(path) the file's (tests/test_session.cpp).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session<server_family::pyftpdlib>(t).stat().stat("hello.txt");
}
