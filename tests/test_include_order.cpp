// Every public header stands alone and in any order: here in the reverse of the umbrella's order, so a name one
// header declares cannot hide a name another declares (sequence_rules.hpp once hid ftpwire::reply_class from
// reply_code.hpp when included first). Each header alone is compiled by the clang-tidy step of tools/run-tests.sh.
#include <ftpwire/reply_format.hpp>
#include <ftpwire/payload.hpp>
#include <ftpwire/session.hpp>
#include <ftpwire/sequencer.hpp>
#include <ftpwire/sequence_rules.hpp>
#include <ftpwire/command.hpp>
#include <ftpwire/reply_parser.hpp>
#include <ftpwire/reply_code.hpp>
#include <ftpwire/version.hpp>

#include "catch.hpp"

TEST_CASE("the public headers compile in reverse order and agree on reply classes") {
    STATIC_REQUIRE(ftpwire::class_of(503) == ftpwire::reply_class::permanent_negative);
    STATIC_REQUIRE(ftpwire::parse_reply("503 Bad sequence of commands.\r\n").reply.code() == 503);
    STATIC_REQUIRE(!ftpwire::check_sequence({ftpwire::verb::pass}).ok);
}
