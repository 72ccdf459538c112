// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Regression tests for bugs the fuzz targets (fuzz/) found: one TEST_CASE per bug, named after what must hold,
// with the input that broke it and why.
#include "catch.hpp"

#include <ftpwire/payload.hpp>
#include <ftpwire/sequencer.hpp>

#include <string_view>

using namespace ftpwire;

TEST_CASE("decode_mlst_line reports error offsets inside the line when it has no leading space") {
    // fuzz_payload, empty input: decode_mlst_line added one to every error offset for the leading SP it strips,
    // also when there was none, so "" gave missing_pathname at offset 1, past the end of the text.
    const decoded<mlsx_entry> empty = decode_mlst_line("");
    CHECK(empty.error == payload_error::missing_pathname);
    CHECK(empty.offset == 0);
    const decoded<mlsx_entry> no_name = decode_mlst_line("type=file;");
    CHECK(no_name.error == payload_error::missing_pathname);
    CHECK(no_name.offset == 10);
    const decoded<mlsx_entry> bad_fact = decode_mlst_line("type;x=1; name");
    CHECK(bad_fact.error == payload_error::bad_fact);
    CHECK(bad_fact.offset == 0);
    // With the leading SP of an MLST line the offsets still count it.
    const decoded<mlsx_entry> padded = decode_mlst_line(" type;x=1; name");
    CHECK(padded.error == payload_error::bad_fact);
    CHECK(padded.offset == 1);
}

TEST_CASE("a closed session stays closed whatever commands and replies are fed after it") {
    // fuzz_sequencer, a transcript going on after "QUIT" / "221": a USER fed after the close and answered 530
    // moved the login back to need_user (a failed login step returns to USER), and REIN answered 220 did the
    // same, although 221 and 421 close the control connection for good.
    for (int closing : {221, 421}) {
        sequencer s = sequencer::after_greeting();
        if (closing == 221) s.on_command(verb::quit);
        s.on_reply(closing);
        REQUIRE(s.closed());
        s.on_command(verb::user, "anonymous");
        s.on_reply(530);
        CHECK(s.closed());
        s.on_command(verb::rein);
        s.on_reply(220);
        CHECK(s.closed());
        CHECK(s.check(verb::user, "anonymous").broken == rule::session_closed);
    }
}
