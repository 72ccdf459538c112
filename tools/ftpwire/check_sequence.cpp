// ftpwire check-sequence: the first command of a list that breaks a sequencing rule, what a server answers, why,
// and the fix. Each command is assumed to succeed (see session.hpp); the list starts after the 220 greeting.
#include "cli_args.hpp"
#include "json.hpp"
#include "subcommands.hpp"

#include <ftpwire/command.hpp>
#include <ftpwire/sequence_rules.hpp>
#include <ftpwire/sequencer.hpp>
#include <ftpwire/session.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace ftpwire_cli {
namespace {

constexpr const char* check_sequence_help =
    "usage: ftpwire check-sequence [--json] [--server FAMILY] [--allow-unlisted] COMMAND...\n"
    "\n"
    "Checks the order of FTP commands against the sequencing rules (RFC 959 §5.4/§6, RFC 2228, RFC 2428,\n"
    "RFC 4217, RFC 7151) and reports the first command that breaks one: its position (from 1), the reply a\n"
    "server gives, the rule, why, and the fix. Every command is assumed to succeed (USER 331, PASS 230,\n"
    "RNFR/REST 350, PASV 227, transfers 150 then 226) unless the family does not implement it (REIN on\n"
    "vsftpd, proftpd and pureftpd; AUTH without TLS), which changes nothing; the list starts after the 220\n"
    "greeting.\n"
    "\n"
    "COMMAND is a verb (USER, rnfr, ...), optionally with its argument: \"EPSV ALL\" (one quoted word) or\n"
    "EPSV:ALL. Only EPSV ALL, SITE HELP (which ProFTPD and pyftpdlib answer before login, where other SITE\n"
    "commands need it) and STAT with a path (\"STAT hello.txt\", which needs the login where STAT alone does\n"
    "not), REST 0 and TYPE I change what the rules say; other arguments are accepted and ignored. A verb\n"
    "alone is taken to carry the argument its syntax wants; RETR: (nothing after the colon) is RETR sent\n"
    "without one, PASV:x is PASV with one it takes none of: both break argument_syntax where the family\n"
    "checks arguments (501 in the generic reading; the command is then shown as RETR, PASV <argument>).\n"
    "\n"
    "  --json           one JSON object: {\"ok\":false,\"position\":3,\"command\":\"RNTO\",\"reply\":503,\n"
    "                   \"rule\":\"rnto_after_rnfr\",\"message\":...,\"why\":...,\"fix\":...,\"server\":\"rfc959\"}\n"
    "                   or {\"ok\":true,\"commands\":N,\"server\":\"rfc959\"}\n"
    "  --server FAMILY  answer as this server family does where servers differ:\n"
    "                   rfc959 (default, strict RFC reading), vsftpd (3.0.3 without TLS), pyftpdlib (1.5.7),\n"
    "                   proftpd (1.3.8), pureftpd (1.0.50; also pure-ftpd), each configured without TLS, and\n"
    "                   vsftpd-tls, pyftpdlib-tls, proftpd-tls, pureftpd-tls with TLS allowed (RFC 4217);\n"
    "                   the output then says where the family's answer was recorded (tests/data/servers/):\n"
    "                   a \"note:\" line, the JSON field \"note\". \"reply\": null means the server refuses\n"
    "                   nothing: the client must wait, or the command hangs (pyftpdlib: a transfer without\n"
    "                   PASV/PORT), or it is HOST after USER, which servers take until the login (RFC 7151\n"
    "                   §3) and a client does not send (§3.2.2)\n"
    "  --allow-unlisted take a verb outside the command table (CLNT, MFMT, PRET, XSHA1, a server's own:\n"
    "                   letters and digits, a letter first) instead of exit status 2, and judge it by the\n"
    "                   rules about every command, as `ftpwire lint` does: session_closed, and where the\n"
    "                   family applies them rnfr_only_rnto (ProFTPD's 501 after RNFR) and login_required\n"
    "                   (vsftpd and Pure-FTPd check the login before they look a verb up). After it an RNFR,\n"
    "                   a REST and a data port before it stay, as on every server recorded; rfc959 ends the\n"
    "                   RNFR and the REST (RFC 959 §4.1.3: \"immediately followed\"). The output counts such\n"
    "                   commands: \"unlisted\":N, \"(N outside the command table)\"; a finding's command is the\n"
    "                   verb as given, in capitals\n"
    "  --               ends the options: every argument after it is a command\n"
    "\n"
    "exit status: 0 the order is fine, 1 a rule is broken, 2 bad usage (unknown verb, no commands)\n";

struct parsed_command {
    ftpwire::step value;  // ftpwire::unlisted_step() for a verb outside the command table (--allow-unlisted)
    std::string_view verb_text;
    std::string_view argument;
};

// "VERB", "VERB arg" or "VERB:arg". A verb alone is a command whose argument is not given, so taken to fit its syntax;
// "VERB:" (or "VERB " with nothing after it) is the command sent without an argument.
bool parse_command(std::string_view text, bool allow_unlisted, parsed_command& out) {
    std::size_t cut = text.find_first_of(" :");
    const std::string_view name = text.substr(0, cut);
    const std::string_view arg = cut == std::string_view::npos ? std::string_view{} : text.substr(cut + 1);
    const ftpwire::verb_lookup found = ftpwire::find_verb(name);
    out.verb_text = name;
    out.argument = arg;
    if (!found.found) {
        out.value = ftpwire::unlisted_step();
        return allow_unlisted && ftpwire::detail::is_verb_name(name);
    }
    out.value = cut == std::string_view::npos ? ftpwire::step{found.value} : ftpwire::step{found.value, arg};
    return true;
}

std::string display(const parsed_command& c) {
    if (c.value.unlisted) {
        std::string text(c.verb_text);
        for (char& ch : text) ch = ftpwire::detail::ascii_upper(ch);
        return text;
    }
    const ftpwire::step& s = c.value;
    std::string text(ftpwire::to_string(s.command));
    if (s.epsv_all) text += " ALL";
    if (s.site_help) text += " HELP";
    if (s.stat_path) text += " <path>";
    if (s.argument == ftpwire::argument_fit::unexpected) text += " <argument>";
    return text;
}

}  // namespace

