// ftpwire lint: reads an FTP session transcript (curl -v, Python ftplib debug output), replays it through the
// runtime sequencer with the replies the server really sent, and reports every command that breaks a
// sequencing rule (line, command, what the server answered, the rule, the fix) and explains every 4xx/5xx
// reply with the reply-code table.
#include "cli_args.hpp"
#include "json.hpp"
#include "subcommands.hpp"

#include <ftpwire/command.hpp>
#include <ftpwire/reply_code.hpp>
#include <ftpwire/reply_parser.hpp>
#include <ftpwire/sequence_rules.hpp>
#include <ftpwire/sequencer.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace ftpwire_cli {
namespace {

constexpr const char* lint_help =
    "usage: ftpwire lint [--json] [--server FAMILY] [FILE|-]\n"
    "\n"
    "Reads an FTP session transcript (stdin by default) and replays it through the sequencer with the\n"
    "replies the server really sent. Reports every command that breaks a sequencing rule (RFC 959 §5.4/§6,\n"
    "RFC 2228, RFC 2428, RFC 4217, RFC 7151): its line, what the server answered, the rule, why, and the fix;\n"
    "and explains every 4xx/5xx reply with the reply-code table.\n"
    "\n"
    "Transcript formats (mixed freely; other lines are ignored):\n"
    "  curl -v           \"> COMMAND\" and \"< reply line\" (one per line of a multi-line reply)\n"
    "  Python ftplib     set_debuglevel(1|2): *cmd* '...', *resp* '...' (and *put* / *get* at level 2)\n"
    "A 220 greeting that answers no command starts a new session (curl re-connecting, a new ftplib.FTP).\n"
    "\n"
    "  --json            one JSON object per line: {\"kind\":\"violation\",\"line\":..,\"command\":..,\"verb\":..,\n"
    "                    \"rule\":..,\"rfc\":..,\"predicted\":503,\"replies\":[503],\"reply_line\":..,"
    "\"reply_text\":..,\n"
    "                    \"why\":..,\"fix\":..}, {\"kind\":\"error_reply\",\"line\":..,\"code\":..,\"name\":..,\n"
    "                    \"command\":..,\"command_line\":..,\"meaning\":..,\"fix\":..}, and last "
    "{\"kind\":\"summary\",\n"
    "                    \"sessions\":..,\"commands\":..,\"replies\":..,\"violations\":..,\"error_replies\":..,"
    "\"server\":..}\n"
    "  --server FAMILY   judge as this server family does where servers differ: rfc959 (default, strict RFC\n"
    "                    reading), vsftpd, pyftpdlib, proftpd\n"
    "\n"
    "exit status: 0 no rule broken, 1 a command broke a rule, 2 bad usage or unreadable input (no file, or no\n"
    "             transcript line in it)\n";

// ---- reading the transcript ---------------------------------------------------------------------------------

struct event {
    enum class kind { command, reply };
    kind what;
    std::size_t line;  // 1-based line of the command, or of the reply's first line
    std::string text;  // the command line, or the reply's lines joined with '\n'
    int code = 0;      // replies
};

// Appends the UTF-8 encoding of code point cp.
void append_utf8(std::string& out, unsigned long cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decodes the Python string literal ftplib prints with repr(): '...' or "...", backslash escapes.
bool decode_python_literal(std::string_view s, std::string& out) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
    if (s.size() < 2 || (s.front() != '\'' && s.front() != '"') || s.back() != s.front()) return false;
    s = s.substr(1, s.size() - 2);
    out.clear();
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\') {
            out += s[i];
            continue;
        }
        if (++i >= s.size()) return false;
        const char e = s[i];
        std::size_t digits = 0;
        switch (e) {
            case 'n': out += '\n'; continue;
            case 'r': out += '\r'; continue;
            case 't': out += '\t'; continue;
            case '\\': out += '\\'; continue;
            case '\'': out += '\''; continue;
            case '"': out += '"'; continue;
            case 'a': out += '\a'; continue;
            case 'b': out += '\b'; continue;
            case 'f': out += '\f'; continue;
            case 'v': out += '\v'; continue;
            case '0': out += '\0'; continue;
            case 'x': digits = 2; break;
            case 'u': digits = 4; break;
            case 'U': digits = 8; break;
            default: return false;
        }
        if (i + digits >= s.size()) return false;
        unsigned long cp = 0;
        for (std::size_t k = 1; k <= digits; ++k) {
            const int d = hex_digit(s[i + k]);
            if (d < 0) return false;
            cp = cp * 16 + static_cast<unsigned long>(d);
        }
        i += digits;
        if (e == 'x')
            out += static_cast<char>(cp);  // a byte: repr of a str gives \x only below U+0100
        else
            append_utf8(out, cp);
    }
    return true;
}

