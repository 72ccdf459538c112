// ftpwire benchmarks: reply-code table lookups (ns per call).
// SPDX-License-Identifier: MIT
//
// Each iteration looks up a fixed array of codes in the proportions of the `session` corpus (plus a few
// unknown and invalid numbers), so the branch predictor sees a realistic mix rather than one code.
#include "common.hpp"

#include <ftpwire/reply_code.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>

namespace ftpwire_bench {
namespace {

std::array<int, 1024> code_mix() {
    static const int common[] = {220, 331, 230, 215, 211, 257, 200, 227, 229, 150, 226, 226, 150, 227,
                                 213, 213, 250, 250, 350, 214, 221, 200, 226, 150, 530, 550, 425, 500};
    static const int rare[] = {299, 999, 0, 632, 120, 110, 451, 552, 421, 234, 334, 599};
    rng r(0xc0de);
    std::array<int, 1024> codes{};
    for (int& c : codes) c = r.percent(90) ? r.pick(common) : r.pick(rare);
    return codes;
}

const std::array<int, 1024> codes = code_mix();

template <class F>
void run_codes(benchmark::State& state, F&& f) {
    for (auto _ : state) {
        for (int c : codes) {
            benchmark::DoNotOptimize(c);
            benchmark::DoNotOptimize(f(c));
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(codes.size()));
}

void bm_find_reply_code(benchmark::State& state) {
    run_codes(state, [](int c) { return ftpwire::find_reply_code(c); });
}
void bm_class_of(benchmark::State& state) {
    run_codes(state, [](int c) { return ftpwire::class_of(c); });
}
void bm_explain(benchmark::State& state) {
    run_codes(state, [](int c) { return ftpwire::explain(c).description.size(); });
}
void bm_compare(benchmark::State& state) {
    std::size_t i = 0;
    run_codes(state, [&i](int c) {
        int other = codes[(i++ * 7) & (codes.size() - 1)];
        return ftpwire::compare(c, other).difference_count;
    });
}

[[maybe_unused]] const bool registered = add_benchmarks([](const std::vector<corpus>&) {
    benchmark::RegisterBenchmark("reply_code/find_reply_code", bm_find_reply_code);
    benchmark::RegisterBenchmark("reply_code/class_of", bm_class_of);
    benchmark::RegisterBenchmark("reply_code/explain", bm_explain);
    benchmark::RegisterBenchmark("reply_code/compare", bm_compare);
});

}  // namespace
}  // namespace ftpwire_bench
