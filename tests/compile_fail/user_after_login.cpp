// expect: ftpwire: USER while logged in \(rule user_after_login\)
// Must not compile: breaks rule user_after_login (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session<server_family::vsftpd>(t).user("u").pass("p").user("v");
}
