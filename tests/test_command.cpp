#include "catch.hpp"

#include <ftpwire/ftpwire.hpp>

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

using namespace ftpwire;
using namespace std::string_view_literals;

// --- compile-time behaviour --------------------------------------------------------------------------------

static_assert(command_info_of(verb::retr).argument == argument_rule::required);
static_assert(command_info_of(verb::retr).transfer == data_transfer::to_client);
static_assert(command_info_of(verb::appe).transfer == data_transfer::to_server);
static_assert(command_info_of(verb::pasv).success.contains(227));
static_assert(is_legal_reply(verb::rnfr, 350));
static_assert(!is_legal_reply(verb::rnfr, 250));
static_assert(is_legal_reply(verb::quit, 421));    // RFC 959 §4.2: 421 may answer any command
static_assert(!is_listed_reply(verb::quit, 421));  // but §5.4 lists only 221 and 500 for QUIT
static_assert(parse_command("retr file name.txt\r\n").command.argument == "file name.txt");
static_assert(parse_command("FOO\r\n").error == command_error::unknown_verb);
static_assert(command_info_of(verb::user).name() == "USER");
static_assert(parse_command("RETR a\tb\r\nNOOP\r\n").consumed == 10);  // a bad byte: consumed skips the line
static_assert(parse_command("\xFF\xFA\x18\xFF\xFF\xF0NOOP\r\n\xFF\xF0QUIT\r\n").command.verb_text == "QUIT");
static_assert(is_legal_reply(verb::stor, 522));  // RFC 4217 §10.2
static_assert(is_legal_reply(verb::appe, 555));  // RFC 1123 §4.1.3.4
static_assert(is_legal_reply(verb::enc, 537));   // RFC 2228 §3
static_assert(is_legal_reply(verb::noop, 533));  // RFC 2228 §3: 533 to any command when all must be protected
static_assert(!is_listed_reply(verb::noop, 533));
static_assert(argument_fit_of(verb::rnto, "") == argument_fit::missing);
static_assert(argument_fit_of(verb::pasv, "x") == argument_fit::unexpected);
static_assert(argument_fit_of(verb::list, "") == argument_fit::fits);

// --- the table -----------------------------------------------------------------------------------------------

TEST_CASE("the command table has one row per verb in enum order with the verb's name") {
    for (std::size_t i = 0; i < verb_count; ++i) {
        const command_info& c = command_table()[i];
        CHECK(static_cast<std::size_t>(c.id) == i);
        CHECK(c.name() == to_string(static_cast<verb>(i)));
        CHECK(&command_info_of(c.id) == &c);
    }
}

TEST_CASE("every listed reply code sits in the class it is listed under") {
    for (std::size_t i = 0; i < verb_count; ++i) {
        const command_info& c = command_table()[i];
        INFO(c.name());
        CHECK_FALSE((c.success.empty() && c.intermediate.empty()));  // every command can go through
        for (std::uint16_t code : c.preliminary) CHECK(code / 100 == 1);
        for (std::uint16_t code : c.success) CHECK((code / 100 == 2 || code / 100 == 6));
        for (std::uint16_t code : c.intermediate) CHECK(code / 100 == 3);
        for (std::uint16_t code : c.error) CHECK((code / 100 == 4 || code / 100 == 5));
        CHECK(c.rfc != 0);
        CHECK_FALSE(c.feat_code.empty());
    }
}

TEST_CASE("the table follows RFC 959 section 5.4 for the base commands") {
    const command_info& user = command_info_of(verb::user);
    CHECK(user.success.contains(230));
    CHECK(user.intermediate.contains(331));
    CHECK(user.intermediate.contains(332));
    CHECK(user.error.contains(530));
    const command_info& stor = command_info_of(verb::stor);
    for (int code : {125, 150, 110, 226, 250, 425, 426, 451, 551, 552, 532, 450, 452, 553, 500, 501, 421, 530})
        CHECK(stor.preliminary.contains(code) + stor.success.contains(code) + stor.error.contains(code) == 1);
    CHECK(command_info_of(verb::rest).intermediate.contains(350));
    CHECK(command_info_of(verb::rnto).error.contains(503));
    CHECK(command_info_of(verb::rein).preliminary.contains(120));
    CHECK(command_info_of(verb::abor).success.contains(225));
    CHECK(command_info_of(verb::mkd).success.contains(257));
    CHECK(command_info_of(verb::syst).success.contains(215));
    CHECK_FALSE(command_info_of(verb::noop).error.contains(530));
}

TEST_CASE("the table carries the extension RFCs' codes and FEAT names") {
    CHECK(command_info_of(verb::auth).success.contains(234));
    CHECK(command_info_of(verb::auth).intermediate.contains(334));
    CHECK(command_info_of(verb::auth).feat_code == "secu");
    CHECK(command_info_of(verb::epsv).success.contains(229));
    CHECK(command_info_of(verb::eprt).error.contains(522));
    CHECK(command_info_of(verb::eprt).feat_code == "nat6");
    CHECK(command_info_of(verb::lpsv).success.contains(228));
    CHECK(command_info_of(verb::lprt).error.contains(521));
    CHECK(command_info_of(verb::mdtm).feat_code == "MDTM");
    CHECK(command_info_of(verb::mlsd).feat_keyword == "MLST");
    CHECK(command_info_of(verb::rest).feat_keyword == "REST STREAM");
    CHECK(command_info_of(verb::rest).feat_code == "base");
    CHECK(command_info_of(verb::feat).feat_code == "feat");
    CHECK(command_info_of(verb::xpwd).feat_code == "hist");
    CHECK(command_info_of(verb::host).rfc == 7151);
    CHECK(command_info_of(verb::user).success.contains(232));  // RFC 2228 §8.2
    CHECK(command_info_of(verb::retr).error.contains(535));
}

