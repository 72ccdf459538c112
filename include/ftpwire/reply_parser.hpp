// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// The reply parser: one core state machine (detail::reply_machine, fed one complete line at a time) with two
// front-ends that find the lines:
//   reply_parser               pull mode: the caller owns a contiguous buffer and calls parse() with the bytes
//                              it has; a complete reply comes back as a reply_view into that buffer.
//   reply_push_parser<N>       push mode: chunks go in, lines and reply boundaries come out through a handler;
//                              at most one partial line (<= N bytes) is held, so memory stays bounded whatever
//                              the reply's size (max_reply_bytes, 16 MiB by default, still applies).
// No allocation, no exceptions, everything constexpr (a reply can be parsed inside a static_assert).
//
// Grammar (RFC 959 §4.2): a reply is "ddd<SP>text<CRLF>", or a multi-line reply that starts with
// "ddd-text<CRLF>" and ends at the first line that starts with the same three digits and a space. Lines in
// between are arbitrary (RFC 959 §4.2: "ignore all intermediary lines"). Every way real servers break this is a
// field of parse_options; parse_options::strict() rejects all of them, parse_options::lenient() (the default)
// accepts what real clients accept.
#ifndef FTPWIRE_REPLY_PARSER_HPP
#define FTPWIRE_REPLY_PARSER_HPP

#include "version.hpp"

#include "detail/line_scan.hpp"
#include "detail/simd_line_scan.hpp"
#include "detail/utf8.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string_view>
#include <type_traits>

namespace ftpwire {

// ---------------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------------

// Why a stream was rejected. Each deviation an option can reject has its own value, named after the option.
// The byte errors (lone_cr, telnet_command, nul_byte, control_character, invalid_utf8) are reported as soon as
// the byte is there (and the byte after it, for a CR or a UTF-8 sequence), before the line's end or a limit is
// judged; the other errors when the line they are in has ended or reached its limit. A CR or UTF-8 sequence at the
// line's limit whose deciding byte lies past it belongs to the over-long line: line_too_long (max_line_length 6,
// "220 a\rb": line_too_long at 6, not lone_cr at 5). So the error and its offset are the same however the input
// is chunked.
enum class parse_error : std::uint8_t {
    none,
    invalid_code,             // a reply's first line does not start with three digits
    code_out_of_range,        // first digit not 1-6 or second digit above 5 (allow_any_code = false)
    invalid_separator,        // the code is followed by something other than SP, '-' or the line end
    bare_code,                // a line that is only "ddd" (allow_bare_code = false)
    bare_lf,                  // a line ended by LF without CR (allow_bare_lf = false)
    lone_cr,                  // a CR not followed by LF (allow_lone_cr = false)
    telnet_command,           // a Telnet IAC byte 0xFF (telnet = telnet_rule::reject)
    nul_byte,                 // a NUL byte in a line (allow_nul = false)
    control_character,        // another control character in a line (allow_control_characters = false)
    invalid_utf8,             // a line that is not UTF-8 (validate_utf8 = true)
    mismatched_closing_code,  // "ddd " with another code inside a multi-line reply (reject_other_code)
    line_too_long,            // more than max_line_length bytes in one line
    too_many_lines,           // more than max_lines_per_reply lines in one reply
    reply_too_large,          // more than max_reply_bytes bytes in one reply
    unterminated_reply,       // the input ended inside a reply (or inside a Telnet command)
};

[[nodiscard]] constexpr std::string_view to_string(parse_error e) noexcept {
    switch (e) {
        case parse_error::none: return "none";
        case parse_error::invalid_code: return "invalid_code";
        case parse_error::code_out_of_range: return "code_out_of_range";
        case parse_error::invalid_separator: return "invalid_separator";
        case parse_error::bare_code: return "bare_code";
        case parse_error::bare_lf: return "bare_lf";
        case parse_error::lone_cr: return "lone_cr";
        case parse_error::telnet_command: return "telnet_command";
        case parse_error::nul_byte: return "nul_byte";
        case parse_error::control_character: return "control_character";
        case parse_error::invalid_utf8: return "invalid_utf8";
        case parse_error::mismatched_closing_code: return "mismatched_closing_code";
        case parse_error::line_too_long: return "line_too_long";
        case parse_error::too_many_lines: return "too_many_lines";
        case parse_error::reply_too_large: return "reply_too_large";
        case parse_error::unterminated_reply: return "unterminated_reply";
    }
    return "unknown";
}

// ---------------------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------------------

// How a multi-line reply may end.
enum class closing_code_rule : std::uint8_t {
    // RFC 959 §4.2: only "ddd " with the first line's code ends the reply; "ddd " with another code is text.
    same_code,
    // glftpd ends some multi-line replies with another code ("553-...", "150 Opening ..."); curl, lftp and
    // FlashFXP end a multi-line reply at any "ddd " line, and the closing line's code is the operative one.
    any_code,
    // Like same_code, but a "ddd " line with another code is rejected (mismatched_closing_code): for linting.
    reject_other_code,
};

// What to do with Telnet IAC (0xFF) bytes. RFC 959 §2.3 puts the control connection on Telnet (RFC 854), so a
// server may send Telnet commands; FTP servers practically never do except around ABOR (RFC 959 §4.1.3).
enum class telnet_rule : std::uint8_t {
    reject,                // any 0xFF byte is an error (telnet_command), reported as soon as it arrives: a
                           // server that negotiates (IAC DO x) and waits for an answer sends no line end
    pass_through,          // 0xFF is an ordinary byte everywhere (a reply starting with it is invalid_code)
    skip_between_replies,  // complete Telnet commands before a reply are consumed and dropped (RFC 854: IAC
                           // cmd, IAC WILL/WONT/DO/DONT opt, IAC SB ... IAC SE); inside a line 0xFF is text
};

// A limit that never triggers.
inline constexpr std::size_t no_limit = static_cast<std::size_t>(-1);

// Every deviation from RFC 959 §4.2 the parser can accept, each with its default (= lenient()).
struct parse_options {
    // A line ended by a bare LF (Unix-style servers, hand-made test servers). RFC 959 §4.2 requires CRLF.
    bool allow_bare_lf = true;
    // A CR not followed by LF (or NUL: RFC 854 sends a bare carriage return as CR NUL, which allow_nul then
    // judges) is kept as part of the line text. RFC 854 only allows CR LF and CR NUL.
    bool allow_lone_cr = true;
    // A line that is only "ddd" counts as "ddd " (a single-line reply with empty text, or a closing line).
    bool allow_bare_code = true;
    closing_code_rule closing_code = closing_code_rule::any_code;
    telnet_rule telnet = telnet_rule::skip_between_replies;
    // Reject lines that are not UTF-8 (RFC 2640 §2.2). Off: bytes >= 0x80 pass through untouched (Latin-1 etc.).
    bool validate_utf8 = false;
    // NUL (RFC 854 calls it a no-operation for the printer) inside a line.
    bool allow_nul = true;
    // Other C0 controls and DEL inside a line (HT is always allowed).
    bool allow_control_characters = true;
    // Any three digits are a code. Off: the first digit must be 1-6 (RFC 959 §4.2, 6yz from RFC 2228 §5.2)
    // and the second 0-5 (RFC 959 §4.2 defines x0z..x5z).
    bool allow_any_code = true;
    // Bytes in one line, terminator included. The push parser also caps it at its line capacity. Twice PATH_MAX
    // and then some: a 257 doubles each quote of the name (RFC 959 Appendix II), and vsftpd 3.0.3 answers PWD in a
    // directory of 4095 bytes, all quotes and slashes, with a line of 8207 bytes (seen live).
    std::size_t max_line_length = 16384;
    std::size_t max_lines_per_reply = 100000;
    // Bytes in one reply, terminators included, Telnet commands skipped before it excluded (those are held to
    // max_line_length together, as one line).
    std::size_t max_reply_bytes = std::size_t{16} * 1024 * 1024;

    // What real clients accept (the default).
    [[nodiscard]] static constexpr parse_options lenient() noexcept { return parse_options{}; }

    // RFC 959 §4.2 to the letter: CRLF only, "ddd<SP>" or "ddd-", same closing code, no Telnet commands, no
    // control characters, UTF-8 text (RFC 2640), codes 1yz-6yz with y <= 5. The limits stay the same.
    [[nodiscard]] static constexpr parse_options strict() noexcept {
        parse_options o;
        o.allow_bare_lf = false;
        o.allow_lone_cr = false;
        o.allow_bare_code = false;
        o.closing_code = closing_code_rule::same_code;
        o.telnet = telnet_rule::reject;
        o.validate_utf8 = true;
        o.allow_nul = false;
        o.allow_control_characters = false;
        o.allow_any_code = false;
        return o;
    }
};

// ---------------------------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------------------------

// One line of a reply.
//   raw:  the line without its terminator (CRLF or bare LF).
//   text: on the first line, what follows "ddd " / "ddd-" (empty for a bare "ddd"); on the closing line of a
//         multi-line reply, what follows "ddd "; on a line in between, the line, minus a leading "ddd-" with
//         the reply's own code (vsftpd and ProFTPD prefix every line that way), otherwise the whole line.
struct line_view {
    std::string_view raw;
    std::string_view text;
    std::size_t offset = 0;  // of raw[0]: in the buffer given to parse(), or in the stream for the push parser
    std::size_t index = 0;   // 0 for the first line of the reply
};

namespace detail {

[[nodiscard]] constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// The code at the start of s, or -1 if s does not start with three digits.
[[nodiscard]] constexpr int leading_code(std::string_view s) noexcept {
    if (s.size() < 3 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2])) return -1;
    return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

// A buffer's address as an integer, for the pull parser's memory of where the caller's next buffer starts:
// the caller may free that buffer before the next call, and an integer may still be compared and subtracted
// then. Neither is constexpr (reinterpret_cast): only on paths that constant evaluation does not take.
[[nodiscard]] inline std::uintptr_t address_of(const char* p) noexcept { return reinterpret_cast<std::uintptr_t>(p); }
// And back, for an address inside the buffer of the current call (the one address_of took it from, or one at
// the same address).
[[nodiscard]] inline const char* pointer_at(std::uintptr_t address) noexcept {
    return reinterpret_cast<const char*>(address);  // NOLINT(performance-no-int-to-ptr): see parse()
}

// The code of a line that starts "ddd<SP>" (the whole of a single-line reply's head), or -1; reads p[0, 4).
// The four bytes are put together as one little-endian word (one load where the target is little-endian:
// GCC 12 merges the four byte loads below by itself, Clang 14 does not), and checked at once. A byte x is a digit
// exactly when x & (x + 6) has the high nibble 3: without a carry out of the low nibble (x & 0x0F <= 9) both high
// nibbles are x's, so it must be 3; with one, h & (h + 1) is never 3. A carry out of a byte (x >= 0xFA) only
// reaches the next byte after this one has failed.
[[nodiscard]] constexpr std::uint32_t head_word(const char* p) noexcept {
#if (defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) || \
    defined(_M_X64) || defined(_M_IX86) || defined(_M_ARM64)
    if (!in_constant_evaluation()) {
        std::uint32_t word = 0;
        std::memcpy(&word, p, sizeof word);
        return word;
    }
#endif
    const auto byte = [p](int i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(p[i])); };
    return byte(0) | byte(1) << 8 | byte(2) << 16 | byte(3) << 24;
}
[[nodiscard]] constexpr bool is_code_then_space(std::uint32_t word) noexcept {
    return (word & (word + 0x00060606u) & 0xFFF0F0F0u) == 0x20303030u;
}
// The head word of "ddd<SP>" for code ddd (0-999): the line that closes a multi-line reply opened with it.
[[nodiscard]] constexpr std::uint32_t closing_head_of(int code) noexcept {
    const auto digit = [](int d) { return static_cast<std::uint32_t>('0' + d); };
    return digit(code / 100) | digit(code / 10 % 10) << 8 | digit(code % 10) << 16 | std::uint32_t{' '} << 24;
}
// The same test for "ddd-", the head of a multi-line reply's first line.
[[nodiscard]] constexpr bool is_code_then_hyphen(std::uint32_t word) noexcept {
    return (word & (word + 0x00060606u) & 0xFFF0F0F0u) == 0x2D303030u;
}
// For a word is_code_then_space accepted: its code, and whether that code is in RFC 959 §4.2's ranges (first
// digit 1-6, second 0-5, as code_in_rfc_range below) read off the digits, without dividing the code by ten.
// The first and third digits in one multiply: (d0 + d2 * 2^16) * (1 + 100 * 2^16) is d0 + (100 d0 + d2) * 2^16
// modulo 2^32 (the d2 * 100 * 2^32 term falls off the word, d0 < 2^16 carries nothing into the upper half).
[[nodiscard]] constexpr int code_of_head(std::uint32_t word) noexcept {
    return static_cast<int>(((word & 0x000F000Fu) * 0x00640001u >> 16) + (word >> 8 & 0x0F) * 10);
}
[[nodiscard]] constexpr bool head_in_rfc_range(std::uint32_t word) noexcept {
    return (word & 0x0F) - 1u < 6u && (word >> 8 & 0x0F) < 6u;
}
[[nodiscard]] constexpr int code_then_space(const char* p) noexcept {
    const std::uint32_t word = head_word(p);
    return is_code_then_space(word) ? code_of_head(word) : -1;
}

