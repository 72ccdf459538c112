// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Fuzz target 1: the pull parser (reply_parser), differential. The stream is parsed once with all bytes
// available, and again as a socket would deliver it: in pieces cut at fuzzer-chosen points, each parse() seeing
// the bytes so far (the picohttpparser contract: same bytes plus more). Both must give the same replies, lines
// and offsets and end the same way; every reply view must stay inside the buffer; the search for line ends must
// stay linear (bytes_examined).
#include "parser_common.hpp"

#include <algorithm>

using namespace ftpwire;

namespace {

fuzz::stream_record parse_in_pieces(std::string_view stream, const parse_options& o, std::vector<std::size_t> cuts) {
    fuzz::stream_record out;
    reply_parser parser(o);
    cuts.push_back(stream.size());
    std::sort(cuts.begin(), cuts.end());
    std::size_t base = 0;      // stream offset of the next reply
    std::size_t next_cut = 0;  // index into cuts
    std::size_t available = cuts[0];
    for (;;) {
        // Each call gets a fresh copy of the bytes so far, so a view that outlives its call or a read past the
        // end is caught by ASan (the "buffer may move" part of the contract).
        const std::vector<char> bytes(stream.begin() + static_cast<std::ptrdiff_t>(base),
                                      stream.begin() + static_cast<std::ptrdiff_t>(available));
        const std::string_view buffer(bytes.data(), bytes.size());
        const bool at_end = available == stream.size();
        const parse_result r = at_end ? parser.finish(buffer) : parser.parse(buffer);
        if (r.status == parse_status::done) {
            FUZZ_CHECK(r.consumed == buffer.size());
            break;
        }
        if (r.failed()) {
            FUZZ_CHECK(r.offset <= buffer.size());
            out.error = r.error;
            out.error_offset = base + r.offset;
            break;
        }
        if (r.need_more()) {
            FUZZ_CHECK(!at_end);
            while (cuts[next_cut] <= available) ++next_cut;
            available = cuts[next_cut];
            continue;
        }
        FUZZ_CHECK(r.complete() && r.consumed > 0 && r.consumed <= buffer.size());
        out.replies.push_back(fuzz::record(r.reply, buffer, base, o));
        base += r.consumed;
    }
    FUZZ_CHECK(parser.bytes_examined() <= stream.size());
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::choices choose(data, size);
    const parse_options o = fuzz::options_from(choose.u32());
    const std::vector<std::size_t> cuts = fuzz::cut_points(choose, size);
    const std::string_view stream(reinterpret_cast<const char*>(data), size);

    const fuzz::stream_record whole = fuzz::parse_in_one_piece(stream, o);
    fuzz::check_same(whole, parse_in_pieces(stream, o, cuts), "in pieces");
    // One byte at a time, the hardest way to deliver short streams.
    if (size <= 256) {
        std::vector<std::size_t> every_byte;
        for (std::size_t i = 1; i < size; ++i) every_byte.push_back(i);
        fuzz::check_same(whole, parse_in_pieces(stream, o, every_byte), "byte by byte");
    }
    // The convenience call agrees with the first reply.
    const parse_result first = parse_reply(stream, o);
    if (!whole.replies.empty()) {
        FUZZ_CHECK(first.complete() && first.reply.code() == whole.replies[0].code);
    } else {
        FUZZ_CHECK(first.failed() == (whole.error != parse_error::none));
    }
    return 0;
}
