// ftpwire benchmarks: the reply parser, pull and push mode, on every corpus and chunking.
// SPDX-License-Identifier: MIT
#include "common.hpp"
#include "parse_drivers.hpp"

#include <ftpwire/reply_parser.hpp>

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace ftpwire_bench {
namespace {

template <parse_outcome (*Parse)(std::string_view, std::size_t, const ftpwire::parse_options&) noexcept>
void bm_parse(benchmark::State& state, const corpus& c, chunking ch, ftpwire::parse_options options) {
    const std::size_t chunk = chunk_size_of(ch, c.bytes.size());
    parse_outcome out;
    for (auto _ : state) {
        out = Parse(c.bytes, chunk, options);
        benchmark::DoNotOptimize(out.checksum);
    }
    if (!out.ok) {
        state.SkipWithError("ftpwire rejected the corpus");
        return;
    }
    if (!check_replies(state, c, out.replies)) return;
    set_throughput(state, c);
}

[[maybe_unused]] const bool registered = add_benchmarks([](const std::vector<corpus>& corpora) {
    for (const corpus& c : corpora) {
        for (const chunking& ch : chunkings) {
            const std::string suffix = c.name + "/" + ch.name;
            benchmark::RegisterBenchmark(("pull/" + suffix).c_str(), bm_parse<parse_pull>, std::cref(c), ch,
                                         ftpwire::parse_options{});
            benchmark::RegisterBenchmark(("push/" + suffix).c_str(), bm_parse<parse_push>, std::cref(c), ch,
                                         ftpwire::parse_options{});
        }
    }
    // What RFC 959 to the letter costs (UTF-8 validation and byte checks on every line), on the corpus without
    // bare LF.
    for (const corpus& c : corpora) {
        if (c.name != "session") continue;
        benchmark::RegisterBenchmark("options/pull-strict/session", bm_parse<parse_pull>, std::cref(c), chunkings[0],
                                     ftpwire::parse_options::strict());
    }
});

}  // namespace
}  // namespace ftpwire_bench