[[nodiscard]] constexpr bool code_in_rfc_range(int code) noexcept {
    return code >= 100 && code < 700 && (code / 10) % 10 <= 5;
}

// A line's content without its terminator: drops the '\n' (already excluded) and one CR right before it.
[[nodiscard]] constexpr std::string_view strip_cr(std::string_view line) noexcept {
    return (!line.empty() && line.back() == '\r') ? std::string_view(line.data(), line.size() - 1) : line;
}

// See line_view::text. raw is a line without terminator, already known to be well-formed for its position.
[[nodiscard]] constexpr std::string_view line_text(std::string_view raw, int opening_code, bool first,
                                                   bool closing) noexcept {
    if (first || closing) return raw.size() > 4 ? std::string_view(raw.data() + 4, raw.size() - 4) : std::string_view();
    if (raw.size() >= 4 && raw[3] == '-' && leading_code(raw) == opening_code)
        return std::string_view(raw.data() + 4, raw.size() - 4);
    return raw;
}

constexpr void copy_bytes(char* to, const char* from, std::size_t n) noexcept {
    if (n == 0) return;
    if (!in_constant_evaluation()) {
        std::memcpy(to, from, n);
        return;
    }
    for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
}

}  // namespace detail

// Iterates over the lines of a complete reply, finding each line end again (find_line_feed_fast); nothing is
// stored.
class line_iterator {
public:
    // An input iterator by the C++17 categories: it hands out line_view values, not references into a range
    // (a forward iterator's reference must be a T&). It may still be copied and walked again.
    using iterator_category = std::input_iterator_tag;
    using value_type = line_view;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = line_view;

    constexpr line_iterator() noexcept = default;
    constexpr line_iterator(std::string_view raw, std::size_t pos, std::size_t index, std::size_t line_count,
                            int opening_code, std::size_t base_offset) noexcept
        : raw_(raw), pos_(pos), index_(index), count_(line_count), code_(opening_code), base_(base_offset) {
        find_end();
    }

    [[nodiscard]] constexpr line_view operator*() const noexcept {
        const std::string_view raw = detail::strip_cr(std::string_view(raw_.data() + pos_, end_ - pos_));
        return line_view{raw, detail::line_text(raw, code_, index_ == 0, index_ + 1 == count_), base_ + pos_, index_};
    }
    constexpr line_iterator& operator++() noexcept {
        pos_ = end_ + 1;
        ++index_;
        find_end();
        return *this;
    }
    constexpr line_iterator operator++(int) noexcept {
        line_iterator old = *this;
        ++*this;
        return old;
    }
    [[nodiscard]] friend constexpr bool operator==(const line_iterator& a, const line_iterator& b) noexcept {
        return a.pos_ == b.pos_;
    }
    [[nodiscard]] friend constexpr bool operator!=(const line_iterator& a, const line_iterator& b) noexcept {
        return !(a == b);
    }

private:
    constexpr void find_end() noexcept {
        const std::size_t lf = detail::find_line_feed_fast(raw_.data(), pos_, raw_.size());
        end_ = lf == detail::not_found ? raw_.size() : lf;
    }

    std::string_view raw_;
    std::size_t pos_ = 0;
    std::size_t end_ = 0;
    std::size_t index_ = 0;
    std::size_t count_ = 0;
    int code_ = 0;
    std::size_t base_ = 0;
};

struct line_range {
    line_iterator first;
    line_iterator last;
    [[nodiscard]] constexpr line_iterator begin() const noexcept { return first; }
    [[nodiscard]] constexpr line_iterator end() const noexcept { return last; }
};

// A complete reply: a view into the bytes it was parsed from (valid as long as they are).
class reply_view {
public:
    constexpr reply_view() noexcept = default;
    constexpr reply_view(std::string_view raw, std::size_t offset, int opening_code, int closing_code,
                         bool multiline, std::size_t line_count) noexcept
        : raw_(raw), offset_(offset), opening_code_(opening_code), closing_code_(closing_code),
          line_count_(line_count), multiline_(multiline) {}

    // The reply code: the closing line's code. It equals opening_code() except when a multi-line reply is
    // closed by another code (closing_code_rule::any_code, glftpd), where the closing line is the operative one.
    [[nodiscard]] constexpr int code() const noexcept { return closing_code_; }
    [[nodiscard]] constexpr int opening_code() const noexcept { return opening_code_; }
    [[nodiscard]] constexpr bool multiline() const noexcept { return multiline_; }
    // All bytes of the reply, line terminators included (Telnet commands skipped before it excluded).
    [[nodiscard]] constexpr std::string_view raw() const noexcept { return raw_; }
    // Where raw() starts in the buffer given to parse().
    [[nodiscard]] constexpr std::size_t offset() const noexcept { return offset_; }
    [[nodiscard]] constexpr std::size_t line_count() const noexcept { return line_count_; }
    [[nodiscard]] constexpr line_range lines() const noexcept {
        return {line_iterator(raw_, 0, 0, line_count_, opening_code_, offset_),
                line_iterator(raw_, raw_.size(), line_count_, line_count_, opening_code_, offset_)};
    }
    [[nodiscard]] constexpr line_view first_line() const noexcept { return *lines().begin(); }
    // The closing line (the only one of a single-line reply); walks the reply's lines.
    [[nodiscard]] constexpr line_view last_line() const noexcept {
        line_view last = first_line();
        for (const line_view line : lines()) last = line;
        return last;
    }
    // The text of the line code() comes from: the first line's, all of it for a single-line reply ("227 Entering
    // Passive Mode (...)"), and the closing line's when another code closed the reply (closing_code_rule::any_code):
    // "230-Welcome\r\n227 Entering Passive Mode (10,0,0,1,4,1)\r\n" is 227 with the 227 line's text, which the
    // payload decoders read.
    [[nodiscard]] constexpr std::string_view text() const noexcept {
        return closing_code_ == opening_code_ ? first_line().text : last_line().text;
    }

private:
    std::string_view raw_;
    std::size_t offset_ = 0;
    int opening_code_ = 0;
    int closing_code_ = 0;
    std::size_t line_count_ = 0;
    bool multiline_ = false;
};

namespace detail {

// ---------------------------------------------------------------------------------------------------------------
// The core: one complete line at a time (both front-ends find the lines, this decides what they mean)
// ---------------------------------------------------------------------------------------------------------------

// What one line did to the reply. 16 bytes, so it comes back in registers: the line_view a push handler sees
// is built by the push front-end (see line_of), pull mode never needs it.
struct line_step {
    enum class kind : std::uint8_t { more_lines, reply_done, failed };
    kind outcome = kind::failed;
    parse_error error = parse_error::none;
    std::size_t error_offset = 0;
};

// Where the current line runs out of room: max_line_length after the line's start, or the end of the reply's
// budget if that comes first (a line whose '\n' is at or past `end` is an error, see line_is_shorter).
// reply_limit (reply start + max_reply_bytes, saturated) is worked out once per reply; line_start <= reply_limit
// always holds (every earlier line ended before it), so the remaining budget needs no overflow check.
struct scan_limit {
    std::size_t end = 0;
    bool line_is_shorter = false;  // which error a line that reaches `end` without a '\n' is
};

[[nodiscard]] constexpr scan_limit limit_for_line(std::size_t line_start, std::size_t reply_limit,
                                                  std::size_t max_line_length) noexcept {
    if (max_line_length <= reply_limit - line_start) return {line_start + max_line_length, true};
    return {reply_limit, false};
}

// The quick path's test, the same for both front-ends: the code of the single-line reply line[0, length) (its
// '\n' not included, a CR before it included) when it reads "ddd<SP>..." and the options accept its line end
// and its code; -1 leaves it to the reply machine. length >= 4 (the caller's quick_span test): room for the code
// and the space before a CR. A reply that starts with a digit is never a Telnet command (IAC is 0xFF).
// checks: quick_checks_for(options), 0 with the default options, so that the usual case tests one byte.
inline constexpr unsigned char quick_check_crlf = 1;       // allow_bare_lf = false
inline constexpr unsigned char quick_check_rfc_code = 2;   // allow_any_code = false
[[nodiscard]] constexpr unsigned char quick_checks_for(const parse_options& o) noexcept {
    return static_cast<unsigned char>((o.allow_bare_lf ? 0 : quick_check_crlf) |
                                      (o.allow_any_code ? 0 : quick_check_rfc_code));
}
[[nodiscard]] constexpr int quick_reply_code(const char* line, std::size_t length, unsigned char checks) noexcept {
    const std::uint32_t word = head_word(line);
    if (!is_code_then_space(word)) return -1;
    if (unlikely(checks != 0)) {  // laid out after the default options' path, which then takes no branch
        if ((checks & quick_check_crlf) != 0 && line[length - 1] != '\r') return -1;  // RFC 959 §4.2: CRLF
        if ((checks & quick_check_rfc_code) != 0 && !head_in_rfc_range(word)) return -1;
    }
    return code_of_head(word);
}

// True when the line data[start, lf) (its CR included, if any) cannot close a multi-line reply, whatever the
// options: under three bytes, or five or more with a fourth byte that is not a space (RFC 959 §4.2: a reply
// ends at "ddd<SP>", or at a bare "ddd" with allow_bare_code). Most text lines are decided by this one byte;
// 3- and 4-byte lines are left to reply_machine::on_line.
[[nodiscard]] constexpr bool cannot_close_reply(const char* data, std::size_t start, std::size_t lf) noexcept {
    const std::size_t length = lf - start;
    return length < 3 || (length >= 5 && data[start + 3] != ' ');
}

// Passes the short text lines of a multi-line reply 64 bytes at a time, without a test per line. For each '\n' of
// a block, whether the line after it may close the reply (RFC 959 §4.2: "ddd<SP>..." or a bare "ddd") is one bit:
// set when the line's fourth byte is a space or it is three or four bytes long, from the block's '\n's and spaces
// and the next block's (a line that starts near the end of the block has those bytes in the next one). Every line
// whose bit is clear is one cannot_close_reply() passes (under three bytes, or five or more with a fourth byte that
// is not a space); a set bit may also stand for such a line. A block where no line may close goes by as its mask of
// '\n's, counted. A line that may close the reply ends the pass, as do a block with fewer than three '\n's (no
// longer short lines, or a long line: the caller's loop passes those with memchr), the end of the buffer, the
// search's stop and max_lines_per_reply; the caller's loop then tests the next line as it tests every line.
// Pull mode takes it for a long reply of short lines resumed after a read (reply_parser::pass_dense_text_lines): in
// `adversarial`'s replies of thousands of 13-byte lines, read 1460 bytes at a time, 15-26 % faster (GCC 12, Zen 5).
// Nowhere else (bench/HISTORY.md, "Measured in session 26"): for lines of 60 bytes and more, as in directory
// listings, the compare of the spaces costs more than the tests it saves, and inside the other line loops (pull
// mode's whole replies, push mode's text lines) it made them 5-36 % slower even where it was never called.
class text_line_run {
public:
    // A reply of at least long_reply lines, whose word of '\n's holds three more after the next, is taken for one of
    // short lines (lines of 16 bytes or so).
    static constexpr std::size_t long_reply = 64;
    [[nodiscard]] static constexpr bool dense(std::uint64_t line_feeds) noexcept {
        for (int k = 0; k < 3; ++k) line_feeds &= line_feeds - 1;
        return line_feeds != 0;
    }
    static constexpr std::size_t min_max_line = 64;

