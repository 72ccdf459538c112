// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Fuzz target 3: every payload decoder on arbitrary text. Decoders must not crash or read outside the text, hand
// out views into the text only, report error offsets inside it, and whatever decodes must survive a round trip
// through the matching formatter (PORT, EPRT, EPSV, addresses, 257 paths, MDTM time-vals).
#include "fuzz_common.hpp"

#include <ftpwire/payload.hpp>

#include <cstring>
#include <string>

using namespace ftpwire;

namespace {

template <typename T>
void check_offset(const decoded<T>& d, std::string_view text) {
    FUZZ_CHECK(d.ok() || d.offset <= text.size());
}

void check_view(std::string_view v, std::string_view text) { FUZZ_CHECK(fuzz::inside(v, text.data(), text.size())); }

void addresses(std::string_view text) {
    char out[128];
    const decoded<endpoint> pasv = decode_pasv(text);
    check_offset(pasv, text);
    const decoded<endpoint> port = decode_port_argument(text);
    check_offset(port, text);
    for (const decoded<endpoint>* d : {&pasv, &port}) {
        if (!d->ok()) continue;
        FUZZ_CHECK(d->value.address.family == address_family::ipv4);
        const format_result f = format_port_argument(out, sizeof out, d->value);
        FUZZ_CHECK(f.ok());
        const decoded<endpoint> again = decode_port_argument(std::string_view(out, f.size));
        FUZZ_CHECK(again.ok() && again.value == d->value);
    }
    check_offset(decode_lpsv(text), text);
    check_offset(decode_lprt_argument(text), text);

    const decoded<std::uint16_t> epsv = decode_epsv(text);
    check_offset(epsv, text);
    if (epsv.ok()) {
        const format_result f = format_epsv_port(out, sizeof out, epsv.value);
        FUZZ_CHECK(f.ok());
        const decoded<std::uint16_t> again = decode_epsv(std::string_view(out, f.size));
        FUZZ_CHECK(again.ok() && again.value == epsv.value);
    }

    const decoded<endpoint> eprt = decode_eprt_argument(text);
    check_offset(eprt, text);
    if (eprt.ok()) {
        const format_result f = format_eprt_argument(out, sizeof out, eprt.value);
        FUZZ_CHECK(f.ok());
        const decoded<endpoint> again = decode_eprt_argument(std::string_view(out, f.size));
        FUZZ_CHECK(again.ok() && again.value == eprt.value);
    }

    const decoded<ip_address> ip = parse_ip_address(text);
    check_offset(ip, text);
    if (ip.ok()) {
        const format_result f = format_ip_address(out, sizeof out, ip.value);
        FUZZ_CHECK(f.ok());
        const decoded<ip_address> again = parse_ip_address(std::string_view(out, f.size));
        FUZZ_CHECK(again.ok() && again.value == ip.value);
    }
}

// Control-connection text with its Telnet escapes read (RFC 854 IAC IAC, RFC 2640 §3.1 CR NUL): never longer, a
// view of the text itself when nothing is escaped, and escaping the result again reads back to it.
void telnet_names(std::string_view text) {
    const std::size_t size = telnet_unescaped_size(text);
    FUZZ_CHECK(size <= text.size());
    std::string name(size, '\0');
    const decoded<std::string_view> u = unescape_telnet(text, name.data(), name.size());
    FUZZ_CHECK(u.ok() && u.value.size() == size);
    FUZZ_CHECK((u.value.data() == text.data()) == (size == text.size()));
    if (size != text.size())
        FUZZ_CHECK(unescape_telnet(text, name.data(), size - 1).error == payload_error::buffer_too_small);
    std::string escaped;
    for (const char c : u.value) {
        escaped += c;
        if (c == '\xFF') escaped += c;
        if (c == '\r') escaped += '\0';
    }
    std::string again(u.value.size(), '\0');
    const decoded<std::string_view> back = unescape_telnet(escaped, again.data(), again.size());
    FUZZ_CHECK(back.ok() && back.value == u.value);
}

void paths(std::string_view text) {
    const decoded<quoted_path> p = decode_path(text);
    check_offset(p, text);
    if (!p.ok()) return;
    check_view(p.value.escaped, text);
    std::string name(p.value.unescaped_size(), '\0');
    char tiny[1];
    const decoded<std::string_view> small = unescape_path(p.value, tiny, 0);
    FUZZ_CHECK(small.ok() == !p.value.needs_unescape);
    const decoded<std::string_view> u = decode_path(text, name.data(), name.size());
    FUZZ_CHECK(u.ok());
    FUZZ_CHECK(u.value.size() == p.value.unescaped_size());
    static_cast<void>(tiny);
    // The unescaped name, written back in 257 form, decodes to itself.
    std::string quoted(2 * u.value.size() + 2, '\0');
    const format_result f = format_quoted_path(quoted.data(), quoted.size(), u.value);
    if (u.value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
        FUZZ_CHECK(f.error == format_error::forbidden_character);
        return;
    }
    FUZZ_CHECK(f.ok());
    std::string again(u.value.size(), '\0');
    const decoded<std::string_view> back =
        decode_path(std::string_view(quoted.data(), f.size), again.data(), again.size());
    FUZZ_CHECK(back.ok() && back.value == u.value);
}

void times_and_numbers(std::string_view text) {
    for (const decoded<date_time>& t : {decode_mdtm(text), decode_time_val(text)}) {
        check_offset(t, text);
        if (!t.ok()) continue;
        FUZZ_CHECK(is_valid_date_time(t.value));
        char out[64];
        const format_result f = format_time_val(out, sizeof out, t.value);
        FUZZ_CHECK(f.ok());
        const decoded<date_time> again = decode_time_val(std::string_view(out, f.size));
        FUZZ_CHECK(again.ok() && again.value == t.value);
        FUZZ_CHECK(format_iso8601(out, sizeof out, t.value).ok());
    }
    check_offset(decode_size(text), text);
    check_offset(decode_transfer_size(text), text);
    check_offset(decode_first_number(text), text);
    check_offset(decode_ready_minutes(text), text);
    check_offset(decode_restart_offset(text), text);
    check_offset(decode_protection_buffer_size(text), text);
    for (const decoded<number_set>& n :
         {decode_number_list(text), decode_supported_families(text), decode_supported_protocols(text)}) {
        check_offset(n, text);
        FUZZ_CHECK(n.value.count <= number_set::capacity);
    }
}

void texts(std::string_view text) {
    const decoded<std::string_view> unique = decode_unique_file(text);
    check_offset(unique, text);
    check_view(unique.value, text);
    const decoded<restart_marker> mark = decode_restart_marker(text);
    check_offset(mark, text);
    check_view(mark.value.user_marker, text);
    check_view(mark.value.server_marker, text);
    const decoded<system_type> syst = decode_system_type(text);
    check_offset(syst, text);
    check_view(syst.value.name, text);
    check_view(syst.value.detail, text);
    for (const decoded<std::string_view>& d : {decode_adat(text), decode_protected_reply(text)}) {
        check_offset(d, text);
        check_view(d.value, text);
    }
    const decoded<std::string_view> challenge = decode_challenge(text);
    check_offset(challenge, text);
    check_view(challenge.value, text);
    FUZZ_CHECK(challenge.ok() != challenge.value.empty());
    for (int code : {221, 421, 530}) FUZZ_CHECK(!to_string(decode_closing_reason(code, text)).empty());

    std::size_t features = 0;
    for (const feature& f : decode_features(text)) {
        check_view(f.name, text);
        check_view(f.params, text);
        FUZZ_CHECK(!f.name.empty());
        FUZZ_CHECK(++features <= text.size());
    }
    FUZZ_CHECK(decode_features(text).size() == features);
    if (features != 0) FUZZ_CHECK(decode_features(text).has(decode_features(text).begin()->name));

    // 214 HELP: every name is a view into the text, uppercase letters and digits, and the list is the same on
    // every walk. Names come in text order, one per token at most (a token has 1 byte or more, a blank after).
    std::size_t commands = 0;
    const char* last = nullptr;
    for (const help_command& c : decode_help_commands(text)) {
        check_view(c.name, text);
        FUZZ_CHECK(!c.name.empty() && c.name.size() <= 16 && c.name[0] >= 'A' && c.name[0] <= 'Z');
        for (const char ch : c.name) FUZZ_CHECK((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'));
        FUZZ_CHECK(last == nullptr || c.name.data() > last);
        last = c.name.data();
        FUZZ_CHECK(++commands <= text.size());
    }
    FUZZ_CHECK(decode_help_commands(text).size() == commands);
    if (commands != 0) {
        const help_command first = *decode_help_commands(text).begin();
        FUZZ_CHECK(decode_help_commands(text).find(first.name).found);
        FUZZ_CHECK(decode_help_commands(text).implements(first.name) == !first.unimplemented);
    }

    // STAT <path> listing: non-empty lines, views into the text in text order, no line end inside, the same on
    // every walk. A line stops right before its terminator (CRLF or LF) or at the end of the text: a CR of its
    // own (a name that ends in CR, listed "name\r\r\n") stays in it.
    std::size_t listed = 0;
    const char* after = text.data();
    for (const std::string_view line : decode_status_listing(text)) {
        check_view(line, text);
        FUZZ_CHECK(!line.empty() && line.data() >= after);
        FUZZ_CHECK(line.find('\n') == std::string_view::npos);
        const std::string_view rest = text.substr(static_cast<std::size_t>(line.data() + line.size() - text.data()));
        FUZZ_CHECK(rest.empty() || rest[0] == '\n' || (rest.size() >= 2 && rest[0] == '\r' && rest[1] == '\n'));
        after = line.data() + line.size();
        FUZZ_CHECK(++listed <= text.size());
    }
    FUZZ_CHECK(decode_status_listing(text).size() == listed);
    FUZZ_CHECK(decode_status_listing(text).empty() == (listed == 0));

    for (const decoded<mlsx_entry>& e : {decode_mlsx_entry(text), decode_mlst_line(text)}) {
        check_offset(e, text);
        if (!e.ok()) continue;
        check_view(e.value.facts, text);
        check_view(e.value.name, text);
        std::size_t facts = 0;
        for (const mlsx_fact& f : mlsx_fact_list(e.value)) {
            check_view(f.name, text);
            check_view(f.value, text);
            FUZZ_CHECK(++facts <= text.size());
        }
        const decoded<mlsx_facts> typed = decode_mlsx_facts(e.value);
        check_view(typed.value.type_text, text);
        check_view(typed.value.perm, text);
        check_view(typed.value.unique, text);
        if (typed.ok() && typed.value.has_modify) FUZZ_CHECK(is_valid_date_time(typed.value.modify));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // libFuzzer's buffer holds exactly size bytes: ASan sees any read past the end of the text.
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    addresses(text);
    paths(text);
    telnet_names(text);
    times_and_numbers(text);
    texts(text);
    return 0;
}
