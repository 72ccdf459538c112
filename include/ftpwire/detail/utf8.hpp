// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// UTF-8 well-formedness (RFC 3629 §4), as RFC 2640 §2.2 asks of the text on the control connection: the strict
// reply parser checks every line with it, the reply writers every text they are given.
#ifndef FTPWIRE_DETAIL_UTF8_HPP
#define FTPWIRE_DETAIL_UTF8_HPP

#include <cstddef>
#include <string_view>

namespace ftpwire::detail {

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629 §4), 0 if there is none.
[[nodiscard]] constexpr std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    std::size_t length = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 < 0x80) return 1;
    if (b0 >= 0xC2 && b0 <= 0xDF) length = 2;
    else if (b0 == 0xE0) { length = 3; lo = 0xA0; }
    else if (b0 >= 0xE1 && b0 <= 0xEC) length = 3;
    else if (b0 == 0xED) { length = 3; hi = 0x9F; }
    else if (b0 >= 0xEE && b0 <= 0xEF) length = 3;
    else if (b0 == 0xF0) { length = 4; lo = 0x90; }
    else if (b0 >= 0xF1 && b0 <= 0xF3) length = 4;
    else if (b0 == 0xF4) { length = 4; hi = 0x8F; }
    else return 0;
    if (i + length > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < length; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return length;
}

// Where the first byte that does not start a well-formed UTF-8 sequence is, npos if s is all UTF-8.
[[nodiscard]] constexpr std::size_t find_invalid_utf8(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_sequence_length(s, i);
        if (n == 0) return i;
        i += n;
    }
    return std::string_view::npos;
}

}  // namespace ftpwire::detail

#endif  // FTPWIRE_DETAIL_UTF8_HPP
