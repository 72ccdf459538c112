// expect: ftpwire: log in first: USER then PASS \(rule login_required\)
// Must not compile: ProFTPD answers SITE CHMOD before login with 530 (tests/data/servers/proftpd/
// site_before_login.txt); site() judges its text as a site command, and site_help() sends the one ProFTPD answers
// before login (tests/test_session.cpp).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session<server_family::proftpd>(t).site_help().site("CHMOD 644 hello.txt");
}
