// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Fuzz target 2: the push parser (reply_push_parser) against the pull parser. The stream goes into the push
// parser in chunks cut at fuzzer-chosen points; the replies it reports through the handler (begin, every line,
// end) must be the ones the pull parser returns for the whole stream, and both must end with the same error at
// the same stream offset. Two line capacities: a small one (lines held across chunks, the capacity capping
// max_line_length) and the default. A fuzzer-chosen bit makes the handler pause after every reply
// (push_action::pause), the rest of the chunk being fed again: the replies must be the same.
#include "parser_common.hpp"

using namespace ftpwire;

namespace {

struct recorder {
    fuzz::stream_record out;
    fuzz::reply_record current;
    bool in_reply = false;
    bool pause_after_each_reply = false;

    void on_reply_begin(const reply_head& h) {
        FUZZ_CHECK(!in_reply);
        in_reply = true;
        current = fuzz::reply_record{};
        current.opening_code = h.code;
        current.multiline = h.multiline;
        current.offset = h.offset;
    }
    void on_line(const line_view& l) {
        FUZZ_CHECK(in_reply);
        FUZZ_CHECK(fuzz::inside(l.text, l.raw.data(), l.raw.size()));
        FUZZ_CHECK(l.index == current.lines.size());
        current.lines.push_back(fuzz::record(l, 0));
    }
    push_action on_reply_end(const reply_summary& s) {
        FUZZ_CHECK(in_reply);
        FUZZ_CHECK(s.opening_code == current.opening_code && s.offset == current.offset);
        FUZZ_CHECK(s.line_count == current.lines.size());
        current.code = s.code;
        current.multiline = s.multiline;
        current.line_count = s.line_count;
        current.size = s.size;
        out.replies.push_back(current);
        in_reply = false;
        return pause_after_each_reply ? push_action::pause : push_action::proceed;
    }
};

template <std::size_t Capacity>
void compare(std::string_view stream, parse_options o, const std::vector<std::size_t>& cuts, bool pause) {
    reply_push_parser<Capacity> push(o);
    FUZZ_CHECK(push.options().max_line_length <= Capacity);
    o.max_line_length = push.options().max_line_length;
    const fuzz::stream_record expected = fuzz::parse_in_one_piece(stream, o);

    recorder rec;
    rec.pause_after_each_reply = pause;
    std::size_t from = 0;
    push_result result;
    for (std::size_t i = 0; i <= cuts.size() && result.ok(); ++i) {
        const std::size_t to = i < cuts.size() ? cuts[i] : stream.size();
        if (to < from) continue;
        // A chunk in its own allocation: a line that spans chunks must have been copied, not kept as a view.
        const std::vector<char> chunk(stream.begin() + static_cast<std::ptrdiff_t>(from),
                                      stream.begin() + static_cast<std::ptrdiff_t>(to));
        std::string_view rest(chunk.data(), chunk.size());
        for (;;) {
            const std::size_t replies = rec.out.replies.size();
            const std::size_t start = push.position();
            result = push.feed(rest, rec);
            if (!result.ok()) break;
            FUZZ_CHECK(push.position() == result.offset && result.offset - start <= rest.size());
            if (!result.paused) break;
            // Paused right after the reply the handler just ended.
            FUZZ_CHECK(pause && rec.out.replies.size() == replies + 1);
            FUZZ_CHECK(rec.out.replies.back().offset + rec.out.replies.back().size == result.offset);
            rest.remove_prefix(result.offset - start);
        }
        if (result.ok()) FUZZ_CHECK(push.position() == to);
        from = to;
    }
    if (result.ok()) {
        result = push.finish();
        if (result.ok()) FUZZ_CHECK(result.offset == stream.size());
    }
    if (!result.ok()) {
        rec.out.error = result.error;
        rec.out.error_offset = result.offset;
        // Sticky: the same error again.
        const push_result again = push.feed("220 x\r\n", rec);
        FUZZ_CHECK(again.error == result.error && again.offset == result.offset);
    } else {
        FUZZ_CHECK(!rec.in_reply);
    }
    fuzz::check_same(expected, rec.out, "push parser");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::choices choose(data, size);
    const parse_options o = fuzz::options_from(choose.u32());
    const bool pause = (choose.u32() & 1) != 0;
    const std::vector<std::size_t> cuts = fuzz::cut_points(choose, size);
    const std::string_view stream(reinterpret_cast<const char*>(data), size);
    compare<16>(stream, o, cuts, pause);
    compare<8192>(stream, o, cuts, pause);
    return 0;
}
