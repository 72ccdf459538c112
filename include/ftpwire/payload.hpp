// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Decoders for the replies whose text carries data (227/228/229 addresses, 257 paths, 213 sizes and
// times, 211 features, MLSx facts, ...) and the formatters that go the other way (PORT/EPRT arguments,
// time values). Every decoder takes the reply text as a string_view, allocates nothing and returns its
// value or a named error with the byte offset where the text went wrong.
#ifndef FTPWIRE_PAYLOAD_HPP
#define FTPWIRE_PAYLOAD_HPP

#include "version.hpp"

#include "detail/writer.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ftpwire {

enum class payload_error : std::uint8_t {
    none,
    missing_number,              // no digits where a number must be
    number_too_large,            // the number does not fit its type (SIZE beyond 2^64-1, ...)
    value_out_of_range,          // an address byte above 255, port 0 or above 65535
    missing_address,             // 227/228/PORT: not enough comma-separated numbers
    unsupported_address_family,  // 228/LPRT family other than 4 and 6; EPRT protocol other than 1 and 2
    address_length_mismatch,     // 228/LPRT: length field disagrees with the family or the numbers given
    bad_address,                 // EPRT: the address text is not a valid IPv4 / IPv6 address
    missing_parenthesis,         // 229: no "(" ... ")" around the port
    bad_delimiter,               // 229/EPRT: delimiter outside 33-126, a digit, or not repeated
    unexpected_field,            // 229: the protocol or address field is not blank (RFC 2428 §3)
    missing_quote,               // 257: no opening quote
    unterminated_quote,          // 257: no closing quote
    buffer_too_small,            // the caller's buffer cannot hold the unescaped name
    bad_time_format,             // not YYYYMMDDHHMMSS[.s+] (RFC 3659 §2.3)
    impossible_date,             // a field out of range: month 13, Feb 29 of a non-leap year, hour 24
    trailing_text,               // text after a value that must stand alone (RFC 3659 §3.1, §4.1)
    missing_marker,              // 110: no "MARK yyyy = mmmm"
    missing_system_type,         // 215: empty text
    missing_pathname,            // MLSx entry without " name"; 150 STOU without "FILE: name"
    bad_fact,                    // MLSx fact without "=" or ";", or a typed fact with a bad value
    bad_base64,                  // ADAT data or a 63z protected reply that is not base64 (RFC 2228 §5, §10)
    missing_list,                // 521/522: no parenthesised list of numbers
    missing_challenge,           // 336: no "Challenge is" followed by a challenge (RFC 2228 §4)
};

[[nodiscard]] constexpr std::string_view to_string(payload_error e) noexcept {
    switch (e) {
        case payload_error::none: return "none";
        case payload_error::missing_number: return "missing_number";
        case payload_error::number_too_large: return "number_too_large";
        case payload_error::value_out_of_range: return "value_out_of_range";
        case payload_error::missing_address: return "missing_address";
        case payload_error::unsupported_address_family: return "unsupported_address_family";
        case payload_error::address_length_mismatch: return "address_length_mismatch";
        case payload_error::bad_address: return "bad_address";
        case payload_error::missing_parenthesis: return "missing_parenthesis";
        case payload_error::bad_delimiter: return "bad_delimiter";
        case payload_error::unexpected_field: return "unexpected_field";
        case payload_error::missing_quote: return "missing_quote";
        case payload_error::unterminated_quote: return "unterminated_quote";
        case payload_error::buffer_too_small: return "buffer_too_small";
        case payload_error::bad_time_format: return "bad_time_format";
        case payload_error::impossible_date: return "impossible_date";
        case payload_error::trailing_text: return "trailing_text";
        case payload_error::missing_marker: return "missing_marker";
        case payload_error::missing_system_type: return "missing_system_type";
        case payload_error::missing_pathname: return "missing_pathname";
        case payload_error::bad_fact: return "bad_fact";
        case payload_error::bad_base64: return "bad_base64";
        case payload_error::missing_list: return "missing_list";
        case payload_error::missing_challenge: return "missing_challenge";
    }
    return "unknown";
}

// A decoded value, or the error and the byte offset in the text where decoding failed.
template <typename T>
struct decoded {
    T value{};
    payload_error error = payload_error::none;
    std::size_t offset = 0;

    [[nodiscard]] constexpr bool ok() const noexcept { return error == payload_error::none; }
    [[nodiscard]] constexpr explicit operator bool() const noexcept { return ok(); }
};

// ---------------------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------------------

enum class address_family : std::uint8_t { ipv4, ipv6 };

struct ip_address {
    address_family family = address_family::ipv4;
    std::uint8_t bytes[16] = {};  // network order; IPv4 uses the first 4

    [[nodiscard]] constexpr std::size_t size() const noexcept { return family == address_family::ipv4 ? 4 : 16; }
    [[nodiscard]] static constexpr ip_address v4(std::uint8_t a, std::uint8_t b, std::uint8_t c,
                                                 std::uint8_t d) noexcept {
        ip_address r;
        r.bytes[0] = a;
        r.bytes[1] = b;
        r.bytes[2] = c;
        r.bytes[3] = d;
        return r;
    }
    friend constexpr bool operator==(const ip_address& a, const ip_address& b) noexcept {
        if (a.family != b.family) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a.bytes[i] != b.bytes[i]) return false;
        return true;
    }
    friend constexpr bool operator!=(const ip_address& a, const ip_address& b) noexcept { return !(a == b); }
};

struct endpoint {
    ip_address address;
    std::uint16_t port = 0;

    friend constexpr bool operator==(const endpoint& a, const endpoint& b) noexcept {
        return a.address == b.address && a.port == b.port;
    }
    friend constexpr bool operator!=(const endpoint& a, const endpoint& b) noexcept { return !(a == b); }
};

namespace detail::payload {

[[nodiscard]] constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
[[nodiscard]] constexpr bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }
[[nodiscard]] constexpr char lower_ascii(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
[[nodiscard]] constexpr bool is_word_char(char c) noexcept {
    const char l = lower_ascii(c);
    return (l >= 'a' && l <= 'z') || is_digit(c);
}
[[nodiscard]] constexpr int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    const char l = lower_ascii(c);
    if (l >= 'a' && l <= 'f') return l - 'a' + 10;
    return -1;
}

[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
    return true;
}

[[nodiscard]] constexpr std::size_t ifind(std::string_view hay, std::string_view needle,
                                          std::size_t from = 0) noexcept {
    if (needle.size() > hay.size()) return std::string_view::npos;
    for (std::size_t i = from; i + needle.size() <= hay.size(); ++i)
        if (iequals(hay.substr(i, needle.size()), needle)) return i;
    return std::string_view::npos;
}

// Drops the line terminator, CRLF or a bare LF, and nothing more: a CR before it is the line's text (a name that
// ends in CR: ProFTPD 1.3.8, vsftpd 3.0.3 and pyftpdlib 1.5.7 list "trailcr\r" as "trailcr\r\r\n", RFC 959 §4.2
// ends the line at the last CRLF), and so is a CR at the end of a line text that had its terminator removed.
[[nodiscard]] constexpr std::string_view trim_line_end(std::string_view s) noexcept {
    if (s.empty() || s.back() != '\n') return s;
    s.remove_suffix(1);
    if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
    return s;
}

[[nodiscard]] constexpr bool only_spaces(std::string_view s) noexcept {
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
    return true;
}

// An unsigned decimal at text[pos]: value, end position; error missing_number / number_too_large
// (beyond max).
struct number_scan {
    std::uint64_t value = 0;
    std::size_t end = 0;
    payload_error error = payload_error::none;
};

[[nodiscard]] constexpr number_scan scan_decimal(std::string_view text, std::size_t pos,
                                                 std::uint64_t max = UINT64_MAX) noexcept {
    number_scan r{0, pos, payload_error::none};
    if (pos >= text.size() || !is_digit(text[pos])) {
        r.error = payload_error::missing_number;
        return r;
    }
    bool overflow = false;
    while (r.end < text.size() && is_digit(text[r.end])) {
        const auto d = static_cast<std::uint64_t>(text[r.end] - '0');
        if (r.value > (max - d) / 10) overflow = true;
        else r.value = r.value * 10 + d;
        ++r.end;
    }
    if (overflow) r.error = payload_error::number_too_large;
    return r;
}

[[nodiscard]] constexpr std::size_t find_digit(std::string_view text, std::size_t from) noexcept {
    for (std::size_t i = from; i < text.size(); ++i)
        if (is_digit(text[i])) return i;
    return std::string_view::npos;
}

// A run of comma-separated decimals at text[pos] ("192,168,1,2,195,80"); a space may follow each comma
// (some servers write "(192, 168, 1, 2, 195, 80)"). Numbers beyond 9999 are reported as out of range.
struct number_list {
    std::uint16_t values[24] = {};
    std::size_t offsets[24] = {};
    std::size_t count = 0;
    std::size_t end = 0;       // after the last number held in values
    std::size_t run_end = 0;   // after the run's last number: end, unless the run has more numbers than fit
};

[[nodiscard]] constexpr number_list scan_number_list(std::string_view text, std::size_t pos) noexcept {
    number_list r;
    std::size_t i = pos;
    while (true) {
        const number_scan n = scan_decimal(text, i, 9999);
        if (n.error == payload_error::missing_number) break;
        if (r.count < 24) {  // the numbers past the 24th are passed over, so that no caller reads them as a list
            r.offsets[r.count] = i;
            r.values[r.count++] = n.error == payload_error::none ? static_cast<std::uint16_t>(n.value) : 10000;
            r.end = n.end;
        }
        i = n.end;
        r.run_end = i;
        if (i < text.size() && text[i] == ',') {
            std::size_t j = i + 1;
            while (j < text.size() && text[j] == ' ') ++j;
            if (j < text.size() && is_digit(text[j])) {
                i = j;
                continue;
            }
        }
        break;
    }
    return r;
}

// Checks values[first, first + count) are bytes.
[[nodiscard]] constexpr std::size_t first_non_byte(const number_list& l, std::size_t first,
                                                   std::size_t count) noexcept {
    for (std::size_t i = first; i < first + count; ++i)
        if (l.values[i] > 255) return i;
    return std::string_view::npos;
}

// h1,h2,h3,h4,p1,p2 at the start of list (RFC 959 §4.1.2 PORT, §4.2 227).
[[nodiscard]] constexpr decoded<endpoint> endpoint_from_six(const number_list& l) noexcept {
    decoded<endpoint> r;
    if (const std::size_t bad = first_non_byte(l, 0, 6); bad != std::string_view::npos) {
        r.error = payload_error::value_out_of_range;
        r.offset = l.offsets[bad];
        return r;
    }
    for (std::size_t i = 0; i < 4; ++i) r.value.address.bytes[i] = static_cast<std::uint8_t>(l.values[i]);
    r.value.port = static_cast<std::uint16_t>(l.values[4] * 256 + l.values[5]);
    if (r.value.port == 0) {  // nobody can connect to port 0
        r.error = payload_error::value_out_of_range;
        r.offset = l.offsets[4];
    }
    return r;
}

// A list that starts right after a '-' holds a negative number: the server printed a signed byte
// (fineftp-server before its PR #59 wrote 192 as -64). RFC 959 §4.1.2 numbers are unsigned; the list is
// refused rather than read without its sign as another address.
[[nodiscard]] constexpr bool signed_list_at(std::string_view text, std::size_t pos) noexcept {
    return pos > 0 && text[pos - 1] == '-';
}

template <typename T>
[[nodiscard]] constexpr decoded<T> negative_number_at(std::size_t offset) noexcept {
    decoded<T> r;
    r.error = payload_error::value_out_of_range;
    r.offset = offset;
    return r;
}

}  // namespace detail::payload

