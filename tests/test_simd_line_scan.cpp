// Tests for include/ftpwire/detail/simd_line_scan.hpp: the vectorised '\n' search gives the scalar
// reference's answer, byte for byte, for every range of every buffer tried, and never reads data[to].
#include "catch.hpp"

#include <ftpwire/detail/simd_line_scan.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using ftpwire::detail::find_line_feed;
using ftpwire::detail::find_line_feed_fast;
using ftpwire::detail::find_line_feed_scalar;
using ftpwire::detail::find_line_feed_sse2;
using ftpwire::detail::not_found;

std::uint64_t next(std::uint64_t& s) {  // splitmix64
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// A buffer of `size` bytes where about one byte in `density` is '\n' (0: none), the rest arbitrary bytes
// (0xFF and '\r' included, so byte values near '\n' and sign-extended ones are covered).
std::string random_buffer(std::uint64_t& seed, std::size_t size, std::size_t density) {
    std::string b(size, '\0');
    for (char& c : b) {
        c = static_cast<char>(next(seed) & 0xFF);
        if (c == '\n') c = 'x';
        if (density != 0 && next(seed) % density == 0) c = '\n';
    }
    return b;
}

// Compares every path with the scalar reference on every [from, to) of `b` (to limited to 160 bytes after
// from for long buffers, which still crosses every 16-byte step and the inline/memchr hand-over).
std::size_t check_all_ranges(const std::string& b) {
    std::size_t checked = 0;
    const char* d = b.data();
    for (std::size_t from = 0; from <= b.size(); ++from) {
        const std::size_t last = b.size() - from > 160 ? from + 160 : b.size();
        for (std::size_t to = from; to <= last; ++to) {
            const std::size_t want = find_line_feed_scalar(d, from, to);
            const std::size_t got_sse2 = find_line_feed_sse2(d, from, to);
            const std::size_t got_fast = find_line_feed_fast(d, from, to);
            const std::size_t got_memchr = find_line_feed(d, from, to);
            if (got_sse2 != want || got_fast != want || got_memchr != want) {
                INFO("size " << b.size() << " from " << from << " to " << to << ": scalar " << want << ", sse2 "
                             << got_sse2 << ", fast " << got_fast << ", memchr " << got_memchr);
                CHECK(got_sse2 == want);
                CHECK(got_fast == want);
                CHECK(got_memchr == want);
                return checked;
            }
            ++checked;
        }
    }
    return checked;
}

}  // namespace

TEST_CASE("the vectorised scan finds the same line feed as the scalar loop on every range of random buffers") {
    std::uint64_t seed = 0x11e5ca4;
    std::size_t checked = 0;
    for (std::size_t density : {0, 1, 2, 7, 16, 40, 200}) {
        for (std::size_t size : {0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 143, 144, 145, 300, 700}) {
            checked += check_all_ranges(random_buffer(seed, size, density));
        }
    }
    CHECK(checked > 1000000);
}

TEST_CASE("the vectorised scan finds a line feed at each position of a block, whatever the alignment") {
    // One '\n' at every position p of a 200-byte buffer, scanned from every offset before it: covers the
    // first block, the overlapping last block and the memchr hand-over at every alignment.
    for (std::size_t p = 0; p < 200; ++p) {
        std::string b(200, 'a');
        b[p] = '\n';
        for (std::size_t from = 0; from <= p; ++from) {
            REQUIRE(find_line_feed_fast(b.data(), from, b.size()) == p);
            REQUIRE(find_line_feed_fast(b.data(), from, p) == not_found);
            REQUIRE(find_line_feed_fast(b.data(), from, p + 1) == p);
        }
        REQUIRE(find_line_feed_fast(b.data(), p + 1, b.size()) == not_found);
    }
}

TEST_CASE("the vectorised scan never reports the byte at the end of the range or beyond") {
    // The byte at `to` is '\n' in every case; a scan that read past the end would report it.
    std::string b(256, 'x');
    for (std::size_t to = 0; to < b.size(); ++to) {
        std::string c = b;
        c[to] = '\n';
        for (std::size_t from = 0; from <= to; ++from) REQUIRE(find_line_feed_fast(c.data(), from, to) == not_found);
    }
}

