// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Shared by the fuzz targets: a check that stops the run with a message (libFuzzer then saves the input as a
// crash-* file), and small helpers to turn fuzz bytes into choices.
#ifndef FTPWIRE_FUZZ_COMMON_HPP
#define FTPWIRE_FUZZ_COMMON_HPP

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace fuzz {

[[noreturn]] inline void fail(const char* what, const char* file, int line) {
    std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", what, file, line);
    std::abort();
}

// A view is inside [base, base + size): the library hands out views into the caller's bytes only.
[[nodiscard]] inline bool inside(std::string_view v, const char* base, std::size_t size) {
    if (v.empty()) return true;
    const auto b = reinterpret_cast<std::uintptr_t>(base);
    const auto p = reinterpret_cast<std::uintptr_t>(v.data());
    return p >= b && p + v.size() <= b + size;
}

// Reads choices from the end of the input, leaving the front (the text) to the target. Short inputs give 0.
class choices {
public:
    choices(const std::uint8_t* data, std::size_t& size) : data_(data), size_(size) {}
    std::uint8_t byte() {
        if (size_ == 0) return 0;
        return data_[--size_];
    }
    std::uint32_t u32() {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v = (v << 8) | byte();
        return v;
    }

private:
    const std::uint8_t* data_;
    std::size_t& size_;
};

}  // namespace fuzz

#define FUZZ_CHECK(cond) ((cond) ? static_cast<void>(0) : ::fuzz::fail(#cond, __FILE__, __LINE__))

#endif  // FTPWIRE_FUZZ_COMMON_HPP
