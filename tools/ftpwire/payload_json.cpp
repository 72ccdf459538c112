// ftpwire parse: the "payload" object of each reply (see payload_json.hpp).
#include "payload_json.hpp"

#include <ftpwire/payload.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ftpwire_cli {
namespace {

using ftpwire::verb;

bool answers(const payload_command& c, std::initializer_list<verb> verbs) {
    if (!c.known) return false;
    for (verb v : verbs)
        if (c.value == v) return true;
    return false;
}

bool contains_ignoring_case(std::string_view text, std::string_view word) {
    for (std::size_t i = 0; i + word.size() <= text.size(); ++i)
        if (ftpwire::detail::equals_ignoring_case(text.substr(i, word.size()), word)) return true;
    return false;
}

// The lines of a reply without their terminators (for MLST 250 replies).
std::vector<std::string_view> reply_lines(std::string_view raw) {
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos < raw.size()) {
        std::size_t lf = raw.find('\n', pos);
        if (lf == std::string_view::npos) lf = raw.size();
        std::string_view line = raw.substr(pos, lf - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        pos = lf + 1;
    }
    return lines;
}

// The error offset of a byte in a reply's later lines, in the reply text: counted from the first line's text,
// which starts after "ddd-" (RFC 959 §4.2), through the line ends. Like the one-line decoders' offsets, the
// failing byte is then at the reply's offset + 4 + error_offset in the stream. A bare "250" line has no text: its
// end is offset 0. (A one-line decoder's offset counts in payload_reply::text, which is the closing line's when
// another code closed the reply: from that line's fifth byte.)
std::uint64_t offset_in_reply_text(const payload_reply& reply, const char* byte) {
    constexpr std::size_t code_and_separator = 4;
    const auto in_raw = static_cast<std::size_t>(byte - reply.raw.data());
    return in_raw > code_and_separator ? in_raw - code_and_separator : 0;
}

void begin(json_writer& w, std::string_view kind) {
    w.key("payload");
    w.begin_object();
    w.field("kind", kind);
}

template <typename T>
bool failed(json_writer& w, const ftpwire::decoded<T>& d) {
    if (d.ok()) return false;
    w.field("error", ftpwire::to_string(d.error));
    w.field("error_offset", static_cast<std::uint64_t>(d.offset));  // in the reply text
    return true;
}

std::string address_text(const ftpwire::ip_address& a) {
    char buf[64] = {};
    const ftpwire::format_result r = ftpwire::format_ip_address(buf, sizeof buf, a);
    return std::string(buf, r.size);
}

std::string time_text(const ftpwire::date_time& t) {
    char buf[64] = {};
    const ftpwire::format_result r = ftpwire::format_iso8601(buf, sizeof buf, t);
    return std::string(buf, r.size);
}

void endpoint_fields(json_writer& w, const ftpwire::endpoint& e) {
    w.field("host", address_text(e.address));
    w.field("port", static_cast<unsigned>(e.port));
}

bool write_time(json_writer& w, std::string_view text) {
    const ftpwire::decoded<ftpwire::date_time> t = ftpwire::decode_mdtm(text);
    begin(w, "time");
    if (!failed(w, t)) w.field("time", time_text(t.value));
    w.end_object();
    return true;
}

bool write_size(json_writer& w, std::string_view text) {
    const ftpwire::decoded<std::uint64_t> n = ftpwire::decode_size(text);
    begin(w, "size");
    if (!failed(w, n)) w.field("bytes", n.value);
    w.end_object();
    return true;
}

bool write_features(json_writer& w, std::string_view raw) {
    begin(w, "features");
    w.key("features");
    w.begin_array();
    for (const ftpwire::feature& f : ftpwire::decode_features(raw)) {
        w.begin_object();
        w.field("name", f.name);
        w.field("params", f.params);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return true;
}

// A listing sent in answer to STAT <path>.
bool write_listing(json_writer& w, std::string_view raw) {
    begin(w, "listing");
    w.key("lines");
    w.begin_array();
    for (const std::string_view line : ftpwire::decode_status_listing(raw)) w.value(line);
    w.end_array();
    w.end_object();
    return true;
}

// RFC 3659 §7.5: fact names are case-insensitive ("Size, size, SIZE, and SiZe are the same fact"). A fact the
// server sends more than once is one key, spelled as it came first, with the value that came last, which is
// the one decode_mlsx_facts types: a JSON object with the same key twice is read differently by different
// readers (found by review: "size=1;Size=2;size=3" gave three keys, and Python kept "3" and "2"). Names are
// compared as a JSON reader reads them back: a Latin-1 byte 0xE9, written "\u00e9", is the same key as the UTF-8
// "é" (found by a randomized run of the CLI: " \xe9=1;\xc3\xa9=2; name" gave the one key twice).
void write_fact_object(json_writer& w, const ftpwire::mlsx_entry& e) {
    struct fact {
        std::string_view name;
        std::string_view value;
    };
    std::vector<fact> facts;
    std::map<std::string, std::size_t> index_of;  // lower-case name -> facts[index]: n log n in the facts
    for (const ftpwire::mlsx_fact& f : ftpwire::mlsx_fact_list(e)) {
        std::string key = json_read_back(f.name);
        for (char& c : key) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        const auto [at, added] = index_of.emplace(std::move(key), facts.size());
        if (added)
            facts.push_back({f.name, f.value});
        else
            facts[at->second].value = f.value;
    }
    w.begin_object();
    for (const fact& f : facts) w.field(f.name, f.value);
    w.end_object();
}

void write_facts(json_writer& w, const payload_reply& reply, const ftpwire::mlsx_entry& e) {
    w.begin_object();
    w.field("name", e.name);
    // RFC 3659 §2.2: on the control connection a name's byte 0xFF comes as IAC IAC, a CR as CR NUL (RFC 2640 §3.1).
    // "name" is the name as sent (ProFTPD and Pure-FTPd send those bytes alone); this, only when it differs, as read.
    if (ftpwire::telnet_unescaped_size(e.name) != e.name.size()) {
        std::vector<char> buffer(e.name.size());
        w.field("unescaped_name", ftpwire::unescape_telnet(e.name, buffer.data(), buffer.size()).value);
    }
    w.key("facts");
    write_fact_object(w, e);
    const ftpwire::decoded<ftpwire::mlsx_facts> typed = ftpwire::decode_mlsx_facts(e);
    if (!typed.ok()) {
        w.field("error", ftpwire::to_string(typed.error));
        w.field("error_offset", offset_in_reply_text(reply, e.facts.data() + typed.offset));
    } else {
        if (typed.value.type != ftpwire::mlsx_type::none) w.field("type", ftpwire::to_string(typed.value.type));
        if (typed.value.has_size) w.field("size", typed.value.size);
        if (typed.value.has_modify) w.field("modify", time_text(typed.value.modify));
    }
    w.end_object();
}

void write_mlst_error(json_writer& w, ftpwire::payload_error error, std::uint64_t offset) {
    begin(w, "facts");
    w.field("error", ftpwire::to_string(error));
    w.field("error_offset", offset);
    w.end_object();
}

// 250 after MLST (RFC 3659 §7.2): one entry per line between the first and the last.
bool write_mlst(json_writer& w, const payload_reply& reply, bool required) {
    const std::vector<std::string_view> lines = reply_lines(reply.raw);
    std::vector<ftpwire::mlsx_entry> entries;
    for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
        const ftpwire::decoded<ftpwire::mlsx_entry> e = ftpwire::decode_mlst_line(lines[i]);
        if (!e.ok()) {
            if (!required) return false;
            write_mlst_error(w, e.error, offset_in_reply_text(reply, lines[i].data() + e.offset));
            return true;
        }
        entries.push_back(e.value);
    }
    if (entries.empty()) {
        if (!required) return false;
        // The entry was due after the first line: its end is where the pathname went missing.
        const std::string_view first = lines.empty() ? reply.raw : lines.front();
        write_mlst_error(w, ftpwire::payload_error::missing_pathname,
                         offset_in_reply_text(reply, first.data() + first.size()));
        return true;
    }
    begin(w, "facts");
    w.key("entries");
    w.begin_array();
    for (const ftpwire::mlsx_entry& e : entries) write_facts(w, reply, e);
    w.end_array();
    w.end_object();
    return true;
}

bool looks_like_time_val(std::string_view text) {
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    return digits == 14 &&
           (digits == text.size() || text[digits] == '.' || text[digits] == ' ' || text[digits] == '\r');
}

}  // namespace