TEST_CASE("the vectorised scan agrees with the scalar loop on real reply traffic, line by line") {
    const std::string traffic =
        "220-Welcome to the ACME Corporation file server.\r\n220-\r\n220 FTP server ready.\r\n331 Please specify "
        "the password.\r\n230 Login successful.\r\n211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST "
        "STREAM\r\n SIZE\r\n TVFS\r\n211 End\r\n227 Entering Passive Mode (192,168,1,10,195,80).\r\n150 Here "
        "comes the directory listing.\r\n226 Directory send OK.\r\n221 Goodbye.\r\n";
    std::vector<std::size_t> scalar, fast;
    for (std::size_t at = 0;;) {
        const std::size_t a = find_line_feed_scalar(traffic.data(), at, traffic.size());
        const std::size_t b = find_line_feed_fast(traffic.data(), at, traffic.size());
        scalar.push_back(a);
        fast.push_back(b);
        if (a == not_found || b == not_found) break;
        at = a + 1;
    }
    CHECK(fast == scalar);
    CHECK(scalar.size() == 19);  // 18 lines, then not_found
}

TEST_CASE("the vectorised scan is usable in constant expressions") {
    static_assert(find_line_feed_fast("220 ok\r\n", 0, 8) == 7);
    static_assert(find_line_feed_fast("220 ok\r\n", 0, 7) == not_found);
    static_assert(find_line_feed_fast("a\nb\n", 2, 4) == 3);
    static_assert(find_line_feed_scalar("", 0, 0) == not_found);
}

#if defined(__x86_64__) || defined(_M_X64)
TEST_CASE("the vectorised scan is compiled in on x86-64, where SSE2 is always there") {
    CHECK(ftpwire::detail::simd_line_scan_available);
#if defined(__AVX512BW__)
    CHECK(ftpwire::detail::line_feed_mask64_kind == "avx512bw");  // the -mavx512bw build (tests/simd_variants.cmake)
#elif defined(__AVX2__)
    CHECK(ftpwire::detail::line_feed_mask64_kind == "avx2");  // the -mavx2 build (tests/simd_variants.cmake)
#else
    CHECK(ftpwire::detail::line_feed_mask64_kind == "sse2");
#endif
}
#endif

TEST_CASE("the 64-byte line feed mask matches the portable loop on every block tried") {
    using ftpwire::detail::line_feed_mask64;
    using ftpwire::detail::line_feed_mask64_scalar;
    INFO("vector path: " << ftpwire::detail::line_feed_mask64_kind);
    // One '\n' at each position, all of them, none, and random blocks of every density.
    for (std::size_t p = 0; p < 64; ++p) {
        std::string b(64, 'a');
        b[p] = '\n';
        REQUIRE(line_feed_mask64(b.data()) == std::uint64_t{1} << p);
        REQUIRE(line_feed_mask64_scalar(b.data()) == std::uint64_t{1} << p);
    }
    CHECK(line_feed_mask64(std::string(64, '\n').data()) == ~std::uint64_t{0});
    CHECK(line_feed_mask64(std::string(64, '\x8a').data()) == 0);  // '\n' | 0x80: sign bits do not match
    std::uint64_t seed = 0x64;
    for (std::size_t density : {1, 2, 3, 8, 30, 64}) {
        for (int round = 0; round < 2000; ++round) {
            const std::string b = random_buffer(seed, 64 + 7, density);
            for (std::size_t shift = 0; shift < 8; ++shift)  // every alignment of the loads
                REQUIRE(line_feed_mask64(b.data() + shift) == line_feed_mask64_scalar(b.data() + shift));
        }
    }
    constexpr auto first_and_65th = [] {
        char b[65] = {};
        for (char& c : b) c = 'x';
        b[0] = '\n';
        b[64] = '\n';
        return line_feed_mask64_scalar(b);
    };
    static_assert(first_and_65th() == 1, "only bits 0-63: the 65th byte is not read");
}

// The AVX2 compare the pull parser's slow path takes at run time in builds that do not target AVX2 (x86-64, GCC or
// Clang): chosen on a CPU with AVX2 unless FTPWIRE_LINE_SCAN=sse2 (tests/simd_variants.cmake runs the parser tests
// both ways), and byte for byte the portable loop's answer.
TEST_CASE("the block compare chosen at run time matches the portable loop, and the environment can refuse it") {
    using ftpwire::detail::avx2_chosen_at_run_time;
    using ftpwire::detail::byte_mask64_scalar;
    const char* forced = std::getenv("FTPWIRE_LINE_SCAN");
    const bool refused = forced != nullptr && std::string(forced) == "sse2";
    if (!ftpwire::detail::run_time_avx2_possible || refused) CHECK_FALSE(avx2_chosen_at_run_time());
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__AVX2__)
    if (!refused) CHECK(avx2_chosen_at_run_time() == (__builtin_cpu_supports("avx2") != 0));