    // A text line ended at the '\n' at position line_start - 1, which lines' current word held and has handed out;
    // count: the reply's lines so far. Hands out and counts the lines from line_start on that cannot close the
    // reply, as described above; line_start and count move past them, lines with them. The lines are under 64
    // bytes, so it takes none when max_line is under min_max_line.
    template <typename Compare = block_compare>
    static constexpr void pass_after(const char* data, line_feed_bits& lines, std::size_t& line_start, std::size_t stop,
                                     std::size_t size, std::size_t& count, std::size_t max_line,
                                     std::size_t max_lines) noexcept {
        // (A word anchored before the buffer's start has no block to compare.)
        if (in_constant_evaluation() || lines.scanned < 64 || max_line < min_max_line) return;
        // The block is before stop, the next one in the buffer, and there is room for its lines.
        const auto room = [&] {
            return lines.scanned <= stop && size - lines.scanned >= 64 && count + 64 <= max_lines;
        };
        if (!room()) return;
        std::size_t block = lines.scanned - 64;
        // The '\n's after which a line starts that is still to be tested: the one before line_start, and every '\n'
        // of the block not handed out (all of them after it).
        std::uint64_t line_feeds = lines.mask;
        std::uint64_t starts = (std::uint64_t{1} << (line_start - 1 - block)) | line_feeds;
        std::uint64_t spaces = Compare::bytes(data + block, ' ');
        do {
            const std::uint64_t next_line_feeds = Compare::mask(data + lines.scanned);
            const std::uint64_t next_spaces = Compare::bytes(data + lines.scanned, ' ');
            // Bit k: the line after a '\n' at block byte k may close the reply. Its fourth byte is block byte k + 4,
            // its '\n' at k + 4 or k + 5 if it is three or four bytes long; from k = 59 on, in the next block.
            const std::uint64_t closing =
                starts & (((line_feeds | spaces) >> 4) | ((next_line_feeds | next_spaces) << 60) | (line_feeds >> 5) |
                          (next_line_feeds << 59));
            // The line at line_start ends at the block's first '\n': within max_line? (It began in an earlier
            // block when the pass came here from one; else it is shorter than 64 bytes.)
            if (line_feeds != 0 && block + lowest_set_bit64(line_feeds) - line_start >= max_line) return;
            // The lines that end in this block, up to the one after which a line may close the reply.
            std::uint64_t taken = line_feeds;
            if (closing != 0) taken &= closing ^ (closing - 1);
            if (taken != 0) {
                lines.mask = line_feeds ^ taken;
                count += set_bits64(taken);
                line_start = block + highest_set_bit64(taken) + 1;
            }
            // A line may close the reply, or the next block has fewer than three '\n's: the caller's loop goes on.
            const std::uint64_t after_first = next_line_feeds & (next_line_feeds - 1);
            if (closing != 0 || (after_first & (after_first - 1)) == 0) return;
            block = lines.scanned;
            lines.scanned += 64;
            lines.mask = line_feeds = starts = next_line_feeds;
            spaces = next_spaces;
        } while (room());
    }
};

[[nodiscard]] constexpr bool needs_byte_checks(const parse_options& o) noexcept {
    return !o.allow_lone_cr || !o.allow_nul || !o.allow_control_characters || o.validate_utf8 ||
           o.telnet == telnet_rule::reject;
}

// Both front-ends take a single-line reply "ddd<SP>text" on a quick path, without the reply machine, when its
// '\n' is at index lf with lf - 4 < quick_span_for(options) (unsigned): at least "ddd<SP>" before it, and shorter
// than the line and reply limits. One compare for both ends; 0: never (the options need the byte checks, or allow
// no line of that shape at all).
[[nodiscard]] constexpr std::size_t quick_span_for(const parse_options& o) noexcept {
    if (needs_byte_checks(o) || o.max_lines_per_reply == 0) return 0;
    std::size_t limit = o.max_line_length < o.max_reply_bytes ? o.max_line_length : o.max_reply_bytes;
    // No buffer is that large. The cap keeps not_found - i - 4 above the span for any index i into a buffer (the
    // push parser's own cap, its line capacity, is far lower).
    if (limit > no_limit / 2) limit = no_limit / 2;
    return limit > 4 ? limit - 4 : 0;
}

// True if any of the 8 bytes at p is one check_bytes looks at: below 0x20, 0x7F (DEL) or 0x80 and above.
// May say true for a word that is clean (then the byte loop looks), never false for one that is not.
[[nodiscard]] inline bool word_needs_checks(const char* p) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t high = 0x8080808080808080ULL;
    std::uint64_t x = 0;
    std::memcpy(&x, p, sizeof x);
    const std::uint64_t below_space = (x - ones * 0x20) & ~x & high;
    const std::uint64_t del = x ^ (ones * 0x7F);
    const std::uint64_t is_del = (del - ones) & ~del & high;
    return ((x & high) | below_space | is_del) != 0;
}

class reply_machine {
public:
    // raw: one line without its terminator (strip_cr, done by the front-end, which needs raw too); crlf: whether
    // a CR was stripped; offset: where raw[0] is. byte_checks: needs_byte_checks(o), which the front-ends work
    // out once rather than for every line.
    // Kept small so that it inlines into the front-ends' loops: the per-byte checks and the first line are
    // functions of their own, and every error only builds a 16-byte line_step.
    [[nodiscard]] constexpr line_step on_line(const parse_options& o, bool byte_checks, std::string_view raw,
                                              bool crlf, std::size_t offset) noexcept {
        // The bytes first: a front-end reports a bad byte as soon as it arrives (check_unterminated), before the
        // line's end is there to be judged, so a whole line must give the same answer.
        if (byte_checks) {
            const line_step checked = check_bytes(o, raw, offset);
            if (checked.error != parse_error::none) return checked;
        }
        // RFC 959 §4.2 ends every line with CRLF.
        if (!crlf && !o.allow_bare_lf) return fail(parse_error::bare_lf, offset + raw.size());
        if (lines_ >= o.max_lines_per_reply) return fail(parse_error::too_many_lines, offset);
        const std::size_t index = lines_++;
        if (index == 0) return on_first_line(o, raw, offset);

        // RFC 959 §4.2: the reply ends at a line that starts with the code and a space; lines in between are text.
        // The separator first: it rules out almost every text line for one byte compare.
        const bool closes_shape = raw.size() == 3 ? o.allow_bare_code : raw.size() > 3 && raw[3] == ' ';
        if (!closes_shape) return more();
        const int code = leading_code(raw);
        if (code < 0) return more();
        if (code == opening_code_) return done(code);
        if (o.allow_any_code || code_in_rfc_range(code)) {
            if (o.closing_code == closing_code_rule::any_code) return done(code);
            if (o.closing_code == closing_code_rule::reject_other_code)
                return fail(parse_error::mismatched_closing_code, offset);
        }
        return more();
    }

    // The line_view of the line on_line just accepted (the raw and offset it was given), for push mode.
    [[nodiscard]] constexpr line_view line_of(std::string_view raw, std::size_t offset,
                                              line_step::kind outcome) const noexcept {
        const std::size_t index = lines_ - 1;
        return line_view{raw, line_text(raw, opening_code_, index == 0, outcome == line_step::kind::reply_done),
                         offset, index};
    }

    constexpr void reset() noexcept { *this = reply_machine{}; }

    // What check_unterminated found: the error (none, or the first bad byte) and how many bytes of the line were
    // judged (clean, when there is no error).
    struct byte_judgement {
        parse_error error = parse_error::none;
        std::size_t error_offset = 0;
        std::size_t judged = 0;
    };

    // The byte checks of on_line, on the start of a line whose end has not arrived (prefix, whose first `from`
    // bytes were judged clean before; prefix[0] is at offset `offset`). A bad byte is reported as soon as it is
    // there, so that a strict client does not wait for a line end that a server negotiating Telnet never sends.
    // A CR last, or a UTF-8 sequence the prefix cuts short, is left to the bytes after it. Byte-check options
    // only (needs_byte_checks).
    [[nodiscard]] static constexpr byte_judgement check_unterminated(const parse_options& o, std::string_view prefix,
                                                                     std::size_t from, std::size_t offset) noexcept {
        byte_judgement j;
        const line_step step = scan_bytes(o, prefix, from, offset, j.judged, true);
        j.error = step.error;
        j.error_offset = step.error_offset;
        return j;
    }

    // Instead of on_line, for a line after the first that cannot close the reply (cannot_close_reply) and needs
    // no byte checks: counts it. False when it is one line more than max_lines_per_reply (then on_line says so).
    [[nodiscard]] constexpr bool count_text_line(const parse_options& o) noexcept {
        if (lines_ >= o.max_lines_per_reply) return false;
        ++lines_;
        return true;
    }
    // count_text_line for `count` lines at once, which the caller has held to max_lines_per_reply.
    constexpr void add_text_lines(std::size_t count) noexcept { lines_ += count; }
    // The state on_line would have reached after the first `lines` lines of a multi-line reply with code `code`
    // whose lines after the first were all text (the pull parser's whole-reply path hands over with it).
    constexpr void resume_multiline(int code, std::size_t lines) noexcept {
        opening_code_ = code;
        multiline_ = true;
        lines_ = lines;
    }

    [[nodiscard]] constexpr int opening_code() const noexcept { return opening_code_; }
    [[nodiscard]] constexpr int closing_code() const noexcept { return closing_code_; }
    [[nodiscard]] constexpr bool multiline() const noexcept { return multiline_; }
    [[nodiscard]] constexpr std::size_t line_count() const noexcept { return lines_; }

private:
    // RFC 959 §4.2: "ddd<SP>text" (a single-line reply) or "ddd-text" (the first line of a multi-line reply).
    [[nodiscard]] constexpr line_step on_first_line(const parse_options& o, std::string_view raw,
                                                    std::size_t offset) noexcept {
        const int code = leading_code(raw);
        if (code < 0) return fail(parse_error::invalid_code, offset + leading_digits(raw));
        if (!o.allow_any_code && !code_in_rfc_range(code)) return fail(parse_error::code_out_of_range, offset);
        opening_code_ = code;
        if (raw.size() == 3) {
            if (!o.allow_bare_code) return fail(parse_error::bare_code, offset + 3);
            return done(code);
        }
        if (raw[3] == ' ') return done(code);
        if (raw[3] != '-') return fail(parse_error::invalid_separator, offset + 3);
        multiline_ = true;
        return more();
    }

    // How many of the first three bytes are digits (where an invalid_code is reported).
    [[nodiscard]] static constexpr std::size_t leading_digits(std::string_view raw) noexcept {
        std::size_t i = 0;
        while (i < 3 && i < raw.size() && is_digit(raw[i])) ++i;
        return i;
    }

    [[nodiscard]] constexpr line_step done(int code) noexcept {
        closing_code_ = code;
        return line_step{line_step::kind::reply_done, parse_error::none, 0};
    }

    [[nodiscard]] static constexpr line_step more() noexcept {
        return line_step{line_step::kind::more_lines, parse_error::none, 0};
    }

    [[nodiscard]] static constexpr line_step fail(parse_error e, std::size_t offset) noexcept {
        return line_step{line_step::kind::failed, e, offset};
    }