TEST_CASE("data transfers are the commands that open a data connection") {
    std::vector<std::string_view> opening;
    for (std::size_t i = 0; i < verb_count; ++i)
        if (command_table()[i].opens_data_connection()) opening.push_back(command_table()[i].name());
    CHECK(opening == std::vector<std::string_view>{"RETR", "STOR", "STOU", "APPE", "LIST", "NLST", "MLSD"});
    for (verb v : {verb::retr, verb::list, verb::nlst, verb::mlsd})
        CHECK(command_info_of(v).transfer == data_transfer::to_client);
    for (verb v : {verb::stor, verb::stou, verb::appe}) CHECK(command_info_of(v).transfer == data_transfer::to_server);
}

TEST_CASE("legal replies follow the table, 421 everywhere, and RFC 3659's various 4xy") {
    CHECK(is_legal_reply(verb::pasv, 227));
    CHECK_FALSE(is_legal_reply(verb::pasv, 229));
    CHECK(is_legal_reply(verb::epsv, 229));
    CHECK_FALSE(is_legal_reply(verb::epsv, 227));
    CHECK(is_legal_reply(verb::size, 213));
    CHECK(is_legal_reply(verb::size, 450));  // RFC 3659 §4.2 "Various 4xy replies"
    CHECK_FALSE(is_legal_reply(verb::size, 553));
    CHECK_FALSE(is_legal_reply(verb::pwd, 450));
    CHECK(is_legal_reply(verb::noop, 421));
    CHECK(is_legal_reply(verb::noop, 631));  // RFC 2228 §5.2 protected reply
    CHECK_FALSE(is_legal_reply(verb::quit, 530));
    CHECK(is_legal_reply(verb::retr, 150));
    CHECK(is_legal_reply(verb::retr, 110));
    CHECK_FALSE(is_legal_reply(verb::list, 110));  // §5.4 gives no restart marker for LIST
    CHECK_FALSE(is_legal_reply(verb::retr, 999));
}

TEST_CASE("533 is legal for every command, as RFC 2228 section 3 has a server that requires protection send it") {
    // "it should make a 533 reply to commands other than MIC, CONF, and ENC"; those three list 533 from §8.2.
    for (std::size_t i = 0; i < verb_count; ++i) {
        const verb v = static_cast<verb>(i);
        INFO(to_string(v));
        CHECK(is_legal_reply(v, 533));
    }
    for (verb v : {verb::mic, verb::conf, verb::enc}) CHECK(is_listed_reply(v, 533));
    CHECK_FALSE(is_listed_reply(verb::retr, 533));
}

TEST_CASE("the rows keep to what each RFC lists, and are lenient the same way for the same situation") {
    // RFC 959 §5.4 gives SITE, STOU and ACCT no 502, and REIN and SMNT one.
    for (verb v : {verb::site, verb::stou, verb::acct}) {
        INFO(to_string(v));
        CHECK_FALSE(is_legal_reply(v, 502));
    }
    CHECK(is_legal_reply(verb::rein, 502));
    CHECK(is_legal_reply(verb::smnt, 502));
    // RFC 959 §5.4 lists 451 for the six transfer commands and RFC 2389 §4 for OPTS; not for DELE or MKD.
    for (verb v : {verb::stor, verb::stou, verb::retr, verb::list, verb::nlst, verb::appe, verb::opts})
        CHECK(is_listed_reply(v, 451));
    CHECK_FALSE(is_legal_reply(verb::dele, 451));
    CHECK_FALSE(is_legal_reply(verb::mkd, 451));
    // STOR and STOU, both uploads, both take the 550 servers send for a denied path (§5.4 lists it for neither).
    CHECK(is_legal_reply(verb::stor, 550));
    CHECK(is_legal_reply(verb::stou, 550));
    // RFC 2640 §4.2's grammar has no 421 for LANG: like FEAT or EPSV it gets it through the any-command rule.
    CHECK_FALSE(is_listed_reply(verb::lang, 421));
    CHECK(is_legal_reply(verb::lang, 421));
    // RFC 959 §5.4 lists (110) under RETR, though the server answering RETR is the sender (RFC 1123 §4.1.3.4).
    CHECK(is_listed_reply(verb::retr, 110));
}

TEST_CASE("the table carries the replies RFC 4217, RFC 2228 section 3 and RFC 1123 add to base commands") {
    // RFC 4217 §10.2: the six commands that open a data connection may get 521 (wrong PROT level, before any 1yz)
    // or 522 (TLS on the data connection failed or not acceptable).
    for (verb v : {verb::stor, verb::retr, verb::nlst, verb::list, verb::stou, verb::appe}) {
        INFO(to_string(v));
        CHECK(command_info_of(v).error.contains(521));
        CHECK(command_info_of(v).error.contains(522));
    }
    // RFC 2228 §3: MIC, CONF and ENC "should respond with" 503 (no security exchange yet, or CCC first) and 537.
    for (verb v : {verb::mic, verb::conf, verb::enc}) {
        INFO(to_string(v));
        CHECK(command_info_of(v).error.contains(503));
        CHECK(command_info_of(v).error.contains(537));
    }
    // RFC 1123 §4.1.3.4: 554 and 555 answer the service command after REST that repositions an existing file;
    // 555 answers APPE without REST too. STOU makes a new file, so it has neither.
    for (verb v : {verb::retr, verb::stor, verb::appe}) {
        INFO(to_string(v));
        CHECK(command_info_of(v).error.contains(554));
        CHECK(command_info_of(v).error.contains(555));
    }
    CHECK_FALSE(is_legal_reply(verb::stou, 554));
    CHECK_FALSE(is_legal_reply(verb::rest, 554));  // REST itself gets 350
    // Servers answer CDUP like CWD (all four in tests/data/servers/README.md); RFC 959 §5.4 lists 200 only.
    CHECK(is_legal_reply(verb::cdup, 250));
    CHECK(is_legal_reply(verb::xcup, 250));
    // RFC 7151 §3.2.3: any 1yz to HOST leads to the error state.
    CHECK_FALSE(is_legal_reply(verb::host, 120));
    // RFC 3659 §7.2: MLSD's first reply is 150.
    CHECK_FALSE(is_legal_reply(verb::mlsd, 125));
}

