// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// A vectorised search for the next '\n', the reply parser's inner loop (both front-ends call
// find_line_feed_fast). FTP reply lines are short (30-60 bytes in real sessions), and for short lines the
// cost of memchr is its call, not its loop (glibc's AVX2 memchr spends ~24 instructions on a 32-byte line,
// most of them entry, alignment and exit handling, plus a call the compiler cannot see through). This scan is
// inlined and looks at 32 bytes per step as two SSE2 blocks (every x86-64 CPU has SSE2); a line longer than
// simd_scan_inline_bytes goes on to memchr, whose unrolled loop wins on long lines. It never reads outside [data + from, data + to): the last step re-reads an
// overlapping 16-byte block ending at `to` instead of running past it.
//
// Chosen at compile time: SSE2 where the compiler targets it, otherwise the memchr path of line_scan.hpp;
// during constant evaluation, the plain loop. find_line_feed_scalar is the reference the tests compare every
// path with, byte for byte.
#ifndef FTPWIRE_DETAIL_SIMD_LINE_SCAN_HPP
#define FTPWIRE_DETAIL_SIMD_LINE_SCAN_HPP

#include "line_scan.hpp"

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)
#include <emmintrin.h>
#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>
#endif
#endif

namespace ftpwire::detail {

// The reference: one byte at a time. Index of the first '\n' in data[from, to), or not_found.
[[nodiscard]] constexpr std::size_t find_line_feed_scalar(const char* data, std::size_t from,
                                                          std::size_t to) noexcept {
    for (std::size_t i = from; i < to; ++i)
        if (data[i] == '\n') return i;
    return not_found;
}

// How far the inlined vector loop looks before it hands the rest of a long line to memchr.
inline constexpr std::size_t simd_scan_inline_bytes = 128;

#if defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)

inline constexpr bool simd_line_scan_available = true;

// Index of the lowest set bit; mask != 0.
[[nodiscard]] inline std::size_t lowest_set_bit(unsigned mask) noexcept {
#if defined(_MSC_VER) && !defined(__clang__)
    unsigned long index = 0;
    _BitScanForward(&index, mask);
    return index;
#else
    return static_cast<std::size_t>(__builtin_ctz(mask));
#endif
}

// Bit k set when block byte k is '\n'.
[[nodiscard]] inline unsigned line_feed_mask(const char* p) noexcept {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8('\n'))));
}

// SSE2 path; same contract as find_line_feed.
[[nodiscard]] inline std::size_t find_line_feed_sse2(const char* data, std::size_t from, std::size_t to) noexcept {
    if (from >= to) return not_found;
    if (to - from < 16) return find_line_feed_scalar(data, from, to);  // only at the very end of a buffer
    const std::size_t inline_end = to - from > simd_scan_inline_bytes ? from + simd_scan_inline_bytes : to;
    std::size_t i = from;
    // Two blocks per step: lines in real sessions are 30-70 bytes, so most are found in one or two steps.
    for (; i + 32 <= inline_end; i += 32) {
        const unsigned mask = line_feed_mask(data + i) | (line_feed_mask(data + i + 16) << 16);
        if (mask != 0) return i + lowest_set_bit(mask);
    }
    if (i + 16 <= inline_end) {
        const unsigned mask = line_feed_mask(data + i);
        if (mask != 0) return i + lowest_set_bit(mask);
        i += 16;
    }
    if (inline_end < to) return find_line_feed(data, i, to);  // a long line: memchr's unrolled loop
    if (i == to) return not_found;
    // Fewer than 16 bytes left: look at the 16 bytes that end at `to`. The ones before i were already seen
    // and hold no '\n', so the lowest set bit is at or after i.
    const unsigned mask = line_feed_mask(data + to - 16);
    return mask != 0 ? to - 16 + lowest_set_bit(mask) : not_found;
}

#else

inline constexpr bool simd_line_scan_available = false;

[[nodiscard]] inline std::size_t find_line_feed_sse2(const char* data, std::size_t from, std::size_t to) noexcept {
    return find_line_feed(data, from, to);
}

#endif

// What the parser would call: index of the first '\n' in data[from, to), or not_found; never reads data[to].
[[nodiscard]] constexpr std::size_t find_line_feed_fast(const char* data, std::size_t from,
                                                        std::size_t to) noexcept {
    if (in_constant_evaluation()) return find_line_feed_scalar(data, from, to);
    return find_line_feed_sse2(data, from, to);
}

}  // namespace ftpwire::detail

#endif  // FTPWIRE_DETAIL_SIMD_LINE_SCAN_HPP