int run_check_sequence(int argc, char** argv) {
    bool json = false;
    bool allow_unlisted = false;
    ftpwire::server_family family = ftpwire::server_family::rfc959;
    std::vector<std::string_view> command_args;  // parsed once every option is known (--allow-unlisted may come last)
    bool options_done = false;                   // after "--" every argument is a command
    for (int i = 0; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (!options_done) {
            if (arg == "--") {
                options_done = true;
                continue;
            }
            if (arg == "--help" || arg == "-h") {
                std::fputs(check_sequence_help, stdout);
                return exit_ok;
            }
            if (arg == "--json") {
                json = true;
                continue;
            }
            if (arg == "--allow-unlisted") {
                allow_unlisted = true;
                continue;
            }
            const server_arg server = parse_server_arg("check-sequence", argc, argv, i, family);
            if (server == server_arg::usage_error) return exit_usage;
            if (server == server_arg::parsed) continue;
            if (arg.size() > 1 && arg[0] == '-' && arg[1] == '-') {
                std::fprintf(stderr, "ftpwire check-sequence: unknown option '%s' (try --help)\n", argv[i]);
                return exit_usage;
            }
        }
        command_args.push_back(arg);
    }
    std::vector<parsed_command> commands;
    for (const std::string_view arg : command_args) {
        parsed_command c;
        if (!parse_command(arg, allow_unlisted, c)) {
            const std::string_view name = arg.substr(0, arg.find_first_of(" :"));
            std::fprintf(stderr, "ftpwire check-sequence: unknown command verb in '%.*s'%s\n",
                         static_cast<int>(arg.size()), arg.data(),
                         ftpwire::detail::is_verb_name(name)
                             ? " (--allow-unlisted judges verbs outside the command table)"
                             : " (a verb is letters and digits, a letter first)");
            return exit_usage;
        }
        commands.push_back(c);
    }
    if (commands.empty()) {
        std::fprintf(stderr, "ftpwire check-sequence: no commands given (try --help)\n");
        return exit_usage;
    }

    std::vector<ftpwire::step> steps(commands.size());
    std::transform(commands.begin(), commands.end(), steps.begin(), [](const parsed_command& c) { return c.value; });
    const ftpwire::sequence_result result = ftpwire::check_sequence(steps.data(), steps.size(), family);
    const std::string_view server = ftpwire::to_string(family);
    const std::size_t unlisted = static_cast<std::size_t>(
        std::count_if(commands.begin(), commands.end(), [](const parsed_command& c) { return c.value.unlisted; }));
    if (result.ok) {
        if (json) {
            json_writer w;
            w.begin_object();
            w.field("ok", true);
            w.field("commands", static_cast<std::uint64_t>(commands.size()));
            if (allow_unlisted) w.field("unlisted", static_cast<std::uint64_t>(unlisted));
            w.field("server", server);
            w.end_object();
            w.write_line(stdout);
        } else {
            std::printf("ok: %zu command%s", commands.size(), commands.size() == 1 ? "" : "s");
            if (allow_unlisted) std::printf(" (%zu outside the command table)", unlisted);
            std::printf(" in an order that keeps to the rules (server family %.*s)\n", static_cast<int>(server.size()),
                        server.data());
        }
        return exit_ok;
    }

    const ftpwire::rule_info& r = ftpwire::info(result.broken);
    const std::string command = display(commands[result.index]);
    const std::size_t position = result.index + 1;
    if (json) {
        json_writer w;
        w.begin_object();
        w.field("ok", false);
        w.field("position", static_cast<std::uint64_t>(position));
        w.field("command", command);
        if (result.reply != 0)
            w.field("reply", static_cast<unsigned>(result.reply));
        else {
            w.key("reply");
            w.null();
        }
        w.field("rule", r.name);
        w.field("message", r.message);
        w.field("why", r.why);
        w.field("fix", r.fix);
        w.field("server", server);
        if (const std::string_view note = ftpwire::family_note(result.broken, family); !note.empty())
            w.field("note", note);
        w.end_object();
        w.write_line(stdout);
    } else {
        std::printf("command %zu (%s) breaks rule %.*s\n", position, command.c_str(), static_cast<int>(r.name.size()),
                    r.name.data());
        if (result.reply != 0)
            std::printf("  reply: %u %.*s (%.*s)\n", static_cast<unsigned>(result.reply),
                        static_cast<int>(ftpwire::refusal_text(result.reply).size()),
                        ftpwire::refusal_text(result.reply).data(), static_cast<int>(server.size()), server.data());
        else if (result.broken == ftpwire::rule::host_before_user)
            std::printf(
                "  reply: none: a server takes HOST until the login (RFC 7151 §3), a client sends it before "
                "USER (§3.2.2)\n");
        else
            std::printf("  reply: none, the client must wait\n");
        std::printf("  rule:  %.*s\n  why:   %.*s\n  fix:   %.*s\n", static_cast<int>(r.message.size()),
                    r.message.data(), static_cast<int>(r.why.size()), r.why.data(), static_cast<int>(r.fix.size()),
                    r.fix.data());
        const std::string_view note = ftpwire::family_note(result.broken, family);
        if (!note.empty()) std::printf("  note:  %.*s\n", static_cast<int>(note.size()), note.data());
    }
    return exit_finding;
}

}  // namespace ftpwire_cli