// 227 Entering Passive Mode. RFC 1123 §4.1.2.6: the format is not well standardized, so the text is
// scanned for the first run of six comma-separated numbers, with or without parentheses: vsftpd
// "Entering Passive Mode (192,168,1,2,195,80).", IIS "Entering Passive Mode 192,168,1,2,195,80"...
// The whole line ("227 Entering ...") works too: "227" is not followed by a comma. Without six numbers, the
// error points at the longest list (the first of them on a tie), the one that comes closest to an address. A run
// of more than six is no address either (RFC 959 §4.1.2: h1,h2,h3,h4,p1,p2; 228's long address, "(4,4,...)", is
// one): trailing_text at its seventh number, where reading the first six would give a wrong host.
[[nodiscard]] constexpr decoded<endpoint> decode_pasv(std::string_view text) noexcept {
    std::size_t pos = 0;
    std::size_t longest_at = std::string_view::npos;
    std::size_t longest_count = 1;  // a lone number is no list
    while ((pos = detail::payload::find_digit(text, pos)) != std::string_view::npos) {
        const detail::payload::number_list l = detail::payload::scan_number_list(text, pos);
        if (l.count >= 6) {
            if (detail::payload::signed_list_at(text, pos))
                return detail::payload::negative_number_at<endpoint>(pos - 1);
            if (l.count > 6) {
                decoded<endpoint> r;
                r.error = payload_error::trailing_text;
                r.offset = l.offsets[6];
                return r;
            }
            return detail::payload::endpoint_from_six(l);
        }
        if (l.count > longest_count) {
            longest_at = pos;
            longest_count = l.count;
        }
        pos = l.run_end;
    }
    decoded<endpoint> r;
    r.error = payload_error::missing_address;
    r.offset = longest_at == std::string_view::npos ? text.size() : longest_at;
    return r;
}

// PORT h1,h2,h3,h4,p1,p2 (RFC 959 §4.1.2): exactly six numbers, nothing else (a space after a comma is
// tolerated, as in 227 texts).
[[nodiscard]] constexpr decoded<endpoint> decode_port_argument(std::string_view argument) noexcept {
    const detail::payload::number_list l = detail::payload::scan_number_list(argument, 0);
    decoded<endpoint> r;
    if (l.count < 6) {
        r.error = l.count == 0 ? payload_error::missing_number : payload_error::missing_address;
        r.offset = l.count == 0 ? 0 : l.end;
        return r;
    }
    if (l.count > 6 || l.end != argument.size()) {
        r.error = payload_error::trailing_text;
        r.offset = l.count > 6 ? l.offsets[6] : l.end;
        return r;
    }
    return detail::payload::endpoint_from_six(l);
}

namespace detail::payload {

// af,hal,h1..,pal,p1.. (RFC 1639 §2, §3): af 4 with hal 4, or af 6 with hal 16; pal 2. A pal other than 2 is a
// length mismatch, whatever follows it, as a wrong hal is.
[[nodiscard]] constexpr decoded<endpoint> endpoint_from_long(const number_list& l,
                                                             std::size_t text_end) noexcept {
    decoded<endpoint> r;
    if (l.count < 2) {
        r.error = payload_error::missing_address;
        r.offset = l.count == 0 ? text_end : l.end;
        return r;
    }
    const std::uint16_t af = l.values[0], hal = l.values[1];
    if (af != 4 && af != 6) {
        r.error = payload_error::unsupported_address_family;
        r.offset = l.offsets[0];
        return r;
    }
    if (hal != (af == 4 ? 4 : 16)) {
        r.error = payload_error::address_length_mismatch;
        r.offset = l.offsets[1];
        return r;
    }
    const std::size_t pal_index = 2 + hal;
    if (l.count < pal_index + 1) {
        r.error = payload_error::missing_address;
        r.offset = l.end;
        return r;
    }
    if (l.values[pal_index] != 2) {
        r.error = payload_error::address_length_mismatch;
        r.offset = l.offsets[pal_index];
        return r;
    }
    if (l.count != pal_index + 3) {
        r.error = l.count < pal_index + 3 ? payload_error::missing_address : payload_error::address_length_mismatch;
        r.offset = l.count < pal_index + 3 ? l.end : l.offsets[pal_index + 3];
        return r;
    }
    if (const std::size_t bad = first_non_byte(l, 2, hal); bad != std::string_view::npos) {
        r.error = payload_error::value_out_of_range;
        r.offset = l.offsets[bad];
        return r;
    }
    if (const std::size_t bad = first_non_byte(l, pal_index + 1, 2); bad != std::string_view::npos) {
        r.error = payload_error::value_out_of_range;
        r.offset = l.offsets[bad];
        return r;
    }
    r.value.address.family = af == 4 ? address_family::ipv4 : address_family::ipv6;
    for (std::size_t i = 0; i < hal; ++i) r.value.address.bytes[i] = static_cast<std::uint8_t>(l.values[2 + i]);
    r.value.port = static_cast<std::uint16_t>(l.values[pal_index + 1] * 256 + l.values[pal_index + 2]);
    if (r.value.port == 0) {
        r.error = payload_error::value_out_of_range;
        r.offset = l.offsets[pal_index + 1];
    }
    return r;
}

}  // namespace detail::payload

// 228 Entering Long Passive Mode (RFC 1639 §3): "(af, hal, h1, h2, h3,..., pal, p1, p2...)", scanned for
// comma-separated lists of numbers as 227 is. The text before the list may hold a list of its own ("v1,2"), so
// the first list that is a valid address counts. When none is, the error is that of the first list in
// parentheses (where RFC 1639 §3 puts it), else of the first list.
[[nodiscard]] constexpr decoded<endpoint> decode_lpsv(std::string_view text) noexcept {
    decoded<endpoint> failure;
    failure.error = payload_error::missing_address;
    failure.offset = text.size();
    bool failed = false;
    bool failed_in_parentheses = false;
    std::size_t pos = 0;
    while ((pos = detail::payload::find_digit(text, pos)) != std::string_view::npos) {
        const detail::payload::number_list l = detail::payload::scan_number_list(text, pos);
        if (l.count >= 2) {
            const bool is_signed = detail::payload::signed_list_at(text, pos);
            const decoded<endpoint> d = is_signed ? detail::payload::negative_number_at<endpoint>(pos - 1)
                                                  : detail::payload::endpoint_from_long(l, text.size());
            if (d.ok()) return d;
            const std::size_t start = is_signed ? pos - 1 : pos;
            const bool in_parentheses = start > 0 && text[start - 1] == '(';
            if (!failed || (in_parentheses && !failed_in_parentheses)) {
                failure = d;
                failed = true;
                failed_in_parentheses = in_parentheses;
            }
        }
        pos = l.run_end;  // past the whole run: its tail is no list of its own (RFC 1639 §2, one list)
    }
    return failure;
}

// LPRT argument (RFC 1639 §2): the same list, nothing else (a space after a comma tolerated, as for PORT).
[[nodiscard]] constexpr decoded<endpoint> decode_lprt_argument(std::string_view argument) noexcept {
    const detail::payload::number_list l = detail::payload::scan_number_list(argument, 0);
    if (l.count >= 2 && l.run_end != argument.size()) {  // (a run longer than the list holds is one list: its
        decoded<endpoint> r;                              // length is wrong, whatever the family)
        r.error = payload_error::trailing_text;
        r.offset = l.run_end;
        return r;
    }
    return detail::payload::endpoint_from_long(l, argument.size());
}

// 229 Entering Extended Passive Mode (RFC 2428 §3): "(<d><d><d><tcp-port><d>)". The delimiter is any
// character 33-126 (RFC 2428 §2) other than a digit; the two fields before the port must be blank.
// Port 0 is rejected: nobody can connect to it.
[[nodiscard]] constexpr decoded<std::uint16_t> decode_epsv(std::string_view text) noexcept {
    decoded<std::uint16_t> r;
    const std::size_t open = text.find('(');
    if (open == std::string_view::npos) {
        r.error = payload_error::missing_parenthesis;
        r.offset = text.size();
        return r;
    }
    std::size_t i = open + 1;
    if (i >= text.size()) {
        r.error = payload_error::bad_delimiter;
        r.offset = i;
        return r;
    }
    const char d = text[i];
    const auto dc = static_cast<unsigned char>(d);
    if (dc < 33 || dc > 126 || detail::payload::is_digit(d)) {
        r.error = payload_error::bad_delimiter;
        r.offset = i;
        return r;
    }
    for (int field = 0; field < 2; ++field) {
        ++i;
        if (i >= text.size()) {
            r.error = payload_error::bad_delimiter;
            r.offset = i;
            return r;
        }
        if (text[i] != d) {
            // Something other than the delimiter: a filled-in field when all four delimiters are
            // there ("(|1||6446|)"), else a broken or mixed delimiter.
            std::size_t close = text.find(')', i);
            if (close == std::string_view::npos) close = text.size();
            std::size_t delimiters = 0;
            for (std::size_t k = open + 1; k < close; ++k)
                if (text[k] == d) ++delimiters;
            r.error = delimiters >= 4 ? payload_error::unexpected_field : payload_error::bad_delimiter;
            r.offset = i;
            return r;
        }
    }
    ++i;
    const detail::payload::number_scan n = detail::payload::scan_decimal(text, i, 65535);
    if (n.error != payload_error::none) {
        r.error = n.error == payload_error::number_too_large ? payload_error::value_out_of_range : n.error;
        r.offset = i;
        return r;
    }
    if (n.value == 0) {
        r.error = payload_error::value_out_of_range;
        r.offset = i;
        return r;
    }
    if (n.end >= text.size() || text[n.end] != d) {
        r.error = payload_error::bad_delimiter;
        r.offset = n.end;
        return r;
    }
    if (n.end + 1 >= text.size() || text[n.end + 1] != ')') {
        r.error = payload_error::missing_parenthesis;
        r.offset = n.end + 1;
        return r;
    }
    r.value = static_cast<std::uint16_t>(n.value);
    return r;
}

namespace detail::payload {

// Dotted-quad IPv4 text, exactly the whole of s.
[[nodiscard]] constexpr bool parse_ipv4_text(std::string_view s, std::uint8_t* out) noexcept {
    std::size_t i = 0;
    for (int part = 0; part < 4; ++part) {
        if (part > 0) {
            if (i >= s.size() || s[i] != '.') return false;
            ++i;
        }
        const number_scan n = scan_decimal(s, i, 255);
        if (n.error != payload_error::none || n.end - i > 3) return false;
        out[part] = static_cast<std::uint8_t>(n.value);
        i = n.end;
    }
    return i == s.size();
}

// IPv6 text (RFC 4291 §2.2: full, "::"-compressed, and with a trailing dotted quad), the whole of s.
[[nodiscard]] constexpr bool parse_ipv6_text(std::string_view s, std::uint8_t* out) noexcept {
    std::uint16_t groups[8] = {};
    int count = 0;
    int gap = -1;  // index in groups where "::" stands
    std::size_t i = 0;
    if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
        gap = 0;
        i = 2;
    } else if (!s.empty() && s[0] == ':') {
        return false;
    }
    while (i < s.size()) {
        if (count == 8) return false;
        // A trailing dotted quad takes two groups.
        std::size_t j = i;
        while (j < s.size() && hex_value(s[j]) >= 0) ++j;
        if (j < s.size() && s[j] == '.') {
            if (count > 6) return false;
            std::uint8_t v4[4] = {};
            if (!parse_ipv4_text(s.substr(i), v4)) return false;
            groups[count++] = static_cast<std::uint16_t>(v4[0] << 8 | v4[1]);
            groups[count++] = static_cast<std::uint16_t>(v4[2] << 8 | v4[3]);
            i = s.size();
            break;
        }
        if (j == i || j - i > 4) return false;
        unsigned value = 0;
        for (std::size_t k = i; k < j; ++k) value = value * 16 + static_cast<unsigned>(hex_value(s[k]));
        groups[count++] = static_cast<std::uint16_t>(value);
        i = j;
        if (i == s.size()) break;
        if (s[i] != ':') return false;
        ++i;
        if (i < s.size() && s[i] == ':') {
            if (gap >= 0) return false;
            gap = count;
            ++i;
        } else if (i == s.size()) {
            return false;  // a single trailing ':'
        }
    }
    if (gap < 0 && count != 8) return false;
    if (gap >= 0 && count > 7) return false;
    std::uint16_t full[8] = {};
    if (gap < 0) {
        for (int k = 0; k < 8; ++k) full[k] = groups[k];
    } else {
        const int tail = count - gap;
        for (int k = 0; k < gap; ++k) full[k] = groups[k];
        for (int k = 0; k < tail; ++k) full[8 - tail + k] = groups[gap + k];
    }
    for (std::size_t k = 0; k < 8; ++k) {
        out[2 * k] = static_cast<std::uint8_t>(full[k] >> 8);
        out[2 * k + 1] = static_cast<std::uint8_t>(full[k] & 0xFF);
    }
    return true;
}

}  // namespace detail::payload

