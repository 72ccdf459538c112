// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Formatting replies for servers: single-line and multi-line replies into a caller buffer, with
// continuation lines padded so that no reader mistakes them for the last line (RFC 959 §4.2). What they write,
// the strict reply parser (parse_options::strict()) reads back, as long as it stays within the parser's limits,
// which are policy, not RFC 959's (max_line_length 16384 bytes a line by default: the writers take longer lines).
#ifndef FTPWIRE_REPLY_FORMAT_HPP
#define FTPWIRE_REPLY_FORMAT_HPP

#include "version.hpp"

#include "detail/utf8.hpp"
#include "detail/writer.hpp"

#include <cstddef>
#include <initializer_list>
#include <string_view>

namespace ftpwire {

// RFC 959 §4.2: a reply code is three digits, the first 1 to 5 and the second 0 to 5 (x0z-x5z); RFC 2228
// §5.2 adds 6yz protected replies. What the strict reply parser accepts, so nothing written is refused there.
[[nodiscard]] constexpr bool is_formattable_reply_code(int code) noexcept {
    return code >= 100 && code <= 699 && code / 10 % 10 <= 5;
}

// RFC 959 §4.2: "If an intermediary line begins with a 3-digit number, the Server must pad the front
// to avoid confusion." We pad every continuation line that starts with three digits, whatever follows
// them, so "226 done" inside a 211 reply never reads as an end line for any reader.
[[nodiscard]] constexpr bool continuation_needs_padding(std::string_view line) noexcept {
    if (line.size() < 3) return false;
    for (std::size_t i = 0; i < 3; ++i)
        if (line[i] < '0' || line[i] > '9') return false;
    return true;
}

namespace detail {

constexpr void put_reply_code(writer& w, int code, char separator) noexcept {
    w.put(static_cast<char>('0' + code / 100));
    w.put(static_cast<char>('0' + code / 10 % 10));
    w.put(static_cast<char>('0' + code % 10));
    w.put(separator);
}

// What one line of reply text cannot be: a byte find_forbidden_reply_byte names (CR, LF, NUL, other controls but
// TAB, DEL, 0xFF) is forbidden_character, text that is not UTF-8 (RFC 2640 §2.2: Latin-1 "caf\xE9", a cut
// sequence, a UTF-16 surrogate) invalid_utf8.
[[nodiscard]] constexpr format_error reply_text_error(std::string_view line) noexcept {
    if (find_forbidden_reply_byte(line) != std::string_view::npos) return format_error::forbidden_character;
    if (find_invalid_utf8(line) != std::string_view::npos) return format_error::invalid_utf8;
    return format_error::none;
}

// What starts a line after the first and before the last of a multi-line reply. RFC 959 §4.2: one SP when the
// line starts with three digits (see continuation_needs_padding). RFC 2228 §5.2: in a protected reply (6yz),
// "each line before the last must be formed by the reply code, followed immediately by a hyphen".
constexpr void put_continuation_start(writer& w, int code, std::string_view line) noexcept {
    if (code / 100 == 6)
        put_reply_code(w, code, '-');
    else if (continuation_needs_padding(line))
        w.put(' ');
}

// Calls f(line) for each line of text split at LF, a CR before the LF dropped (a CR at the very end stays,
// for the caller to refuse). A final LF does not start an empty last line.
template <typename F>
constexpr bool for_each_text_line(std::string_view text, F&& f) noexcept {
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t lf = text.find('\n', start);
        const bool last = lf == std::string_view::npos;
        if (last) lf = text.size();
        std::string_view line = text.substr(start, lf - start);
        if (!last && !line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!f(line)) return false;
        if (last || lf + 1 == text.size()) break;
        start = lf + 1;
    }
    return true;
}

}  // namespace detail

// Writes "ddd text\r\n" into out[0, capacity). RFC 959 §4.2: code, SP, one line of text, CRLF. Text with a
// byte find_forbidden_reply_byte names (CR, LF, NUL, other controls but TAB, DEL, 0xFF) is forbidden_character,
// text that is not UTF-8 invalid_utf8 (see detail::reply_text_error).
[[nodiscard]] constexpr format_result format_reply(char* out, std::size_t capacity, int code,
                                                   std::string_view text) noexcept {
    if (!is_formattable_reply_code(code)) return {0, format_error::invalid_code};
    if (const format_error e = detail::reply_text_error(text); e != format_error::none) return {0, e};
    detail::writer w(out, capacity);
    detail::put_reply_code(w, code, ' ');
    w.put(text);
    w.put("\r\n");
    return w.result();
}

// Writes a reply of count lines: one line as format_reply does; more as "ddd-first", the continuation
// lines (padded with one SP when they start with three digits; "ddd-" before each in a 6yz reply), and
// "ddd last" (RFC 959 §4.2, RFC 2228 §5.2).
[[nodiscard]] constexpr format_result format_multiline_reply(char* out, std::size_t capacity, int code,
                                                             const std::string_view* lines,
                                                             std::size_t count) noexcept {
    if (!is_formattable_reply_code(code)) return {0, format_error::invalid_code};
    if (count == 0) return {0, format_error::no_lines};
    for (std::size_t i = 0; i < count; ++i)
        if (const format_error e = detail::reply_text_error(lines[i]); e != format_error::none) return {0, e};
    if (count == 1) return format_reply(out, capacity, code, lines[0]);
    detail::writer w(out, capacity);
    detail::put_reply_code(w, code, '-');
    w.put(lines[0]);
    w.put("\r\n");
    for (std::size_t i = 1; i + 1 < count; ++i) {
        detail::put_continuation_start(w, code, lines[i]);
        w.put(lines[i]);
        w.put("\r\n");
    }
    detail::put_reply_code(w, code, ' ');
    w.put(lines[count - 1]);
    w.put("\r\n");
    return w.result();
}

[[nodiscard]] constexpr format_result format_multiline_reply(char* out, std::size_t capacity, int code,
                                                             std::initializer_list<std::string_view> lines) noexcept {
    return format_multiline_reply(out, capacity, code, lines.begin(), lines.size());
}

// Writes a reply whose lines are given as one text separated by LF (or CRLF): "Features:\n MDTM\nEnd".
// A CR not followed by LF, or any other byte format_reply refuses, gives forbidden_character; text that is not
// UTF-8, invalid_utf8.
[[nodiscard]] constexpr format_result format_reply_text(char* out, std::size_t capacity, int code,
                                                        std::string_view text) noexcept {
    if (!is_formattable_reply_code(code)) return {0, format_error::invalid_code};
    std::size_t count = 0;
    format_error error = format_error::none;
    detail::for_each_text_line(text, [&](std::string_view line) noexcept {
        ++count;
        error = detail::reply_text_error(line);
        return error == format_error::none;
    });
    if (error != format_error::none) return {0, error};
    detail::writer w(out, capacity);
    std::size_t index = 0;
    detail::for_each_text_line(text, [&](std::string_view line) noexcept {
        const bool first = index == 0, last = index + 1 == count;
        if (first || last)
            detail::put_reply_code(w, code, last ? ' ' : '-');
        else
            detail::put_continuation_start(w, code, line);
        w.put(line);
        w.put("\r\n");
        ++index;
        return true;
    });
    return w.result();
}

}  // namespace ftpwire

#endif  // FTPWIRE_REPLY_FORMAT_HPP
