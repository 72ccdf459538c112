// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Vectorised searches for '\n'. FTP reply lines are short (30-60 bytes in real sessions), and for short lines
// the cost of memchr is its call, not its loop (glibc's AVX2 memchr spends ~24 instructions on a 32-byte line,
// most of them entry, alignment and exit handling, plus a call the compiler cannot see through). Two searches
// here, both inlined:
//   line_feed_bits        the parser's line finder: the '\n's of 64 bytes at a time as the bits of one word,
//                         handed out one per line and kept across lines and pull-mode calls (below).
//   find_line_feed_fast   one line end at a time, 32 bytes per step as two SSE2 blocks, memchr after
//                         simd_scan_inline_bytes (whose unrolled loop wins on long lines); for line_iterator,
//                         which walks the lines of a reply already parsed.
// Neither reads outside the bytes it is given: at the end of a buffer the last block is re-read as the block
// that ends there instead of running past it.
//
// Chosen at compile time: AVX-512BW or AVX2 (64-byte blocks only) or SSE2 where the compiler targets them,
// otherwise portable loops (and the memchr path of line_scan.hpp); during constant evaluation, the plain loops.
// find_line_feed_scalar and line_feed_mask64_scalar are the references the tests compare every path with,
// byte for byte.
#ifndef FTPWIRE_DETAIL_SIMD_LINE_SCAN_HPP
#define FTPWIRE_DETAIL_SIMD_LINE_SCAN_HPP

#include "line_scan.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#if defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)
#include <emmintrin.h>
#if defined(__AVX2__) || (defined(__GNUC__) && defined(__x86_64__))
#include <immintrin.h>
#endif
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

// Index of the first '\n' in data[from, to), or not_found; never reads data[to]. The vector path where there is
// one, the plain loop during constant evaluation.
[[nodiscard]] constexpr std::size_t find_line_feed_fast(const char* data, std::size_t from,
                                                        std::size_t to) noexcept {
    if (in_constant_evaluation()) return find_line_feed_scalar(data, from, to);
    return find_line_feed_sse2(data, from, to);
}

// ---------------------------------------------------------------------------------------------------------------
// Bitmask scan: the parser's line finder
// ---------------------------------------------------------------------------------------------------------------
//
// A per-line search (memchr, or find_line_feed_sse2 above) pays its entry and exit once per line, and FTP lines
// are short. line_feed_bits instead looks at 64 bytes at a time, keeps the positions of every '\n' in them as
// the bits of one word, and hands them out one per line (count trailing zeros, clear the lowest bit): a
// 32-byte line costs about half a block compare and two bit operations. The word survives from one line to the
// next, and, in pull mode, from one parse() call to the next (drop_front() moves it when the caller drops the
// bytes of a finished reply), so no byte is compared twice.

// Bit k set when p[k] == c, for k < 64; reads exactly p[0, 64). The portable version, byte by byte (compilers
// vectorise the loop where the target has vectors); the reference the vector versions are tested against.
[[nodiscard]] constexpr std::uint64_t byte_mask64_scalar(const char* p, char c) noexcept {
    std::uint64_t bits = 0;
    for (std::size_t k = 0; k < 64; ++k)
        if (p[k] == c) bits |= std::uint64_t{1} << k;
    return bits;
}
[[nodiscard]] constexpr std::uint64_t line_feed_mask64_scalar(const char* p) noexcept {
    return byte_mask64_scalar(p, '\n');
}