// An IPv4 ("192.0.2.1") or IPv6 ("2001:db8::1") address in text form.
[[nodiscard]] constexpr decoded<ip_address> parse_ip_address(std::string_view text) noexcept {
    decoded<ip_address> r;
    if (text.find(':') != std::string_view::npos) {
        r.value.family = address_family::ipv6;
        if (!detail::payload::parse_ipv6_text(text, r.value.bytes)) r.error = payload_error::bad_address;
    } else if (!detail::payload::parse_ipv4_text(text, r.value.bytes)) {
        r.error = payload_error::bad_address;
    }
    return r;
}

// EPRT |1|132.235.1.2|6275| or |2|1080::8:800:200C:417A|5282| (RFC 2428 §2): any delimiter 33-126.
[[nodiscard]] constexpr decoded<endpoint> decode_eprt_argument(std::string_view argument) noexcept {
    decoded<endpoint> r;
    if (argument.empty()) {
        r.error = payload_error::bad_delimiter;
        return r;
    }
    const char d = argument[0];
    const auto dc = static_cast<unsigned char>(d);
    if (dc < 33 || dc > 126 || detail::payload::is_digit(d)) {
        r.error = payload_error::bad_delimiter;
        return r;
    }
    const std::size_t p1 = argument.find(d, 1);
    const std::size_t p2 = p1 == std::string_view::npos ? p1 : argument.find(d, p1 + 1);
    const std::size_t p3 = p2 == std::string_view::npos ? p2 : argument.find(d, p2 + 1);
    if (p3 == std::string_view::npos) {
        r.error = payload_error::bad_delimiter;
        r.offset = argument.size();
        return r;
    }
    if (p3 + 1 != argument.size()) {
        r.error = payload_error::trailing_text;
        r.offset = p3 + 1;
        return r;
    }
    const std::string_view proto = argument.substr(1, p1 - 1);
    const std::string_view host = argument.substr(p1 + 1, p2 - p1 - 1);
    if (proto != "1" && proto != "2") {
        r.error = payload_error::unsupported_address_family;
        r.offset = 1;
        return r;
    }
    const decoded<ip_address> a = parse_ip_address(host);
    if (!a.ok() || (a.value.family == address_family::ipv4) != (proto == "1")) {
        r.error = payload_error::bad_address;
        r.offset = p1 + 1;
        return r;
    }
    r.value.address = a.value;
    const detail::payload::number_scan n = detail::payload::scan_decimal(argument, p2 + 1, 65535);
    if (n.error != payload_error::none || n.value == 0) {
        r.error = n.error == payload_error::missing_number ? n.error : payload_error::value_out_of_range;
        r.offset = p2 + 1;
        return r;
    }
    if (n.end != p3) {
        r.error = payload_error::bad_delimiter;
        r.offset = n.end;
        return r;
    }
    r.value.port = static_cast<std::uint16_t>(n.value);
    return r;
}

// Writes an address as text: dotted quad, or IPv6 in the RFC 5952 §4 form (lower case, no leading
// zeros, the longest run of two or more zero groups as "::", the first such run on a tie); an IPv4-mapped
// address as RFC 5952 §5 recommends, "::ffff:" and the dotted quad ("::ffff:192.0.2.1").
[[nodiscard]] constexpr format_result format_ip_address(char* out, std::size_t capacity,
                                                        const ip_address& a) noexcept {
    detail::writer w(out, capacity);
    const auto put_dotted_quad = [&w](const std::uint8_t* bytes) {
        for (std::size_t i = 0; i < 4; ++i) {
            if (i != 0) w.put('.');
            w.put_decimal(bytes[i]);
        }
    };
    if (a.family == address_family::ipv4) {
        put_dotted_quad(a.bytes);
        return w.result();
    }
    bool mapped = a.bytes[10] == 0xFF && a.bytes[11] == 0xFF;  // ::ffff:0:0/96 (RFC 4291 §2.5.5.2)
    for (std::size_t k = 0; k < 10; ++k) mapped = mapped && a.bytes[k] == 0;
    if (mapped) {
        w.put("::ffff:");
        put_dotted_quad(a.bytes + 12);
        return w.result();
    }
    unsigned groups[8] = {};
    for (std::size_t k = 0; k < 8; ++k) groups[k] = static_cast<unsigned>(a.bytes[2 * k] << 8 | a.bytes[2 * k + 1]);
    std::size_t best_at = 8, best_len = 0;
    for (std::size_t k = 0; k < 8;) {
        if (groups[k] != 0) {
            ++k;
            continue;
        }
        std::size_t e = k;
        while (e < 8 && groups[e] == 0) ++e;
        if (e - k > best_len && e - k >= 2) {
            best_at = k;
            best_len = e - k;
        }
        k = e;
    }
    for (std::size_t k = 0; k < 8;) {
        if (k == best_at) {
            w.put("::");
            k += best_len;
            continue;
        }
        if (k != 0 && k != best_at + best_len) w.put(':');
        w.put_hex_lower(groups[k]);
        ++k;
    }
    return w.result();
}

// The PORT argument "h1,h2,h3,h4,p1,p2" (RFC 959 §4.1.2); IPv4 only (use EPRT for IPv6). Port 0 is
// invalid_port, in the three formatters here: what they write, the decoders read back.
[[nodiscard]] constexpr format_result format_port_argument(char* out, std::size_t capacity,
                                                           const endpoint& e) noexcept {
    if (e.address.family != address_family::ipv4) return {0, format_error::unsupported_address};
    if (e.port == 0) return {0, format_error::invalid_port};
    detail::writer w(out, capacity);
    for (std::size_t i = 0; i < 4; ++i) {
        w.put_decimal(e.address.bytes[i]);
        w.put(',');
    }
    w.put_decimal(e.port >> 8);
    w.put(',');
    w.put_decimal(e.port & 0xFF);
    return w.result();
}

// The EPRT argument "|1|a.b.c.d|port|" or "|2|ipv6|port|" (RFC 2428 §2).
[[nodiscard]] constexpr format_result format_eprt_argument(char* out, std::size_t capacity,
                                                           const endpoint& e) noexcept {
    if (e.port == 0) return {0, format_error::invalid_port};
    detail::writer w(out, capacity);
    w.put(e.address.family == address_family::ipv4 ? "|1|" : "|2|");
    char text[40] = {};
    const format_result host = format_ip_address(text, sizeof text, e.address);
    w.put(std::string_view(text, host.size));
    w.put('|');
    w.put_decimal(e.port);
    w.put('|');
    return w.result();
}

// The part of a 229 reply that carries the port: "(|||port|)" (RFC 2428 §3).
[[nodiscard]] constexpr format_result format_epsv_port(char* out, std::size_t capacity,
                                                       std::uint16_t port) noexcept {
    if (port == 0) return {0, format_error::invalid_port};
    detail::writer w(out, capacity);
    w.put("(|||");
    w.put_decimal(port);
    w.put("|)");
    return w.result();
}

// ---------------------------------------------------------------------------------------------------------
// 257 pathname (RFC 959 Appendix II)
// ---------------------------------------------------------------------------------------------------------

namespace detail::payload {

// How many bytes at s[i] of text sent on the control connection stand for one byte: 2 for CR NUL (RFC 2640 §3.1: a
// CR in a pathname is sent padded with a NUL, stripped on receipt) and for IAC IAC (RFC 854: the data byte 255 on a
// Telnet connection, which RFC 959 §4 makes the control connection), else 1.
[[nodiscard]] constexpr std::size_t telnet_escaped_length(std::string_view s, std::size_t i) noexcept {
    if (i + 1 >= s.size()) return 1;
    const char a = s[i], b = s[i + 1];
    return (a == '\r' && b == '\0') || (a == '\xFF' && b == '\xFF') ? 2 : 1;
}

// The same in a quoted name, where "" also stands for one quote (RFC 959 Appendix II). vsftpd 3.0.3 sends a name
// byte 0xFF as IAC IAC, ProFTPD and Pure-FTPd send it alone, which reads as itself, except two in a row: a name byte
// pair 0xFF 0xFF from them reads as one byte, and cannot be told from vsftpd's.
[[nodiscard]] constexpr std::size_t escaped_length(std::string_view s, std::size_t i) noexcept {
    return i + 1 < s.size() && s[i] == '"' && s[i + 1] == '"' ? 2 : telnet_escaped_length(s, i);
}

// Reads text's escapes, escaped_length (one of the two above) telling how many bytes stand for one: the bytes read,
// written to out when it is not null (room for all of them checked by the caller), and how many there are.
template <class EscapedLength>
constexpr std::size_t unescape_bytes(std::string_view text, EscapedLength escaped_length, char* out) noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); i += escaped_length(text, i), ++n)
        if (out != nullptr) out[n] = text[i];
    return n;
}

}  // namespace detail::payload

// The quoted name of a 257 reply: escaped is the text between the quotes with each embedded quote
// still doubled (each CR still followed by its NUL, RFC 2640 §3.1, each byte 0xFF still doubled, RFC 854);
// needs_unescape tells whether it differs from the name (never for a name a server did not double: decode_path).
struct quoted_path {
    std::string_view escaped;
    bool needs_unescape = false;

    // The name itself when nothing needs unescaping.
    [[nodiscard]] constexpr std::string_view view() const noexcept { return escaped; }
    // The length of the unescaped name.
    [[nodiscard]] constexpr std::size_t unescaped_size() const noexcept {
        if (!needs_unescape) return escaped.size();
        return detail::payload::unescape_bytes(escaped, detail::payload::escaped_length, nullptr);
    }
};

// RFC 959 Appendix II: the name starts after the first quote and ends at the first quote not followed
// by another one; "" stands for one quote. "257 \"/usr/dm\" is current directory." A CR NUL in the name
// stands for a CR (RFC 2640 §3.1), an IAC IAC for one byte 0xFF (RFC 854).
// Appendix II's reply is 257<SP>"<name>"<SP><commentary>: a closing quote has a blank, a line end or the end of the
// text after it (or punctuation that starts the commentary: "/a", "/a": ...). Pure-FTPd 1.0.50 does not double the
// quotes of a name (seen live: PWD in /upload/d"q answers 257 "/upload/d"q" is your current location, in /upload/q"
// 257 "/upload/q"" is ...): where the RFC's reading closes the name before another byte, or never, the name runs to
// the last quote with a blank after it, taken as sent (needs_unescape false). An undoubled quote with a blank or
// punctuation after it inside such a name ("x\" y", "x\".y") still ends it there: that cannot be told apart.
[[nodiscard]] constexpr decoded<quoted_path> decode_path(std::string_view text) noexcept {
    decoded<quoted_path> r;
    const std::size_t open = text.find('"');
    if (open == std::string_view::npos) {
        r.error = payload_error::missing_quote;
        r.offset = text.size();
        return r;
    }
    const auto blank_after = [text](std::size_t i) {
        return i + 1 < text.size() && detail::payload::is_blank(text[i + 1]);
    };
    std::size_t close = std::string_view::npos;
    for (std::size_t i = open + 1; i < text.size(); ++i) {
        if (detail::payload::escaped_length(text, i) == 2) {
            r.value.needs_unescape = true;
            ++i;
            continue;
        }
        if (text[i] != '"') continue;
        close = i;
        break;
    }
    const auto ends_name = [text](std::size_t i) {
        if (i + 1 == text.size()) return true;
        const char next = text[i + 1];
        return detail::payload::is_blank(next) || next == '\r' || next == '\n' || next == '.' || next == ',' ||
               next == ':' || next == ';';
    };
    const bool closed_as_rfc = close != std::string_view::npos && ends_name(close);
    if (!closed_as_rfc) {
        for (std::size_t i = text.size(); i > (close == std::string_view::npos ? open + 1 : close + 1); --i) {
            if (text[i - 1] != '"' || !blank_after(i - 1)) continue;
            r.value.escaped = text.substr(open + 1, i - 2 - open);
            r.value.needs_unescape = false;
            return r;
        }
    }
    if (close != std::string_view::npos) {
        r.value.escaped = text.substr(open + 1, close - open - 1);
        return r;
    }
    r.error = payload_error::unterminated_quote;
    r.offset = open;
    return r;
}

