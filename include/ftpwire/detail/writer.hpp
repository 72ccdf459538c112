// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// What every formatter returns, and the bounded writer they share: output goes into a caller-provided
// buffer, never past its end.
#ifndef FTPWIRE_DETAIL_WRITER_HPP
#define FTPWIRE_DETAIL_WRITER_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ftpwire {

// Why a formatter wrote nothing useful.
enum class format_error : std::uint8_t {
    none,
    buffer_too_small,     // the output would not fit; nothing usable was written
    invalid_code,         // not a reply code 1yz-6yz with y 0-5 (RFC 959 §4.2, RFC 2228 §5.2)
    invalid_time,         // a date_time that is_valid_date_time rejects
    forbidden_character,  // a byte the line may not carry: CR, LF, NUL (a path in 257 form), any other C0
                          // control but TAB, DEL and 0xFF too (reply text), any C0 control but CR (written
                          // CR NUL) and TAB, and DEL (commands)
    missing_argument,     // the command requires an argument (RFC 959 §5.3.1)
    unexpected_argument,  // the command takes no argument
    no_lines,             // a reply needs at least one line of text
    unsupported_address,  // e.g. an IPv6 address for PORT, which carries IPv4 only
    invalid_utf8,         // reply text that is not UTF-8 (RFC 2640 §2.2), which the strict reply parser refuses
    invalid_port,         // port 0 in PORT, EPRT or 229: nobody can connect to it, and the decoders refuse it
};

[[nodiscard]] constexpr std::string_view to_string(format_error e) noexcept {
    switch (e) {
        case format_error::none: return "none";
        case format_error::buffer_too_small: return "buffer_too_small";
        case format_error::invalid_code: return "invalid_code";
        case format_error::invalid_time: return "invalid_time";
        case format_error::forbidden_character: return "forbidden_character";
        case format_error::missing_argument: return "missing_argument";
        case format_error::unexpected_argument: return "unexpected_argument";
        case format_error::no_lines: return "no_lines";
        case format_error::unsupported_address: return "unsupported_address";
        case format_error::invalid_utf8: return "invalid_utf8";
        case format_error::invalid_port: return "invalid_port";
    }
    return "unknown";
}

// size: bytes written (valid only when ok()). The buffer is never written past its capacity.
struct format_result {
    std::size_t size;
    format_error error;

    [[nodiscard]] constexpr bool ok() const noexcept { return error == format_error::none; }
    [[nodiscard]] constexpr explicit operator bool() const noexcept { return ok(); }
};

namespace detail {

// Appends into out[0, capacity); once something does not fit it stays failed and writes nothing more.
class writer {
public:
    constexpr writer(char* out, std::size_t capacity) noexcept : out_(out), capacity_(capacity) {}

    constexpr void put(char c) noexcept {
        if (failed_ || size_ >= capacity_) {
            failed_ = true;
            return;
        }
        out_[size_++] = c;
    }
    constexpr void put(std::string_view s) noexcept {
        if (failed_ || s.size() > capacity_ - size_) {
            failed_ = true;
            return;
        }
        for (char c : s) out_[size_++] = c;
    }
    constexpr void put_decimal(std::uint64_t n) noexcept {
        char digits[20] = {};
        std::size_t count = 0;
        do {
            digits[count++] = static_cast<char>('0' + n % 10);
            n /= 10;
        } while (n != 0);
        while (count != 0) put(digits[--count]);
    }
    // Exactly width digits, zero-padded (for time values).
    constexpr void put_decimal_width(std::uint64_t n, std::size_t width) noexcept {
        char digits[20] = {};
        for (std::size_t i = width; i-- > 0;) {
            digits[i] = static_cast<char>('0' + n % 10);
            n /= 10;
        }
        for (std::size_t i = 0; i < width; ++i) put(digits[i]);
    }
    constexpr void put_hex_lower(unsigned n) noexcept {  // no leading zeros (RFC 5952 §4.1)
        constexpr char hex[] = "0123456789abcdef";
        bool started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            const unsigned nibble = (n >> static_cast<unsigned>(shift)) & 0xFu;
            if (nibble != 0 || started || shift == 0) {
                put(hex[nibble]);
                started = true;
            }
        }
    }

    [[nodiscard]] constexpr bool failed() const noexcept { return failed_; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
    [[nodiscard]] constexpr format_result result() const noexcept {
        return failed_ ? format_result{0, format_error::buffer_too_small} : format_result{size_, format_error::none};
    }

private:
    char* out_;
    std::size_t capacity_;
    std::size_t size_ = 0;
    bool failed_ = false;
};

// CR, LF and NUL would end or corrupt a line on the control connection (RFC 959 §4.2, RFC 854).
[[nodiscard]] constexpr std::size_t find_line_breaking_byte(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] == '\r' || s[i] == '\n' || s[i] == '\0') return i;
    return std::string_view::npos;
}

// What reply text may not carry: the line-breaking bytes, the other C0 controls but TAB, and DEL, which the
// strict reply parser refuses as control_character (a terminal escape in a server's text reaches the user's
// screen); and 0xFF, Telnet's IAC (RFC 854): alone it starts a Telnet command, doubled it reads as two bytes to
// the many clients that do not speak Telnet, and UTF-8 text (RFC 2640) never holds it.
[[nodiscard]] constexpr std::size_t find_forbidden_reply_byte(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c < 0x20 && c != '\t') || c == 0x7F || c == 0xFF) return i;
    }
    return std::string_view::npos;
}

}  // namespace detail
}  // namespace ftpwire

#endif  // FTPWIRE_DETAIL_WRITER_HPP
