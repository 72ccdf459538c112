// expect: \(rule resume_needs_image_type\)
// Must not compile: REST after TYPE A on ProFTPD, which answers "501 REST: Resuming transfers not allowed in ASCII
// mode" (tests/data/servers/proftpd/ascii_rest_then_retr.txt). type(code) with a code known only at run time is taken
// for the image type; type_ascii() tells the session.
#include "null_transport.hpp"

int main() {
    transport t;
    make_session<server_family::proftpd>(t).user("u").pass("p").type("I").type_ascii().rest("4");
}
