// ftpwire parse: the "payload" object of a reply, decoded by the reply code and the command it answers.
#ifndef FTPWIRE_TOOLS_PAYLOAD_JSON_HPP
#define FTPWIRE_TOOLS_PAYLOAD_JSON_HPP

#include "json.hpp"

#include <ftpwire/command.hpp>

#include <string_view>

namespace ftpwire_cli {

// The command a reply answers (--command VERB), if given.
struct payload_command {
    bool known = false;
    ftpwire::verb value = ftpwire::verb::noop;
};

// Reads the value of --command: a verb, case-insensitive. False for an unknown verb.
bool parse_payload_command(std::string_view text, payload_command& out);

// One reply as parse sees it: code, the first line's text, and all raw bytes of the reply.
struct payload_reply {
    int code = 0;
    std::string_view text;  // first line's text after "ddd " / "ddd-"
    std::string_view raw;   // every line, terminators included
    bool multiline = false;
};

// When a decoder applies, writes "payload":{...} as the next key of the object w is writing and returns
// true; writes nothing and returns false otherwise. A decode error is written as {"kind":..,"error":..}.
bool write_payload(json_writer& w, const payload_reply& reply, const payload_command& command);

// One line for --help.
inline constexpr const char* payload_help =
    "  --command VERB   the command the replies answer: picks the decoder where the code alone does not\n"
    "                   (213 after SIZE is a size, after MDTM a time; 250 after MLST lists facts;\n"
    "                   150 after STOU names the file; 350 after REST is a restart offset)\n";

}  // namespace ftpwire_cli

#endif