namespace {

[[nodiscard]] bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// Whether a reply code's replies_to text names name as a command the code answers: the name as a whole word,
// not as the context of another command ("USER (after AUTH)", "RETR, STOR, APPE after REST", "... with STRU P").
bool names_command(std::string_view replies_to, std::string_view name) {
    for (std::size_t at = replies_to.find(name); at != std::string_view::npos; at = replies_to.find(name, at + 1)) {
        const std::size_t end = at + name.size();
        if ((at > 0 && is_upper(replies_to[at - 1])) || (end < replies_to.size() && is_upper(replies_to[end])))
            continue;
        const std::string_view before = replies_to.substr(0, at);
        const auto follows = [&](std::string_view word) {
            return before.size() >= word.size() && before.substr(before.size() - word.size()) == word;
        };
        if (follows("after ") || follows("with ")) continue;
        return true;
    }
    return false;
}

// RFC 1123 §4.1.3.1: the X commands of RFC 775 stand for the RFC 959 ones and get their replies.
[[nodiscard]] verb standard_verb(verb v) {
    switch (v) {
        case verb::xcup: return verb::cdup;
        case verb::xcwd: return verb::cwd;
        case verb::xmkd: return verb::mkd;
        case verb::xpwd: return verb::pwd;
        case verb::xrmd: return verb::rmd;
        default: return v;
    }
}

bool names_verb(std::string_view replies_to, verb v) {
    return names_command(replies_to, to_string(v)) || names_command(replies_to, to_string(standard_verb(v)));
}

// replies_to texts that do not close their list: "any command", "..., and other file commands", ...
bool is_open_ended(std::string_view replies_to) {
    if (replies_to.substr(0, 11) == "any command") return true;
    for (std::string_view more : {" and other", " and many others", " and most", " and any command"})
        if (replies_to.find(more) != std::string_view::npos) return true;
    return false;
}

}  // namespace

// One fact, two tables: the command table (is_legal_reply) and the reply-code table (replies_to, what explain()
// shows) must say the same about which command a code answers.
TEST_CASE("is_legal_reply and the reply-code table's replies_to agree for every code and verb") {
    for (const reply_code_info& e : reply_codes()) {
        for (std::size_t i = 0; i < verb_count; ++i) {
            const verb v = static_cast<verb>(i);
            INFO(e.code << " " << to_string(v) << ": replies_to \"" << e.replies_to << "\"");
            // A command the code's entry names must accept the code.
            if (names_verb(e.replies_to, v)) CHECK(is_legal_reply(v, e.code));
            // A code the command accepts must name the command, unless the entry's list is open-ended or the
            // row takes any 4xy (RFC 3659 §3.2, §4.2, §7.2.1: "various 4xy replies").
            if (is_legal_reply(v, e.code) && !is_open_ended(e.replies_to) &&
                !(command_info_of(v).any_transient_error && e.code / 100 == 4))
                CHECK(names_verb(e.replies_to, v));
        }
    }
}

// A code an extension RFC lists for one of its own commands names that RFC in its rfc field. RFC 775's aliases
// have no replies of their own, and RFC 1639 gives LPRT/LPSV PORT's and PASV's replies by reference (it names
// only 500, 501, 521 and 228).
TEST_CASE("a code an extension RFC lists for its own command names that RFC") {
    for (std::size_t i = 0; i < verb_count; ++i) {
        const command_info& c = command_table()[i];
        if (c.rfc == 959 || c.rfc == 775) continue;
        const std::string rfc = "RFC " + std::to_string(c.rfc);
        for (const reply_code_list* list : {&c.preliminary, &c.success, &c.intermediate, &c.error})
            for (std::uint16_t code : *list) {
                if (c.rfc == 1639 && code != 500 && code != 501 && code != 521 && code != 228) continue;
                INFO(c.name() << " " << code);
                const reply_code_lookup e = find_reply_code(code);
                REQUIRE(e);
                CHECK(e->rfc.find(rfc) != std::string_view::npos);
            }
    }
}

TEST_CASE("every code the command table lists is in the reply-code table") {
    for (std::size_t i = 0; i < verb_count; ++i) {
        const command_info& c = command_table()[i];
        INFO(c.name());
        for (const reply_code_list* list : {&c.preliminary, &c.success, &c.intermediate, &c.error})
            for (std::uint16_t code : *list) CHECK(is_known_reply_code(code));
    }
}

// --- parsing -------------------------------------------------------------------------------------------------

TEST_CASE("a command line parses into verb and argument with spaces kept") {
    const command_parse_result r = parse_command("retr file name.txt\r\nNOOP\r\n");
    REQUIRE(r.ok());
    CHECK(r.command.id == verb::retr);
    CHECK(r.command.verb_text == "retr");
    CHECK(r.command.argument == "file name.txt");
    CHECK(r.command.has_argument);
    CHECK(r.consumed == 20);
    const command_parse_result spaces = parse_command("STOR  two  spaces \r\n");
    REQUIRE(spaces.ok());
    CHECK(spaces.command.argument == " two  spaces ");  // only the single SP after the verb separates
}

TEST_CASE("verbs are case-insensitive") {
    for (std::string_view line : {"PwD\r\n"sv, "pwd\r\n"sv, "PWD\r\n"sv})
        CHECK(parse_command(line).command.id == verb::pwd);
    CHECK(parse_command("rnfr a\r\n").command.id == verb::rnfr);
    CHECK(parse_command("Mlsd\r\n").command.id == verb::mlsd);
}