    // Only with options that reject bytes (strict()). Kept out of line so that on_line stays small enough to be
    // inlined into the front-ends' loops, where the default options never call this; GCC and Clang need the
    // hint, as on_line is not a static function called once.
#if defined(__GNUC__)
    [[gnu::noinline]]
#endif
    [[nodiscard]] static constexpr line_step check_bytes(const parse_options& o, std::string_view raw,
                                                         std::size_t offset) noexcept {
        std::size_t judged = 0;
        return scan_bytes(o, raw, 0, offset, judged, false);
    }

    // The bytes raw[from, raw.size()) in order, the first bad one an error. cut: raw is the start of a line that
    // goes on, whose last CR or a UTF-8 sequence cut short by its end is not judged (judged stops before it).
    [[nodiscard]] static constexpr line_step scan_bytes(const parse_options& o, std::string_view raw, std::size_t from,
                                                        std::size_t offset, std::size_t& judged, bool cut) noexcept {
        const bool words = !in_constant_evaluation();
        for (std::size_t i = from; i < raw.size(); ++i) {
            if (words) {
                // Skip 8 plain printable ASCII bytes at a time: most text never reaches the per-byte checks.
                while (i + 8 <= raw.size() && !word_needs_checks(raw.data() + i)) i += 8;
                if (i == raw.size()) break;
            }
            const auto c = static_cast<unsigned char>(raw[i]);
            if (c < 0x20 || c == 0x7F) {
                if (c == '\r') {
                    if (cut && i + 1 == raw.size()) {  // CR LF, CR NUL or a lone CR: the next byte decides
                        judged = i;
                        return more();
                    }
                    const bool cr_nul = i + 1 < raw.size() && raw[i + 1] == '\0';  // RFC 854: not a lone CR
                    if (!o.allow_lone_cr && !cr_nul) return fail(parse_error::lone_cr, offset + i);
                } else if (c == 0) {
                    if (!o.allow_nul) return fail(parse_error::nul_byte, offset + i);
                } else if (c != '\t' && !o.allow_control_characters) {
                    return fail(parse_error::control_character, offset + i);
                }
            } else if (c >= 0x80) {
                if (c == 0xFF && o.telnet == telnet_rule::reject) return fail(parse_error::telnet_command, offset + i);
                if (o.validate_utf8) {
                    const std::size_t n = utf8_sequence_length(raw, i);
                    if (n == 0) {
                        if (cut && is_cut_utf8_sequence(raw, i)) {  // the bytes that decide it are still to come
                            judged = i;
                            return more();
                        }
                        return fail(parse_error::invalid_utf8, offset + i);
                    }
                    i += n - 1;
                }
            }
        }
        judged = raw.size();
        return more();
    }

    int opening_code_ = 0;
    int closing_code_ = 0;
    std::size_t lines_ = 0;
    bool multiline_ = false;
};

// Consumes Telnet commands in front of a reply (telnet_rule::skip_between_replies), RFC 854 "Telnet command
// structure": IAC cmd | IAC WILL/WONT/DO/DONT option | IAC SB ... IAC SE. Resumable across calls.
// The commands between two replies are held to max_run bytes together, as one line is: a command that starts
// where the last one ended continues its run. (Held one by one, an endless stream of IAC NOP never failed, and
// a pull-mode caller, which drops them only with the reply after them, kept every byte.)
class telnet_skipper {
public:
    struct result {
        std::size_t pos = 0;  // first byte that is not part of a Telnet command (== to: all consumed)
        parse_error error = parse_error::none;
        std::size_t error_offset = 0;
    };

    // data[from, to) are the bytes to look at; base + i is the offset reported for data[i]. Out of line: Telnet
    // commands are rare, and inlined twice into push mode's feed() the loop moved its code (push `multiline`
    // 3-7 % slower with the same instructions).
#if defined(__GNUC__)
    [[gnu::noinline]]
#endif
    [[nodiscard]] constexpr result skip(const char* data, std::size_t from, std::size_t to, std::size_t base,
                                        std::size_t max_run) noexcept {
        for (std::size_t i = from; i < to; ++i) {
            const auto c = static_cast<unsigned char>(data[i]);
            if (state_ == state::idle) {
                if (c != iac) return {i, parse_error::none, 0};
                if (base + i != run_end_) run_start_ = base + i;
            }
            if (base + i - run_start_ >= max_run) return {i, parse_error::line_too_long, run_start_ + max_run};
            switch (state_) {
                case state::idle: state_ = state::after_iac; break;
                case state::after_iac:
                    // RFC 854 names commands 240-255 only. IAC IAC is a data byte 0xFF where a reply code must
                    // begin, and an IAC before a byte under 240 is no command either: that IAC is a stray data
                    // byte, and the reply begins with it (skipping both would drop a byte of the reply unseen).
                    if (c == iac || c < se) return {i, parse_error::invalid_code, base + i - 1};
                    state_ = (c >= will && c <= dont) ? state::option : c == sb ? state::subnegotiation : state::idle;
                    break;
                case state::option: state_ = state::idle; break;
                case state::subnegotiation:
                    if (c == iac) state_ = state::subnegotiation_iac;
                    break;
                case state::subnegotiation_iac: state_ = c == se ? state::idle : state::subnegotiation; break;
            }
            if (state_ == state::idle) run_end_ = base + i + 1;
        }
        return {to, parse_error::none, 0};
    }

    // True inside an unfinished Telnet command.
    [[nodiscard]] constexpr bool pending() const noexcept { return state_ != state::idle; }
    constexpr void reset() noexcept { *this = telnet_skipper{}; }

private:
    enum class state : std::uint8_t { idle, after_iac, option, subnegotiation, subnegotiation_iac };
    static constexpr unsigned char iac = 255, sb = 250, se = 240, will = 251, dont = 254;
    state state_ = state::idle;
    std::size_t run_start_ = 0;          // where the current run of commands began
    std::size_t run_end_ = not_found;    // just after the last complete command (a reply or more lies between
                                         // it and any later command that does not start there)
};

}  // namespace detail

// ---------------------------------------------------------------------------------------------------------------
// Pull mode
// ---------------------------------------------------------------------------------------------------------------

enum class parse_status : std::uint8_t {
    complete,   // reply and consumed are set
    need_more,  // call again with the same bytes and more after them
    error,      // error and offset are set; the parser is reset
    done,       // finish() only: the input ended cleanly between replies
};

struct parse_result {
    parse_status status = parse_status::need_more;
    reply_view reply;
    std::size_t consumed = 0;  // complete: bytes of the buffer the reply used up (Telnet commands before it too)
    parse_error error = parse_error::none;
    std::size_t offset = 0;  // error: offset in the buffer given to the call

    [[nodiscard]] constexpr bool complete() const noexcept { return status == parse_status::complete; }
    [[nodiscard]] constexpr bool need_more() const noexcept { return status == parse_status::need_more; }
    [[nodiscard]] constexpr bool failed() const noexcept { return status == parse_status::error; }
    // finish() only: the input ended cleanly between replies (no reply, and reply.code() is 0). A read loop that
    // calls finish() until it stops returning replies ends here; without this test it would go on forever.
    [[nodiscard]] constexpr bool done() const noexcept { return status == parse_status::done; }
};

// Pull-mode parser (picohttpparser style). Usage:
//   parse(buf): buf starts at the first byte of the next reply. On need_more, call again with the same bytes
//   plus more after them (the buffer may move): only the new bytes are examined. On complete, drop the first
//   result.consumed bytes and call again with the rest (which may already hold the next reply).
//   finish(buf): the input ended; an unfinished reply is unterminated_reply. Call it like parse() (it hands out
//   the complete replies left in buf one per call) until it reports done() (or failed()).
// One reply per call; the parser resets itself after complete and error. It keeps what it found past a complete
// reply (line ends, for the next call): when the next buffer does not hold the bytes after result.consumed, call
// reset() first. The stream may switch after a reply, as to TLS after "234" (RFC 4217 §4): the bytes after it are
// the TLS handshake, and the replies after it a new stream.
class reply_parser {
public:
    constexpr reply_parser() noexcept = default;
    constexpr explicit reply_parser(const parse_options& options) noexcept
        : opts_(options),
          byte_checks_(detail::needs_byte_checks(options)),
          quick_checks_(detail::quick_checks_for(options)),
          quick_span_(detail::quick_span_for(options)),
          quick_span_now_(quick_span_) {}

    // Always inlined with Clang: GCC 12 inlines it into the caller's read loop by itself, Clang 14 did not, and
    // with the call and the result returned through memory, pull mode on short replies ran at half speed.
#if defined(__clang__)
    [[gnu::always_inline]]
#endif
    [[nodiscard]] constexpr parse_result parse(std::string_view buffer) noexcept {
        // Most replies are one line ("226 Transfer complete") and arrive whole. They take this short path,
        // small enough to be inlined into the caller's read loop; everything else (multi-line replies, partial
        // replies, Telnet commands, byte checks, errors) goes to parse_slow() (whole multi-line replies in one
        // loop) and parse_lines(), which decide every case the quick path leaves to them on their own (what the
        // quick path found before it hands over, line feeds and blocks searched, is state parse_lines would have
        // reached itself).
        // quick_span_now_ is the parser's state in one word: 0 unless a reply starts at buffer[0]. Inside a
        // reply it fails every line, and the search state this path keeps is the one parse_lines keeps, so the
        // path needs no test of its own for that. Constant evaluation takes parse_lines (the block compare is
        // not constexpr, and it compares no pointers into other buffers).
        if (!detail::in_constant_evaluation()) {
            const char* data = buffer.data();
            const char* end = data + buffer.size();
            // Between replies the quick path keeps where the search goes on as an address, scan_at_ ==
            // next_data_ + scanned, and leaves lines_.scanned behind (it sets it when it hands over).
            // A buffer shorter than what was already searched is misuse: parse_lines starts over.
            const std::uintptr_t data_at = detail::address_of(data);
            // In a buffer that starts where the last reply ended, the search goes on at scan_at_ if that is within
            // it: one compare of two addresses, the buffer's end usually the same from call to call in a read loop
            // (comparing sizes, scan_at_ - next_data_ with end - data, cost pull mode 5-7 % on short replies).
            bool searched_within = detail::address_of(end) >= scan_at_;
            if (detail::unlikely(data_at != next_data_)) {
                const std::size_t scanned = scan_at_ - next_data_;
                searched_within = buffer.size() >= scanned;
                lines_.scanned = scanned;
            }
            if (searched_within) {
                // Taken from scan_at_ when the caller dropped the last reply in place, so that the next block's
                // address does not wait for the length of the reply before (data + scanned: pull mode 5-30 %
                // slower). A buffer that moved (compacted, reallocated) takes the branch.
                const char* at = nullptr;
                if (detail::unlikely(data_at != next_data_)) {
                    at = data + lines_.scanned;
                    // The expectation moves to this buffer. (The stores also keep the compiler from selecting
                    // at without a branch, which would make the next block's address wait for data.)
                    next_data_ = data_at;
                    scan_at_ = detail::address_of(at);
                } else {
                    at = detail::pointer_at(scan_at_);  // scan_at_ is inside this buffer
                }
                // The line feeds not yet handed out, and the next blocks' when they are used up.
                std::uint64_t mask = lines_.mask;
                if (detail::unlikely(mask == 0)) {
                    while (mask == 0 && end - at >= 64) {
                        mask = detail::line_feed_mask64(at);
                        at += 64;
                        examined_ += 64;
                    }
                    if (mask == 0 && at != end) {
                        // Fewer than 64 bytes left (a read ended): the search goes to the end.
                        mask = detail::line_feed_bits::tail_bits(data, static_cast<std::size_t>(at - data),
                                                                 buffer.size());
                        examined_ += static_cast<std::size_t>(end - at);
                        at = end;
                    }
                    // Where the search goes on is stored when it moves (here, or above for a moved buffer), not
                    // with every reply.
                    scan_at_ = detail::address_of(at);
                    // No '\n' in the buffer, and the first line of the reply that starts at buffer[0] is still
                    // within its limits: need_more, as parse_lines would answer. (A buffer that starts with IAC may
                    // hold a Telnet command, which parse_lines consumes.)
                    if (mask == 0 && quick_span_now_ != 0 && buffer.size() >= 4 &&
                        static_cast<unsigned char>(data[0]) != 0xFF && buffer.size() - 4 <= quick_span_now_) {
                        lines_.mask = 0;
                        next_data_ = data_at;
                        return parse_result{};
                    }
                }
                if (mask != 0) {
                    // The mask stands for the 64 bytes before at (see line_feed_bits).
                    const std::size_t lf =
                        static_cast<std::size_t>(at - data) + detail::lowest_set_bit64_now(mask) - 64;
                    // lf < 4 wraps around: at least "ddd<SP>" before the '\n', and within the limits.
                    if (lf - 4 < quick_span_now_) {
                        const int code = detail::quick_reply_code(data, lf, quick_checks_);
                        if (code >= 0) {
                            lines_.mask = mask & (mask - 1);
                            next_data_ = data_at + (lf + 1);
                            // Built in one expression: filled in field by field, the result is copied out as
                            // wide vectors that cannot be forwarded from the narrower stores (a stall per reply
                            // with GCC).
                            return parse_result{parse_status::complete,
                                                reply_view(std::string_view(data, lf + 1), 0, code, code, false, 1),
                                                lf + 1, parse_error::none, 0};
                        }
                    }
                }
                // Hands over what was found.
                lines_.mask = mask;
                lines_.scanned = static_cast<std::size_t>(at - data);
            } else if (data_at == next_data_) {  // (a moved buffer's was set above)
                lines_.scanned = scan_at_ - next_data_;
            }
        }
        // Copied field by field into a new result: the quick path's result then lives in registers in the
        // caller's loop, where a result parse_lines wrote through a pointer would keep it in memory.
        const parse_result slow = parse_slow_call(buffer);
        return parse_result{slow.status,
                            reply_view(slow.reply.raw(), slow.reply.offset(), slow.reply.opening_code(),
                                       slow.reply.code(), slow.reply.multiline(), slow.reply.line_count()),
                            slow.consumed, slow.error, slow.offset};
    }

