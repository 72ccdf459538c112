// ftpwire parse: the extension point for extra flags and extra fields of each reply object.
// parse.cpp owns reading, chunking and the fixed fields (code, multiline, offset, lines); a feature that adds a
// flag or a field to every reply (e.g. "payload") changes only parse_extras.hpp/.cpp.
#ifndef FTPWIRE_TOOLS_PARSE_EXTRAS_HPP
#define FTPWIRE_TOOLS_PARSE_EXTRAS_HPP

#include "json.hpp"
#include "payload_json.hpp"

#include <ftpwire/reply_parser.hpp>

namespace ftpwire_cli {

struct parse_extras {
    // argv[i] is an option parse.cpp does not know. Returns how many arguments it used (1 or 2), 0 if it is
    // not an extra's option either, -1 if it is but its value is bad (both are usage errors, exit 2).
    int take_option(int argc, char** argv, int i);

    // Called for every reply after the fixed fields: add fields with w.key(..)/w.value(..) or w.field(..).
    void write_reply_extras(json_writer& w, const ftpwire::reply_view& reply) const;

    payload_command command;  // --command VERB: the command the replies answer (payload_json.hpp)
};

// Lines appended to `ftpwire parse --help` for the extras' options ("" when there are none).
inline constexpr const char* parse_extras_help = payload_help;

}  // namespace ftpwire_cli

#endif