// The version the parser uses, chosen at compile time: one AVX-512BW compare where the compiler may use AVX-512BW,
// two AVX2 compares where it may use AVX2 (-mavx2, -march=native), four SSE2 compares on every other x86-64
// target, else the portable loop.
// byte_mask64 is the same compare for any byte (the text-line pass below looks for spaces with it).
// byte_mask64_avx2: the two AVX2 compares, for builds for AVX2 and for block_compare_avx2 (below), which x86-64
// builds with GCC or Clang that are not may choose at run time (only functions with the AVX2 target inline it).
#if defined(__AVX2__) || (defined(__GNUC__) && defined(__x86_64__))
#if defined(__GNUC__)
[[gnu::always_inline, gnu::target("avx2")]]
#endif
[[nodiscard]] inline std::uint64_t byte_mask64_avx2(const char* p, char c) noexcept {
    const __m256i wanted = _mm256_set1_epi8(c);
    const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
    const auto lo_bits = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, wanted)));
    const auto hi_bits = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, wanted)));
    return lo_bits | (std::uint64_t{hi_bits} << 32);
}
#endif
#if defined(__AVX512BW__)
// One 64-byte compare into a mask register where the compiler may use AVX-512BW (-mavx512bw, -march=native on
// Zen 4 and 5 or Intel since Skylake-SP): the compare with the load folded in and the move of the mask, where AVX2
// takes eight. -march=native on a Zen 5 VM against the AVX2 compare (GCC 12): push mode 6-28 % faster on every
// corpus, pull mode on `multiline` 5-53 % (1460-byte reads 20 -> 30 GB/s), `small` and `real` 1-5 % slower. Two
// 32-byte compares into mask registers joined with KUNPCKDQ (no 512-bit register) gained about half as much and
// lost 2-9 % on push `adversarial` (bench/HISTORY.md, session 51).
inline constexpr std::string_view line_feed_mask64_kind = "avx512bw";
#if defined(__GNUC__)
[[gnu::always_inline]]
#endif
[[nodiscard]] inline std::uint64_t byte_mask64(const char* p, char c) noexcept {
    return _mm512_cmpeq_epi8_mask(_mm512_loadu_si512(p), _mm512_set1_epi8(c));
}
#elif defined(__AVX2__)
inline constexpr std::string_view line_feed_mask64_kind = "avx2";
#if defined(__GNUC__)
[[gnu::always_inline]]
#endif
[[nodiscard]] inline std::uint64_t byte_mask64(const char* p, char c) noexcept { return byte_mask64_avx2(p, c); }
#elif defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)
inline constexpr std::string_view line_feed_mask64_kind = "sse2";
#if defined(__GNUC__)
[[gnu::always_inline]]
#endif
[[nodiscard]] inline unsigned byte_mask16(const char* p, char c) noexcept {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8(c))));
}
#if defined(__GNUC__)
[[gnu::always_inline]]
#endif
[[nodiscard]] inline std::uint64_t byte_mask64(const char* p, char c) noexcept {
    const std::uint64_t b0 = byte_mask16(p, c), b1 = byte_mask16(p + 16, c);
    const std::uint64_t b2 = byte_mask16(p + 32, c), b3 = byte_mask16(p + 48, c);
    return b0 | (b1 << 16) | (b2 << 32) | (b3 << 48);
}
#else
inline constexpr std::string_view line_feed_mask64_kind = "portable";
#if defined(__GNUC__)
[[gnu::always_inline]]
#endif
[[nodiscard]] inline std::uint64_t byte_mask64(const char* p, char c) noexcept { return byte_mask64_scalar(p, c); }
#endif
#if defined(__GNUC__)
[[gnu::always_inline]]
#endif
[[nodiscard]] inline std::uint64_t line_feed_mask64(const char* p) noexcept { return byte_mask64(p, '\n'); }