// Collects reply lines until ftpwire's reply parser says the reply is complete (a multi-line reply ends at
// "ddd " with its code, RFC 959 §4.2), then emits one reply event.
class reply_assembler {
public:
    explicit reply_assembler(std::vector<event>& events) : events_(events) {}

    void add_line(std::string_view line, std::size_t line_number) {
        if (buffer_.empty()) first_line_ = line_number;
        buffer_.append(line);
        buffer_ += "\r\n";
        const ftpwire::parse_result r = parser_.parse(buffer_);
        if (r.need_more()) return;
        if (r.complete()) {
            std::string text;
            for (const ftpwire::line_view& l : r.reply.lines()) {
                if (!text.empty()) text += '\n';
                text.append(l.raw);
            }
            events_.push_back({event::kind::reply, first_line_, text, r.reply.code()});
        } else {
            ++malformed_;
        }
        buffer_.clear();
    }
    // A command line ends any reply still being collected (a transcript cut in the middle of one).
    void flush() {
        if (!buffer_.empty()) ++malformed_;
        buffer_.clear();
        parser_.reset();
    }
    [[nodiscard]] std::size_t malformed() const { return malformed_; }

private:
    std::vector<event>& events_;
    ftpwire::reply_parser parser_;
    std::string buffer_;
    std::size_t first_line_ = 0;
    std::size_t malformed_ = 0;
};

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// ftplib at debuglevel 2 prints each command twice (*cmd* and *put*) and each reply twice (*get* per line and
// *resp* for the whole): the *cmd* / *resp* lines win when the transcript has them.
std::vector<event> read_events(const std::string& input, std::size_t& malformed) {
    const bool has_cmd = input.find("*cmd* ") != std::string::npos;
    const bool has_resp = input.find("*resp* ") != std::string::npos;
    std::vector<event> events;
    reply_assembler replies(events);
    std::size_t number = 0;
    std::string decoded;
    for (std::size_t pos = 0; pos < input.size();) {
        std::size_t end = input.find('\n', pos);
        if (end == std::string::npos) end = input.size();
        std::string_view line(input.data() + pos, end - pos);
        pos = end + 1;
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

        if (starts_with(line, "> ")) {  // curl -v: a command
            replies.flush();
            events.push_back({event::kind::command, number, std::string(line.substr(2)), 0});
        } else if (starts_with(line, "< ")) {  // curl -v: one reply line
            replies.add_line(line.substr(2), number);
        } else if ((starts_with(line, "*cmd* ") || (!has_cmd && starts_with(line, "*put* ")))) {
            if (!decode_python_literal(line.substr(6), decoded)) {
                ++malformed;
                continue;
            }
            while (!decoded.empty() && (decoded.back() == '\n' || decoded.back() == '\r')) decoded.pop_back();
            replies.flush();
            events.push_back({event::kind::command, number, decoded, 0});
        } else if (starts_with(line, "*resp* ") || (!has_resp && starts_with(line, "*get* "))) {
            if (!decode_python_literal(line.substr(line[1] == 'r' ? 7 : 6), decoded)) {
                ++malformed;
                continue;
            }
            std::size_t start = 0;  // *resp* joins the lines of a multi-line reply with '\n'
            for (;;) {
                const std::size_t lf = decoded.find('\n', start);
                std::string_view part(decoded.data() + start, (lf == std::string::npos ? decoded.size() : lf) - start);
                if (!part.empty() && part.back() == '\r') part.remove_suffix(1);
                if (!part.empty() || lf != std::string::npos) replies.add_line(part, number);
                if (lf == std::string::npos || lf + 1 == decoded.size()) break;
                start = lf + 1;
            }
        }
    }
    replies.flush();
    malformed += replies.malformed();
    return events;
}

// ---- replaying it -------------------------------------------------------------------------------------------

struct command_record {
    std::size_t line = 0;
    std::string text;
    std::string verb;
    bool violation = false;
    ftpwire::verdict verdict;
    std::vector<int> replies;
    std::size_t reply_line = 0;
    std::string reply_text;  // the first reply's text
};

struct error_reply {
    std::size_t line;
    int code;
    std::string text;
    std::size_t command_index;  // into commands, or npos for a reply to no command (greeting, 421)
};

struct lint_result {
    std::vector<command_record> commands;
    std::vector<error_reply> errors;
    std::size_t sessions = 0;
    std::size_t replies = 0;
    std::size_t violations = 0;
};

