// expect: \(rule resume_needs_image_type\)
// Must not compile: a restart in the ASCII type (RFC 959's default: no TYPE sent) on Pure-FTPd, which takes the REST
// ("350 Restarting at 4. But we're in ASCII mode") and refuses the RETR after it with "503 ASCII resume is unsafe,
// please delete the file first" (tests/data/servers/pureftpd/ascii_rest_then_retr.txt).
#include "null_transport.hpp"

int main() {
    transport t;
    make_session<server_family::pureftpd>(t).user("u").pass("p").rest("4").pasv().retr("x");
}