    // The input has ended after buffer: like parse(), but where parse() would want more bytes, this reports
    // unterminated_reply (offset = buffer.size()) if a reply or Telnet command is unfinished, else done.
    [[nodiscard]] constexpr parse_result finish(std::string_view buffer) noexcept {
        parse_result r = parse(buffer);
        if (r.status != parse_status::need_more) return r;
        // Unfinished: a reply (also one whose first line has not ended, which parse() does not count as begun)
        // or a Telnet command.
        if (in_reply_ || line_start_ < buffer.size() || telnet_.pending())
            return fail(parse_error::unterminated_reply, buffer.size());
        r.status = parse_status::done;
        r.consumed = buffer.size();
        reset_keeping_counters();
        return r;
    }

    // Starts over, as if just constructed with the same options: for a new stream (the plain text inside TLS after
    // a 234, a new connection) or a buffer that does not go on with the bytes after the last reply's consumed.
    constexpr void reset() noexcept {
        reset_keeping_counters();
        examined_ = 0;
    }

    [[nodiscard]] constexpr const parse_options& options() const noexcept { return opts_; }

    // Diagnostics: bytes examined in the search for line ends since construction or reset(), each counted once,
    // when the search first reaches it: the input's size however it is chunked (tests hold the parser to that).
    // A call may also re-read up to 63 bytes it had already looked at (the last 64-byte block of a buffer that
    // ends mid-block), so the work per call is O(new bytes + 64).
    [[nodiscard]] constexpr std::size_t bytes_examined() const noexcept { return examined_; }

private:
    // The line loops below pass the blocks of a long line with memchr (line_feed_bits::next, in builds without
    // AVX2): pull mode on `adversarial`'s 8 KiB lines 12-19 % faster. The quick path in parse() compares its
    // blocks itself and does not.
    static constexpr bool pass_long_lines = true;

    // Where pass_text_lines stopped: at the line that starts at line_start, its '\n' at lf (found, not handed out;
    // lf >= stop when there is none before stop); count: the reply's lines so far.
    struct text_lines_passed {
        std::size_t line_start;
        std::size_t lf;
        std::size_t count;
    };

    // The text lines of a multi-line reply from line_start on that cannot close it (cannot_close_reply), counted
    // from count, within the limits: stops at the first line that may close the reply, is over a limit or has no
    // '\n' before stop. parse_lines' loop for a reply it resumes (one longer than the reads that bring it; parse_slow
    // keeps its own loop for a whole reply). Out of line, with the block compare for a used-up word laid out as the
    // usual case: inlined into parse_lines, the same loop as parse_slow's ran 45 % slower per line, and pull mode on
    // `multiline` in 1460-byte reads now takes 27 % less time (GCC 12, Intel Xeon VM; the same number of
    // instructions: the branches' layout). Through this function parse_slow's whole replies were 5-10 % slower.
    // Clang 14 ran the loop inlined, with find(), at that speed already, and 20-27 % slower out of line or with this
    // refill: it keeps both.
    template <typename Compare>
#if defined(__clang__)
    [[gnu::always_inline]]
#endif
    [[nodiscard]] static constexpr text_lines_passed pass_text_lines_in(const char* data, detail::line_feed_bits& lines,
                                                                        std::size_t line_start, std::size_t stop,
                                                                        std::size_t size, std::size_t max_line,
                                                                        std::size_t count,
                                                                        std::size_t max_lines) noexcept {
        detail::line_feed_bits found = lines;  // in registers: `data` may alias what `lines` refers to
        const std::size_t usual_span = max_line > 5 ? max_line - 5 : 0;
        for (;;) {
#if defined(__clang__)
            const std::size_t lf = found.find<pass_long_lines, Compare>(data, stop, size);
#else
            if (found.mask == 0 && !detail::in_constant_evaluation() && !detail::unlikely(size - found.scanned < 64)) {
                found.mask = Compare::mask(data + found.scanned);
                found.scanned += 64;
            }
            const std::size_t lf = found.find_short<pass_long_lines, Compare>(data, stop, size);
#endif
            // A usual text line, 5 bytes or more and under max_line, with a fourth byte that is not a space, passes
            // one combined test (as in push mode); the others take the tests one by one.
            const std::size_t length = lf - line_start;
            if (lf >= stop || count >= max_lines ||
                ((length - 5 >= usual_span || data[line_start + 3] == ' ') &&
                 (length >= max_line || !detail::cannot_close_reply(data, line_start, lf)))) {
                lines = found;
                return {line_start, lf, count};
            }
            found.pop();
            ++count;
            line_start = lf + 1;
        }
    }
#if defined(__clang__)
    [[gnu::always_inline]]
#elif defined(__GNUC__)
    [[gnu::noinline]]
#endif
    [[nodiscard]] static constexpr text_lines_passed pass_text_lines(const char* data, detail::line_feed_bits& lines,
                                                                     std::size_t line_start, std::size_t stop,
                                                                     std::size_t size, std::size_t max_line,
                                                                     std::size_t count,
                                                                     std::size_t max_lines) noexcept {
        return pass_text_lines_in<detail::block_compare>(data, lines, line_start, stop, size, max_line, count,
                                                         max_lines);
    }
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__AVX2__)
    [[gnu::noinline, gnu::flatten, gnu::target("avx2")]]
#endif
    [[nodiscard]] static text_lines_passed pass_text_lines_avx2(const char* data, detail::line_feed_bits& lines,
                                                                std::size_t line_start, std::size_t stop,
                                                                std::size_t size, std::size_t max_line,
                                                                std::size_t count, std::size_t max_lines) noexcept {
        return pass_text_lines_in<detail::block_compare_avx2>(data, lines, line_start, stop, size, max_line, count,
                                                              max_lines);
    }
    template <typename Compare>
    [[nodiscard]] static constexpr text_lines_passed pass_text_lines_with(const char* data,
                                                                          detail::line_feed_bits& lines,
                                                                          std::size_t line_start, std::size_t stop,
                                                                          std::size_t size, std::size_t max_line,
                                                                          std::size_t count,
                                                                          std::size_t max_lines) noexcept {
        if constexpr (std::is_same_v<Compare, detail::block_compare>) return pass_text_lines(data, lines, line_start,
                      stop, size, max_line, count, max_lines);
        else return pass_text_lines_avx2(data, lines, line_start, stop, size, max_line, count, max_lines);
    }

    // pass_text_lines for a long reply of short lines, as parse_lines picks them (text_line_run::dense): the same
    // loop and contract, and after each line text_line_run passes the lines after it. A loop of its own: with
    // text_line_run inside, pass_text_lines' loop and parse_slow's ran 5-36 % slower on other replies.
    template <typename Compare>
    [[nodiscard]] static constexpr text_lines_passed pass_dense_text_lines_in(const char* data,
                                                                              detail::line_feed_bits& lines,
                                                                              std::size_t line_start, std::size_t stop,
                                                                              std::size_t size, std::size_t max_line,
                                                                              std::size_t count,
                                                                              std::size_t max_lines) noexcept {
        detail::line_feed_bits found = lines;
        for (;;) {
            const std::size_t lf = found.find_short<pass_long_lines, Compare>(data, stop, size);
            if (lf >= stop || lf - line_start >= max_line || count >= max_lines ||
                !detail::cannot_close_reply(data, line_start, lf)) {
                lines = found;
                return {line_start, lf, count};
            }
            found.pop();
            ++count;
            line_start = lf + 1;
            detail::text_line_run::pass_after<Compare>(data, found, line_start, stop, size, count, max_line, max_lines);
        }
    }
#if defined(__GNUC__)
    [[gnu::noinline]]
#endif
    [[nodiscard]] static constexpr text_lines_passed pass_dense_text_lines(const char* data,
                                                                           detail::line_feed_bits& lines,
                                                                           std::size_t line_start, std::size_t stop,
                                                                           std::size_t size, std::size_t max_line,
                                                                           std::size_t count,
                                                                           std::size_t max_lines) noexcept {
        return pass_dense_text_lines_in<detail::block_compare>(data, lines, line_start, stop, size, max_line, count,
                                                               max_lines);
    }
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__AVX2__)
    [[gnu::noinline, gnu::flatten, gnu::target("avx2")]]
