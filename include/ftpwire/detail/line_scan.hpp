// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// The inner loop of the reply parser: find the next '\n'. At run time this is memchr (via
// std::char_traits<char>::find), which every standard library vectorises; during constant evaluation
// memchr is not usable, so the same function falls back to a plain loop.
#ifndef FTPWIRE_DETAIL_LINE_SCAN_HPP
#define FTPWIRE_DETAIL_LINE_SCAN_HPP

#include <cstddef>
#include <string>
#include <type_traits>

namespace ftpwire::detail {

// True while the compiler evaluates a constant expression. C++17 has no std::is_constant_evaluated, but
// GCC >= 9, Clang >= 9 and MSVC >= 19.25 offer the builtin in every language mode. Without it we answer
// "true", which only costs speed (the plain loop is always correct).
[[nodiscard]] constexpr bool in_constant_evaluation() noexcept {
#if defined(__cpp_lib_is_constant_evaluated)
    return std::is_constant_evaluated();
#elif defined(__has_builtin)
#if __has_builtin(__builtin_is_constant_evaluated)
    return __builtin_is_constant_evaluated();
#else
    return true;
#endif
#elif defined(_MSC_VER) && _MSC_VER >= 1925
    return __builtin_is_constant_evaluated();
#else
    return true;
#endif
}

// The condition, marked as rarely true where the compiler takes the hint (C++17 has no [[unlikely]]): such a
// test stays a branch rather than becoming a conditional move, so that what it guards does not wait for it.
[[nodiscard]] constexpr bool unlikely(bool condition) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_expect(condition, false);
#else
    return condition;
#endif
}

inline constexpr std::size_t not_found = static_cast<std::size_t>(-1);

// Index of the first '\n' in data[from, to), or not_found. Never reads data[to] or beyond.
[[nodiscard]] constexpr std::size_t find_line_feed(const char* data, std::size_t from, std::size_t to) noexcept {
    if (from >= to) return not_found;
    if (!in_constant_evaluation()) {
        const char* hit = std::char_traits<char>::find(data + from, to - from, '\n');
        return hit == nullptr ? not_found : static_cast<std::size_t>(hit - data);
    }
    for (std::size_t i = from; i < to; ++i)
        if (data[i] == '\n') return i;
    return not_found;
}

// a + b, clamped to SIZE_MAX (limits may be "no limit" = SIZE_MAX).
[[nodiscard]] constexpr std::size_t saturating_add(std::size_t a, std::size_t b) noexcept {
    return b > static_cast<std::size_t>(-1) - a ? static_cast<std::size_t>(-1) : a + b;
}

}  // namespace ftpwire::detail

#endif  // FTPWIRE_DETAIL_LINE_SCAN_HPP