TEST_CASE("optional arguments may be present or absent") {
    const command_parse_result a = parse_command("LIST\r\n");
    REQUIRE(a.ok());
    CHECK_FALSE(a.command.has_argument);
    const command_parse_result b = parse_command("LIST -la\r\n");
    REQUIRE(b.ok());
    CHECK(b.command.argument == "-la");
    CHECK(parse_command("PASS\r\n").ok());  // bare PASS for an empty password
    CHECK(parse_command("EPSV ALL\r\n").command.argument == "ALL");
}

TEST_CASE("unknown verbs, missing and unexpected arguments are reported with offsets") {
    const command_parse_result unknown = parse_command("XYZZY plugh\r\n");
    CHECK(unknown.error == command_error::unknown_verb);
    CHECK(unknown.offset == 0);
    CHECK(unknown.command.verb_text == "XYZZY");
    CHECK(unknown.consumed == 13);  // a server can answer 500 and go on

    const command_parse_result missing = parse_command("RETR\r\n");
    CHECK(missing.error == command_error::missing_argument);
    CHECK(missing.offset == 4);
    CHECK(parse_command("RETR \r\n").error == command_error::missing_argument);

    const command_parse_result extra = parse_command("PASV now\r\n");
    CHECK(extra.error == command_error::unexpected_argument);
    CHECK(extra.offset == 4);
    CHECK(parse_command("PWD \r\n").ok());  // a lone trailing SP carries no argument

    CHECK(parse_command("\r\n").error == command_error::missing_verb);
    CHECK(parse_command(" RETR x\r\n").error == command_error::missing_verb);
}

TEST_CASE("line ends: CRLF required, bare LF only when allowed, incomplete lines wait") {
    const command_parse_result bare = parse_command("NOOP\n");
    CHECK(bare.error == command_error::bare_line_feed);
    CHECK(bare.offset == 4);
    const command_parse_result lenient = parse_command("NOOP\nQUIT\n", lenient_command_options);
    REQUIRE(lenient.ok());
    CHECK(lenient.consumed == 5);
    CHECK(parse_command("NOOP").error == command_error::missing_line_end);
    CHECK(parse_command("NOOP\r").error == command_error::missing_line_end);
    CHECK(parse_command("").error == command_error::missing_line_end);
}

TEST_CASE("control characters inside a line are rejected") {
    const command_parse_result cr = parse_command("RETR a\rb\r\n");
    CHECK(cr.error == command_error::control_character);
    CHECK(cr.offset == 6);
    CHECK(parse_command("RETR a\001b\r\n").error == command_error::control_character);
    CHECK(parse_command(std::string_view("RETR a\0b\r\n", 10)).error == command_error::control_character);
    CHECK(parse_command("RETR a\x7F\r\n").error == command_error::control_character);
    CHECK(parse_command("RETR Gr\xC3\xB6\xC3\x9F"
                        "e.txt\r\n")
              .ok());  // UTF-8 names (RFC 2640) pass
}

// RFC 959 §5.3.2: an argument <string> is any ASCII character but CR and LF. Until session 28 a TAB in it was
// control_character, where pyftpdlib 1.5.7 made a directory "a<TAB>b" from "MKD a<TAB>b", ProFTPD 1.3.8 looked
// "a<TAB>b" up (550 "a<TAB>b: No such file or directory") and Pure-FTPd 1.0.50 changed the TAB to '_': no server
// refuses it as syntax. Between verb and argument RFC 959 §5.3.1 asks for one SP, so a TAB there stays refused.
TEST_CASE("a TAB in a command's argument is data, and formats and parses back") {
    const command_parse_result tab = parse_command("MKD a\tb\r\n");
    REQUIRE(tab.ok());
    CHECK(tab.command.id == verb::mkd);
    CHECK(tab.command.argument == "a\tb"sv);
    CHECK(tab.consumed == 9);
    const command_parse_result only_tab = parse_command("RETR \t\r\n");
    REQUIRE(only_tab.ok());
    CHECK(only_tab.command.argument == "\t"sv);
    for (const std::string_view line : {"RETR\ta\r\n"sv, "NOOP\t\r\n"sv, "\tNOOP\r\n"sv, "NO\tOP\r\n"sv}) {
        INFO(std::string(line));
        const command_parse_result r = parse_command(line);
        CHECK(r.error == command_error::control_character);
        CHECK(r.offset == line.find('\t'));
        CHECK(r.consumed == line.size());
    }
    char buf[64] = {};
    const format_result f = format_command(buf, sizeof buf, verb::stor, "x\ty z\t"sv);
    REQUIRE(f.ok());
    CHECK(std::string_view(buf, f.size) == "STOR x\ty z\t\r\n"sv);
    char decoded[64] = {};
    const command_parse_result back = parse_command(std::string_view(buf, f.size), decoded, sizeof decoded);
    REQUIRE(back.ok());
    CHECK(back.command.argument == "x\ty z\t"sv);
}

// Found by a differential run against a reference written from RFC 854 (session 28): the offset of the line end
// was taken from the byte before the LF, so a CR that is a Telnet option's byte (IAC WILL 13) counted as the line
// end's CR, one byte too early; and a verb that starts with an escaped 255 (IAC IAC) was reported at the second IAC,
// where every other error about that byte names the first.
TEST_CASE("error offsets name the line end the scan saw and the first byte of an escaped 255") {
    char buf[64] = {};
    for (const auto& [line, error, offset] :
         {std::tuple{"RETR\xFF\xFB\r\n"sv, command_error::missing_argument, std::size_t{7}},
          std::tuple{"\xFF\xFD\r\n"sv, command_error::missing_verb, std::size_t{3}},
          std::tuple{"RETR\r\n"sv, command_error::missing_argument, std::size_t{4}},
          std::tuple{"RETR\xFF\xFB\r\r\n"sv, command_error::missing_argument, std::size_t{7}},
          std::tuple{"\xFF\xFFX\r\n"sv, command_error::unknown_verb, std::size_t{0}},
          std::tuple{"\xFF\xF1\xFF\xFFX\r\n"sv, command_error::unknown_verb, std::size_t{2}}}) {
        INFO(std::string(line));
        for (const command_parse_result& r : {parse_command(line, lenient_command_options),
                                              parse_command(line, buf, sizeof buf, lenient_command_options)}) {
            CHECK(r.error == error);
            CHECK(r.offset == offset);
            CHECK(r.consumed == line.size());
        }
    }
    // The view of such a verb still starts at the byte 255 it stands for.
    CHECK(parse_command("\xFF\xFFX\r\n"sv).command.verb_text == "\xFFX"sv);
}