#endif
    [[nodiscard]] static text_lines_passed pass_dense_text_lines_avx2(const char* data, detail::line_feed_bits& lines,
                                                                      std::size_t line_start, std::size_t stop,
                                                                      std::size_t size, std::size_t max_line,
                                                                      std::size_t count,
                                                                      std::size_t max_lines) noexcept {
        return pass_dense_text_lines_in<detail::block_compare_avx2>(data, lines, line_start, stop, size, max_line,
                                                                    count, max_lines);
    }
    template <typename Compare>
    [[nodiscard]] static constexpr text_lines_passed pass_dense_text_lines_with(const char* data,
                                                                                detail::line_feed_bits& lines,
                                                                                std::size_t line_start,
                                                                                std::size_t stop, std::size_t size,
                                                                                std::size_t max_line, std::size_t count,
                                                                                std::size_t max_lines) noexcept {
        if constexpr (std::is_same_v<Compare, detail::block_compare>) return pass_dense_text_lines(data, lines,
                      line_start, stop, size, max_line, count, max_lines);
        else return pass_dense_text_lines_avx2(data, lines, line_start, stop, size, max_line, count, max_lines);
    }

    // The text lines of a multi-line reply from line_start on, counted from `counted` (pass_text_lines' contract): a
    // reply of many short lines (text_line_run) goes on in pass_dense_text_lines, the others in pass_text_lines.
    template <typename Compare>
    [[nodiscard]] constexpr text_lines_passed pass_text_line_run(const char* data, detail::line_feed_bits& lines,
                                                                 std::size_t line_start, std::size_t stop,
                                                                 std::size_t size, std::size_t max_line,
                                                                 std::size_t counted) const noexcept {
        return counted >= detail::text_line_run::long_reply && detail::text_line_run::dense(lines.mask)
                   ? pass_dense_text_lines_with<Compare>(data, lines, line_start, stop, size, max_line, counted,
                                                         opts_.max_lines_per_reply)
                   : pass_text_lines_with<Compare>(data, lines, line_start, stop, size, max_line, counted,
                                                   opts_.max_lines_per_reply);
    }

    // Every case: one line at a time, through the reply machine. Out of line, so that parse() stays small.
    template <typename Compare>
    [[nodiscard]] constexpr parse_result parse_lines_in(std::string_view buffer) noexcept {
        const char* data = buffer.data();
        const std::size_t size = buffer.size();
        if (size < lines_.scanned) reset();  // misuse (the buffer shrank): start over rather than read past the end
        if (!in_reply_) {
            // Telnet commands (RFC 854) only begin with IAC; a reply never does, so the skipper is only
            // called for an IAC or to finish a command the previous call left open.
            if (opts_.telnet == telnet_rule::skip_between_replies && line_start_ < size &&
                (static_cast<unsigned char>(data[line_start_]) == 0xFF || telnet_.pending())) {
                const auto skipped = telnet_.skip(data, line_start_, size, 0, opts_.max_line_length);
                line_start_ = skipped.pos;
                detail::line_feed_bits lines = lines_;
                lines.skip_to(skipped.pos);
                keep_lines(lines);
                if (skipped.error != parse_error::none) return fail(skipped.error, skipped.error_offset);
            }
            if (line_start_ == size) {
                quick_span_now_ = line_start_ == 0 ? quick_span_ : 0;  // after a Telnet command, no quick path
                expect_buffer_at(data);
                return parse_result{};
            }
            in_reply_ = true;
            quick_span_now_ = 0;
            reply_start_ = line_start_;
            reply_limit_ = detail::saturating_add(reply_start_, opts_.max_reply_bytes);
        }
        // The line loop works on locals, which the compiler can keep in registers, and stores them back
        // once when it leaves (a member might alias the bytes it reads).
        detail::line_feed_bits lines = lines_;
        std::size_t line_start = line_start_;
        const std::size_t max_line = opts_.max_line_length;
        // The search for line feeds stops at the reply's limit; each line is held to max_line_length after its
        // '\n' is found (so a line over the limit may be searched a little further than the limit before it
        // is reported, never further than the buffer).
        const std::size_t stop = size < reply_limit_ ? size : reply_limit_;
        // Text lines inside a multi-line reply are most of the bytes of long replies: with options that need
        // no per-line check of their own, one that cannot close the reply is only counted.
        const bool skip_text_lines = !byte_checks_ && opts_.allow_bare_lf;
        for (;;) {
            const std::size_t lf = lines.next<pass_long_lines, Compare>(data, stop, size);
            if (lf >= stop || lf - line_start >= max_line) {
                // No '\n' before the reply's limit or the end of the buffer, or the line is over its limit.
                const detail::scan_limit limit = detail::limit_for_line(line_start, reply_limit_, max_line);
                keep_lines(lines);  // the bytes looked at count as examined, also when this fails
                if (byte_checks_) {
                    // The bytes of the line so far (up to the limit), each judged once.
                    const std::size_t end = size > limit.end ? limit.end : size;
                    const std::size_t judged = judged_end_ > line_start ? judged_end_ - line_start : 0;
                    const auto j = detail::reply_machine::check_unterminated(
                        opts_, std::string_view(data + line_start, end > line_start ? end - line_start : 0), judged,
                        line_start);
                    if (j.error != parse_error::none) return fail(j.error, j.error_offset);
                    judged_end_ = line_start + j.judged;
                }
                if (size > limit.end) return fail_at_limit(limit);
                line_start_ = line_start;
                if (reply_start_ == 0 && machine_.line_count() == 0) {
                    // Not even the first line is complete (a read ended inside it): the next call starts the
                    // reply again, on the quick path if it is a single line.
                    in_reply_ = false;
                    quick_span_now_ = quick_span_;
                }
                expect_buffer_at(data);
                return parse_result{};
            }
            if (skip_text_lines && machine_.line_count() != 0 && detail::cannot_close_reply(data, line_start, lf) &&
                machine_.count_text_line(opts_)) {
                // The text lines after it are counted in this inner loop, in a local (as in push mode); a line
                // it does not take (incomplete, over a limit, or one that may close the reply) is left to the
                // loop above, which finds the same '\n' again.
                const std::size_t counted = machine_.line_count();
                const text_lines_passed run =
                    pass_text_line_run<Compare>(data, lines, lf + 1, stop, size, max_line, counted);
                line_start = run.line_start;
                machine_.add_text_lines(run.count - counted);
                continue;
            }
            const std::string_view line(data + line_start, lf - line_start);
            const std::string_view raw = detail::strip_cr(line);
            const detail::line_step step =
                machine_.on_line(opts_, byte_checks_, raw, raw.size() != line.size(), line_start);
            line_start = lf + 1;
            if (step.outcome == detail::line_step::kind::more_lines) continue;
            if (step.outcome == detail::line_step::kind::failed) {
                keep_lines(lines);
                return fail(step.error, step.error_offset);
            }
            parse_result r;
            r.status = parse_status::complete;
            r.reply = reply_view(std::string_view(data + reply_start_, line_start - reply_start_), reply_start_,
                                 machine_.opening_code(), machine_.closing_code(), machine_.multiline(),
                                 machine_.line_count());
            r.consumed = line_start;
            // The caller drops the reply's bytes; the line feeds already found after it stay valid, counted
            // from the next reply's first byte.
            machine_.reset();
            in_reply_ = false;
            quick_span_now_ = quick_span_;
            line_start_ = reply_start_ = judged_end_ = 0;
            keep_lines(lines);
            drop_front(lf + 1);
            expect_buffer_at(data + line_start);
            return r;
        }
    }
#if defined(__GNUC__)
    [[gnu::noinline]]
#endif
    [[nodiscard]] constexpr parse_result parse_lines(std::string_view buffer) noexcept {
        return parse_lines_in<detail::block_compare>(buffer);
    }
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__AVX2__)
    [[gnu::noinline, gnu::flatten, gnu::target("avx2")]]
#endif
    [[nodiscard]] parse_result parse_lines_avx2(std::string_view buffer) noexcept {
        return parse_lines_in<detail::block_compare_avx2>(buffer);
    }
    template <typename Compare>
    [[nodiscard]] constexpr parse_result parse_lines_with(std::string_view buffer) noexcept {
        if constexpr (std::is_same_v<Compare, detail::block_compare>) return parse_lines(buffer);
        else return parse_lines_avx2(buffer);
    }

    // What the quick path leaves: a multi-line reply that is whole in the buffer goes by in one loop, without
    // the reply machine, when the options need nothing of its text lines but their count (as parse_lines'
    // text-line loop): "ddd-" with a valid code, text lines that cannot close it (cannot_close_reply), and a
    // closing line "ddd<SP>" with the same code. At any other line (one that may close the reply otherwise,
    // or is incomplete, or over a limit) the reply machine takes over where it stopped, in the state it would
    // have reached itself; every other case goes to parse_lines at once. Out of line, as parse_lines, with
    // everything it calls but parse_lines inlined into it (GCC 12 otherwise calls line_feed_bits::find for
    // every line, the word kept in memory: pull mode up to 70 % slower).
    template <typename Compare>
    [[nodiscard]] constexpr parse_result parse_slow_in(std::string_view buffer) noexcept {
        const char* data = buffer.data();
        const std::size_t size = buffer.size();
        // Inside a multi-line reply, after a read that ended in its text lines: they go on at once.
        if (quick_span_now_ == 0 && in_reply_ && machine_.line_count() != 0 && !byte_checks_ && opts_.allow_bare_lf &&
            lines_.scanned <= size && !detail::in_constant_evaluation())
            return resume_text_lines<Compare>(buffer);
        // quick_span_now_ != 0: between replies, the next one at buffer[0]; lines_ holds what parse() found.
        if (detail::in_constant_evaluation() || quick_span_now_ == 0 || telnet_.pending() || lines_.mask == 0 ||
            lines_.scanned > size || byte_checks_ || !opts_.allow_bare_lf)
            return parse_lines_with<Compare>(buffer);
        detail::line_feed_bits lines = lines_;
        const std::size_t max_line = opts_.max_line_length;
        const std::size_t stop = size < opts_.max_reply_bytes ? size : opts_.max_reply_bytes;
        // RFC 959 §4.2: the first line of a multi-line reply is "ddd-text"; on_first_line's checks, on the head
        // word as the quick path reads a single-line reply's.
        const std::size_t first_lf = lines.first();
        if (first_lf < 4 || first_lf >= stop || first_lf >= max_line) return parse_lines_with<Compare>(buffer);
        const std::uint32_t head = detail::head_word(data);
        if (!detail::is_code_then_hyphen(head) || (!opts_.allow_any_code && !detail::head_in_rfc_range(head)))
            return parse_lines_with<Compare>(buffer);
        const int code = detail::code_of_head(head);
        lines.pop();
        // The closing line's first four bytes, "ddd<SP>" with the opening code, as head_word reads them.
        const std::uint32_t closing_head = (head & 0x00FFFFFFu) | std::uint32_t{' '} << 24;
        const std::size_t max_lines = opts_.max_lines_per_reply;  // >= 1, or quick_span_now_ would be 0
        std::size_t count = 1;
        std::size_t i = first_lf + 1;
        for (;;) {
            const std::size_t lf = lines.find_short<pass_long_lines, Compare>(data, stop, size);
            if (lf >= stop || lf - i >= max_line || count >= max_lines) break;
            if (!detail::cannot_close_reply(data, i, lf)) {
                if (lf - i < 4 || detail::head_word(data + i) != closing_head) break;
                // The closing line: the reply is complete, as parse_lines would finish it.
                lines.pop();
                const std::size_t end = lf + 1;
                keep_lines(lines);
                drop_front(end);
                expect_buffer_at(data + end);
                return parse_result{parse_status::complete,
                                    reply_view(std::string_view(data, end), 0, code, code, true, count + 1), end,
                                    parse_error::none, 0};
            }
            lines.pop();
            ++count;
            i = lf + 1;
        }
        // The reply machine goes on at line i (its '\n', if found, not handed out), the reply begun as
        // parse_lines begins one.
        in_reply_ = true;
        quick_span_now_ = 0;
        reply_start_ = 0;
        reply_limit_ = opts_.max_reply_bytes;
        line_start_ = i;
        machine_.resume_multiline(code, count);
        keep_lines(lines);
        return parse_lines_with<Compare>(buffer);
    }
#if defined(__GNUC__)
    [[gnu::noinline, gnu::flatten]]
#endif
    [[nodiscard]] constexpr parse_result parse_slow(std::string_view buffer) noexcept {
        return parse_slow_in<detail::block_compare>(buffer);
    }
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__AVX2__)
    [[gnu::noinline, gnu::flatten, gnu::target("avx2")]]
