// Built with -fno-exceptions -fno-rtti: the library must compile and work without either.
// A plain main() (Catch2 needs exceptions); each feature adds a few checks that return non-zero on failure.
#include <ftpwire/ftpwire.hpp>
#include <ftpwire/detail/simd_line_scan.hpp>  // a detail header (reply_parser.hpp includes it): called directly below

#include <cstdio>
#include <string_view>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "FAILED: %s\n", what);
        ++failures;
    }
}

}  // namespace

int main() {
    check(ftpwire::version.major == FTPWIRE_VERSION_MAJOR, "version constant");
    {
        ftpwire::reply_parser parser(ftpwire::parse_options::strict());
        const ftpwire::parse_result r = parser.parse("211-Features:\r\n UTF8\r\n211 End\r\n331 more");
        check(r.complete() && r.reply.code() == 211 && r.reply.line_count() == 3 && r.consumed == 31,
              "pull parser reads a multi-line reply");
        check(ftpwire::parse_reply("220 ok\n", ftpwire::parse_options::strict()).error == ftpwire::parse_error::bare_lf,
              "pull parser names a rejected deviation");
        struct handler {
            int lines = 0;
            void on_reply_begin(const ftpwire::reply_head&) noexcept {}
            void on_line(const ftpwire::line_view&) noexcept { ++lines; }
            void on_reply_end(const ftpwire::reply_summary&) noexcept {}
        } h;
        ftpwire::reply_push_parser<64> push;
        check(push.feed("220-a\r\n b\r", h).ok() && push.feed("\n220 c\r\n", h).ok() && push.finish().ok() &&
                  h.lines == 3,
              "push parser reports lines across chunks");
    }
    check(ftpwire::find_verb("rnfr").found && ftpwire::find_verb("rnfr").value == ftpwire::verb::rnfr,
          "verb lookup is case-insensitive");
    check(ftpwire::find_reply_code(503).has_value() &&
              ftpwire::find_reply_code(503)->category == ftpwire::reply_category::syntax,
          "reply code lookup");
    check(ftpwire::explain(299).status == ftpwire::reply_code_status::unknown, "unknown reply code explained");
    check(!ftpwire::explain(1000).valid(), "invalid reply code reported");
    check(ftpwire::compare(120, 503).has(ftpwire::difference_kind::outcome), "reply code comparison");
    {
        char buf[128] = {};
        const ftpwire::command_parse_result cmd = ftpwire::parse_command(
            "\xFF\xF4\xFF\xF2"
            "ABOR\r\n");
        check(cmd.ok() && cmd.command.id == ftpwire::verb::abor, "command line with Telnet IP/DM parsed");
        check(ftpwire::is_legal_reply(ftpwire::verb::pasv, 227), "command table answers legal replies");
        const ftpwire::format_result reply = ftpwire::format_multiline_reply(buf, sizeof buf, 211, {"F", "226 x", "E"});
        check(reply.ok() && std::string_view(buf, reply.size) == "211-F\r\n 226 x\r\n211 E\r\n", "reply formatted");
        check(ftpwire::decode_pasv("Entering Passive Mode (10,0,0,1,195,80).").value.port == 50000, "227 decoded");
        check(ftpwire::decode_epsv("(|||6446|)").value == 6446, "229 decoded");
        const ftpwire::decoded<std::string_view> path = ftpwire::decode_path("\"/a\"\"b\" ok", buf, sizeof buf);
        check(path.ok() && path.value == "/a\"b", "257 unescaped");
        check(ftpwire::decode_mdtm("20230229000000").error == ftpwire::payload_error::impossible_date, "MDTM");
        check(ftpwire::decode_features("211-F\r\n MLST size*;\r\n211 E\r\n").has("mlst"), "FEAT");
    }
    {
        // Sequencing: the runtime sequencer, its server role, check_sequence and a typed session.
        ftpwire::sequencer seq;
        seq.on_reply(220);
        seq.on_command(ftpwire::verb::user, "u");
        seq.on_reply(331);
        seq.on_command(ftpwire::verb::pass, "p");
        seq.on_reply(230);
        check(seq.check(ftpwire::verb::rnto).broken == ftpwire::rule::rnto_after_rnfr, "RNTO without RNFR predicted");
        char line[ftpwire::server_reply::max_size];
        const ftpwire::server_reply refusal = seq.validate(ftpwire::verb::retr);
        check(std::string_view(line, refusal.write(line, sizeof line)).substr(0, 4) == "503 ", "server refusal");
        check(ftpwire::check_sequence({ftpwire::verb::user, ftpwire::verb::pass, ftpwire::verb::pasv}).ok,
              "sequence checked");
        struct counting_transport {
            int sent = 0;
            void send_command(ftpwire::verb, std::string_view) { ++sent; }
        } transport;
        ftpwire::make_session(transport).user("u").pass("p").epsv().retr("f").quit();
        check(transport.sent == 5, "typed session sends each call");
    }
    {
        const std::string_view lines =
            "220-Welcome to the ACME file server; all transfers are logged.\r\n220 ready\r\n";
        const std::size_t first = ftpwire::detail::find_line_feed_fast(lines.data(), 0, lines.size());
        check(first == ftpwire::detail::find_line_feed_scalar(lines.data(), 0, lines.size()) && first == 63,
              "vectorised line scan finds the first line end");
        check(ftpwire::detail::find_line_feed_fast(lines.data(), first + 1, lines.size()) == lines.size() - 1,
              "vectorised line scan finds the second line end");
    }
    return failures == 0 ? 0 : 1;
}