// The loop the consumed field is for: answer every line, good or bad, and go on with the next one.
TEST_CASE("after a bad byte consumed points past the line's LF, so a server loop answers it and goes on") {
    const std::string_view input =
        "RETR a\033b\r\n"
        "NOOP\r\n"
        "NOOP\0\r\n"
        "PWD\r\n"
        "RETR foo\r\0bar\r\n"  // CR NUL: a CR in the pathname (RFC 2640 §3.1), decoded with a buffer
        "NOOP\n"
        "RETR x\xFF\xF4y\r\n"  // Telnet IP inside the line: telnet_needs_buffer without a buffer
        "XYZZY\r\n"
        "QUIT\r\n"sv;
    const std::vector<command_error> expected_plain = {command_error::control_character,
                                                       command_error::none,
                                                       command_error::control_character,
                                                       command_error::none,
                                                       command_error::telnet_needs_buffer,
                                                       command_error::bare_line_feed,
                                                       command_error::telnet_needs_buffer,
                                                       command_error::unknown_verb,
                                                       command_error::none};
    for (const bool with_buffer : {false, true}) {
        INFO("with buffer: " << with_buffer);
        std::string_view rest = input;
        std::vector<command_error> errors;
        std::vector<std::string_view> verbs;
        while (!rest.empty() && errors.size() < 20) {
            char buf[64] = {};
            const command_parse_result r = with_buffer ? parse_command(rest, buf, sizeof buf, strict_command_options)
                                                       : parse_command(rest, strict_command_options);
            REQUIRE(r.error != command_error::missing_line_end);
            REQUIRE(r.consumed > 0);  // progress: the server answered 500/501 and reads the next line
            REQUIRE(rest[r.consumed - 1] == '\n');
            errors.push_back(r.error);
            if (r.ok()) verbs.push_back(to_string(r.command.id));
            rest.remove_prefix(r.consumed);
        }
        std::vector<command_error> expected = expected_plain;
        if (with_buffer) expected[4] = expected[6] = command_error::none;  // CR NUL decoded, IAC IP removed
        CHECK(errors == expected);
        CHECK(verbs == (with_buffer ? std::vector<std::string_view>{"NOOP", "PWD", "RETR", "RETR", "QUIT"}
                                    : std::vector<std::string_view>{"NOOP", "PWD", "QUIT"}));
    }
}

TEST_CASE("bad bytes keep their offsets and consumed covers the line through its LF") {
    char buf[64] = {};
    struct bad_line {
        std::string_view input;
        command_error error;
        std::size_t offset;
        std::size_t consumed;
    };
    const bad_line lines[] = {
        {"RETR a\033b\r\nNOOP\r\n"sv, command_error::control_character, 6, 10},
        {"NOOP\0\r\n"sv, command_error::control_character, 4, 7},
        {"NOOP\nNOOP\r\n"sv, command_error::bare_line_feed, 4, 5},
        {"RETR a\033b\nNOOP\r\n"sv, command_error::control_character, 6, 9},      // after an error any LF ends the line
        {"RETR a\rb\xFF\xFB\nc\r\n"sv, command_error::control_character, 6, 14},  // IAC WILL's option byte is no LF
    };
    for (const bad_line& l : lines) {
        INFO(std::string(l.input));
        for (const command_parse_result& r : {parse_command(l.input, strict_command_options),
                                              parse_command(l.input, buf, sizeof buf, strict_command_options)}) {
            CHECK(r.error == l.error);
            CHECK(r.offset == l.offset);
            CHECK(r.consumed == l.consumed);
        }
    }
    // The decode buffer's own errors skip the line too.
    const command_parse_result small = parse_command("RETR abcdef\r\nNOOP\r\n", buf, 4);
    CHECK(small.error == command_error::buffer_too_small);
    CHECK(small.consumed == 13);
}

TEST_CASE("a bad byte waits for the line's LF: missing_line_end before it, line_too_long past the limit") {
    // consumed is 0 exactly for these two errors: without the LF the server cannot know where the next line starts.
    const command_parse_result waiting = parse_command("RETR a\001b");
    CHECK(waiting.error == command_error::missing_line_end);
    CHECK(waiting.consumed == 0);
    CHECK(parse_command("NOOP\r\xFF").error == command_error::missing_line_end);
    const std::string long_line = "RETR a\x01" + std::string(5000, 'a') + "\r\nNOOP\r\n";
    const command_parse_result too_long = parse_command(long_line);
    CHECK(too_long.error == command_error::line_too_long);
    CHECK(too_long.offset == 4096);
    CHECK(too_long.consumed == 0);
    command_parse_options big;
    big.max_line_length = 8192;
    const command_parse_result within = parse_command(long_line, big);
    CHECK(within.error == command_error::control_character);
    CHECK(within.consumed == long_line.size() - 6);
}

TEST_CASE("over-long lines are rejected at the configured limit") {
    const std::string line = "RETR " + std::string(5000, 'a') + "\r\n";
    const command_parse_result r = parse_command(line);
    CHECK(r.error == command_error::line_too_long);
    CHECK(r.offset == 4096);
    command_parse_options big;
    big.max_line_length = 8192;
    CHECK(parse_command(line, big).ok());
    command_parse_options tiny;
    tiny.max_line_length = 6;
    CHECK(parse_command("NOOP\r\n", tiny).ok());
    CHECK(parse_command("NOOPS\r\n", tiny).error == command_error::line_too_long);
    CHECK(parse_command("NOOP", tiny).error == command_error::missing_line_end);
}

