// ftpwire parse: extra flags and extra fields of each reply object (see parse_extras.hpp).
#include "parse_extras.hpp"

#include <string_view>

namespace ftpwire_cli {

int parse_extras::take_option(int argc, char** argv, int i) {
    const std::string_view arg = argv[i];
    if (arg == "--command") {
        if (i + 1 >= argc) return -1;
        return parse_payload_command(argv[i + 1], command) ? 2 : -1;
    }
    if (arg.substr(0, 10) == "--command=") return parse_payload_command(arg.substr(10), command) ? 1 : -1;
    return 0;
}

void parse_extras::write_reply_extras(json_writer& w, const ftpwire::reply_view& reply) const {
    payload_reply r;
    r.code = reply.code();
    r.raw = reply.raw();
    r.multiline = reply.multiline();
    r.text = reply.text();  // the closing line's when another code closed the reply (glftpd, lenient mode)
    write_payload(w, r, command);
}

}  // namespace ftpwire_cli
