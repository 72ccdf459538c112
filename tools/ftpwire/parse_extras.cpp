// ftpwire parse: extra flags and extra fields of each reply object (see parse_extras.hpp).
#include "parse_extras.hpp"

namespace ftpwire_cli {

int parse_extras::take_option(int /*argc*/, char** /*argv*/, int /*i*/) { return 0; }

void parse_extras::write_reply_extras(json_writer& /*w*/, const ftpwire::reply_view& /*reply*/) const {
    // The hook: one line per extra field, e.g. write_payload(w, ..., command_);
}

}  // namespace ftpwire_cli