TEST_CASE("Telnet commands count towards the line limit, an unterminated subnegotiation included") {
    // Without a limit here, a peer that opens IAC SB and never sends IAC SE makes a server keep reading into
    // its line buffer: the same bytes without the IAC SB are line_too_long at 4096.
    char buf[64] = {};
    const std::string open_sb = "\xFF\xFA" + std::string(100000, 'x') + "\r\nDELE x\r\n";
    for (const command_parse_result& r : {parse_command(open_sb), parse_command(open_sb, buf, sizeof buf)}) {
        CHECK(r.error == command_error::line_too_long);
        CHECK(r.offset == 4096);
    }
    command_parse_options tiny;
    tiny.max_line_length = 8;
    CHECK(parse_command("\xFF\xFA\x18\x01\xFF\xF0\r\n", tiny).error == command_error::missing_verb);  // 8 bytes
    CHECK(parse_command("\xFF\xFA\x18\x01\xFF\xF0OK\r\n", tiny).error == command_error::line_too_long);
    CHECK(parse_command("\xFF\xFA\x18\x01\x02\x03", tiny).error == command_error::missing_line_end);
    CHECK(parse_command("\xFF\xFA\x18\x01\x02\x03\x04\x05", tiny).error == command_error::line_too_long);
    CHECK(parse_command("ABCDEFG\xFF", tiny).error == command_error::line_too_long);
    CHECK(parse_command("ABCDEF\xFF\xFB", tiny).error == command_error::line_too_long);
}

TEST_CASE("lftp's ABOR with IAC IP IAC DM in front parses without a buffer") {
    // RFC 959 §4.1.3: Telnet IP and Synch (IAC DM) before ABOR.
    const std::string_view line =
        "\xFF\xF4\xFF\xF2"
        "ABOR\r\n";
    const command_parse_result r = parse_command(line);
    REQUIRE(r.ok());
    CHECK(r.command.id == verb::abor);
    CHECK(r.command.verb_text.data() == line.data() + 4);
    CHECK(r.consumed == line.size());
    // Option negotiation (IAC WILL x) and subnegotiation (IAC SB ... IAC SE) are skipped too.
    const command_parse_result negotiated = parse_command("\xFF\xFB\x01\xFF\xFA\x18\x01\xFF\xF0NOOP\r\n");
    CHECK(negotiated.ok());
    CHECK(negotiated.command.verb_text == "NOOP");
    CHECK(parse_command("\xFF\xFB\x18RETR a\r\n").command.argument == "a");  // the option byte is not data
}

TEST_CASE("Telnet commands inside a line need a buffer and are removed there") {
    const std::string_view line =
        "RE\xFF\xF1TR a\xFF\xFF"
        "b\r\n";  // IAC NOP inside the verb, IAC IAC
    const command_parse_result no_buffer = parse_command(line);
    CHECK(no_buffer.error == command_error::telnet_needs_buffer);
    CHECK(no_buffer.offset == 4);
    char buf[64] = {};
    const command_parse_result r = parse_command(line, buf, sizeof buf);
    REQUIRE(r.ok());
    CHECK(r.command.id == verb::retr);
    CHECK(r.command.argument ==
          "a\xFF"
          "b");
    CHECK(r.command.argument.data() >= buf);
    CHECK(r.consumed == line.size());
    CHECK(parse_command(line, buf, 5).error == command_error::buffer_too_small);
    CHECK(parse_command("\xFF", buf, sizeof buf).error == command_error::missing_line_end);
    CHECK(parse_command("\xFF\xFA\x18", buf, sizeof buf).error == command_error::missing_line_end);
}

TEST_CASE("inside a Telnet subnegotiation IAC IAC is a data byte, not the start of its IAC SE") {
    // RFC 854/855: the escaped pair is data 255, so the IAC SE before QUIT ends the subnegotiation; NOOP is in it.
    const std::string_view input = "\xFF\xFA\x18\xFF\xFF\xF0NOOP\r\n\xFF\xF0QUIT\r\n"sv;
    char buf[64] = {};
    for (const command_parse_result& r : {parse_command(input), parse_command(input, buf, sizeof buf)}) {
        REQUIRE(r.ok());
        CHECK(r.command.id == verb::quit);
        CHECK(r.consumed == input.size());
    }
    CHECK(parse_command("\xFF\xFA\x18\xFF\xFF\xF0NOOP\r\n"sv).error == command_error::missing_line_end);
    CHECK(parse_command("\xFF\xFA\x18\xFF\xF1\xFF\xF0NOOP\r\n"sv).command.id == verb::noop);  // IAC NOP inside SB
}

// The reply side skips Telnet commands with detail::telnet_skipper (reply_parser.hpp). A command line that starts
// with a subnegotiation must see it end where the skipper does.
TEST_CASE("a subnegotiation ends where the reply parser's Telnet skipper ends it") {
    const char alphabet[] = {'x', '\xFF', '\xF0', '\xF1', '\xFA', '\r', '\n'};
    const std::size_t n = sizeof alphabet;
    std::size_t compared = 0;
    for (std::size_t length = 0; length <= 4; ++length) {
        std::size_t combinations = 1;
        for (std::size_t k = 0; k < length; ++k) combinations *= n;
        for (std::size_t index = 0; index < combinations; ++index) {
            std::string input = "\xFF\xFA";
            for (std::size_t k = 0, rest = index; k < length; ++k, rest /= n) input += alphabet[rest % n];
            input += "\xFF\xF0NOOP\r\n";
            detail::telnet_skipper skipper;
            const auto skipped = skipper.skip(input.data(), 0, input.size(), 0, 4096);
            // The skipper refuses IAC IAC or IAC x where a reply must start: the command side reads those as
            // data, so only the other cases compare.
            if (skipped.error != parse_error::none) continue;
            INFO(input);
            ++compared;
            char buf[64] = {}, rest_buf[64] = {};
            const command_parse_result whole = parse_command(input, buf, sizeof buf);
            if (skipper.pending()) {
                CHECK(whole.error == command_error::missing_line_end);
                continue;
            }
            // The line after the skipped commands parses the same on its own.
            const std::string_view after = std::string_view(input).substr(skipped.pos);
            const command_parse_result alone = parse_command(after, rest_buf, sizeof rest_buf);
            CHECK(whole.error == alone.error);
            CHECK(whole.command.verb_text == alone.command.verb_text);
            CHECK(whole.command.argument == alone.command.argument);
            CHECK(whole.consumed == (alone.consumed == 0 ? 0 : alone.consumed + skipped.pos));
        }
    }
    CHECK(compared > 1000);
}