// Writes the unescaped name into out[0, capacity) and returns a view of it, or, when nothing needs
// unescaping, returns the view into the text without writing.
[[nodiscard]] constexpr decoded<std::string_view> unescape_path(const quoted_path& p, char* out,
                                                                std::size_t capacity) noexcept {
    decoded<std::string_view> r;
    if (!p.needs_unescape) {
        r.value = p.escaped;
        return r;
    }
    if (p.unescaped_size() > capacity) {
        r.error = payload_error::buffer_too_small;
        return r;
    }
    r.value = std::string_view(out, detail::payload::unescape_bytes(p.escaped, detail::payload::escaped_length, out));
    return r;
}

// decode_path and unescape_path in one step. As unescape_path, the name is written into out only when it needs
// unescaping (a doubled quote, CR NUL, IAC IAC); otherwise the result is a view into text and out is left
// untouched, so it is valid only as long as the reply's bytes are: copy it before a read loop drops the reply.
[[nodiscard]] constexpr decoded<std::string_view> decode_path(std::string_view text, char* out,
                                                              std::size_t capacity) noexcept {
    const decoded<quoted_path> p = decode_path(text);
    if (!p.ok()) return {std::string_view{}, p.error, p.offset};
    decoded<std::string_view> r = unescape_path(p.value, out, capacity);
    if (!r.ok()) r.offset = static_cast<std::size_t>(p.value.escaped.data() - text.data());
    return r;
}

// Writes a name in 257 form, "\"" + name with each quote doubled + "\"" (RFC 959 Appendix II), and each byte
// 0xFF doubled (RFC 854 IAC IAC: a name that is not UTF-8; format_reply refuses 0xFF in the text it is put into).
[[nodiscard]] constexpr format_result format_quoted_path(char* out, std::size_t capacity,
                                                         std::string_view name) noexcept {
    if (detail::find_line_breaking_byte(name) != std::string_view::npos)
        return {0, format_error::forbidden_character};
    detail::writer w(out, capacity);
    w.put('"');
    for (char c : name) {
        if (c == '"' || c == '\xFF') w.put(c);
        w.put(c);
    }
    w.put('"');
    return w.result();
}

// ---------------------------------------------------------------------------------------------------------
// 213: SIZE and MDTM (RFC 3659 §3, §4)
// ---------------------------------------------------------------------------------------------------------

namespace detail::payload {

// A number that must be the whole text but for blanks (spaces, tabs) around it and a line end.
[[nodiscard]] constexpr decoded<std::uint64_t> decode_lone_number(std::string_view text) noexcept {
    decoded<std::uint64_t> r;
    std::size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    const number_scan n = scan_decimal(text, i);
    if (n.error != payload_error::none) {
        r.error = n.error;
        r.offset = i;
        return r;
    }
    if (!only_spaces(text.substr(n.end))) {
        r.error = payload_error::trailing_text;
        r.offset = n.end;
        return r;
    }
    r.value = n.value;
    return r;
}

}  // namespace detail::payload

// 213 after SIZE: "213 1830" → 1830 (RFC 3659 §4.1: 1*DIGIT, nothing else; blanks around it and a line end are
// tolerated). Pass the reply text.
[[nodiscard]] constexpr decoded<std::uint64_t> decode_size(std::string_view text) noexcept {
    return detail::payload::decode_lone_number(text);
}

// A moment in UTC, as RFC 3659 §2.3 time-vals carry it.
struct date_time {
    std::uint16_t year = 0;
    std::uint8_t month = 0, day = 0, hour = 0, minute = 0, second = 0;
    std::uint32_t nanosecond = 0;
    std::uint8_t fraction_digits = 0;  // how many digits of fraction were sent (0..9), kept for round trips

    friend constexpr bool operator==(const date_time& a, const date_time& b) noexcept {
        return a.year == b.year && a.month == b.month && a.day == b.day && a.hour == b.hour &&
               a.minute == b.minute && a.second == b.second && a.nanosecond == b.nanosecond &&
               a.fraction_digits == b.fraction_digits;
    }
    friend constexpr bool operator!=(const date_time& a, const date_time& b) noexcept { return !(a == b); }
};

