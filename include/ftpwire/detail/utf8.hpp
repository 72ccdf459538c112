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

// What a UTF-8 lead byte allows (RFC 3629 §4): the sequence's length (0: the byte starts none) and the range of
// the byte after it (the bytes after that are 0x80-0xBF).
struct utf8_lead {
    std::size_t length = 0;
    unsigned char lo = 0x80, hi = 0xBF;
};

[[nodiscard]] constexpr utf8_lead utf8_lead_of(unsigned char b0) noexcept {
    if (b0 < 0x80) return {1};
    if (b0 >= 0xC2 && b0 <= 0xDF) return {2};
    if (b0 == 0xE0) return {3, 0xA0, 0xBF};
    if (b0 >= 0xE1 && b0 <= 0xEC) return {3};
    if (b0 == 0xED) return {3, 0x80, 0x9F};
    if (b0 >= 0xEE && b0 <= 0xEF) return {3};
    if (b0 == 0xF0) return {4, 0x90, 0xBF};
    if (b0 >= 0xF1 && b0 <= 0xF3) return {4};
    if (b0 == 0xF4) return {4, 0x80, 0x8F};
    return {};
}

// How many bytes of s[i, i + lead.length) that s holds are what the sequence allows there.
[[nodiscard]] constexpr std::size_t utf8_bytes_matching(std::string_view s, std::size_t i, utf8_lead lead) noexcept {
    std::size_t k = 1;
    for (; k < lead.length && i + k < s.size(); ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (k == 1 ? (b < lead.lo || b > lead.hi) : (b < 0x80 || b > 0xBF)) break;
    }
    return k;
}

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629 §4), 0 if there is none.
[[nodiscard]] constexpr std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
    const utf8_lead lead = utf8_lead_of(static_cast<unsigned char>(s[i]));
    if (lead.length == 0) return 0;
    return utf8_bytes_matching(s, i, lead) == lead.length ? lead.length : 0;
}

// True when s[i, s.size()) is the start of a well-formed sequence that the end of s cuts short: the bytes that
// would decide it have not arrived (a reply line still being received).
[[nodiscard]] constexpr bool is_cut_utf8_sequence(std::string_view s, std::size_t i) noexcept {
    const utf8_lead lead = utf8_lead_of(static_cast<unsigned char>(s[i]));
    return lead.length > s.size() - i && utf8_bytes_matching(s, i, lead) == s.size() - i;
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