#endif
    // The slow path with the AVX2 block compare, chosen at run time (parse_slow_call). Each out-of-line function of
    // the slow path comes twice: name() with the build's block compare, name_avx2() with the AVX2 target, which
    // inlines everything it calls (gnu::flatten) so that the compare can be inlined into it (detail::block_compare's
    // comment); name_with<Compare>() calls the one for Compare, name_in<Compare>() is the body. Pull mode on
    // `multiline` 30-36 % faster in every chunking, `adversarial` 4-13 %, the rest level (GCC 12, Zen 4 VM, baseline
    // x86-64 build; bench/HISTORY.md, session 48). The quick path in parse() is inlined into the caller's loop, so it
    // keeps the build's compare.
    [[nodiscard]] parse_result parse_slow_avx2(std::string_view buffer) noexcept {
        return parse_slow_in<detail::block_compare_avx2>(buffer);
    }

    // A multi-line reply resumed after a read that ended inside it, its text lines counted without the reply
    // machine (parse_lines' text-line loop, same options): they go on from line_start_ in pass_text_lines, and a
    // read that ends in them again is need_more at once. Whatever else the lines hold (a line that may close the
    // reply, one over a limit, the reply's limit) goes to parse_lines, which finds the same '\n' again. (Pull mode
    // on `multiline` in 1460-byte reads: each read came back through parse_lines' set-up and its need_more exit.)
    template <typename Compare>
    [[nodiscard]] constexpr parse_result resume_text_lines(std::string_view buffer) noexcept {
        const char* data = buffer.data();
        const std::size_t size = buffer.size();
        const std::size_t max_line = opts_.max_line_length;
        const std::size_t stop = size < reply_limit_ ? size : reply_limit_;
        detail::line_feed_bits lines = lines_;
        const std::size_t counted = machine_.line_count();
        const text_lines_passed run =
            pass_text_line_run<Compare>(data, lines, line_start_, stop, size, max_line, counted);
        machine_.add_text_lines(run.count - counted);
        line_start_ = run.line_start;
        keep_lines(lines);
        // No '\n' before the end of the buffer, the line and the reply within their limits: as parse_lines answers.
        if (run.lf >= stop && size <= detail::limit_for_line(run.line_start, reply_limit_, max_line).end) {
            expect_buffer_at(data);
            return parse_result{};
        }
        return parse_lines_with<Compare>(buffer);
    }

    // The call of parse_slow() from parse(), marked cold: the compiler then saves the caller's registers around
    // this call only, instead of keeping the caller's loop state in the registers a call preserves (and the rest
    // on the stack) on the quick path as well. Pull mode on `small` 3-7 % faster, 5.5 % fewer instructions (GCC 12;
    // Clang 14 8 %), `session` 0.5-3 % and 3.5 % (Clang 4 %); the extra call costs whole multi-line replies under
    // 1 % of their instructions.
#if defined(__GNUC__)
    [[gnu::cold, gnu::noinline]]
#endif
    [[nodiscard]] constexpr parse_result parse_slow_call(std::string_view buffer) noexcept {
        // Where the build does not target AVX2 (x86-64, GCC or Clang), the CPU that runs it decides.
        if constexpr (detail::run_time_avx2_possible) {
            if (!detail::in_constant_evaluation() && detail::avx2_chosen_at_run_time()) return parse_slow_avx2(buffer);
        }
        return parse_slow(buffer);
    }


    constexpr void reset_keeping_counters() noexcept {
        machine_.reset();
        telnet_.reset();
        lines_ = detail::line_feed_bits{};
        next_data_ = scan_at_ = 0;
        line_start_ = reply_start_ = judged_end_ = 0;
        in_reply_ = false;
        quick_span_now_ = quick_span_;
    }

    // The caller drops the buffer's first `count` bytes (a finished reply): the line feeds found after them stay
    // valid, counted from the first byte left.
    constexpr void drop_front(std::size_t count) noexcept { lines_.drop_front(count); }

    // The search went on to lines.scanned (the bytes it passed count as examined).
    constexpr void keep_lines(const detail::line_feed_bits& lines) noexcept {
        examined_ += lines.scanned - lines_.scanned;
        lines_ = lines;
    }

    // The next call's buffer is expected to start at next_data (the caller dropped what was consumed, or kept
    // the buffer to append to it); lines_ already counts from there.
    constexpr void expect_buffer_at(const char* next_data) noexcept {
        if (detail::in_constant_evaluation()) return;  // no quick path there
        next_data_ = detail::address_of(next_data);
        scan_at_ = next_data_ + lines_.scanned;
    }

    [[nodiscard]] constexpr parse_result fail(parse_error e, std::size_t offset) noexcept {
        reset_keeping_counters();
        parse_result r;
        r.status = parse_status::error;
        r.error = e;
        r.offset = offset;
        return r;
    }

    [[nodiscard]] constexpr parse_result fail_at_limit(detail::scan_limit limit) noexcept {
        return fail(limit.line_is_shorter ? parse_error::line_too_long : parse_error::reply_too_large, limit.end);
    }

    parse_options opts_{};
    bool byte_checks_ = detail::needs_byte_checks(parse_options{});
    unsigned char quick_checks_ = detail::quick_checks_for(parse_options{});
    std::size_t quick_span_ = detail::quick_span_for(parse_options{});
    // quick_span_ while the next reply starts at the buffer's first byte (between replies, no Telnet command
    // skipped before it), else 0.
    std::size_t quick_span_now_ = quick_span_;
    detail::reply_machine machine_{};
    detail::telnet_skipper telnet_{};
    // The members the quick path writes for every reply (lines_.mask, next_data_, scan_at_) are kept apart by
    // members it does not write, for the reason given at line_feed_bits::unused_gap.
    detail::line_feed_bits lines_{};  // the line feeds found and not yet used; where the search goes on
    std::size_t line_start_ = 0;      // first byte of the current line (of the next reply between replies)
    // Where the caller's next buffer is expected to start, and next_data_ + the search position (0, 0: no
    // expectation, position 0). Addresses, not pointers: the caller may free that buffer before the next call,
    // and they are then still compared with the next buffer's start and subtracted from each other, which for
    // pointers into freed storage is implementation-defined (C++17 [basic.stc]/4).
    std::uintptr_t next_data_ = 0;
    std::size_t reply_start_ = 0;  // first byte of the current reply
    std::uintptr_t scan_at_ = 0;
    std::size_t reply_limit_ = 0;  // reply_start_ + max_reply_bytes (saturated)
    std::size_t examined_ = 0;  // bytes_examined()
    // With byte checks: the bytes of an unterminated line before this index were judged clean (check_unterminated).
    std::size_t judged_end_ = 0;
    bool in_reply_ = false;
};

// Parses the first reply of a complete buffer in one call (finish() semantics: an unfinished reply is an error).
[[nodiscard]] constexpr parse_result parse_reply(std::string_view bytes,
                                                 const parse_options& options = parse_options{}) noexcept {
    reply_parser parser(options);
    return parser.finish(bytes);
}

// ---------------------------------------------------------------------------------------------------------------
// Push mode
// ---------------------------------------------------------------------------------------------------------------

// Passed to Handler::on_reply_begin when a reply's first line is complete.
struct reply_head {
    int code = 0;  // the first line's code
    bool multiline = false;
    std::size_t offset = 0;  // stream offset of the reply's first byte
};

// Passed to Handler::on_reply_end after the reply's last on_line.
struct reply_summary {
    int code = 0;          // see reply_view::code()
    int opening_code = 0;  // the first line's code
    bool multiline = false;
    std::size_t line_count = 0;
    std::size_t offset = 0;  // stream offset of the reply's first byte
    std::size_t size = 0;    // bytes, terminators included
};

// What Handler::on_reply_end may return (it may also return void: always proceed).
enum class push_action : std::uint8_t {
    proceed,  // go on with the rest of the chunk
    // Return from feed() right after this reply, with the rest of the chunk unread: the caller's, to feed again
    // later or to read as something else (the TLS handshake after "234", RFC 4217 §4).
    pause,
};

// What feed() and finish() did. 16 bytes, so that it comes back in registers.
struct push_result {
    parse_error error = parse_error::none;
    bool paused = false;  // the handler paused (push_action::pause) after the reply that ends before `offset`
    // A stream offset (bytes fed before it): the offending byte on error; else where the parser stopped, the
    // end of the input or, when paused, the end of that reply. feed() used the first offset - p bytes of its
    // chunk, p being position() before the call.
    std::size_t offset = 0;
    [[nodiscard]] constexpr bool ok() const noexcept { return error == parse_error::none; }
};

namespace detail {

// Calls handler.on_reply_end(summary); true when it asks to pause.
template <typename Handler>
[[nodiscard]] constexpr bool end_reply(Handler& handler, const reply_summary& summary) noexcept {
    using returned = decltype(handler.on_reply_end(summary));
    if constexpr (std::is_void_v<returned>) {
        handler.on_reply_end(summary);
        return false;
    } else {
        static_assert(std::is_same_v<returned, push_action>,
                      "ftpwire: Handler::on_reply_end must return void or ftpwire::push_action");
        return handler.on_reply_end(summary) == push_action::pause;
    }
}

}  // namespace detail

// Push-mode parser (llhttp / Beast style). feed() takes chunks of any size and calls, for each reply,
//   handler.on_reply_begin(const reply_head&)     once, when its first line is complete,
//   handler.on_line(const line_view&)             for every line, first and last included,
//   handler.on_reply_end(const reply_summary&)    once, after its last line; it may return push_action::pause
//                                                 to make feed() return at once (push_result::paused, and
//                                                 push_result::offset says where it stopped).
// The handler is a template parameter (no virtual calls); all three members are required. A line_view is valid
// only during the call (it points into the chunk, or into the parser's line buffer for a line that spanned
// chunks). The parser holds at most one partial line, in a LineCapacity-byte array inside the object, so memory
// is bounded whatever the reply size; the effective max_line_length is min(options, LineCapacity).
// Errors are sticky: after one, feed() and finish() return it again.
template <std::size_t LineCapacity = 16384>
class reply_push_parser {
    static_assert(LineCapacity > 0, "the push parser needs room for at least one byte of a line");

public:
    constexpr reply_push_parser() noexcept : reply_push_parser(parse_options{}) {}
    constexpr explicit reply_push_parser(const parse_options& options) noexcept
        : opts_(options), byte_checks_(detail::needs_byte_checks(options)) {
        if (opts_.max_line_length > LineCapacity) opts_.max_line_length = LineCapacity;
        quick_checks_ = detail::quick_checks_for(opts_);
        quick_span_ = detail::quick_span_for(opts_);
    }

