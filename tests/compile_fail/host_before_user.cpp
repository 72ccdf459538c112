// expect: ftpwire: HOST must come before USER \(rule host_before_user\)
// Must not compile: breaks rule host_before_user (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).user("u").host("ftp.example.com");
}