// RFC 854: CR is followed by LF or NUL. A Telnet command between them leaves CR alone, as any other byte would.
TEST_CASE("a Telnet command between CR and LF leaves a lone CR") {
    char buf[64] = {};
    for (const std::string_view line :
         {"NOOP\r\xFF\xF1\n"sv, "NOOP\r\xFF\xFB\x01\n"sv, "NOOP\r\xFF\xFA\x18\xFF\xF0\n"sv, "NOOP\r\xFF\xFF\n"sv}) {
        INFO(std::string(line));
        for (const command_parse_result& r : {parse_command(line), parse_command(line, buf, sizeof buf)}) {
            CHECK(r.error == command_error::control_character);
            CHECK(r.offset == 4);
            CHECK(r.consumed == line.size());
        }
    }
    CHECK(parse_command("NOOP\xFF\xF1\r\n"sv).ok());  // before the CR a Telnet command is dropped as usual
}

TEST_CASE("the buffer overload reports offsets in the input") {
    char buf[64] = {};
    const command_parse_result r = parse_command("\xFF\xF4PASV x\r\n", buf, sizeof buf);
    CHECK(r.error == command_error::unexpected_argument);
    CHECK(r.offset == 6);
    CHECK(parse_command("\xFF\xF4XYZ\r\n", buf, sizeof buf).offset == 2);
}

TEST_CASE("every command error has a distinct name") {
    std::vector<std::string_view> seen;
    for (int i = 0; i <= static_cast<int>(command_error::buffer_too_small); ++i) {
        const std::string_view name = to_string(static_cast<command_error>(i));
        CHECK(name != "unknown");
        for (std::string_view s : seen) CHECK(s != name);
        seen.push_back(name);
    }
}

// --- formatting ----------------------------------------------------------------------------------------------

TEST_CASE("commands format with CRLF and parse back to the same verb and argument") {
    char buf[128] = {};
    for (std::size_t i = 0; i < verb_count; ++i) {
        const verb v = static_cast<verb>(i);
        const argument_rule rule = command_info_of(v).argument;
        const std::string_view arg = rule == argument_rule::none ? ""sv : "some file.txt"sv;
        const format_result r = format_command(buf, sizeof buf, v, arg);
        REQUIRE(r.ok());
        const std::string_view line(buf, r.size);
        INFO(line);
        CHECK(line.substr(line.size() - 2) == "\r\n");
        const command_parse_result back = parse_command(line);
        REQUIRE(back.ok());
        CHECK(back.command.id == v);
        CHECK(back.command.argument == arg);
        CHECK(back.consumed == line.size());
        CHECK(format_command(buf, r.size - 1, v, arg).error == format_error::buffer_too_small);
    }
}

// RFC 854: a data byte 255 on the control connection is sent as IAC IAC. Sent alone, IAC and the byte after it
// can read as a Telnet command (255 251 is IAC WILL) and vanish from the path.
TEST_CASE("a byte 255 in a command's argument is written as IAC IAC and parses back to one byte") {
    char buf[64] = {};
    const std::string_view arg = "caf\xFF\xFB\xFF"sv;  // Latin-1 bytes; 0xFF 0xFB alone would be IAC WILL
    const format_result r = format_command(buf, sizeof buf, verb::retr, arg);
    REQUIRE(r.ok());
    const std::string_view line(buf, r.size);
    CHECK(line == "RETR caf\xFF\xFF\xFB\xFF\xFF\r\n"sv);
    char decoded[64] = {};
    const command_parse_result back = parse_command(line, decoded, sizeof decoded);
    REQUIRE(back.ok());
    CHECK(back.command.id == verb::retr);
    CHECK(back.command.argument == arg);
    // The doubled bytes count against the capacity.
    CHECK(format_command(buf, r.size - 1, verb::retr, arg).error == format_error::buffer_too_small);
    CHECK(format_command(buf, r.size, verb::retr, arg).ok());
}

// Whatever format_command writes, parse_command accepts: the control characters the parser refuses are refused
// when formatting too.
TEST_CASE("command formatting refuses the control characters parse_command refuses") {
    char buf[64] = {};
    for (int c = 0; c < 0x20; ++c) {
        if (c == '\r' || c == '\t') continue;  // CR written as CR NUL, TAB as it is: tests below
        const std::string arg = std::string("a") + static_cast<char>(c) + "b";
        INFO("byte " << c);
        CHECK(format_command(buf, sizeof buf, verb::stor, arg).error == format_error::forbidden_character);
        const std::string line = "STOR " + arg + "\r\n";
        CHECK_FALSE(parse_command(line).ok());
    }
    CHECK(format_command(buf, sizeof buf, verb::stor, "a\x7F"sv).error == format_error::forbidden_character);
    CHECK(parse_command("STOR a\x7F\r\n"sv).error == command_error::control_character);
    // Every other byte goes through and back (UTF-8 paths, RFC 2640, included).
    for (int c = 0x20; c < 0x100; ++c) {
        if (c == 0x7F) continue;
        const std::string arg = std::string("x") + static_cast<char>(c) + "y";
        const format_result r = format_command(buf, sizeof buf, verb::stor, arg);
        REQUIRE(r.ok());
        char decoded[64] = {};
        const command_parse_result back = parse_command(std::string_view(buf, r.size), decoded, sizeof decoded);
        INFO("byte " << c);
        REQUIRE(back.ok());
        CHECK(back.command.argument == arg);
    }
}