    // With the build's block compare only. An AVX2 copy of the body chosen at run time, as pull mode's slow path
    // has (a function with gnu::target("avx2") and gnu::flatten), ran push mode up to 10 % slower (3 % faster on
    // one row), and an SSE2 copy made the same way 1-6 % slower: the copies' code came out worse than this one's,
    // and push mode's time is in its per-line work, not in the compare (bench/HISTORY.md, sessions 49 and 50).
    // GCC 12 keeps feed() out of line in the benchmark as it is, a call per chunk, so the call was not the cost.
    template <typename Handler>
    [[nodiscard]] constexpr push_result feed(std::string_view chunk, Handler& handler) noexcept {
        if (!error_.ok()) return error_;
        const char* data = chunk.data();
        const std::size_t size = chunk.size();
        const std::size_t base = fed_;  // stream offset of data[0]
        std::size_t i = 0;
        // Local copies, kept in registers while the handler is called (it might alias a member); line_start is
        // stored back when the chunk is used up.
        std::size_t line_start = line_start_;
        detail::line_feed_bits lines{};  // the chunk's line feeds, 64 bytes at a time
        const bool skip_text_lines = !byte_checks_ && opts_.allow_bare_lf;
        const bool skip_telnet = opts_.telnet == telnet_rule::skip_between_replies;
        const unsigned char quick_checks = quick_checks_;
        const std::size_t quick_span = quick_span_;
        const std::size_t max_line = opts_.max_line_length;
        std::size_t stop = stop_for_reply(base, size);  // where the search for line ends stops (the reply's limit)
        // A Telnet command the last chunk left open is finished first (only ever between replies); after that,
        // every command in this chunk is seen from its IAC.
        if (telnet_.pending()) {
            const auto skipped = telnet_.skip(data, 0, size, base, opts_.max_line_length);
            i = skipped.pos;
            lines.skip_to(i);
            if (skipped.error != parse_error::none) return fail(skipped.error, skipped.error_offset);
        }
        // A long line begun in an earlier chunk (64 bytes of it held already): its end is found with memchr
        // rather than a block at a time by the line loop below, which does not pass long lines. Push mode on
        // `adversarial` (8 KiB lines) in 1460-byte chunks 8-10 % faster with GCC 12 and Clang 14 (bench/HISTORY.md,
        // session 41), the other rows level; held_ >= 64, since a short line cut by a chunk costs the call more
        // than the block compare it saves.
        if (held_ >= 64 && detail::long_lines_with_memchr && !detail::in_constant_evaluation())
            lines.skip_to(detail::line_feed_free_blocks(data, data + stop));
        for (;;) {
            if (!in_reply_) {
                // As in pull mode, single-line replies within the chunk skip the reply machine, one after the
                // other in this inner loop (which reads no member the handler might change). Such a reply starts
                // with a digit, so it is never a Telnet command.
                if (quick_span != 0) {
                    while (i != size) {
                        // The search runs to the chunk's end (every byte of it is searched once anyway); the
                        // line's length is held to the quick path's limits after its '\n' is found.
                        const std::size_t lf = lines.find_short(data, size, size);
                        if (lf - i - 4 >= quick_span) break;  // also no '\n' (not_found - i is still huge)
                        const int code = detail::quick_reply_code(data + i, lf - i, quick_checks);
                        if (code < 0) break;
                        lines.pop();
                        const std::size_t offset = base + i;
                        // The line is at least "ddd<SP>" before its CR (quick_reply_code), so the text is there.
                        const std::size_t cr = data[lf - 1] == '\r' ? 1 : 0;
                        const std::string_view raw(data + i, lf - i - cr);
                        handler.on_reply_begin(reply_head{code, false, offset});
                        handler.on_line(line_view{raw, std::string_view(raw.data() + 4, raw.size() - 4), offset, 0});
                        const bool pause =
                            detail::end_reply(handler, reply_summary{code, code, false, 1, offset, lf + 1 - i});
                        i = lf + 1;
                        if (pause) return paused_after(i);
                    }
                    line_start = base + i;
                }
                if (i == size) break;
                // As in pull mode: only an IAC needs the skipper.
                if (skip_telnet && static_cast<unsigned char>(data[i]) == 0xFF) {
                    const auto skipped = telnet_.skip(data, i, size, base, opts_.max_line_length);
                    i = skipped.pos;
                    lines.skip_to(i);
                    if (skipped.error != parse_error::none) return fail(skipped.error, skipped.error_offset);
                    if (i == size) break;
                }
                in_reply_ = true;
                reply_start_ = line_start = base + i;
                reply_limit_ = detail::saturating_add(reply_start_, opts_.max_reply_bytes);
                stop = stop_for_reply(base, size);
                held_ = judged_ = 0;
            }
            // As in pull mode: the search stops at the reply's limit, and each line is held to max_line_length
            // once its '\n' is found.
            const std::size_t lf = lines.next(data, stop, size);
            if (lf >= stop || base + lf - line_start >= max_line) {
                const detail::scan_limit limit = detail::limit_for_line(line_start, reply_limit_, max_line);
                const bool over = base + size > limit.end;
                if (byte_checks_) {
                    // The bytes of the line so far (up to the limit), each judged once, in line_ (where they fit:
                    // the line's bytes before the limit are at most max_line_length).
                    const std::size_t end = over ? limit.end : base + size;
                    const std::size_t count = end > base + i ? end - (base + i) : 0;
                    detail::copy_bytes(line_ + held_, data + i, count);
                    const auto j = detail::reply_machine::check_unterminated(
                        opts_, std::string_view(line_, held_ + count), judged_, line_start);
                    if (j.error != parse_error::none) return fail(j.error, j.error_offset);
                    judged_ = j.judged;
                }
                if (over)
                    return fail(limit.line_is_shorter ? parse_error::line_too_long : parse_error::reply_too_large,
                                limit.end);
                // held_ + size - i <= max_line_length (with byte checks, the bytes are there already)
                if (!byte_checks_) detail::copy_bytes(line_ + held_, data + i, size - i);
                held_ += size - i;
                break;
            }
            // As in pull mode: a text line that cannot close the reply skips the reply machine. The text lines
            // after it are taken in an inner loop that keeps the machine's count and opening code in locals
            // (the handler might change a member, so the outer loop reloads them after each call).
            if (skip_text_lines && line_start == base + i && machine_.line_count() != 0 &&
                detail::cannot_close_reply(data, i, lf) && machine_.count_text_line(opts_)) {
                const int opening_code = machine_.opening_code();
                const std::size_t max_lines = opts_.max_lines_per_reply;
                std::size_t index = machine_.line_count() - 1;
                std::size_t text_lf = lf;
                std::size_t more = 0;  // text lines after the first, to add to the machine's count
                bool may_close = false;  // the loop stopped at a complete line that may close the reply
                // A usual text line, 5 bytes or more and under max_line (length - 5 < usual_span, unsigned), with
                // a fourth byte that is not a space, passes one combined test; the others take the tests one by
                // one. (GCC 12: 12-byte lines 3-5 % faster; Clang 14: push `multiline` 12-18 % faster.)
                const std::size_t usual_span = max_line > 5 ? max_line - 5 : 0;
                for (;;) {
                    const std::string_view raw = detail::strip_cr(std::string_view(data + i, text_lf - i));
                    handler.on_line(
                        line_view{raw, detail::line_text(raw, opening_code, false, false), base + i, index});
                    i = text_lf + 1;
                    // The next line is taken here when it is complete, within its limits (else the outer loop
                    // reports or holds it), cannot close the reply and is not one line too many.
                    text_lf = lines.find<text_lines_pass_long_lines>(data, stop, size);
                    if (!(text_lf < stop && text_lf - i - 5 < usual_span && data[i + 3] != ' ' &&
                          index + 1 < max_lines)) {
                        if (text_lf >= stop || text_lf - i >= max_line || index + 1 >= max_lines) break;
                        if (!detail::cannot_close_reply(data, i, text_lf)) {
                            may_close = true;
                            break;
                        }
                    }
                    lines.pop();
                    ++index;
                    ++more;
                }
                // RFC 959 §4.2: that line is most often the one that closes the reply, "ddd<SP>" with the
                // opening code. It ends the reply here, as the reply machine would under every option set that
                // skips text lines, without its '\n' being found again. (Tested after the loop, not in it: GCC 12
                // and Clang 14 each laid out one of the other placements 5-35 % slower on some corpus.)
                if (may_close && text_lf - i >= 4 &&
                    detail::head_word(data + i) == detail::closing_head_of(opening_code)) {
                    lines.pop();
                    const std::string_view raw = detail::strip_cr(std::string_view(data + i, text_lf - i));
                    handler.on_line(
                        line_view{raw, detail::line_text(raw, opening_code, false, true), base + i, index + 1});
                    i = text_lf + 1;
                    line_start = base + i;
                    if (close_reply(handler, reply_summary{opening_code, opening_code, true, index + 2, reply_start_,
                                                           line_start - reply_start_}))
                        return paused_after(i);
                    continue;
                }
                machine_.add_text_lines(more);
                line_start = base + i;
                continue;
            }
            std::string_view line(data + i, lf - i);
            if (held_ != 0) {  // the line began in an earlier chunk
                // held_ + (lf - i) <= max_line_length <= LineCapacity (the scan limit); the clamp says so to
                // the compiler, which cannot see that lf >= i.
                const std::size_t room = LineCapacity - held_;
                detail::copy_bytes(line_ + held_, data + i, lf - i < room ? lf - i : room);
                line = std::string_view(line_, held_ + (lf - i));
                held_ = judged_ = 0;
            }
            const std::string_view raw = detail::strip_cr(line);
            const detail::line_step step =
                machine_.on_line(opts_, byte_checks_, raw, raw.size() != line.size(), line_start);
            if (step.outcome == detail::line_step::kind::failed) return fail(step.error, step.error_offset);
            if (machine_.line_count() == 1)
                handler.on_reply_begin(reply_head{machine_.opening_code(), machine_.multiline(), reply_start_});
            handler.on_line(machine_.line_of(raw, line_start, step.outcome));
            i = lf + 1;
            line_start = base + i;
            if (step.outcome == detail::line_step::kind::reply_done) {
                if (close_reply(handler,
                                reply_summary{machine_.closing_code(), machine_.opening_code(), machine_.multiline(),
                                              machine_.line_count(), reply_start_, line_start - reply_start_}))
                    return paused_after(i);
            }
        }
        line_start_ = line_start;
        fed_ += size;
        return push_result{parse_error::none, false, fed_};
    }

    // The input has ended: an unfinished reply (or Telnet command) is unterminated_reply at the end offset.
    [[nodiscard]] constexpr push_result finish() noexcept {
        if (!error_.ok()) return error_;
        if (in_reply_ || telnet_.pending()) return fail(parse_error::unterminated_reply, fed_);
        return push_result{parse_error::none, false, fed_};
    }

    // Bytes fed so far (the stream offset of the next chunk's first byte).
    [[nodiscard]] constexpr std::size_t position() const noexcept { return fed_; }
    [[nodiscard]] constexpr const parse_options& options() const noexcept { return opts_; }
    [[nodiscard]] static constexpr std::size_t line_capacity() noexcept { return LineCapacity; }

    constexpr void reset() noexcept {
        machine_.reset();
        telnet_.reset();
        error_ = {};
        fed_ = line_start_ = reply_start_ = held_ = judged_ = 0;
        in_reply_ = false;
    }

private:
    // Whether the text-line loop passes the blocks of a long line with memchr (line_feed_bits::find). With GCC 12
    // on the Intel Xeon VM of bench/HISTORY.md push mode ran `adversarial` (8 KiB lines) 21 % faster in one piece
    // and 7 % in 1460-byte reads, `multiline` 7-8 % faster, the rest level; on a Zen 5 VM it had cost `multiline`
    // 4-6 %. Clang 14 laid the loop out anew with it: `adversarial` 6-11 % slower, so not there. The outer line
    // loop does not ask for it (`multiline` 18-22 % slower with GCC 12: the layout moved).
#if defined(__clang__)
    static constexpr bool text_lines_pass_long_lines = false;
#else
    static constexpr bool text_lines_pass_long_lines = true;
#endif

    // The end of the chunk, or where the current reply reaches max_reply_bytes if that comes first (as an index
    // into the chunk that starts at stream offset base; reply_limit_ >= base within a reply).
    [[nodiscard]] constexpr std::size_t stop_for_reply(std::size_t base, std::size_t size) const noexcept {
        return in_reply_ && reply_limit_ - base < size ? reply_limit_ - base : size;
    }

    // The reply in progress ended with the line just handed out: the handler hears of it (on_reply_end), and the
    // parser is between replies. True when the handler paused.
    template <typename Handler>
    [[nodiscard]] constexpr bool close_reply(Handler& handler, const reply_summary& summary) noexcept {
        const bool pause = detail::end_reply(handler, summary);
        machine_.reset();
        in_reply_ = false;
        return pause;
    }

    [[nodiscard]] constexpr push_result fail(parse_error e, std::size_t offset) noexcept {
        error_ = push_result{e, false, offset};
        return error_;
    }

    // The handler paused after a reply that ended at chunk[used - 1]: the parser is between replies, and the
    // next feed() starts with the chunk's byte `used` (position() says so).
    [[nodiscard]] constexpr push_result paused_after(std::size_t used) noexcept {
        line_start_ = fed_ + used;
        fed_ += used;
        return push_result{parse_error::none, true, fed_};
    }

    parse_options opts_;
    bool byte_checks_ = false;
    unsigned char quick_checks_ = 0;
    std::size_t quick_span_ = 0;
    detail::reply_machine machine_{};
    detail::telnet_skipper telnet_{};
    push_result error_{};
    std::size_t fed_ = 0;
    std::size_t line_start_ = 0;   // stream offset
    std::size_t reply_start_ = 0;  // stream offset
    std::size_t reply_limit_ = 0;  // reply_start_ + max_reply_bytes (saturated)
    std::size_t held_ = 0;         // bytes of the current line kept in line_
    std::size_t judged_ = 0;       // with byte checks: bytes of line_ judged clean (check_unterminated)
    bool in_reply_ = false;
    char line_[LineCapacity] = {};
};

}  // namespace ftpwire

#endif  // FTPWIRE_REPLY_PARSER_HPP