lint_result replay(const std::vector<event>& events, ftpwire::server_family family) {
    lint_result out;
    ftpwire::sequencer seq(family);
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t current = none;  // the command the next replies answer
    for (const event& e : events) {
        if (e.what == event::kind::reply) {
            ++out.replies;
            const bool unsolicited = !seq.awaiting_reply() && !seq.transfer_open();
            if (unsolicited && (e.code == 220 || e.code == 120) &&
                seq.state().login != ftpwire::login_state::greeting_delayed) {
                seq = ftpwire::sequencer(family);  // a greeting: a new connection
                ++out.sessions;
                current = none;
            }
            if (out.sessions == 0) out.sessions = 1;
            seq.on_reply(e.code);
            if (current != none) {
                command_record& c = out.commands[current];
                if (c.replies.empty()) {
                    c.reply_line = e.line;
                    c.reply_text = e.text;
                }
                c.replies.push_back(e.code);
            }
            if (e.code >= 400 && e.code <= 599) out.errors.push_back({e.line, e.code, e.text, current});
            continue;
        }
        command_record c;
        c.line = e.line;
        c.text = e.text;
        const std::size_t space = e.text.find(' ');
        c.verb = e.text.substr(0, space);
        const std::string_view argument =
            space == std::string::npos ? std::string_view{} : std::string_view(e.text).substr(space + 1);
        const ftpwire::verb_lookup v = ftpwire::find_verb(c.verb);
        if (v.found) {  // a verb ftpwire does not know is no sequencing matter (its 500 is explained below)
            c.verdict = seq.check(v.value, argument);
            c.violation = !c.verdict.accepted;
            seq.on_command(v.value, argument);
        }
        if (c.violation) ++out.violations;
        out.commands.push_back(std::move(c));
        current = out.commands.size() - 1;
    }
    return out;
}

// ---- reporting ----------------------------------------------------------------------------------------------

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string replies_text(const std::vector<int>& codes) {
    std::string s;
    for (int code : codes) s += (s.empty() ? "" : " then ") + std::to_string(code);
    return s;
}

void print_text(const lint_result& r, const std::string& name, ftpwire::server_family family) {
    struct item {
        std::size_t line;
        std::string text;
    };
    std::vector<item> items;
    for (const command_record& c : r.commands) {
        if (!c.violation) continue;
        const ftpwire::rule_info& rule = ftpwire::info(c.verdict.broken);
        std::string t = name + ":" + std::to_string(c.line) + ": " + c.text + ": breaks " + std::string(rule.name) +
                        " (" + std::string(rule.rfc) + "): " + std::string(rule.message) + "\n";
        if (c.replies.empty()) {
            t += "    server answered: nothing in the transcript";
        } else {
            t += "    server answered: " + replies_text(c.replies) + " (line " + std::to_string(c.reply_line) + ": " +
                 first_line(c.reply_text) + ")";
        }
        t += c.verdict.reply != 0 ? "; the rules predict " + std::to_string(c.verdict.reply) + "\n"
                                  : "; the rules predict no reply yet (the client must wait)\n";
        t += "    why: " + std::string(rule.why) + "\n    fix: " + std::string(rule.fix) + "\n";
        items.push_back({c.line, t});
    }
    for (const error_reply& e : r.errors) {
        const ftpwire::reply_code_explanation x = ftpwire::explain(e.code);
        std::string t = name + ":" + std::to_string(e.line) + ": reply " + first_line(e.text);
        if (e.command_index < r.commands.size()) {
            const command_record& c = r.commands[e.command_index];
            t += " (to " + c.verb + " at line " + std::to_string(c.line) + ")";
        }
        t += "\n    " + std::to_string(e.code) + " " + std::string(x.name) + ": " + std::string(x.description) +
             "\n    fix: " + std::string(x.fix) + "\n";
        items.push_back({e.line, t});
    }
    // In transcript order; a command before the reply on the same line cannot happen, so line order is enough.
    // Stable, so replies that share a line (several in one ftplib *resp*) keep the order they were read in;
    // O(n log n), as a transcript may hold tens of thousands of findings.
    std::stable_sort(items.begin(), items.end(), [](const item& a, const item& b) { return a.line < b.line; });
    for (const item& i : items) std::fputs(i.text.c_str(), stdout);
    std::printf(
        "%s: %zu session(s), %zu command(s), %zu reply(ies): %zu sequencing violation(s), %zu 4xx/5xx "
        "reply(ies) [rules: %.*s]\n",
        name.c_str(), r.sessions, r.commands.size(), r.replies, r.violations, r.errors.size(),
        static_cast<int>(ftpwire::to_string(family).size()), ftpwire::to_string(family).data());
}

void add_field(std::string& out, std::string_view key, std::string_view value) {
    out += ",";
    append_json_string(out, key);
    out += ":";
    append_json_string(out, value);
}
void add_number(std::string& out, std::string_view key, std::size_t value) {
    out += ",";
    append_json_string(out, key);
    out += ":" + std::to_string(value);
}