// RFC 2640 §3.1: a CR in a pathname "MUST be padded with a <NUL>", and the NUL "MUST be stripped away" on receipt
// (RFC 854's CR alone). Found by review: format_command refused a CR in the argument and parse_command refused
// CR NUL as a lone CR.
TEST_CASE("a CR in a command's argument is written as CR NUL and parses back to a CR") {
    char buf[64] = {};
    const format_result r = format_command(buf, sizeof buf, verb::stor, "a\rb"sv);
    REQUIRE(r.ok());
    const std::string_view line(buf, r.size);
    CHECK(line == "STOR a\r\0b\r\n"sv);
    char decoded[64] = {};
    const command_parse_result back = parse_command(line, decoded, sizeof decoded, strict_command_options);
    REQUIRE(back.ok());
    CHECK(back.command.argument == "a\rb"sv);
    CHECK(back.consumed == line.size());
    // Without a buffer the NUL cannot be left out of a view: telnet_needs_buffer, unless the CR ends the line.
    CHECK(parse_command(line).error == command_error::telnet_needs_buffer);
    const format_result last = format_command(buf, sizeof buf, verb::stor, "ab\r"sv);
    REQUIRE(last.ok());
    const command_parse_result view = parse_command(std::string_view(buf, last.size));
    REQUIRE(view.ok());
    CHECK(view.command.argument == "ab\r"sv);
    // Still no way to end the line early, and a CR followed by anything but LF or NUL is still a lone CR.
    CHECK(format_command(buf, sizeof buf, verb::stor, "a\r\nDELE b"sv).error == format_error::forbidden_character);
    CHECK(parse_command("STOR a\rb\r\n"sv, decoded, sizeof decoded).error == command_error::control_character);
    CHECK(parse_command("STOR a\r\0\n"sv, strict_command_options).error == command_error::bare_line_feed);
    CHECK(parse_command("STOR a\0\r\n"sv, decoded, sizeof decoded).error == command_error::control_character);
    // Only in the argument: a verb holds no CR (found by review: "NO" CR NUL "OP" gave unknown_verb with a CR in
    // verb_text, which a server might echo in its 500).
    for (const std::string_view bad : {"\r\0NOOP\r\n"sv, "NO\r\0OP\r\n"sv, "NOOP\r\0\r\n"sv}) {
        INFO(bad.size());
        CHECK(parse_command(bad, decoded, sizeof decoded).error == command_error::control_character);
        CHECK(parse_command(bad).error == command_error::control_character);
        CHECK(parse_command(bad).offset == bad.find('\r'));
    }
    // The CR counts against the capacity once, the NUL not at all.
    CHECK(parse_command(line, decoded, 8).ok());  // "STOR a\rb"
    CHECK(parse_command(line, decoded, 7).error == command_error::buffer_too_small);
}

TEST_CASE("argument_fit_of follows each verb's argument rule, and parse_command and format_command agree with it") {
    for (std::size_t i = 0; i < verb_count; ++i) {
        const verb v = static_cast<verb>(i);
        const argument_rule rule = command_info_of(v).argument;
        INFO(to_string(v));
        const argument_fit none = argument_fit_of(v, "");
        const argument_fit some = argument_fit_of(v, "x y");
        CHECK(none == (rule == argument_rule::required ? argument_fit::missing : argument_fit::fits));
        CHECK(some == (rule == argument_rule::none ? argument_fit::unexpected : argument_fit::fits));
        CHECK(argument_fit_of(v, " ") == argument_fit_of(v, "x"));  // a space is an argument ("RETR  ": a name " ")
        const std::string verb_name(to_string(v));
        for (const auto& [line, fit] : {std::pair{verb_name + "\r\n", none}, std::pair{verb_name + " \r\n", none},
                                        std::pair{verb_name + " x y\r\n", some}}) {
            INFO(line);
            const command_error parsed = parse_command(line).error;
            CHECK(parsed == (fit == argument_fit::missing      ? command_error::missing_argument
                             : fit == argument_fit::unexpected ? command_error::unexpected_argument
                                                               : command_error::none));
        }
        char out[32] = {};
        const format_error formatted = format_command(out, sizeof out, v, "").error;
        CHECK((formatted == format_error::missing_argument) == (none == argument_fit::missing));
        CHECK((format_command(out, sizeof out, v, "x y").error == format_error::unexpected_argument) ==
              (some == argument_fit::unexpected));
    }
    CHECK(to_string(argument_fit::fits) == "fits");
    CHECK(to_string(argument_fit::missing) == "missing");
    CHECK(to_string(argument_fit::unexpected) == "unexpected");
}

TEST_CASE("command formatting refuses argument rule violations and line breaks") {
    char buf[64] = {};
    CHECK(format_command(buf, sizeof buf, verb::retr).error == format_error::missing_argument);
    CHECK(format_command(buf, sizeof buf, verb::pasv, "x").error == format_error::unexpected_argument);
    CHECK(format_command(buf, sizeof buf, verb::retr, "a\r\nDELE b").error == format_error::forbidden_character);
    CHECK(format_command(buf, sizeof buf, verb::retr, "a\nb").error == format_error::forbidden_character);
    const format_result ok = format_command(buf, sizeof buf, verb::list);
    CHECK(std::string_view(buf, ok.size) == "LIST\r\n");
    CHECK(format_command(buf, 0, verb::noop).error == format_error::buffer_too_small);
}