// The block compare as a type, for the parser's line loops to be compiled once per compare: block_compare is the
// build's (above), block_compare_avx2 the AVX2 one chosen at run time (avx2_chosen_at_run_time) in x86-64 builds
// with GCC or Clang that do not target AVX2 themselves. Its functions carry the AVX2 target, so only functions
// with that target can inline them: each loop that uses it is instantiated with it inside a function that has the
// target and inlines everything it calls (gnu::flatten; reply_parser's *_avx2 members), which GCC 12 and Clang 14
// both accept (the loops in between have no target of their own and are inlined into that function first). On
// a Zen 4 VM, pull mode on `multiline` 30-37 % faster in one piece (bench/HISTORY.md, session 48).
struct block_compare {
#if defined(__GNUC__)
    [[gnu::always_inline]]
#endif
    [[nodiscard]] static std::uint64_t mask(const char* p) noexcept {
        return line_feed_mask64(p);
    }
#if defined(__GNUC__)
    [[gnu::always_inline]]
#endif
    [[nodiscard]] static std::uint64_t bytes(const char* p, char c) noexcept {
        return byte_mask64(p, c);
    }
};

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__AVX2__)
inline constexpr bool run_time_avx2_possible = true;
struct block_compare_avx2 {
    [[gnu::target("avx2")]] [[nodiscard]] static std::uint64_t bytes(const char* p, char c) noexcept {
        return byte_mask64_avx2(p, c);
    }
    [[gnu::target("avx2")]] [[nodiscard]] static std::uint64_t mask(const char* p) noexcept {
        return byte_mask64_avx2(p, '\n');
    }
};
#else
inline constexpr bool run_time_avx2_possible = false;
using block_compare_avx2 = block_compare;  // never chosen: the build's compare is AVX2 already, or there is none
#endif

// Whether the line loops take block_compare_avx2: in builds where it is possible, on a CPU with AVX2, unless the
// environment variable FTPWIRE_LINE_SCAN is "sse2" when first asked (the tests run the parser both ways with it).
[[nodiscard]] inline bool avx2_chosen_at_run_time() noexcept {
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__AVX2__)
    static const bool chosen = [] {
        const char* forced = std::getenv("FTPWIRE_LINE_SCAN");
        if (forced != nullptr && std::string_view(forced) == "sse2") return false;
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") != 0;
    }();
    return chosen;
#else
    return false;
#endif
}

// Index of the lowest set bit of a 64-bit word; bits != 0.
[[nodiscard]] constexpr std::size_t lowest_set_bit64(std::uint64_t bits) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    return static_cast<std::size_t>(__builtin_ctzll(bits));
#else
    std::size_t k = 0;
    while ((bits & 1) == 0) {
        bits >>= 1;
        ++k;
    }
    return k;
#endif
}

// lowest_set_bit64 outside constant evaluation, for the pull parser's quick path. GCC 12 on x86-64 compiles the
// builtin to a zeroing XOR, the count and a sign extension of its int result (it does not use the result's
// range, 0-63), three instructions where the count is one; Clang 14 emits the count alone. There, GCC gets the
// instruction itself: TZCNT, spelled REP BSF, which CPUs without BMI1 run as BSF (the same result for bits != 0).
// Pull mode on single-line replies 2-4 % faster with GCC 12. (Not used for line_feed_bits: push mode's loops,
// where GCC 12 then laid out feed() anew, ran 3-10 % slower on `small` and `multiline`; pull mode's loops gained
// 3-10 %, but share line_feed_bits with push mode.)
[[nodiscard]] inline std::size_t lowest_set_bit64_now(std::uint64_t bits) noexcept {
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
    std::uint64_t k;
    __asm__("rep bsfq %1, %0" : "=r"(k) : "r"(bits) : "cc");
    return static_cast<std::size_t>(k);
#else
    return lowest_set_bit64(bits);
#endif
}

// Index of the highest set bit of a 64-bit word; bits != 0.
[[nodiscard]] constexpr std::size_t highest_set_bit64(std::uint64_t bits) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    return 63 - static_cast<std::size_t>(__builtin_clzll(bits));
#else
    std::size_t k = 63;
    while ((bits >> k) == 0) --k;
    return k;
#endif
}