#endif
    INFO("AVX2 chosen at run time: " << avx2_chosen_at_run_time());
    std::uint64_t seed = 0xa2;
    for (std::size_t density : {1, 2, 3, 8, 30, 64, 0}) {
        for (int round = 0; round < 500; ++round) {
            const std::string b = random_buffer(seed, 64 + 31, density);
            for (std::size_t shift = 0; shift < 32; ++shift) {  // every alignment of a 32-byte load
                const char* p = b.data() + shift;
                REQUIRE(ftpwire::detail::block_compare::mask(p) == byte_mask64_scalar(p, '\n'));
                REQUIRE(ftpwire::detail::block_compare::bytes(p, ' ') == byte_mask64_scalar(p, ' '));
                if (avx2_chosen_at_run_time()) {  // its instructions only run where the CPU has them
                    REQUIRE(ftpwire::detail::block_compare_avx2::mask(p) == byte_mask64_scalar(p, '\n'));
                    REQUIRE(ftpwire::detail::block_compare_avx2::bytes(p, ' ') == byte_mask64_scalar(p, ' '));
                    REQUIRE(ftpwire::detail::block_compare_avx2::bytes(p, '\xff') == byte_mask64_scalar(p, '\xff'));
                }
            }
        }
    }
}

TEST_CASE("the 64-byte mask of any byte matches the portable loop, and so do the bit counts") {
    using ftpwire::detail::byte_mask64;
    using ftpwire::detail::byte_mask64_scalar;
    INFO("vector path: " << ftpwire::detail::line_feed_mask64_kind);
    std::uint64_t seed = 0x20;
    for (const char c : {' ', '\n', '\0', '\xff', 'a'}) {
        for (std::size_t p = 0; p < 64; ++p) {
            std::string b(64, c == 'a' ? 'b' : 'a');
            b[p] = c;
            REQUIRE(byte_mask64(b.data(), c) == std::uint64_t{1} << p);
        }
        for (int round = 0; round < 500; ++round) {
            std::string b = random_buffer(seed, 64 + 7, 3);
            for (std::size_t k = 0; k < b.size(); k += 5) b[k] = c;
            for (std::size_t shift = 0; shift < 8; ++shift)
                REQUIRE(byte_mask64(b.data() + shift, c) == byte_mask64_scalar(b.data() + shift, c));
        }
    }
    // set_bits64 and highest_set_bit64 (the SWAR sum where the target has no POPCNT) against a loop.
    for (int round = 0; round < 20000; ++round) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        const std::uint64_t bits = seed >> (round % 64);
        std::size_t count = 0;
        std::size_t highest = 0;
        for (std::size_t k = 0; k < 64; ++k)
            if ((bits >> k) & 1) {
                ++count;
                highest = k;
            }
        REQUIRE(ftpwire::detail::set_bits64(bits) == count);
        if (bits != 0) REQUIRE(ftpwire::detail::highest_set_bit64(bits) == highest);
    }
    static_assert(ftpwire::detail::set_bits64(~std::uint64_t{0}) == 64, "");
    static_assert(ftpwire::detail::highest_set_bit64(1) == 0 && ftpwire::detail::highest_set_bit64(~0ULL) == 63, "");
}

// ---------------------------------------------------------------------------------------------------------------
// line_feed_bits: the parser's line finder, 64 bytes at a time
// ---------------------------------------------------------------------------------------------------------------