[[nodiscard]] constexpr bool is_leap_year(unsigned year) noexcept {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

[[nodiscard]] constexpr unsigned days_in_month(unsigned year, unsigned month) noexcept {
    constexpr unsigned days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

// RFC 3659 §2.3 ranges: year 1000-9999, month 1-12, a day the month has (Gregorian), hour 0-23,
// minute 0-59, second 0-60 where 60 is only allowed at 23:59 (a leap second).
[[nodiscard]] constexpr bool is_valid_date_time(const date_time& t) noexcept {
    if (t.year < 1000 || t.year > 9999) return false;
    if (t.month < 1 || t.month > 12) return false;
    if (t.day < 1 || t.day > days_in_month(t.year, t.month)) return false;
    if (t.hour > 23 || t.minute > 59 || t.second > 60) return false;
    if (t.second == 60 && !(t.hour == 23 && t.minute == 59)) return false;
    return t.nanosecond < 1000000000u && t.fraction_digits <= 9;
}

// A time-val "YYYYMMDDHHMMSS[.sss]" (RFC 3659 §2.3) that must be the whole of text (blanks and a line end
// around it allowed). Fraction digits beyond nine are read and dropped.
[[nodiscard]] constexpr decoded<date_time> decode_time_val(std::string_view text) noexcept {
    decoded<date_time> r;
    std::size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;  // blanks, as after the value
    const std::size_t start = i;
    for (std::size_t k = 0; k < 14; ++k) {
        if (start + k >= text.size() || !detail::payload::is_digit(text[start + k])) {
            r.error = payload_error::bad_time_format;
            r.offset = start + k;
            return r;
        }
    }
    const auto field = [&](std::size_t at, std::size_t len) {
        unsigned v = 0;
        for (std::size_t k = 0; k < len; ++k) v = v * 10 + static_cast<unsigned>(text[start + at + k] - '0');
        return v;
    };
    date_time& t = r.value;
    t.year = static_cast<std::uint16_t>(field(0, 4));
    t.month = static_cast<std::uint8_t>(field(4, 2));
    t.day = static_cast<std::uint8_t>(field(6, 2));
    t.hour = static_cast<std::uint8_t>(field(8, 2));
    t.minute = static_cast<std::uint8_t>(field(10, 2));
    t.second = static_cast<std::uint8_t>(field(12, 2));
    i = start + 14;
    if (i < text.size() && text[i] == '.') {
        ++i;
        if (i >= text.size() || !detail::payload::is_digit(text[i])) {  // "." needs a digit after it
            r.error = payload_error::bad_time_format;
            r.offset = i;
            return r;
        }
        std::uint32_t scale = 100000000;
        while (i < text.size() && detail::payload::is_digit(text[i])) {
            if (t.fraction_digits < 9) {
                t.nanosecond += static_cast<std::uint32_t>(text[i] - '0') * scale;
                scale /= 10;
                ++t.fraction_digits;
            }
            ++i;
        }
    }
    if (i < text.size() && detail::payload::is_digit(text[i])) {
        r.error = payload_error::bad_time_format;
        r.offset = i;
        return r;
    }
    if (!detail::payload::only_spaces(text.substr(i))) {
        r.error = payload_error::trailing_text;
        r.offset = i;
        return r;
    }
    if (!is_valid_date_time(t)) {
        r.error = payload_error::impossible_date;
        r.offset = start;
    }
    return r;
}

// 213 after MDTM: "213 19980615100045.014" (RFC 3659 §3.1). Pass the reply text.
[[nodiscard]] constexpr decoded<date_time> decode_mdtm(std::string_view text) noexcept {
    return decode_time_val(text);
}

namespace detail::payload {
// ".sss": the fraction_digits digits of fraction that were sent, or nothing (RFC 3659 §2.3).
constexpr void put_fraction(writer& w, const date_time& t) noexcept {
    if (t.fraction_digits == 0) return;
    w.put('.');
    std::uint32_t v = t.nanosecond;
    for (unsigned k = t.fraction_digits; k < 9; ++k) v /= 10;
    w.put_decimal_width(v, t.fraction_digits);
}
}  // namespace detail::payload

// Writes a time-val "YYYYMMDDHHMMSS" plus fraction_digits digits of fraction (RFC 3659 §2.3).
[[nodiscard]] constexpr format_result format_time_val(char* out, std::size_t capacity,
                                                      const date_time& t) noexcept {
    if (!is_valid_date_time(t)) return {0, format_error::invalid_time};
    detail::writer w(out, capacity);
    w.put_decimal_width(t.year, 4);
    w.put_decimal_width(t.month, 2);
    w.put_decimal_width(t.day, 2);
    w.put_decimal_width(t.hour, 2);
    w.put_decimal_width(t.minute, 2);
    w.put_decimal_width(t.second, 2);
    detail::payload::put_fraction(w, t);
    return w.result();
}

// Writes ISO 8601 / RFC 3339 text "2026-11-25T10:00:00Z", with ".sss" when fraction digits were sent.
[[nodiscard]] constexpr format_result format_iso8601(char* out, std::size_t capacity,
                                                     const date_time& t) noexcept {
    if (!is_valid_date_time(t)) return {0, format_error::invalid_time};
    detail::writer w(out, capacity);
    w.put_decimal_width(t.year, 4);
    w.put('-');
    w.put_decimal_width(t.month, 2);
    w.put('-');
    w.put_decimal_width(t.day, 2);
    w.put('T');
    w.put_decimal_width(t.hour, 2);
    w.put(':');
    w.put_decimal_width(t.minute, 2);
    w.put(':');
    w.put_decimal_width(t.second, 2);
    detail::payload::put_fraction(w, t);
    w.put('Z');
    return w.result();
}

// ---------------------------------------------------------------------------------------------------------
// 211 FEAT (RFC 2389 §3)
// ---------------------------------------------------------------------------------------------------------

// One feature line: " MLST type*;size*;" → name "MLST", params "type*;size*;".
struct feature {
    std::string_view name;
    std::string_view params;

    // Compared case-insensitively. RFC 2389 §3.2 calls feature labels "nominally case sensitive", leaving it to
    // each feature's definition; the definitions, servers and clients in practice treat them case-insensitively,
    // and so do we, by choice.
    [[nodiscard]] constexpr bool is(std::string_view other) const noexcept {
        return detail::payload::iequals(name, other);
    }
};

namespace detail::payload {

[[nodiscard]] constexpr bool starts_with_code(std::string_view line) noexcept {
    return line.size() >= 4 && is_digit(line[0]) && is_digit(line[1]) && is_digit(line[2]) &&
           (line[3] == ' ' || line[3] == '-');
}

// The line that ends a reply: "ddd text", or the code alone, which servers send as a closing line (the reply
// parser accepts it by default, parse_options::allow_bare_code) and as a whole reply.
[[nodiscard]] constexpr bool is_closing_line(std::string_view line) noexcept {
    if (line.size() == 3) return is_digit(line[0]) && is_digit(line[1]) && is_digit(line[2]);
    return starts_with_code(line) && line[3] == ' ';
}

// A line of a multi-line reply (raw starts with its first line; the line starts at raw[pos]) as the lists below
// read it, the way line_view::text gives it: the first line, when it carries the code, is the header; a later line
// loses a "ddd-" with the reply's own code. Servers write every line so: vsftpd's STAT listings, and ProFTPD's
// pr_response_flush in RFC 2228 protected sessions (whose 63z replies need the code on every line, RFC 2228
// §5.2). A "ddd-" with another code is the line's own text.
struct reply_line {
    std::string_view text;
    bool header = false;
    bool code_removed = false;
};

[[nodiscard]] constexpr reply_line read_reply_line(std::string_view raw, std::size_t pos,
                                                   std::string_view line) noexcept {
    if (!starts_with_code(line)) return {line, false, false};
    if (pos == 0) return {line, true, false};
    if (line[3] == '-' && starts_with_code(raw) && line.substr(0, 3) == raw.substr(0, 3))
        return {line.substr(4), false, true};
    return {line, false, false};
}

struct feature_step {
    feature value;
    std::size_t next = 0;
    bool found = false;
};

// The next feature line at or after pos. RFC 2389 §3.2 wants exactly one SP before each feature and one SP
// between its label and its parameters; we take any run of blanks (SP or HT) for either, and lines with none
// before the label (some servers). The header and lines that still carry a reply code are skipped, and the
// closing line ("211 End", or "211" alone: is_closing_line) ends the list.
[[nodiscard]] constexpr feature_step next_feature(std::string_view raw, std::size_t pos) noexcept {
    while (pos < raw.size()) {
        std::size_t lf = raw.find('\n', pos);
        const std::size_t next = lf == std::string_view::npos ? raw.size() : lf + 1;
        const std::string_view raw_line = trim_line_end(raw.substr(pos, next - pos));
        if (is_closing_line(raw_line)) return {feature{}, raw.size(), false};
        const reply_line l = read_reply_line(raw, pos, raw_line);
        pos = next;
        if (l.header || starts_with_code(l.text)) continue;
        std::size_t begin = 0;
        while (begin < l.text.size() && is_blank(l.text[begin])) ++begin;
        if (begin == l.text.size()) continue;
        std::size_t end = begin;
        while (end < l.text.size() && !is_blank(l.text[end])) ++end;
        std::size_t params = end;
        while (params < l.text.size() && is_blank(l.text[params])) ++params;
        std::size_t params_end = l.text.size();  // blanks after the parameters are no part of them
        while (params_end > params && is_blank(l.text[params_end - 1])) --params_end;
        return {feature{l.text.substr(begin, end - begin), l.text.substr(params, params_end - params)}, next, true};
    }
    return {feature{}, raw.size(), false};
}

}  // namespace detail::payload

namespace detail::payload {

// A list read from a reply's raw text one item at a time, nothing stored: Step(raw, cursor) is the next item,
// the cursor after it and whether there was one; Cursor{} is the start. Items name themselves (is(name),
// case-insensitive).
template <typename Item, typename Cursor, auto Step>
class item_list {
public:
    class iterator {
    public:
        constexpr iterator() noexcept = default;
        constexpr iterator(std::string_view raw, Cursor at) noexcept : raw_(raw) { advance(at); }
        [[nodiscard]] constexpr const Item& operator*() const noexcept { return current_; }
        [[nodiscard]] constexpr const Item* operator->() const noexcept { return &current_; }
        constexpr iterator& operator++() noexcept {
            advance(next_);
            return *this;
        }
        friend constexpr bool operator==(const iterator& a, const iterator& b) noexcept {
            return a.at_end_ == b.at_end_ && (a.at_end_ || a.next_ == b.next_);
        }
        friend constexpr bool operator!=(const iterator& a, const iterator& b) noexcept { return !(a == b); }

    private:
        constexpr void advance(Cursor at) noexcept {
            const auto s = Step(raw_, at);
            current_ = s.value;
            next_ = s.next;
            at_end_ = !s.found;
        }
        std::string_view raw_;
        Item current_{};
        Cursor next_{};
        bool at_end_ = true;
    };

    constexpr explicit item_list(std::string_view raw) noexcept : raw_(raw) {}
    [[nodiscard]] constexpr iterator begin() const noexcept { return iterator(raw_, Cursor{}); }
    [[nodiscard]] constexpr iterator end() const noexcept { return iterator(); }

    // The item named name (case-insensitive); found is false when the list does not name it.
    struct lookup {
        Item value;
        bool found;
    };
    [[nodiscard]] constexpr lookup find(std::string_view name) const noexcept {
        for (const Item& item : *this)
            if (item.is(name)) return {item, true};
        return {Item{}, false};
    }
    [[nodiscard]] constexpr bool has(std::string_view name) const noexcept { return find(name).found; }
    [[nodiscard]] constexpr std::size_t size() const noexcept {
        std::size_t n = 0;
        for (auto it = begin(); it != end(); ++it) ++n;
        return n;
    }

private:
    std::string_view raw_;
};

}  // namespace detail::payload

// Iterates the features of a 211 reply given as its raw lines ("211-Features:\r\n MDTM\r\n...211 End\r\n"):
// pass reply_view::raw(), not text(). A single-line "211 no features" reply has none. The feature lines alone
// work too, and so does each line's raw (line_view::raw, in push mode): a header or closing line that carries
// the code ("211-Features:", "211 End") names no feature. Text without the code is read as a feature line:
// text() of the reply ("Features:") and line_view::text of its first and last lines ("End") would each be
// listed as a feature.
class feature_list : public detail::payload::item_list<feature, std::size_t, detail::payload::next_feature> {
public:
    using item_list::item_list;
};

[[nodiscard]] constexpr feature_list decode_features(std::string_view raw_reply) noexcept {
    return feature_list(raw_reply);
}

// ---------------------------------------------------------------------------------------------------------
// 214 HELP: the commands a server recognizes (RFC 959 §4.1.3 HELP; the list's layout is the server's)
// ---------------------------------------------------------------------------------------------------------

// One command name of a HELP list. Servers mark the ones they know of but do not implement with '*'
// (ProFTPD "SMNT*", IIS "ADAT *", wu-ftpd): unimplemented. Useful where FEAT is missing (RFC 959-only
// servers): whether SIZE, MDTM or EPSV is there at all.
struct help_command {
    std::string_view name;  // as listed, without the '*'
    bool unimplemented = false;

    // Command names are case-insensitive (RFC 959 §5.3).
    [[nodiscard]] constexpr bool is(std::string_view other) const noexcept {
        return detail::payload::iequals(name, other);
    }
};

namespace detail::payload {

// A listed name: an uppercase letter, then uppercase letters or digits, 16 bytes at most (RFC 959 commands
// have four letters or fewer; SITE subcommands, which HELP SITE lists, run longer: "CHMOD", "UTIME").
[[nodiscard]] constexpr bool is_listed_name(std::string_view s) noexcept {
    if (s.empty() || s.size() > 16 || s[0] < 'A' || s[0] > 'Z') return false;
    for (const char c : s)
        if (!((c >= 'A' && c <= 'Z') || is_digit(c))) return false;
    return true;
}

// The blank-separated token of line at or after i: [begin, end), begin == line.size() when there is none.
struct token {
    std::size_t begin;
    std::size_t end;
};
[[nodiscard]] constexpr token next_token(std::string_view line, std::size_t i) noexcept {
    while (i < line.size() && is_blank(line[i])) ++i;
    std::size_t j = i;
    while (j < line.size() && !is_blank(line[j])) ++j;
    return {i, j};
}

// A line of the list: every token is NAME, NAME* or a '*' of its own after a NAME, and there is one at
// least. Prose ("Direct comments to ...", lowercase words) is not, and is skipped whole.
[[nodiscard]] constexpr bool is_command_list_line(std::string_view line) noexcept {
    bool any = false;
    bool star_may_follow = false;
    for (token t = next_token(line, 0); t.begin < line.size(); t = next_token(line, t.end)) {
        std::string_view word = line.substr(t.begin, t.end - t.begin);
        if (word == "*") {
            if (!star_may_follow) return false;
            star_may_follow = false;
            continue;
        }
        const bool starred = word.back() == '*';
        if (starred) word.remove_suffix(1);
        if (!is_listed_name(word)) return false;
        any = true;
        star_may_follow = !starred;
    }
    return any;
}

// Where the search for the next name stands: at pos inside a list line that ends at line_end, the next line
// starting at line_next (pos >= line_end: look at the line that starts at line_next).
struct help_cursor {
    std::size_t pos = 0;
    std::size_t line_end = 0;
    std::size_t line_next = 0;
    bool list_in_header = false;  // the first line's text was a list: so is the closing line's

    friend constexpr bool operator==(const help_cursor& a, const help_cursor& b) noexcept {
        return a.pos == b.pos && a.line_end == b.line_end && a.line_next == b.line_next &&
               a.list_in_header == b.list_in_header;
    }
};

struct help_step {
    help_command value;
    help_cursor next;
    bool found = false;
};

// The next name after `at`. The header ("214-The following commands are recognized") and lines that still carry
// a reply code once read_reply_line has taken the reply's own off are skipped, the search ends at the closing line
// (is_closing_line), and lines that are not lists are passed over. A header whose text is itself a list starts the
// list there, and it then ends on the closing line's text (RFC 959 §4.2: both are the reply's text): ProFTPD 1.3.8
// answers HELP SITE "214-HELP", " CHGRP", "214 CHMOD" (seen live). A prose header keeps a closing "214 OK" out.
[[nodiscard]] constexpr help_step next_help_command(std::string_view raw, help_cursor at) noexcept {
    for (;;) {
        if (at.pos < at.line_end) {
            const std::string_view line = raw.substr(0, at.line_end);
            const token t = next_token(line, at.pos);
            if (t.begin < line.size()) {
                std::string_view word = line.substr(t.begin, t.end - t.begin);
                help_cursor next{t.end, at.line_end, at.line_next, at.list_in_header};
                if (word == "*") {  // already given to the name before it
                    at = next;
                    continue;
                }
                bool unimplemented = word.back() == '*';
                if (unimplemented) {
                    word.remove_suffix(1);
                } else {
                    const token after = next_token(line, t.end);
                    if (after.end - after.begin == 1 && line[after.begin] == '*') {
                        unimplemented = true;
                        next.pos = after.end;
                    }
                }
                return {help_command{word, unimplemented}, next, true};
            }
        }
        if (at.line_next >= raw.size()) return {help_command{}, help_cursor{raw.size(), raw.size(), raw.size()}, false};
        const std::size_t start = at.line_next;
        const std::size_t lf = raw.find('\n', start);
        const std::size_t next = lf == std::string_view::npos ? raw.size() : lf + 1;
        const std::string_view line = trim_line_end(raw.substr(start, next - start));
        const bool listed = line.size() > 4 && is_command_list_line(line.substr(4));
        if (is_closing_line(line)) {
            if (!(at.list_in_header && start != 0 && listed))
                return {help_command{}, help_cursor{raw.size(), raw.size(), raw.size()}, false};
            at = help_cursor{start + 4, start + line.size(), raw.size(), true};  // the last names, then the end
            continue;
        }
        const reply_line l = read_reply_line(raw, start, line);
        if (l.header) {
            at = listed ? help_cursor{start + 4, start + line.size(), next, true} : help_cursor{next, next, next};
        } else if (!starts_with_code(l.text) && is_command_list_line(l.text)) {
            at = help_cursor{start + (line.size() - l.text.size()), start + line.size(), next, at.list_in_header};
        } else {
            at = help_cursor{next, next, next, at.list_in_header};
        }
    }
}

}  // namespace detail::payload

// Iterates the command names of a 214 reply to HELP given as its raw lines ("214-The following commands are
// recognized.\r\n ABOR ACCT ...\r\n214 Help OK.\r\n"), in the order listed. The lines alone work too; a
// single-line 214 (a reply to "HELP <command>") has none.
class help_command_list : public detail::payload::item_list<help_command, detail::payload::help_cursor,
                                                             detail::payload::next_help_command> {
public:
    using item_list::item_list;

    // Listed and not marked unimplemented.
    [[nodiscard]] constexpr bool implements(std::string_view name) const noexcept {
        const lookup l = find(name);
        return l.found && !l.value.unimplemented;
    }
};

[[nodiscard]] constexpr help_command_list decode_help_commands(std::string_view raw_reply) noexcept {
    return help_command_list(raw_reply);
}

// ---------------------------------------------------------------------------------------------------------
// 212/213 (211 on BSD ftpd and ProFTPD) to STAT <path>: a listing on the control connection
// ---------------------------------------------------------------------------------------------------------
//
// RFC 959 §4.1.3 STAT: with a path argument the command "is analogous to the 'list' command except that data
// shall be transferred over the control connection", answered 212 (directory) or 213 (file status). Servers
// pick the code themselves: vsftpd and pyftpdlib answer 213 for directories too, BSD ftpd and ProFTPD's mod_ls
// 211. Clients use it to list without a data connection (lftp's ftp:use-stat-for-list).

namespace detail::payload {

struct listing_step {
    std::string_view value;
    std::size_t next = 0;
    bool found = false;
};

// The next listing line at or after pos. The reply's first line ("213-Status of "/":") is the header, the
// closing line ("ddd " or the code alone) ends the listing. What servers add to a line is taken off: a "ddd-"
// prefix with the reply's code (servers that repeat the code on every line: read_reply_line) and one leading space
// (RFC 959 §4.2 padding, which BSD ftpd puts before lines that start with a digit); a line of `ls -l` or of an
// MS-DOS style listing never starts with either. Empty lines are skipped.
[[nodiscard]] constexpr listing_step next_listing_line(std::string_view raw, std::size_t pos) noexcept {
    while (pos < raw.size()) {
        const std::size_t lf = raw.find('\n', pos);
        const std::size_t next = lf == std::string_view::npos ? raw.size() : lf + 1;
        const std::string_view raw_line = trim_line_end(raw.substr(pos, next - pos));
        if (is_closing_line(raw_line)) break;  // the closing line, or a single-line reply: no (more) listing
        const reply_line l = read_reply_line(raw, pos, raw_line);
        pos = next;
        if (l.header) continue;
        std::string_view line = l.text;
        if (!l.code_removed && !line.empty() && line[0] == ' ') line.remove_prefix(1);
        if (!line.empty()) return {line, next, true};
    }
    return {std::string_view{}, raw.size(), false};
}

}  // namespace detail::payload

// Iterates the lines of a listing sent in answer to STAT <path>, given the reply's raw lines
// ("213-Status follows:\r\ndrwxr-xr-x 2 0 0 4096 Jan 02 10:15 pub\r\n213 End of status\r\n"): each line as LIST
// would have sent it on a data connection (the header and the closing line left out, padding taken off), for
// the caller's LIST-line parser. The lines alone work too; a single-line reply ("213 End of status", or
// "450 No such file") has none. The listing's format is the server's (RFC 959 does not define it); this only
// takes it out of the reply.
class status_listing {
    using lines = detail::payload::item_list<std::string_view, std::size_t, detail::payload::next_listing_line>;

public:
    using iterator = lines::iterator;
    constexpr explicit status_listing(std::string_view raw_reply) noexcept : lines_(raw_reply) {}
    [[nodiscard]] constexpr iterator begin() const noexcept { return lines_.begin(); }
    [[nodiscard]] constexpr iterator end() const noexcept { return lines_.end(); }
    [[nodiscard]] constexpr bool empty() const noexcept { return begin() == end(); }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return lines_.size(); }

private:
    lines lines_;
};

[[nodiscard]] constexpr status_listing decode_status_listing(std::string_view raw_reply) noexcept {
    return status_listing(raw_reply);
}

// ---------------------------------------------------------------------------------------------------------
// Preliminary and other small replies
// ---------------------------------------------------------------------------------------------------------

// 150 (and 125) with the size some servers announce: vsftpd and ProFTPD write
// "Opening BINARY mode data connection for f.txt (1234 bytes)." The last "(N bytes)" counts, since a
// file name may contain anything. Pure-FTPd gives the size in KiB with one decimal, on the closing line of a
// multi-line 150 ("150-Accepted data connection", "150 65536.0 kbytes to download"): bytes is then that many KiB,
// rounded, and approximate true (within 52 bytes). has_size is false when there is none; only an overflow is an
// error. Give it the whole reply (its raw lines) to find a size on any line. After a REST the servers count
// differently (seen live, REST 5368709120 then RETR of a 5368709127-byte file): vsftpd 3.0.3 announces the whole
// file (5368709127 bytes), ProFTPD 1.3.8 what is left to send (7 bytes); compare it with the bytes received only
// knowing which.
struct transfer_size {
    bool has_size = false;
    std::uint64_t bytes = 0;
    bool approximate = false;
};

namespace detail::payload {

// Pure-FTPd's "<KiB>.<tenths> kbytes to download" (any number of decimals, or none), the last in text.
[[nodiscard]] constexpr decoded<transfer_size> kbytes_size(std::string_view text) noexcept {
    decoded<transfer_size> r;
    constexpr std::string_view unit = " kbytes to download";
    const std::size_t at = text.rfind(unit);
    if (at == std::string_view::npos || at == 0 || !is_digit(text[at - 1])) return r;
    std::size_t begin = at;
    while (begin > 0 && (is_digit(text[begin - 1]) || text[begin - 1] == '.')) --begin;
    const number_scan whole = scan_decimal(text, begin);
    if (whole.error == payload_error::missing_number) return r;  // ".5 kbytes": no number before the point
    std::uint64_t thousandths = 0;  // of a KiB: the first three decimals
    int decimals = 0;
    if (whole.end < at) {
        if (text[whole.end] != '.' || whole.end + 1 == at) return r;
        for (std::size_t i = whole.end + 1; i < at; ++i) {
            if (!is_digit(text[i])) return r;
            if (decimals < 3) {
                thousandths = thousandths * 10 + static_cast<std::uint64_t>(text[i] - '0');
                ++decimals;
            }
        }
    }
    for (; decimals < 3; ++decimals) thousandths *= 10;
    if (whole.error != payload_error::none || whole.value > (UINT64_MAX - 1023) / 1024) {
        r.error = payload_error::number_too_large;
        r.offset = begin;
        return r;
    }
    r.value.has_size = true;
    r.value.approximate = true;
    r.value.bytes = whole.value * 1024 + (thousandths * 1024 + 500) / 1000;
    return r;
}

}  // namespace detail::payload

[[nodiscard]] constexpr decoded<transfer_size> decode_transfer_size(std::string_view text) noexcept {
    decoded<transfer_size> r;
    std::size_t pos = text.size();
    while (pos > 0) {
        const std::size_t open = text.rfind('(', pos - 1);
        if (open == std::string_view::npos) break;
        pos = open;
        const detail::payload::number_scan n = detail::payload::scan_decimal(text, open + 1);
        if (n.error == payload_error::missing_number) continue;
        std::size_t i = n.end;
        if (i < text.size() && text[i] == ' ') ++i;
        if (detail::payload::ifind(text.substr(i, 5), "byte") != 0) continue;
        if (n.error != payload_error::none) {
            r.error = n.error;
            r.offset = open + 1;
            return r;
        }
        r.value.has_size = true;
        r.value.bytes = n.value;
        return r;
    }
    return detail::payload::kbytes_size(text);
}

// 125/150 after STOU: "150 FILE: pppp" names the unique file (RFC 1123 §4.1.2.9). "FILE:" starts a word
// ("... for PROFILE: x" names no file).
[[nodiscard]] constexpr decoded<std::string_view> decode_unique_file(std::string_view text) noexcept {
    decoded<std::string_view> r;
    std::size_t at = detail::payload::ifind(text, "FILE:");
    while (at != std::string_view::npos && at != 0 && !detail::payload::is_blank(text[at - 1]))
        at = detail::payload::ifind(text, "FILE:", at + 1);
    if (at == std::string_view::npos) {
        r.error = payload_error::missing_pathname;
        r.offset = text.size();
        return r;
    }
    std::size_t i = at + 5;
    while (i < text.size() && detail::payload::is_blank(text[i])) ++i;  // blanks, as before "FILE:"
    const std::string_view name = detail::payload::trim_line_end(text.substr(i));
    if (name.empty()) {
        r.error = payload_error::missing_pathname;
        r.offset = i;
        return r;
    }
    r.value = name;
    return r;
}

// 110 Restart marker reply "MARK yyyy = mmmm" (RFC 959 §4.2): yyyy is the user-process data stream
// marker, mmmm the server's equivalent marker. Both are kept as text.
struct restart_marker {
    std::string_view user_marker;
    std::string_view server_marker;
};

// A marker is a <pr-string> (RFC 959 §5.3.2: printable characters, no space), so it may hold '=' itself: the
// markers are split at the " = " the RFC spells out ("note the spaces between markers and \"=\""), and only
// where that is missing at the first '=' ("MARK yyyy=mmmm", "MARK yyyy= mmmm", from servers that drop a space).
// "MARK" (any case) counts where a word starts, not inside one ("Bookmark set. MARK 1024 = 2048").
[[nodiscard]] constexpr decoded<restart_marker> decode_restart_marker(std::string_view text) noexcept {
    decoded<restart_marker> r;
    std::size_t at = detail::payload::ifind(text, "MARK ");
    while (at != std::string_view::npos && at > 0 && detail::payload::is_word_char(text[at - 1]))
        at = detail::payload::ifind(text, "MARK ", at + 1);
    r.error = payload_error::missing_marker;
    if (at == std::string_view::npos) {
        r.offset = text.size();
        return r;
    }
    const auto skip_spaces = [&](std::size_t k) {
        while (k < text.size() && text[k] == ' ') ++k;
        return k;
    };
    const auto marker_end = [&](std::size_t k) {
        while (k < text.size() && text[k] != ' ' && text[k] != '\r' && text[k] != '\n') ++k;
        return k;
    };
    const std::size_t first = skip_spaces(at + 5);
    const std::size_t first_end = marker_end(first);
    const std::size_t after = skip_spaces(first_end);
    std::string_view user;
    std::size_t server_begin = 0;
    std::size_t server_end = 0;
    if (first_end != first && after < text.size() && text[after] == '=') {  // "yyyy = mmmm", "yyyy =mmmm"
        user = text.substr(first, first_end - first);
        server_begin = skip_spaces(after + 1);
        server_end = marker_end(server_begin);
    } else {
        const std::size_t eq = text.substr(first, first_end - first).find('=');
        if (eq == std::string_view::npos || eq == 0) {
            r.offset = eq == 0 ? first : after;
            return r;
        }
        user = text.substr(first, eq);
        server_begin = first + eq + 1;
        server_end = first_end;
        if (server_begin == first_end) {  // "yyyy= mmmm"
            server_begin = after;
            server_end = marker_end(after);
        }
    }
    if (server_end == server_begin) {
        r.offset = server_begin;
        return r;
    }
    r.error = payload_error::none;
    r.value = {user, text.substr(server_begin, server_end - server_begin)};
    return r;
}

// The first decimal number in text, whatever surrounds it.
[[nodiscard]] constexpr decoded<std::uint64_t> decode_first_number(std::string_view text) noexcept {
    decoded<std::uint64_t> r;
    const std::size_t at = detail::payload::find_digit(text, 0);
    if (at == std::string_view::npos) {
        r.error = payload_error::missing_number;
        r.offset = text.size();
        return r;
    }
    const detail::payload::number_scan n = detail::payload::scan_decimal(text, at);
    r.value = n.value;
    r.error = n.error;
    r.offset = n.error == payload_error::none ? 0 : at;
    return r;
}

// 120 "Service ready in nnn minutes." (RFC 959 §4.2) → nnn. Pass the reply text, not the whole line: the first
// number is taken, and in "120 Service ready in 5 minutes." that is the code.
[[nodiscard]] constexpr decoded<std::uint64_t> decode_ready_minutes(std::string_view text) noexcept {
    return decode_first_number(text);
}

// 200 after PBSZ (RFC 2228 §3): the protection buffer size to use. A server that cannot take the size asked for names
// its own as "PBSZ=number" in the text; servers also echo the size they took: Pure-FTPd "PBSZ=0", pyftpdlib "PBSZ=0
// successful.", ProFTPD "PBSZ 0 successful", vsftpd "PBSZ set to 0.". Of several PBSZ words the one with "=" wins
// ("PBSZ too large; using PBSZ=16384"), else the first with a number; a malformed "PBSZ=" gives way to a well-formed
// one after it. The number stands alone: "PBSZ=5abc" and "pbsz=0x10" are trailing_text. missing_number: the text names
// no size, and the one asked for stands. RFC 2228 §3 gives the size 32 bits (number_too_large beyond).
[[nodiscard]] constexpr decoded<std::uint64_t> decode_protection_buffer_size(std::string_view text) noexcept {
    // A letter, digit or underscore right after "PBSZ" or after the number: glued to it, not a separate word.
    const auto glued_at = [text](std::size_t i) {
        return i < text.size() && (detail::payload::is_word_char(text[i]) || text[i] == '_');
    };
    decoded<std::uint64_t> r;
    r.error = payload_error::missing_number;
    r.offset = text.size();
    bool taken = false;         // a PBSZ with a number was read into r (replaced only by one with "=")
    bool taken_equals = false;  // ... and it was a malformed "PBSZ=" (replaced only by a well-formed one)
    for (std::size_t at = detail::payload::ifind(text, "PBSZ"); at != std::string_view::npos;
         at = detail::payload::ifind(text, "PBSZ", at + 1)) {
        if ((at != 0 && detail::payload::is_word_char(text[at - 1])) || glued_at(at + 4))
            continue;  // part of another word (XPBSZ, PBSZ5, PBSZ_X)
        std::size_t i = at + 4;
        while (i < text.size() && detail::payload::is_blank(text[i])) ++i;
        const bool equals = i < text.size() && text[i] == '=';
        if (taken && !equals) continue;
        if (equals) {
            ++i;
        } else if (detail::payload::ifind(text.substr(i, 7), "set to ") == 0) {
            i += 7;
        }
        while (i < text.size() && detail::payload::is_blank(text[i])) ++i;
        const detail::payload::number_scan n = detail::payload::scan_decimal(text, i, 0xFFFFFFFFu);
        if (n.error == payload_error::missing_number && !equals) continue;  // "PBSZ too large": no size here
        const payload_error error =
            n.error == payload_error::none && glued_at(n.end) ? payload_error::trailing_text : n.error;
        if (taken_equals && error != payload_error::none) continue;  // the first malformed "PBSZ=" stands
        r.value = n.value;
        r.error = error;
        r.offset = error == payload_error::none ? 0 : error == payload_error::trailing_text ? n.end : i;
        taken = true;
        if (!equals) continue;
        if (error == payload_error::none) break;  // RFC 2228's form: the server's size
        taken_equals = true;  // a well-formed "PBSZ=" later in the text still names the size
    }
    return r;
}

// 350 after REST: the restart offset. ProFTPD and IIS "Restarting at 802816. Send STORE or RETRIEVE",
// vsftpd "Restart position accepted (802816).", FileZilla "Rest supported. Restarting at 802816"
// (RFC 3659 §5.3 gives the text no form, so the first number is taken: pass the reply text, not the whole line).
[[nodiscard]] constexpr decoded<std::uint64_t> decode_restart_offset(std::string_view text) noexcept {
    return decode_first_number(text);
}

// 215 NAME system type (RFC 959 §4.1.3 SYST): "UNIX Type: L8" → name "UNIX", detail "Type: L8".
struct system_type {
    std::string_view name;
    std::string_view detail;
};

[[nodiscard]] constexpr decoded<system_type> decode_system_type(std::string_view text) noexcept {
    decoded<system_type> r;
    text = detail::payload::trim_line_end(text);
    std::size_t i = 0;
    while (i < text.size() && detail::payload::is_blank(text[i])) ++i;
    std::size_t end = i;  // the reply's "first word" (RFC 959 §4.1.3 SYST): a name from RFC 943's list, no blank
    while (end < text.size() && !detail::payload::is_blank(text[end])) ++end;
    r.value.name = text.substr(i, end - i);
    if (r.value.name.empty()) {
        r.error = payload_error::missing_system_type;
        r.offset = i;
        return r;
    }
    while (end < text.size() && detail::payload::is_blank(text[end])) ++end;
    r.value.detail = text.substr(end);
    return r;
}

// Why the server closes the control connection: 221 is the answer to QUIT (RFC 959 §4.2); 421 texts
// name a reason in a few common words.
enum class closing_reason : std::uint8_t {
    goodbye,               // 221: the session ends normally
    idle_timeout,          // 421 "Timeout.", "No transfer timeout (300 seconds)"
    too_many_connections,  // 421 "Too many users", "There are too many connections from your internet address."
    shutting_down,         // 421 "Service not available, closing control connection", "shutting down"
    other,
};

[[nodiscard]] constexpr std::string_view to_string(closing_reason r) noexcept {
    switch (r) {
        case closing_reason::goodbye: return "goodbye";
        case closing_reason::idle_timeout: return "idle_timeout";
        case closing_reason::too_many_connections: return "too_many_connections";
        case closing_reason::shutting_down: return "shutting_down";
        case closing_reason::other: return "other";
    }
    return "unknown";
}

[[nodiscard]] constexpr closing_reason decode_closing_reason(int code, std::string_view text) noexcept {
    if (code == 221) return closing_reason::goodbye;
    const auto has = [&](std::string_view w) { return detail::payload::ifind(text, w) != std::string_view::npos; };
    // FileZilla Server 0.9: "No-transfer-time exceeded. Closing control connection.", "Login time exceeded. ..."
    if (has("timeout") || has("timed out") || has("idle") || has("time exceeded")) return closing_reason::idle_timeout;
    // A ban ("Temporarily banned for too many failed login attempts", FileZilla Server's autoban) is not a limit.
    if (has("banned")) return closing_reason::other;
    // Pure-FTPd: "5 users (the maximum) are already logged in, sorry", "I can't accept more than 3 connections as
    // the same user"; FileZilla Server: "Refusing connection. No more connections allowed from your IP."
    if (has("too many") || has("the maximum") || has("no more connections") || has("accept more than"))
        return closing_reason::too_many_connections;
    // FileZilla Server: "Server is going offline".
    if (has("shut") || has("not available") || has("closing") || has("going offline"))
        return closing_reason::shutting_down;
    return closing_reason::other;
}

// ---------------------------------------------------------------------------------------------------------
// MLST / MLSD entries (RFC 3659 §7)
// ---------------------------------------------------------------------------------------------------------

// "fact=value;fact=value; name": facts is "fact=value;fact=value;", name everything after the first SP.
struct mlsx_entry {
    std::string_view facts;
    std::string_view name;
};

// One fact of an entry; fact names are case-insensitive (RFC 3659 §7.5).
struct mlsx_fact {
    std::string_view name;
    std::string_view value;

    [[nodiscard]] constexpr bool is(std::string_view other) const noexcept {
        return detail::payload::iequals(name, other);
    }
};

// RFC 3659 §7.2: entry = [facts] SP pathname; facts = 1*(fact ";"); fact = factname "=" value.
// Facts hold no SP, so the first SP ends them. A line end is dropped. For the lines of an MLST (250)
// reply, which start with one more SP (RFC 3659 §7.2 "SP entry"), use decode_mlst_line.
[[nodiscard]] constexpr decoded<mlsx_entry> decode_mlsx_entry(std::string_view line) noexcept {
    decoded<mlsx_entry> r;
    line = detail::payload::trim_line_end(line);
    const std::size_t sp = line.find(' ');
    if (sp == std::string_view::npos || sp + 1 >= line.size()) {
        r.error = payload_error::missing_pathname;
        r.offset = line.size();
        return r;
    }
    const std::string_view facts = line.substr(0, sp);
    // Each fact needs "=" and ends with ";".
    std::size_t start = 0;
    while (start < facts.size()) {
        const std::size_t semi = facts.find(';', start);
        const std::size_t end = semi == std::string_view::npos ? facts.size() : semi;
        const std::string_view fact = facts.substr(start, end - start);
        const std::size_t eq = fact.find('=');
        if (semi == std::string_view::npos || eq == std::string_view::npos || eq == 0) {
            r.error = payload_error::bad_fact;
            r.offset = start;
            return r;
        }
        start = semi + 1;
    }
    r.value = {facts, line.substr(sp + 1)};
    return r;
}

// A line of an MLST 250 reply: " type=file;size=1; /tmp/x" (the leading SP is removed first).
[[nodiscard]] constexpr decoded<mlsx_entry> decode_mlst_line(std::string_view line) noexcept {
    const bool leading_space = !line.empty() && line[0] == ' ';
    if (leading_space) line.remove_prefix(1);
    decoded<mlsx_entry> r = decode_mlsx_entry(line);
    if (!r.ok() && leading_space) ++r.offset;  // an offset in the line as given
    return r;
}

// The length of text sent on the control connection once its Telnet escapes are read: CR NUL as CR (RFC 2640
// §3.1), IAC IAC as one byte 0xFF (RFC 854).
[[nodiscard]] constexpr std::size_t telnet_unescaped_size(std::string_view text) noexcept {
    return detail::payload::unescape_bytes(text, detail::payload::telnet_escaped_length, nullptr);
}

// A name sent on the control connection, an MLST entry's above all (RFC 3659 §2.2: an IAC in a pathname sent over
// the control connection "MUST be correctly escaped as defined by the Telnet protocol"), with its Telnet escapes
// read: CR NUL → CR, IAC IAC → 0xFF. Written into out[0, capacity) when there is one; otherwise the result is text
// itself and out is left untouched. Not for MLSD lines: the data connection carries names as they are.
// What servers do (seen live, a file a<0xFF>b and one c<CR>d): ProFTPD 1.3.8 and Pure-FTPd 1.0.50 send both bytes
// alone in MLST entries, and vsftpd 3.0.3, ProFTPD and Pure-FTPd in STAT listings, which reads the same; only a pair
// 0xFF 0xFF sent so reads as one byte. Pure-FTPd does not read IAC IAC in commands either (MKD a<IAC><IAC>b makes a
// directory with two), so a name it lists with two is ambiguous: the raw name (mlsx_entry::name) is the one to send
// back to it.
[[nodiscard]] constexpr decoded<std::string_view> unescape_telnet(std::string_view text, char* out,
                                                                  std::size_t capacity) noexcept {
    decoded<std::string_view> r;
    const std::size_t size = telnet_unescaped_size(text);
    if (size == text.size()) {
        r.value = text;
        return r;
    }
    if (size > capacity) {
        r.error = payload_error::buffer_too_small;
        return r;
    }
    r.value = std::string_view(out, detail::payload::unescape_bytes(text, detail::payload::telnet_escaped_length, out));
    return r;
}

namespace detail::payload {

struct mlsx_fact_step {
    mlsx_fact value;
    std::size_t next = 0;
    bool found = false;
};

// The fact at pos of an entry's facts ("size=10;type=file;", RFC 3659 §7.2), and where the one after it starts.
[[nodiscard]] constexpr mlsx_fact_step next_mlsx_fact(std::string_view facts, std::size_t pos) noexcept {
    if (pos >= facts.size()) return {mlsx_fact{}, pos, false};
    std::size_t semi = facts.find(';', pos);
    if (semi == std::string_view::npos) semi = facts.size();
    const std::string_view fact = facts.substr(pos, semi - pos);
    const std::size_t eq = fact.find('=');
    // A fact without '=' (only in an entry that did not come from decode_mlsx_entry) has an empty value that points
    // at the end of its name, so offsets computed from it stay in the entry.
    const mlsx_fact value = eq == std::string_view::npos ? mlsx_fact{fact, fact.substr(fact.size())}
                                                         : mlsx_fact{fact.substr(0, eq), fact.substr(eq + 1)};
    return {value, semi + 1, true};
}

}  // namespace detail::payload

// Iterates the facts of a (decoded, hence well-formed) entry.
class mlsx_fact_list : public detail::payload::item_list<mlsx_fact, std::size_t, detail::payload::next_mlsx_fact> {
public:
    using item_list::item_list;
    constexpr explicit mlsx_fact_list(const mlsx_entry& e) noexcept : item_list(e.facts) {}
};

// The "type" fact (RFC 3659 §7.5.1).
enum class mlsx_type : std::uint8_t { none, file, dir, cdir, pdir, os_specific, other };

[[nodiscard]] constexpr std::string_view to_string(mlsx_type t) noexcept {
    switch (t) {
        case mlsx_type::none: return "none";
        case mlsx_type::file: return "file";
        case mlsx_type::dir: return "dir";
        case mlsx_type::cdir: return "cdir";
        case mlsx_type::pdir: return "pdir";
        case mlsx_type::os_specific: return "os_specific";
        case mlsx_type::other: return "other";
    }
    return "unknown";
}

// The common facts of an entry, typed. Absent facts leave has_* false and views empty.
struct mlsx_facts {
    mlsx_type type = mlsx_type::none;
    std::string_view type_text;   // "file", "OS.unix=slink:/x", ... as sent
    bool has_size = false;
    std::uint64_t size = 0;       // "size" (RFC 3659 §7.5.7)
    bool has_modify = false;
    date_time modify{};           // "modify" (§7.5.3)
    std::string_view perm;        // "perm" (§7.5.5) as sent: RFC 3659 lets it hold letters of "acdeflmprw" (not
                                  // checked here)
    std::string_view unique;      // "unique" (§7.5.2)
    bool has_unix_mode = false;
    std::uint32_t unix_mode = 0;  // "UNIX.mode" (octal, a common OS fact: "0644")
};

// Fact names are matched in any case (RFC 3659 §7.5); a fact sent more than once counts as the last one sent.
[[nodiscard]] constexpr decoded<mlsx_facts> decode_mlsx_facts(const mlsx_entry& entry) noexcept {
    decoded<mlsx_facts> r;
    mlsx_facts& f = r.value;
    for (const mlsx_fact& fact : mlsx_fact_list(entry)) {
        const auto fail = [&](payload_error e) {
            r.error = e;
            r.offset = static_cast<std::size_t>(fact.value.data() - entry.facts.data());
        };
        if (fact.value.data() == fact.name.data() + fact.name.size()) {  // no '=' (an entry built by hand)
            r.error = payload_error::bad_fact;
            r.offset = static_cast<std::size_t>(fact.name.data() - entry.facts.data());
            return r;
        }
        if (fact.is("type")) {
            f.type_text = fact.value;
            if (detail::payload::iequals(fact.value, "file")) f.type = mlsx_type::file;
            else if (detail::payload::iequals(fact.value, "dir")) f.type = mlsx_type::dir;
            else if (detail::payload::iequals(fact.value, "cdir")) f.type = mlsx_type::cdir;
            else if (detail::payload::iequals(fact.value, "pdir")) f.type = mlsx_type::pdir;
            else if (detail::payload::ifind(fact.value, "OS.") == 0) f.type = mlsx_type::os_specific;
            else f.type = mlsx_type::other;
        } else if (fact.is("size")) {
            const detail::payload::number_scan n = detail::payload::scan_decimal(fact.value, 0);
            if (n.error != payload_error::none || n.end != fact.value.size()) {
                fail(n.error != payload_error::none ? n.error : payload_error::bad_fact);
                return r;
            }
            f.has_size = true;
            f.size = n.value;
        } else if (fact.is("modify")) {
            // RFC 3659 §7.5.3: the value is a time-val and nothing else (a value is *SCHAR, §7.2: no blank or line
            // end), where decode_time_val allows blanks around it in a 213's text (found by a differential run:
            // "modify=\t20200101000000; x" was a time), as the size fact allows none.
            const decoded<date_time> t = decode_time_val(fact.value);
            if (!t.ok()) {
                fail(t.error);
                return r;
            }
            // A time-val decoded: digits at both ends, unless blanks stand there.
            const bool starts_with_digit = detail::payload::is_digit(fact.value.front());
            if (!starts_with_digit || !detail::payload::is_digit(fact.value.back())) {
                fail(starts_with_digit ? payload_error::trailing_text : payload_error::bad_time_format);
                return r;
            }
            f.has_modify = true;
            f.modify = t.value;
        } else if (fact.is("perm")) {
            f.perm = fact.value;
        } else if (fact.is("unique")) {
            f.unique = fact.value;
        } else if (fact.is("unix.mode")) {
            std::uint32_t mode = 0;
            if (fact.value.empty() || fact.value.size() > 7) {
                fail(payload_error::bad_fact);
                return r;
            }
            for (char c : fact.value) {
                if (c < '0' || c > '7') {
                    fail(payload_error::bad_fact);
                    return r;
                }
                mode = mode * 8 + static_cast<std::uint32_t>(c - '0');
            }
            f.has_unix_mode = true;
            f.unix_mode = mode;
        }
    }
    return r;
}

// ---------------------------------------------------------------------------------------------------------
// RFC 2228 security data, RFC 1639 / RFC 2428 supported-family lists
// ---------------------------------------------------------------------------------------------------------

namespace detail::payload {

[[nodiscard]] constexpr bool is_base64_char(char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '+' || c == '/' || c == '=';
}

// Where base64 text (alphabet already checked) stops making whole bytes, npos when it does not. RFC 2228 §10
// writes 4 characters for each 3 bytes and completes the last group with one or two '=': padding only at the end,
// never alone, and where it stands the length is a multiple of 4. Unpadded text is taken when the characters left
// over (2 or 3) still make whole bytes; 1 left over does not.
[[nodiscard]] constexpr std::size_t base64_shape_error(std::string_view word) noexcept {
    const std::size_t pad = word.find('=');
    const std::size_t data = pad == std::string_view::npos ? word.size() : pad;
    if (pad != std::string_view::npos) {
        for (std::size_t i = pad; i < word.size(); ++i)
            if (word[i] != '=') return pad;  // data after padding
        if (pad == 0 || word.size() - pad > 2 || word.size() % 4 != 0) return pad;
    }
    return data % 4 == 1 ? data - 1 : std::string_view::npos;
}

// The base64 word at text[pos] up to a space or the end; error offset where a non-base64 byte sits, or where the
// word stops making whole bytes (base64_shape_error).
[[nodiscard]] constexpr decoded<std::string_view> base64_word(std::string_view text, std::size_t pos) noexcept {
    decoded<std::string_view> r;
    std::size_t end = pos;
    while (end < text.size() && text[end] != ' ' && text[end] != '\r' && text[end] != '\n') {
        if (!is_base64_char(text[end])) {
            r.error = payload_error::bad_base64;
            r.offset = end;
            return r;
        }
        ++end;
    }
    const std::string_view word = text.substr(pos, end - pos);
    if (const std::size_t bad = base64_shape_error(word); bad != std::string_view::npos) {
        r.error = payload_error::bad_base64;
        r.offset = pos + bad;
        return r;
    }
    r.value = word;
    return r;
}

}  // namespace detail::payload

// 235, 334, 335 "[ADAT=base64data]" (RFC 2228 §5.1): the base64 data, empty when the reply has none.
[[nodiscard]] constexpr decoded<std::string_view> decode_adat(std::string_view text) noexcept {
    const std::size_t at = detail::payload::ifind(text, "ADAT=");
    if (at == std::string_view::npos) return {};
    return detail::payload::base64_word(text, at + 5);
}

// 631, 632, 633 (RFC 2228 §5.2): the text is the base64-encoded protected reply.
[[nodiscard]] constexpr decoded<std::string_view> decode_protected_reply(std::string_view text) noexcept {
    std::size_t i = 0;
    while (i < text.size() && text[i] == ' ') ++i;
    decoded<std::string_view> r = detail::payload::base64_word(text, i);
    if (r.ok() && r.value.empty()) {
        r.error = payload_error::bad_base64;
        r.offset = i;
    } else if (r.ok() && !detail::payload::only_spaces(text.substr(i + r.value.size()))) {
        r.error = payload_error::trailing_text;
        r.offset = i + r.value.size();
    }
    return r;
}

// 336 "Username okay, need password.  Challenge is "...."" (RFC 2228 §5.1, §4): the challenge the client must show
// to the user before it asks for the password (one-time passwords, token cards). The text after "Challenge is"
// (any case): between its quotes when it starts with one, the last quote of the text closing it (so the
// challenge may itself hold quotes, and a period may follow); else the rest of the text, trailing blanks left
// out. Without "Challenge is", or with nothing after it, missing_challenge; an opening quote that is never
// closed, unterminated_quote.
[[nodiscard]] constexpr decoded<std::string_view> decode_challenge(std::string_view text) noexcept {
    decoded<std::string_view> r;
    constexpr std::string_view marker = "challenge is";
    const std::size_t at = detail::payload::ifind(text, marker);
    if (at == std::string_view::npos) {
        r.error = payload_error::missing_challenge;
        r.offset = text.size();
        return r;
    }
    text = detail::payload::trim_line_end(text);
    std::size_t i = at + marker.size();
    while (i < text.size() && (text[i] == ' ' || text[i] == ':')) ++i;
    if (i < text.size() && text[i] == '"') {
        const std::size_t close = text.rfind('"');
        if (close == i) {
            r.error = payload_error::unterminated_quote;
            r.offset = i;
            return r;
        }
        r.value = text.substr(i + 1, close - i - 1);
    } else {
        std::size_t end = text.size();
        while (end > i && detail::payload::is_blank(text[end - 1])) --end;
        r.value = text.substr(i, end - i);
    }
    if (r.value.empty()) {
        r.error = payload_error::missing_challenge;
        r.offset = i;
    }
    return r;
}

// A short list of small numbers: the families of 521 "Supported address families are (4, 6)"
// (RFC 1639 §4) or the protocols of 522 "Network protocol not supported, use (1,2)" (RFC 2428 §2).
struct number_set {
    static constexpr std::size_t capacity = 16;
    std::uint16_t values[capacity] = {};
    std::size_t count = 0;

    [[nodiscard]] constexpr bool contains(unsigned v) const noexcept {
        for (std::size_t i = 0; i < count; ++i)
            if (values[i] == v) return true;
        return false;
    }
};

// The numbers inside the last "( ... )" of the text.
[[nodiscard]] constexpr decoded<number_set> decode_number_list(std::string_view text) noexcept {
    decoded<number_set> r;
    const std::size_t open = text.rfind('(');
    const std::size_t close = open == std::string_view::npos ? open : text.find(')', open);
    if (close == std::string_view::npos) {
        r.error = payload_error::missing_list;
        r.offset = text.size();
        return r;
    }
    std::size_t i = open + 1;
    while (i < close && text[i] == ' ') ++i;
    // pyftpdlib 1.5.7 writes its 522 "Network protocol not supported (use 1)." (handlers.py, EPRT and EPSV): "use"
    // and a space before the numbers are passed over (only that word: "(errno 104)" is no list).
    if (close - i > 4 && detail::payload::ifind(text.substr(i, 4), "use ") == 0) {
        i += 4;
        while (i < close && text[i] == ' ') ++i;
    }
    const detail::payload::number_list l = detail::payload::scan_number_list(text, i);
    if (l.count > number_set::capacity) {  // more numbers than a number_set holds: at the first that does not fit
        r.error = payload_error::number_too_large;
        r.offset = l.offsets[number_set::capacity];
        return r;
    }
    std::size_t end = l.end;
    while (end < close && text[end] == ' ') ++end;
    if (l.count == 0 || end != close) {
        r.error = l.count == 0 ? payload_error::missing_list : payload_error::trailing_text;
        r.offset = l.count == 0 ? i : end;
        return r;
    }
    for (std::size_t k = 0; k < l.count; ++k) {
        if (l.values[k] > 9999) {  // scan_number_list's mark for a number beyond its range
            r.error = payload_error::number_too_large;
            r.offset = l.offsets[k];
            return r;
        }
        r.value.values[k] = l.values[k];
    }
    r.value.count = l.count;
    return r;
}

// 521 (RFC 1639 §4): address families the server supports (4 = IPv4, 6 = IPv6).
[[nodiscard]] constexpr decoded<number_set> decode_supported_families(std::string_view text) noexcept {
    return decode_number_list(text);
}

// 522 (RFC 2428 §2): network protocols the server supports for EPRT/EPSV (1 = IPv4, 2 = IPv6).
[[nodiscard]] constexpr decoded<number_set> decode_supported_protocols(std::string_view text) noexcept {
    return decode_number_list(text);
}

}  // namespace ftpwire

#endif  // FTPWIRE_PAYLOAD_HPP