void print_json(const lint_result& r, ftpwire::server_family family) {
    for (const command_record& c : r.commands) {
        if (!c.violation) continue;
        const ftpwire::rule_info& rule = ftpwire::info(c.verdict.broken);
        std::string o = "{\"kind\":\"violation\"";
        add_number(o, "line", c.line);
        add_field(o, "command", c.text);
        add_field(o, "verb", c.verb);
        add_field(o, "rule", rule.name);
        add_field(o, "rfc", rule.rfc);
        add_number(o, "predicted", c.verdict.reply);
        o += ",\"replies\":[";
        for (std::size_t i = 0; i < c.replies.size(); ++i) o += (i ? "," : "") + std::to_string(c.replies[i]);
        o += "]";
        if (!c.replies.empty()) {
            add_number(o, "reply_line", c.reply_line);
            add_field(o, "reply_text", c.reply_text);
        }
        add_field(o, "message", rule.message);
        add_field(o, "why", rule.why);
        add_field(o, "fix", rule.fix);
        std::puts((o + "}").c_str());
    }
    for (const error_reply& e : r.errors) {
        const ftpwire::reply_code_explanation x = ftpwire::explain(e.code);
        std::string o = "{\"kind\":\"error_reply\"";
        add_number(o, "line", e.line);
        add_number(o, "code", static_cast<std::size_t>(e.code));
        add_field(o, "text", e.text);
        add_field(o, "name", x.name);
        if (e.command_index < r.commands.size()) {
            add_field(o, "command", r.commands[e.command_index].text);
            add_number(o, "command_line", r.commands[e.command_index].line);
        }
        add_field(o, "meaning", x.description);
        add_field(o, "fix", x.fix);
        std::puts((o + "}").c_str());
    }
    std::string o = "{\"kind\":\"summary\"";
    add_number(o, "sessions", r.sessions);
    add_number(o, "commands", r.commands.size());
    add_number(o, "replies", r.replies);
    add_number(o, "violations", r.violations);
    add_number(o, "error_replies", r.errors.size());
    add_field(o, "server", ftpwire::to_string(family));
    std::puts((o + "}").c_str());
}

bool read_all(std::FILE* f, std::string& out) {
    char buffer[65536];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) out.append(buffer, n);
    return std::ferror(f) == 0;
}

}  // namespace

int run_lint(int argc, char** argv) {
    bool json = false;
    ftpwire::server_family family = ftpwire::server_family::rfc959;
    const char* path = nullptr;
    for (int i = 0; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(lint_help, stdout);
            return exit_ok;
        }
        if (arg == "--json") {
            json = true;
        } else if (const server_arg server = parse_server_arg("lint", argc, argv, i, family);
                   server != server_arg::not_server) {
            if (server == server_arg::usage_error) return exit_usage;
        } else if (arg.size() > 1 && arg[0] == '-') {
            std::fprintf(stderr, "ftpwire lint: unknown option '%s' (try --help)\n", argv[i]);
            return exit_usage;
        } else if (path != nullptr) {
            std::fprintf(stderr, "ftpwire lint: one transcript at a time\n");
            return exit_usage;
        } else {
            path = argv[i];
        }
    }

    std::string input;
    const bool from_stdin = path == nullptr || std::strcmp(path, "-") == 0;
    const std::string name = from_stdin ? "<stdin>" : path;
    std::FILE* f = from_stdin ? stdin : std::fopen(path, "rb");
    if (f == nullptr) {
        std::fprintf(stderr, "ftpwire lint: cannot open %s: %s\n", path, std::strerror(errno));
        return exit_usage;
    }
    const bool read_ok = read_all(f, input);
    if (!from_stdin) std::fclose(f);
    if (!read_ok) {
        std::fprintf(stderr, "ftpwire lint: cannot read %s\n", name.c_str());
        return exit_usage;
    }
    std::size_t malformed = 0;
    const std::vector<event> events = read_events(input, malformed);
    if (events.empty()) {
        std::fprintf(stderr,
                     "ftpwire lint: %s holds no transcript lines (curl -v \"> \"/\"< \" or ftplib *cmd*/*resp*)\n",
                     name.c_str());
        return exit_usage;
    }
    if (malformed != 0)
        std::fprintf(stderr, "ftpwire lint: %s: %zu line(s) could not be read as commands or replies\n", name.c_str(),
                     malformed);
    const lint_result result = replay(events, family);
    if (json)
        print_json(result, family);
    else
        print_text(result, name, family);
    return result.violations != 0 ? exit_finding : exit_ok;
}

}  // namespace ftpwire_cli