namespace {

using ftpwire::detail::line_feed_bits;
using ftpwire::detail::line_feed_free_blocks;

std::size_t pick(std::uint64_t& seed, std::size_t lo, std::size_t hi) {  // in [lo, hi]
    return lo + static_cast<std::size_t>(next(seed) % (hi - lo + 1));
}

// Drives line_feed_bits the way the pull parser does, over `b` arriving in growing pieces: each call sees a
// longer buffer (need_more), asks for line feeds up to a random stop, and now and then drops the bytes
// through the last line feed it got (a finished reply) or skips some bytes (Telnet commands). Every answer is
// compared with the scalar search from where the caller is.
void check_against_scalar(const std::string& b, std::uint64_t& seed) {
    const char* origin = b.data();  // where the caller's buffer starts now
    std::size_t available = 0;      // bytes of it the caller has
    std::size_t from = 0;           // the next position the caller may get a line feed for
    std::size_t last_lf = not_found;
    line_feed_bits bits{};
    const std::size_t total = b.size();
    std::size_t dropped = 0;  // bytes of b before origin
    while (dropped + available < total || from < available) {
        if (dropped + available < total && (from >= available || next(seed) % 3 == 0))
            available = pick(seed, available + 1, total - dropped);
        const std::size_t stop = pick(seed, from < available ? from : available, available);
        const std::size_t want = find_line_feed_scalar(origin, from, stop);
        const std::size_t got = bits.next(origin, stop, available);
        INFO("size " << total << " dropped " << dropped << " available " << available << " from " << from << " stop "
                     << stop);
        if (want != not_found) {
            REQUIRE(got == want);
        } else {
            // None before stop: either none at all, or one past stop that a block ran into.
            REQUIRE((got == not_found || (got >= stop && got == find_line_feed_scalar(origin, from, available))));
            if (got == not_found) {
                REQUIRE(bits.scanned >= stop);
                if (stop == available && dropped + available == total) break;  // all of b seen
                continue;
            }
        }
        from = got + 1;
        last_lf = got;
        REQUIRE(bits.scanned <= available);
        switch (next(seed) % 4) {
            case 0:  // a finished reply: the caller drops everything through it
                bits.drop_front(last_lf + 1);
                origin += last_lf + 1;
                dropped += last_lf + 1;
                available -= last_lf + 1;
                from = 0;
                break;
            case 1: {  // bytes skipped by other means
                const std::size_t to = pick(seed, from, available);
                bits.skip_to(to);
                from = to;
                break;
            }
            default: break;
        }
    }
}

}  // namespace

TEST_CASE("line_feed_bits hands out the same line feeds as the scalar loop, however the buffer grows and moves") {
    std::uint64_t seed = 0xb175;
    for (std::size_t density : {0, 1, 2, 5, 20, 40, 70, 200}) {
        for (std::size_t size : {0, 1, 3, 15, 63, 64, 65, 100, 127, 128, 129, 200, 500, 2000}) {
            for (int round = 0; round < 20; ++round) check_against_scalar(random_buffer(seed, size, density), seed);
        }
    }
}

TEST_CASE("line_feed_bits finds a line feed at every position of a block and never one at or past the end") {
    for (std::size_t size = 1; size <= 200; ++size) {
        for (std::size_t p = 0; p < size; ++p) {
            std::string b(size + 1, 'a');
            b[p] = '\n';
            b[size] = '\n';  // past the end: a scan that read it would report it
            line_feed_bits bits{};
            REQUIRE(bits.next(b.data(), size, size) == p);
            REQUIRE(bits.next(b.data(), size, size) == not_found);
            REQUIRE(bits.scanned == size);
        }
    }
}

TEST_CASE(
    "line_feed_bits: a long line's end is found in the block that holds it, never more than a block past "
    "the stop") {
    // A line that runs through many blocks: in a build without AVX2 its whole blocks are passed with memchr
    // (line_feed_free_blocks, long_lines_with_memchr), which must leave the search where a block at a time does:
    // the word ends in the block of the line feed, or at most one block past the stop.
    const std::size_t size = 700;
    for (std::size_t p = 0; p < size; ++p) {
        for (std::size_t stop : {p, p + 1, p + 63, p + 64, p + 200, size}) {
            if (stop > size) continue;
            std::string b(size + 1, 'a');
            b[p] = '\n';
            b[size] = '\n';  // past the end
            line_feed_bits bits{};
            const std::size_t got = bits.next(b.data(), stop, size);
            INFO("line feed at " << p << " stop " << stop);
            if (p < stop) {
                REQUIRE(got == p);
                REQUIRE(bits.scanned > p);        // the word that held it ends after it...
                REQUIRE(bits.scanned <= p + 64);  // ...within a block
            } else {
                REQUIRE((got == not_found || got == p));  // none before stop, or the one a block ran into
                REQUIRE(bits.scanned >= stop);
                REQUIRE(bits.scanned <= stop + 64);  // never further than one block that reached the stop
            }
            REQUIRE(bits.scanned <= size);
        }
    }
}

TEST_CASE("line_feed_free_blocks passes whole blocks before the first line feed and never reads past its end") {
    // The long-line pass on its own: a multiple of 64 that stops short of the first '\n' in [from, to), or of
    // to; a '\n' planted just past to must not count.
    const std::size_t size = 600;
    for (std::size_t p = 0; p <= size; ++p) {
        for (std::size_t to : {std::size_t{0}, std::size_t{1}, std::size_t{63}, std::size_t{64}, std::size_t{65},
                               std::size_t{129}, std::size_t{300}, size}) {
            std::string b(size + 1, 'a');
            if (p < size) b[p] = '\n';
            b[to] = '\n';  // just past the end of the search
            const std::size_t end = p < to ? p : to;
            INFO("line feed at " << p << ", searched to " << to);
            REQUIRE(line_feed_free_blocks(b.data(), b.data() + to) == (end & ~std::size_t{63}));
        }
    }
}