// Set bits in a 64-bit word. The instruction where the target has it (-mpopcnt, -march=native); else the SWAR sum,
// a dozen instructions inlined, where GCC would call libgcc's table-driven __popcountdi2.
[[nodiscard]] constexpr std::size_t set_bits64(std::uint64_t bits) noexcept {
#if (defined(__GNUC__) || defined(__clang__)) && defined(__POPCNT__)
    return static_cast<std::size_t>(__builtin_popcountll(bits));
#else
    bits -= (bits >> 1) & 0x5555555555555555ULL;
    bits = (bits & 0x3333333333333333ULL) + ((bits >> 2) & 0x3333333333333333ULL);
    bits = (bits + (bits >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return static_cast<std::size_t>((bits * 0x0101010101010101ULL) >> 56);
#endif
}

// Whether line_feed_bits passes the blocks of a long line with memchr (line_feed_free_blocks) instead of one
// word at a time. Where the block compare is four SSE2 compares (every x86-64 build without -mavx2), glibc's
// memchr, which picks its AVX2 or EVEX loop at run time, finds the end of a line of a few KiB two to three
// times as fast: pull mode on the `adversarial` corpus (8 KiB lines) 12-19 % faster with GCC 12, 14-17 % with
// Clang 14 (the comment above line_feed_bits::next says where push mode asks for it). Built for AVX2 the compare
// is two instructions, and the pass is left out: there, the larger fill() made GCC 12 stop inlining find() into the
// pull parser's line loop (pull mode in 1460-byte reads at half speed), and forcing it inline cost push mode
// 22-27 % on `multiline`.
#if defined(__AVX2__)
inline constexpr bool long_lines_with_memchr = false;
#else
inline constexpr bool long_lines_with_memchr = true;
#endif

// How many bytes from `from` on can be passed as whole 64-byte blocks without a '\n', looking no further than
// `to`: a multiple of 64, which leaves the block with the next '\n' (or the last bytes before `to`) to be
// compared as usual. Out of line: short lines never need it, and FTP's long lines (banners, help texts, long
// paths, lines near the length limit) are mostly far longer than the call.
#if defined(__GNUC__)
[[gnu::noinline]]
#endif
[[nodiscard]] constexpr std::size_t line_feed_free_blocks(const char* from, const char* to) noexcept {
    const std::size_t lf = find_line_feed(from, 0, static_cast<std::size_t>(to - from));
    return (lf == not_found ? static_cast<std::size_t>(to - from) : lf) & ~std::size_t{63};
}

// The '\n's of a buffer, handed out in order. Positions are indexes into the buffer the caller passes to next();
// the caller consumes line feeds in order and never moves backwards.
//   scanned: every byte before it has been looked at: a '\n' there is in mask or was handed out
//   mask:    the '\n's among the 64 bytes before scanned not yet handed out: bit k for data[scanned - 64 + k]
// The word is anchored at `scanned`, so dropping bytes from the front of the buffer (drop_front) is one
// subtraction, and taking a new block two assignments. (scanned - 64 may be "negative" for a short buffer or
// after a drop; a set bit always stands for a position >= 0, computed as scanned + k - 64.)
// The members the parsers' line loops call are always inlined with Clang: Clang 14 left find(), find_short() and
// fill() out of line, called for every line with the word kept in memory (push mode at half the speed of the
// GCC 12 build, which inlines them by itself).
struct line_feed_bits {
    std::uint64_t mask = 0;
    // Unused: keeps mask and scanned apart in memory. GCC 12, where it may use SSE4.1 (-march=native), stores
    // two adjacent words written together as one 16-byte vector built from the two registers, and a later load
    // of one word cannot be forwarded from it. When the pull parser wrote both after every reply, that halved
    // pull mode on short replies with -march=native. Its quick path now writes only the mask, but parse_lines
    // still writes both; taking the gap out measured 0-5% slower on short replies (GCC 12, Zen 5).
    std::uint64_t unused_gap = 0;
    std::size_t scanned = 0;

    // Starts over at position `from` (nothing before it will be asked for).
    constexpr void restart(std::size_t from) noexcept {
        mask = 0;
        scanned = from;
    }

    // The next '\n' at or after scanned-or-mask, looking no further than `stop` unless a block that started
    // before it runs on (so the answer may be >= stop: the caller treats that as "none before stop"); reads
    // nothing at or after `size` (stop <= size). not_found when there is none before `stop`.
    // PassLongLines: the blocks of a long line go by with memchr (long_lines_with_memchr says where). The pull
    // parser's line loops ask for it; push mode's text-line loop asks for it with GCC
    // (reply_push_parser::text_lines_pass_long_lines says why not with Clang), its other loops do not (a long line
    // a chunk cut is passed with line_feed_free_blocks when feed() takes the next chunk).
    // Compare: the block compare, block_compare or, in a function with the AVX2 target, block_compare_avx2.
    template <bool PassLongLines = false, typename Compare = block_compare>
#if defined(__clang__)
    [[gnu::always_inline]]
#endif
    [[nodiscard]] constexpr std::size_t next(const char* data, std::size_t stop, std::size_t size) noexcept {
        const std::size_t lf = find<PassLongLines, Compare>(data, stop, size);
        if (lf != not_found) pop();
        return lf;
    }

    // Like next(), but the '\n' stays the next one (pop() hands it out).
    template <bool PassLongLines = false, typename Compare = block_compare>
#if defined(__clang__)
    [[gnu::always_inline]]
#endif
    [[nodiscard]] constexpr std::size_t find(const char* data, std::size_t stop, std::size_t size) noexcept {
#if defined(__clang__)
        // Clang 14 makes the select below a conditional move, which makes every line wait for the block compare
        // (push mode 30-50 % slower on long replies); written as a branch, it stays one.
        if (!in_constant_evaluation() && mask == 0 && size - scanned >= 64) {
            mask = Compare::mask(data + scanned);
            scanned += 64;
        }
#else
        if (!in_constant_evaluation() && size - scanned >= 64) {
            // Whether the word is used up is hard to predict (it depends on the lengths of the last few lines),
            // so while a whole block is left the next one is compared every time and taken when the word is
            // empty. (GCC 12 compiles this to a branch around the compare, laid out so that the usual case takes
            // none; written as the branch, as for Clang, push mode on short replies is 5-10 % slower with GCC.)
            const bool empty = mask == 0;
            const std::uint64_t fresh = Compare::mask(data + scanned);
            mask = empty ? fresh : mask;
            scanned += empty ? 64 : 0;
        }
#endif
        if (mask == 0) {
            do {
                if (scanned >= stop) break;
                fill<PassLongLines, Compare>(data, stop, size);
            } while (mask == 0);
            if (mask == 0) return not_found;
        }
        return first();
    }

    // find() for a caller that takes many short lines in a row (the quick loops): the word is tested first, so
    // a line whose '\n' is already in it costs no block bookkeeping.
    template <bool PassLongLines = false, typename Compare = block_compare>
#if defined(__clang__)
    [[gnu::always_inline]]
#endif
    [[nodiscard]] constexpr std::size_t find_short(const char* data, std::size_t stop, std::size_t size) noexcept {
        return mask != 0 ? first() : find<PassLongLines, Compare>(data, stop, size);
    }

    // Hands out the '\n' find() returned.
#if defined(__clang__)
    [[gnu::always_inline]]
#endif
    constexpr void pop() noexcept { mask &= mask - 1; }

    // The '\n's of the last bytes of a buffer, data[from, size) with from < size <= from + 64, as a word anchored
    // at size (bit p + 64 - size for position p): the buffer's last 64-byte block where it has one, else 16-byte
    // blocks and the last bytes one by one. Out of line: it is the end of a read, not the middle of one.
#if defined(__GNUC__)
    [[gnu::noinline]]
#endif
    [[nodiscard]] static std::uint64_t tail_bits(const char* data, std::size_t from, std::size_t size) noexcept {
        if (size >= 64) return line_feed_mask64(data + size - 64) & (~std::uint64_t{0} << (from + 64 - size));
        std::uint64_t bits = 0;
        std::size_t k = from;
#if defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)
        for (; k + 16 <= size; k += 16) bits |= std::uint64_t{line_feed_mask(data + k)} << (k + 64 - size);
        if (k < size && size >= 16) {
            // The buffer's last 16 bytes, less the k + 16 - size of them before k.
            const std::uint64_t last = line_feed_mask(data + size - 16);
            return bits | (last >> (k + 16 - size)) << (k + 64 - size);
        }
#endif
        return bits | bits_one_by_one(data, k, size);
    }

    // The first '\n' in mask (mask != 0).
#if defined(__clang__)
    [[gnu::always_inline]]
#endif
    [[nodiscard]] constexpr std::size_t first() const noexcept { return scanned + lowest_set_bit64(mask) - 64; }

    // The caller dropped the first `count` bytes of its buffer (through a '\n' already handed out, so no bit
    // stands for a dropped byte): positions now count from the first byte left.
    constexpr void drop_front(std::size_t count) noexcept { scanned -= count; }

    // Positions before `pos` will not be asked for (bytes skipped by other means, e.g. Telnet commands).
    constexpr void skip_to(std::size_t pos) noexcept {
        if (pos >= scanned) {
            restart(pos);
            return;
        }
        // Bits for positions below pos: k < pos - (scanned - 64), which is below 64 since pos < scanned.
        if (pos + 64 > scanned) mask &= ~std::uint64_t{0} << (pos + 64 - scanned);
    }

private:
    // The '\n's of data[from, size) looked at one byte at a time, as a word anchored at size (size <= from + 64).
    [[nodiscard]] static constexpr std::uint64_t bits_one_by_one(const char* data, std::size_t from,
                                                                 std::size_t size) noexcept {
        std::uint64_t bits = 0;
        for (std::size_t k = from; k < size; ++k)
            if (data[k] == '\n') bits |= std::uint64_t{1} << (k + 64 - size);
        return bits;
    }

    // Looks at the next bytes after `scanned` (mask is empty): in a buffer under 64 bytes, all of them byte by
    // byte; else a 64-byte block where there is room (and, when that has no '\n' either, the whole blocks of a
    // long line before stop with memchr), else the last 64 bytes of the buffer (the bits of bytes already seen
    // cleared).
    template <bool PassLongLines, typename Compare>
#if defined(__clang__)
    [[gnu::always_inline]]
#endif
    constexpr void fill(const char* data, std::size_t stop, std::size_t size) noexcept {
        if (in_constant_evaluation()) {
            const std::size_t lf = find_line_feed_scalar(data, scanned, size);
            if (lf == not_found) {
                scanned = size;
            } else {
                mask = std::uint64_t{1} << 63;
                scanned = lf + 1;
            }
            return;
        }
        if (size < 64) {  // first, so that a compiler that knows a short buffer's size sees no 64-byte read
            mask = bits_one_by_one(data, scanned, size);
            scanned = size;
        } else if (size - scanned >= 64) {
            mask = Compare::mask(data + scanned);
            scanned += 64;
            // find() comes here when the block it took had no '\n' either: a long line. Only blocks that start
            // before stop are passed, as find() would have passed them one by one.
            if (PassLongLines && long_lines_with_memchr && unlikely(mask == 0) && stop > scanned &&
                stop - scanned >= 128)
                scanned += line_feed_free_blocks(data + scanned, data + stop);
        } else {
            const std::size_t seen = scanned - (size - 64);  // bytes of the last block already looked at
            mask = Compare::mask(data + size - 64) & (~std::uint64_t{0} << seen);
            scanned = size;
        }
    }
};

}  // namespace ftpwire::detail

#endif  // FTPWIRE_DETAIL_SIMD_LINE_SCAN_HPP