bool parse_payload_command(std::string_view text, payload_command& out) {
    const ftpwire::verb_lookup found = ftpwire::find_verb(text);
    if (!found.found) return false;
    out.known = true;
    out.value = found.value;
    return true;
}

bool write_payload(json_writer& w, const payload_reply& reply, const payload_command& command) {
    const std::string_view text = reply.text;
    switch (reply.code) {
        case 110: {
            const auto m = ftpwire::decode_restart_marker(text);
            begin(w, "restart_marker");
            if (!failed(w, m)) {
                w.field("user_marker", m.value.user_marker);
                w.field("server_marker", m.value.server_marker);
            }
            w.end_object();
            return true;
        }
        case 120: {
            const auto n = ftpwire::decode_ready_minutes(text);
            begin(w, "ready_in");
            if (!failed(w, n)) w.field("minutes", n.value);
            w.end_object();
            return true;
        }
        case 125:
        case 150: {
            if (answers(command, {verb::stou})) {  // RFC 1123 §4.1.2.9 "150 FILE: pppp"
                const auto f = ftpwire::decode_unique_file(text);
                begin(w, "unique_file");
                if (!failed(w, f)) w.field("path", f.value);
                w.end_object();
                return true;
            }
            // Every line: Pure-FTPd puts its "65536.0 kbytes to download" on the closing line.
            const auto s = ftpwire::decode_transfer_size(reply.raw);
            if (s.ok() && !s.value.has_size) return false;
            begin(w, "transfer");
            if (!failed(w, s)) {
                w.field("bytes", s.value.bytes);
                if (s.value.approximate) w.field("approximate", true);
            }
            w.end_object();
            return true;
        }
        case 211:
            // FEAT, or a 211 whose first line names features/extensions (vsftpd "Features:", IIS "Extended
            // features supported:", Pure-FTPd "Extensions supported:"); STAT's 211 has none.
            if (answers(command, {verb::feat}) ||
                (!command.known && reply.multiline &&
                 (contains_ignoring_case(text, "feat") || contains_ignoring_case(text, "extension"))))
                return write_features(w, reply.raw);
            return false;
        case 212:
        case 213: {
            // STAT <path>: a multi-line 212 or 213 is a listing (SIZE and MDTM answer on one line). STAT's 211
            // is the server's status, or a listing (BSD ftpd, ProFTPD), which the command's verb cannot tell.
            const bool to_stat = !command.known || answers(command, {verb::stat});
            if (reply.multiline && to_stat) return write_listing(w, reply.raw);
            if (reply.code == 212) return false;
            if (answers(command, {verb::size})) return write_size(w, text);
            if (answers(command, {verb::mdtm})) return write_time(w, text);
            if (command.known || reply.multiline) return false;
            // Without the command: 14 digits that make a date are MDTM's answer, any other number SIZE's (a file of
            // 10^13 bytes or more: "213 17592186040320", 16 TiB less 4 KiB, from all four servers, is no date).
            if (looks_like_time_val(text) && ftpwire::decode_mdtm(text).ok()) return write_time(w, text);
            if (ftpwire::decode_size(text).ok()) return write_size(w, text);
            return false;
        }
        case 214: {
            // HELP's list of commands; a single-line 214 answers "HELP <command>" and lists none.
            if (!reply.multiline) return false;
            const ftpwire::help_command_list commands = ftpwire::decode_help_commands(reply.raw);
            if (commands.begin() == commands.end()) return false;  // stops at the first name; size() walks all
            begin(w, "help");
            w.key("commands");
            w.begin_array();
            for (const ftpwire::help_command& c : commands) {
                w.begin_object();
                w.field("name", c.name);
                w.field("unimplemented", c.unimplemented);
                w.end_object();
            }
            w.end_array();
            w.end_object();
            return true;
        }
        case 215: {
            const auto s = ftpwire::decode_system_type(text);
            begin(w, "system");
            if (!failed(w, s)) {
                w.field("name", s.value.name);
                w.field("detail", s.value.detail);
            }
            w.end_object();
            return true;
        }
        case 200: {
            // PBSZ's size (RFC 2228 §3), where the reply answers PBSZ or, with no command given, names it.
            if (!answers(command, {verb::pbsz}) && (command.known || !contains_ignoring_case(text, "PBSZ")))
                return false;
            const auto n = ftpwire::decode_protection_buffer_size(text);
            begin(w, "protection_buffer");
            if (!failed(w, n)) w.field("size", n.value);
            w.end_object();
            return true;
        }
        case 221:
        case 421:
            begin(w, "closing");
            w.field("reason", ftpwire::to_string(ftpwire::decode_closing_reason(reply.code, text)));
            w.end_object();
            return true;
        case 227: {
            const auto e = ftpwire::decode_pasv(text);
            begin(w, "passive");
            if (!failed(w, e)) endpoint_fields(w, e.value);
            w.end_object();
            return true;
        }
        case 228: {
            const auto e = ftpwire::decode_lpsv(text);
            begin(w, "long_passive");
            if (!failed(w, e)) endpoint_fields(w, e.value);
            w.end_object();
            return true;
        }
        case 229: {
            const auto p = ftpwire::decode_epsv(text);
            begin(w, "extended_passive");
            if (!failed(w, p)) w.field("port", static_cast<unsigned>(p.value));
            w.end_object();
            return true;
        }
        case 250:
            if (answers(command, {verb::mlst})) return write_mlst(w, reply, true);
            if (!command.known && reply.multiline) return write_mlst(w, reply, false);
            return false;
        case 257: {
            char buffer[4096];
            const auto p = ftpwire::decode_path(text);
            begin(w, "path");
            if (!failed(w, p)) {
                std::string unescaped;
                if (p.value.needs_unescape) {
                    const auto u = ftpwire::unescape_path(p.value, buffer, sizeof buffer);
                    if (u.ok())
                        unescaped.assign(u.value);
                    else {  // longer than any path we expect: unescape without the fixed buffer
                        std::vector<char> big(p.value.unescaped_size());
                        unescaped.assign(ftpwire::unescape_path(p.value, big.data(), big.size()).value);
                    }
                } else {
                    unescaped.assign(p.value.view());
                }
                w.field("path", unescaped);
            }
            w.end_object();
            return true;
        }
        case 350:
            if (answers(command, {verb::rnfr})) return false;
            if (answers(command, {verb::rest}) || ftpwire::decode_restart_offset(text).ok()) {
                const auto n = ftpwire::decode_restart_offset(text);
                begin(w, "restart");
                if (!failed(w, n)) w.field("offset", n.value);
                w.end_object();
                return true;
            }
            return false;
        case 235:
        case 334:
        case 335: {  // RFC 2228 §5.1 "[ADAT=base64data]"
            const auto d = ftpwire::decode_adat(text);
            if (d.ok() && d.value.empty()) return false;
            begin(w, "security_data");
            if (!failed(w, d)) w.field("data", d.value);
            w.end_object();
            return true;
        }
        case 336: {  // RFC 2228 §5.1 "Challenge is "...."" (§4: shown before the password prompt)
            const auto c = ftpwire::decode_challenge(text);
            begin(w, "challenge");
            if (!failed(w, c)) w.field("challenge", c.value);
            w.end_object();
            return true;
        }
        case 521:
        case 522: {  // RFC 1639 §4 address families, RFC 2428 §2 network protocols
            const auto l = ftpwire::decode_number_list(text);
            const bool families = reply.code == 521;
            begin(w, families ? "supported_families" : "supported_protocols");
            if (!failed(w, l)) {
                w.key(families ? "families" : "protocols");
                w.begin_array();
                for (std::size_t i = 0; i < l.value.count; ++i) w.value(static_cast<unsigned>(l.value.values[i]));
                w.end_array();
            }
            w.end_object();
            return true;
        }
        case 631:
        case 632:
        case 633: {  // RFC 2228 §5.2: the base64-encoded protected reply
            const auto d = ftpwire::decode_protected_reply(text);
            begin(w, "protected");
            if (!failed(w, d)) w.field("data", d.value);
            w.end_object();
            return true;
        }
        default: return false;
    }
}

}  // namespace ftpwire_cli
