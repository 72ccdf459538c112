// expect: \(rule size_needs_image_type\)
// Must not compile: SIZE in the ASCII type (RFC 959's default: no TYPE sent) on ProFTPD, which answers "550 SIZE not
// allowed in ASCII mode" (tests/data/servers/proftpd/ascii_size_then_image_size.txt); after TYPE I it answers 213.
#include "null_transport.hpp"

int main() {
    transport t;
    make_session<server_family::proftpd>(t).user("u").pass("p").size("x");
}
