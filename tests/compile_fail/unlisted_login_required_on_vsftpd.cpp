// expect: ftpwire: log in first: USER then PASS \(rule login_required\)
// Must not compile: vsftpd 3.0.3 checks the login before it looks a verb up (530 to CLNT before the login,
// tests/data/servers/vsftpd/unlisted_verbs.txt).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session<server_family::vsftpd>(t).send_unlisted<clnt>("x");
}
