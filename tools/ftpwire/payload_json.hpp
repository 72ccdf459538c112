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

// One reply as parse sees it: code, the text of the line the code comes from, and all raw bytes of the reply.
struct payload_reply {
    int code = 0;
    // reply_view::text(): the first line's text after "ddd " / "ddd-", or the closing line's when another code
    // closed the reply (glftpd's "553-..." then "150 ...", lenient mode), which the decoders then read
    std::string_view text;
    std::string_view raw;  // every line, terminators included
    bool multiline = false;
};

// When a decoder applies, writes "payload":{...} as the next key of the object w is writing and returns
// true; writes nothing and returns false otherwise. A decode error is written as {"kind":..,"error":..}.
bool write_payload(json_writer& w, const payload_reply& reply, const payload_command& command);

// Lines for `ftpwire parse --help`.
inline constexpr const char* payload_help =
    "\n  --command VERB  the command the replies answer (case-insensitive): picks the decoder where the code\n"
    "               alone does not (213 after SIZE is a size, after MDTM a time; 250 after MLST lists facts;\n"
    "               150 after STOU names the file; 350 after REST is a restart offset, after RNFR nothing;\n"
    "               200 after PBSZ is the protection buffer size)\n"
    "\n"
    "Each reply whose text carries data gains \"payload\": 227 {\"kind\":\"passive\",\"host\":..,\"port\":..},\n"
    "228 long_passive, 229 {\"kind\":\"extended_passive\",\"port\":..}, 257 {\"kind\":\"path\",\"path\":..},\n"
    "213 size {\"bytes\":..} or time {\"time\":\"2026-11-25T10:00:00Z\"}, 211 FEAT {\"kind\":\"features\",\n"
    "\"features\":[{\"name\":..,\"params\":..}]}, 214 HELP {\"kind\":\"help\",\"commands\":[{\"name\":..,\n"
    "\"unimplemented\":false}]}, multi-line 212/213 to STAT <path> {\"kind\":\"listing\",\"lines\":[..]},\n"
    "250 MLST facts, 110 restart_marker, 120 ready_in, 125/150\n"
    "transfer {\"bytes\":..} or unique_file, 200 protection_buffer {\"size\":..}, 215 system,\n"
    "221/421 closing, 350 restart, 235/334/335 security_data, 336 challenge {\"challenge\":..},\n"
    "521 supported_families, 522 supported_protocols, 631-633 protected. Text that does not\n"
    "decode gives {\"kind\":..,\"error\":\"<name>\",\"error_offset\":<byte in the reply text>}: in the text of\n"
    "the line the code comes from (the closing line's when another code closed the reply); 250 MLST facts\n"
    "count from the first line's text on, line ends included, and an entry whose typed facts do not decode\n"
    "gains \"error\" and \"error_offset\" the same way.\n";

}  // namespace ftpwire_cli

#endif
