// expect: ftpwire: REST must be followed by RETR, STOR, STOU or APPE \(rule rest_before_file_transfer\)
// Must not compile: breaks rule rest_before_file_transfer (tests/compile_fail.cmake checks the diagnostic).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session(t).user("u").pass("p").rest("100").pasv().list();
}