TEST_CASE("line_feed_bits: find keeps the line feed, pop hands it out") {
    const std::string b = "a\nbb\nccc\n" + std::string(100, 'x') + "\n";
    line_feed_bits bits{};
    CHECK(bits.find(b.data(), b.size(), b.size()) == 1);
    CHECK(bits.find(b.data(), b.size(), b.size()) == 1);
    bits.pop();
    CHECK(bits.find(b.data(), b.size(), b.size()) == 4);
    bits.pop();
    CHECK(bits.next(b.data(), b.size(), b.size()) == 8);
    CHECK(bits.next(b.data(), b.size(), b.size()) == 109);
    CHECK(bits.next(b.data(), b.size(), b.size()) == not_found);
}

TEST_CASE("line_feed_bits: find_short answers as find does and leaves the same state") {
    std::uint64_t seed = 0x5407;
    for (std::size_t density : {0, 2, 13, 40, 200}) {
        for (std::size_t size : {0, 5, 63, 64, 65, 130, 1000, 5000}) {
            const std::string b = random_buffer(seed, size, density);
            line_feed_bits plain{};
            line_feed_bits short_first{};
            for (;;) {
                const std::size_t stop = pick(seed, std::min(plain.scanned, size), size);
                const std::size_t want = plain.find(b.data(), stop, size);
                INFO("density " << density << " size " << size << " stop " << stop);
                REQUIRE(short_first.find_short(b.data(), stop, size) == want);
                REQUIRE(short_first.mask == plain.mask);
                REQUIRE(short_first.scanned == plain.scanned);
                if (want == not_found) {
                    if (stop == size) break;
                    continue;
                }
                plain.pop();
                short_first.pop();
            }
        }
    }
}

TEST_CASE("line_feed_bits::tail_bits marks the line feeds of a buffer's last bytes, and only those") {
    std::uint64_t seed = 0x7a11;
    for (std::size_t size = 1; size <= 130; ++size) {
        for (std::size_t density : {0, 1, 3, 16}) {
            // A line feed just before and just after the buffer: a read outside it would report them.
            std::string b = "\n" + random_buffer(seed, size, density) + "\n";
            const char* data = b.data() + 1;
            for (std::size_t from = size > 64 ? size - 64 : 0; from < size; ++from) {
                std::uint64_t want = 0;
                for (std::size_t p = from; p < size; ++p)
                    if (data[p] == '\n') want |= std::uint64_t{1} << (p + 64 - size);
                INFO("size " << size << " from " << from << " density " << density);
                REQUIRE(line_feed_bits::tail_bits(data, from, size) == want);
            }
        }
    }
}

TEST_CASE("line_feed_bits works in constant expressions") {
    constexpr auto second = [] {
        const char text[] = "220-a\r\n220 b\r\n";
        line_feed_bits bits{};
        (void)bits.next(text, 14, 14);
        bits.drop_front(7);
        return bits.next(text + 7, 7, 7);
    };
    static_assert(second() == 6);
}

// The pull parser writes mask and scanned together; kept in adjacent words, GCC 12 with SSE4.1 (-march=native)
// stored the pair as one vector, which once halved pull mode on short replies (see unused_gap).
static_assert(offsetof(line_feed_bits, scanned) - offsetof(line_feed_bits, mask) > sizeof(std::uint64_t),
              "mask and scanned must not be adjacent words");

TEST_CASE("lowest_set_bit64_now counts the trailing zeros of every word as the portable count does") {
    using ftpwire::detail::lowest_set_bit64;
    using ftpwire::detail::lowest_set_bit64_now;
    for (unsigned k = 0; k < 64; ++k) {
        const std::uint64_t bit = std::uint64_t{1} << k;
        CHECK(lowest_set_bit64_now(bit) == k);
        CHECK(lowest_set_bit64_now(~std::uint64_t{0} << k) == k);  // every bit above set too
    }
    std::uint64_t seed = 0x70e5e7b175;
    for (int n = 0; n < 10000; ++n) {
        const std::uint64_t word = next(seed) >> (next(seed) % 64);  // words of every length, most nonzero
        if (word == 0) continue;
        std::size_t expected = 0;
        while ((word >> expected & 1) == 0) ++expected;
        REQUIRE(lowest_set_bit64_now(word) == expected);
        REQUIRE(lowest_set_bit64(word) == expected);
    }
}
