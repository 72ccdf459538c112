// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Regression tests for bugs the fuzz targets (fuzz/) found: one TEST_CASE per bug, named after what must hold,
// with the input that broke it and why.
#include "catch.hpp"

#include <ftpwire/payload.hpp>

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
