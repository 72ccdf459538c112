// ftpwire lint: reads an FTP session transcript (curl -v; Python ftplib, lftp or basic-ftp debug output), replays
// it through the runtime sequencer with the replies the server really sent, and reports every command that breaks a
// sequencing rule (line, command, what the server answered, the rule, the fix) and explains every 4xx/5xx
// reply with the reply-code table.
#include "cli_args.hpp"
#include "display_text.hpp"
#include "json.hpp"
#include "subcommands.hpp"

#include <ftpwire/command.hpp>
#include <ftpwire/payload.hpp>
#include <ftpwire/reply_code.hpp>
#include <ftpwire/reply_parser.hpp>
#include <ftpwire/sequence_rules.hpp>
#include <ftpwire/sequencer.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ftpwire_cli {
namespace {

constexpr const char* lint_help =
    "usage: ftpwire lint [--json] [--server FAMILY|auto] [FILE|-]\n"
    "\n"
    "Reads an FTP session transcript (stdin by default) and replays it through the sequencer with the\n"
    "replies the server really sent. Reports every command that breaks a sequencing rule (RFC 959 §5.4/§6,\n"
    "RFC 2228, RFC 2428, RFC 4217, RFC 7151): its line, what the server answered, the rule, why, and the fix;\n"
    "and explains every 4xx/5xx reply with the reply-code table.\n"
    "\n"
    "Transcript formats (mixed freely; other lines are ignored):\n"
    "  curl -v           \"> COMMAND\" and \"< reply line\" (one per line of a multi-line reply), also with\n"
    "                    --trace-time (\"HH:MM:SS.ffffff \" before each line)\n"
    "  Python ftplib     set_debuglevel(1|2): *cmd* '...', *resp* '...' (and *put* / *get* at level 2; abort()\n"
    "                    prints *put urgent* b'ABOR\\r\\n' and only *get* lines for its reply; at level 1\n"
    "                    nothing, so a 225 while a transfer runs and nothing waits stands for the ABOR)\n"
    "  lftp              debug 5 or more (lftp -d): \"---> COMMAND\", \"<--- reply line\", also with debug -p/-t/-c\n"
    "                    prefixes ([PID], date and time, host); the reply to `quote` is in it at debug 10 only\n"
    "                    (below, lftp prints it on stdout alone, and the replies after it shift)\n"
    "  basic-ftp         Node.js, client.ftp.verbose = true: \"> COMMAND\", and \"< \" before each chunk the socket\n"
    "                    delivered (its other lines unprefixed, an empty line after it; a chunk cut in the middle\n"
    "                    of a line, even of the code, goes on in the next \"< \")\n"
    "Server logs, many connections interleaved (each connection a session of its own, reported with its name):\n"
    "  vsftpd            its own log (vsftpd_log_file) with log_ftp_protocol=YES, xferlog_std_format=NO:\n"
    "                    DATE [pid N] [USER] FTP command: Client \"ADDRESS\", \"COMMAND\" (and FTP response,\n"
    "                    CONNECT); a reply written in pieces (\"??\" ends a line) is joined; the process that takes\n"
    "                    a connection over at its login is matched with the connection from that address whose\n"
    "                    USER or PASS has waited longest for its reply (named \"ADDRESS pid N\", its first process);\n"
    "                    or the same sent to syslog (syslog_enable=YES) as the syslog daemon writes it:\n"
    "                    \"... vsftpd[N]: [USER] FTP command: ...\", \"#015#012\" for a CRLF (rsyslog); vsftpd 3.0.3\n"
    "                    logs nothing there before the login: each connection is read from its login on\n"
    "  pyftpdlib         its log at DEBUG level (python3 -m pyftpdlib -D, or logging's DEBUG:pyftpdlib:):\n"
    "                    \"HOST:PORT-[USER] <- COMMAND\", \"-> REPLY\" (a multi-line reply by its last line),\n"
    "                    \"FTP session opened (connect)\" (named \"HOST:PORT\")\n"
    "  A server log is judged as that server (as --server auto does, with its TLS variant after AUTH 234)\n"
    "  unless --server names a family. A connection whose start the log does not hold (a rotated log) is read\n"
    "  as after its greeting, or as logged in when its first line names a user.\n"
    "A 120/220 greeting that answers neither the connection nor a REIN (or HOST, EPSV ALL) waiting for it starts\n"
    "a new session (curl or lftp re-connecting, a new ftplib.FTP), even while a command or a transfer waits for\n"
    "its reply. A transcript that starts after the greeting (ftplib's set_debuglevel() called after connecting, an\n"
    "excerpt) is read as if it had come: its first reply other than 120, 220 or 421 answers its first command;\n"
    "a connection's first 220 after HOST, EPSV ALL or REIN (or 120 after REIN) is that command's reply when the\n"
    "replies other than 1yz from it up to the next command are no more than the commands waiting (else it is the\n"
    "greeting, and the commands were sent before it).\n"
    "ftplib's *welcome* line (getwelcome()) is the greeting when no reply came before it. A UTF-8 byte order mark\n"
    "at the start is skipped.\n"
    "Replies are matched with the commands waiting for them in the order those were sent; a 1xx reply does not\n"
    "complete a command (after a transfer's 125/150 the server reads the next one, though). A command sent before\n"
    "the reply to the one before it (pipelining) is reported as wait_for_reply, and then replayed as the server\n"
    "reads it, after that reply, as if the client had waited; a rule it breaks there (ProFTPD refuses LIST sent\n"
    "right behind RNFR) is reported for it too.\n"
    "A verb outside ftpwire's command table (MFMT, CLNT, PRET, ...) waits for its reply like any other, and breaks\n"
    "only the rules about every command: greeting_first, wait_for_reply, session_closed, and where the server\n"
    "applies them to every verb, login_required (vsftpd, Pure-FTPd: 530 before the login) and rnfr_only_rnto\n"
    "(ProFTPD: 501 between RNFR and RNTO); it changes nothing, but ends a pending RNFR or REST in the rfc959\n"
    "reading (RFC 959 §4.1.3: \"immediately\"; the server families keep them).\n"
    "A reply that ends a transfer is matched with the transfer command (RETR, LIST, ...), even when STAT, ABOR or\n"
    "NOOP was sent since; a reply while no command waits (a 421 out of the blue) is matched with none.\n"
    "The text report shows commands and replies so that no byte of them acts on the terminal: control characters\n"
    "but TAB (ESC, NUL, CR, DEL, U+0080-U+009F) and bytes that are not UTF-8 as \\xNN, the Unicode controls that\n"
    "reorder a line (U+202A-U+202E, U+2066-U+2069) as \\uNNNN; --json gives the exact bytes.\n"
    "\n"
    "  --json            one JSON object per line: {\"kind\":\"violation\",\"line\":..,\"command\":..,\"verb\":..,\n"
    "                    \"rule\":..,\"rfc\":..,\"when\":\"sent\",\"predicted\":503,\"replies\":[503],\n"
    "                    \"reply_line\":..,\"reply_text\":..,\"message\":..,\"why\":..,\"fix\":..},\n"
    "                    {\"kind\":\"error_reply\",\"line\":..,\"code\":..,\"text\":..,\"name\":..,\"command\":..,\n"
    "                    \"command_line\":..,\"meaning\":..,\"fix\":..,\"cause\":..,\"cause_text\":..},\n"
    "                    and last {\"kind\":\"summary\",\n"
    "                    \"sessions\":..,\"commands\":..,\"replies\":..,\"violations\":..,\"error_replies\":..,\n"
    "                    \"server\":..,\"servers\":[..],\"argument_violations\":..}\n"
    "                    (argument_violations: those of \"violations\" that break argument_syntax)\n"
    "                    \"when\":\"read\" for a rule a pipelined command breaks where the server reads it\n"
    "                    (a second violation of that command, after its wait_for_reply), or a command\n"
    "                    sent during a transfer and read after the transfer's end (Pure-FTPd);\n"
    "                    \"predicted\":0 when the rule predicts no reply (the client must wait for one), or\n"
    "                    no refusal (host_before_user: HOST after USER, which servers take until the\n"
    "                    login and a client does not send, RFC 7151 §3.2.2);\n"
    "                    \"reply_line\"/\"reply_text\" only when the server answered the command, and\n"
    "                    \"command\"/\"command_line\" only when a command was waiting for the reply;\n"
    "                    \"connection\":.. (after \"line\") only for a server log's connection;\n"
    "                    \"cause\"/\"cause_text\" only when a known cause applies: \"lowercase_verb\" (a 4xx/5xx\n"
    "                    as the first reply to a verb sent not in upper case that broke no rule) or\n"
    "                    \"telnet_in_command\" (500/501/502 to a command line holding a Telnet IAC byte, 0xFF) or\n"
    "                    \"out_of_sequence\" (the x0z/x5z code the server family answers a command that broke\n"
    "                    a rule with, e.g. ProFTPD's 501 after RNFR, vsftpd's 550 to PBSZ without TLS) or\n"
    "                    \"state_lost_on_reconnect\" (a command whose prerequisite, RNFR, PASV/PORT, the login or\n"
    "                    AUTH, the connection before had set up: the client reconnected in between) or\n"
    "                    \"ascii_resume\" (a restart refused in the ASCII type, TYPE A, the default: REST 501 on\n"
    "                    ProFTPD and pyftpdlib, RETR/STOR/APPE/STOU after REST 503 on Pure-FTPd, 550 on vsftpd) or\n"
    "                    \"ascii_size\" (SIZE refused in the ASCII type with a 550 that says so: ProFTPD and\n"
    "                    pyftpdlib) or \"missing_argument\" (500/501/504/550/553 to a command sent without the\n"
    "                    argument its syntax requires: RETR, TYPE, RNTO alone) or \"unexpected_argument\"\n"
    "                    (500/501/504 to a command sent with an argument it takes none of: PASV x, PWD x)\n"
    "  --server FAMILY   judge as this server family does where servers differ: rfc959 (default, strict RFC\n"
    "                    reading), vsftpd, pyftpdlib, proftpd, pureftpd (as configured without TLS), vsftpd-tls,\n"
    "                    pyftpdlib-tls, proftpd-tls, pureftpd-tls (with TLS); or auto: each session as the family its\n"
    "                    greeting names (vsFTPd, ProFTPD, Pure-FTPd, pyftpdlib), rfc959 where it names none,\n"
    "                    and as that family with TLS (vsftpd-tls, ...) once it answers AUTH TLS 234 (the\n"
    "                    whole session, the commands before the AUTH included)\n"
    "                    (\"server\":\"auto\"; \"servers\" lists the family each session was judged as last)\n"
    "  --                ends the options: the argument after it is the transcript's name, also when it starts\n"
    "                    with '-'\n"
    "\n"
    "exit status: 0 no rule broken, 1 a command broke a rule, 2 bad usage or unreadable input (no file, or no\n"
    "             transcript line in it)\n";

// ---- reading the transcript ---------------------------------------------------------------------------------

// Who wrote a transcript line: a client, or a server's log of its control connections (many connections
// interleaved, each line saying which connection it belongs to; lint replays each as a session of its own).
enum class log_source : std::uint8_t { client, vsftpd, pyftpdlib };

struct event {
    enum class kind { command, reply, connect };  // connect: the client opens a control connection (lftp says so)
    event(kind what_, std::size_t line_, std::string text_, int code_)
        : what(what_), line(line_), text(std::move(text_)), code(code_) {}
    kind what;
    std::size_t line;  // 1-based line of the command, or of the reply's first line
    std::string text;  // the command line, or the reply's lines joined with '\n'
    int code = 0;      // replies
    // A server log's connect event, which comes before each connection's events: the server, the connection's name
    // ("127.0.0.1 pid 1184", "127.0.0.1:33224") and whether it was logged in before the log's start.
    log_source source = log_source::client;
    std::string connection;
    bool logged_in_before = false;
};

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decodes the Python string literal ftplib prints with repr(): '...' or "...", backslash escapes; or b'...', the
// repr() of bytes, which abort() prints for the ABOR it sends (Python 3.11 ftplib.py FTP.abort: line is
// b'ABOR' + B_CRLF).
bool decode_python_literal(std::string_view s, std::string& out) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
    if (s.size() > 2 && s.front() == 'b' && (s[1] == '\'' || s[1] == '"')) s.remove_prefix(1);
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
        discard();
    }
    // Drops the reply being collected: the transcript holds it again in another form.
    void discard() {
        buffer_.clear();
        parser_.reset();
    }
    [[nodiscard]] bool collecting() const { return !buffer_.empty(); }
    [[nodiscard]] std::size_t malformed() const { return malformed_; }
    // The malformed count so far, which starts again from 0.
    [[nodiscard]] std::size_t take_malformed() { return std::exchange(malformed_, 0); }

private:
    // A transcript was read whole by the client that wrote it: the limits that guard a parser on the network (8 KiB
    // lines, docs/bad-input.md) would drop a long reply and match every reply after it with the wrong command.
    static ftpwire::parse_options transcript_options() {
        ftpwire::parse_options o;
        o.max_line_length = ftpwire::no_limit;
        o.max_lines_per_reply = ftpwire::no_limit;
        o.max_reply_bytes = ftpwire::no_limit;
        return o;
    }

    std::vector<event>& events_;
    ftpwire::reply_parser parser_{transcript_options()};
    std::string buffer_;
    std::size_t first_line_ = 0;
    std::size_t malformed_ = 0;
};

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Calls f(line, number) for each line of input (number from 1), without its '\n' and a CR before it; f returns
// false to stop.
template <typename F>
void for_each_line(std::string_view input, F f) {
    std::size_t number = 0;
    for (std::size_t pos = 0; pos < input.size();) {
        std::size_t end = input.find('\n', pos);
        if (end == std::string_view::npos) end = input.size();
        std::string_view line = input.substr(pos, end - pos);
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!f(line, ++number)) return;
    }
}

// The reply lines ftplib prints as *get* at debuglevel 2, one per line as getline() reads it. getresp() then
// prints the whole reply again as *resp*, which wins; but abort() reads its reply with getmultiline() alone
// (Python 3.11 ftplib.py FTP.abort), so that reply has *get* lines and no *resp*. A reply read from *get* lines
// is therefore held until the next transcript line shows whether a *resp* repeats it.
class ftplib_get_lines {
public:
    explicit ftplib_get_lines(std::vector<event>& events) : events_(events), assembler_(held_) {}

    void add_line(std::string_view line, std::size_t line_number) {
        if (!assembler_.collecting()) release();  // a new reply: no *resp* came for the one held
        assembler_.add_line(line, line_number);
    }
    void add_unreadable_line() { ++unreadable_; }
    // A *resp* line: the reply the *get* lines hold is the one it repeats.
    void replace_with_resp() {
        held_.clear();
        assembler_.discard();
        static_cast<void>(assembler_.take_malformed());
        unreadable_ = 0;
    }
    // Any other transcript line, or the end: no *resp* repeats the held reply, so it stands.
    void release() {
        assembler_.flush();
        malformed_ += assembler_.take_malformed() + std::exchange(unreadable_, 0);
        events_.insert(events_.end(), held_.begin(), held_.end());
        held_.clear();
    }
    [[nodiscard]] std::size_t malformed() const { return malformed_; }

private:
    std::vector<event>& events_;
    std::vector<event> held_;
    reply_assembler assembler_;
    std::size_t unreadable_ = 0;  // *get* lines that were no Python literal, counted if no *resp* replaces them
    std::size_t malformed_ = 0;
};

// Splits a decoded *resp* or *get* literal into reply lines: *resp* joins the lines of a multi-line reply with
// '\n', *get* ends its one line with '\n' (or "\r\n").
template <typename Sink>
void add_reply_lines(const std::string& decoded, std::size_t line_number, Sink& sink) {
    std::size_t start = 0;
    for (;;) {
        const std::size_t lf = decoded.find('\n', start);
        std::string_view part(decoded.data() + start, (lf == std::string::npos ? decoded.size() : lf) - start);
        if (!part.empty() && part.back() == '\r') part.remove_suffix(1);
        if (!part.empty() || lf != std::string::npos) sink.add_line(part, line_number);
        if (lf == std::string::npos || lf + 1 == decoded.size()) break;
        start = lf + 1;
    }
}

// ftplib at debuglevel 2 prints each command twice (*cmd* and *put*): the *cmd* lines win when the transcript
// has them. abort() sends ABOR itself, printing only *put urgent* (Python 3.11 ftplib.py FTP.abort), so that
// line is always a command. The length of the prefix before the command's literal, 0 for other lines.
std::size_t ftplib_command_prefix(std::string_view line, bool has_cmd) {
    constexpr std::string_view cmd = "*cmd* ", put = "*put* ", put_urgent = "*put urgent* ";
    if (starts_with(line, cmd)) return cmd.size();
    if (!has_cmd && starts_with(line, put)) return put.size();
    if (starts_with(line, put_urgent)) return put_urgent.size();
    return 0;
}

// lftp's debug output (`debug 5` and up, `lftp -d`): "---> COMMAND", "<--- reply line" (each line of a multi-line
// reply), "---- " its notes ("---- Connecting to HOST ..." when it opens a control connection), "**** " its
// errors; "+--> " and "<--+ " are its exchange with an HTTP proxy (CONNECT), not FTP. `debug -p` puts "[PID] "
// before each line, `debug -t` "YYYY-MM-DD HH:MM:SS ", `debug -c` the connection's host. The text after the
// marker of a command or reply line, and which it is, and the host word before it; other lines are none.
struct lftp_line {
    enum class kind { none, command, reply, connect };
    kind what = kind::none;
    std::string_view text;
    std::string_view host;  // debug -c
};

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "[1234]", "2026-11-30" or "19:50:32": the fields debug -p and -t write.
bool lftp_prefix_field(std::string_view w) {
    if (w.size() >= 3 && w.front() == '[' && w.back() == ']') return all_digits(w.substr(1, w.size() - 2));
    if (w.size() == 10 && w[4] == '-' && w[7] == '-')
        return all_digits(w.substr(0, 4)) && all_digits(w.substr(5, 2)) && all_digits(w.substr(8, 2));
    if (w.size() == 8 && w[2] == ':' && w[5] == ':')
        return all_digits(w.substr(0, 2)) && all_digits(w.substr(3, 2)) && all_digits(w.substr(6, 2));
    return false;
}

lftp_line read_lftp_line(std::string_view line) {
    std::string_view host;  // debug -c: one word
    for (std::size_t pos = 0; pos < line.size();) {
        const std::string_view rest = line.substr(pos);
        if (starts_with(rest, "---> ")) return {lftp_line::kind::command, rest.substr(5), host};
        if (starts_with(rest, "<--- ")) return {lftp_line::kind::reply, rest.substr(5), host};
        if (starts_with(rest, "---- Connecting to ")) return {lftp_line::kind::connect, rest.substr(5), host};
        const std::size_t space = rest.find(' ');
        if (space == 0 || space == std::string_view::npos) return {};
        const std::string_view field = rest.substr(0, space);
        if (!lftp_prefix_field(field)) {
            if (!host.empty()) return {};
            host = field;
        }
        pos += space + 1;
    }
    return {};
}

// The host words of debug -c in front of lftp's reply lines: a line with a word in front of "---> " is lftp's only
// where lftp's replies carry the same word ("hello.txt ---> upload/hello.txt", a script's progress line, is not).
// A set: each line looks its word up, and a transcript of many hosts took time in lines × hosts (found by a
// randomized run of the CLI: 80,000 reply lines with as many words, 17.5 s).
using host_set = std::set<std::string, std::less<>>;
host_set lftp_hosts(std::string_view input) {
    host_set hosts;
    for_each_line(input, [&hosts](std::string_view line, std::size_t) {
        const lftp_line l = read_lftp_line(line);
        if (l.what == lftp_line::kind::reply && !l.host.empty()) hosts.emplace(l.host);
        return true;
    });
    return hosts;
}

// curl -v's own lines ("* Connected to ...", "*   Trying ...") and basic-ftp's notes ("Connected to HOST:PORT (No
// encryption)", "Login security: ..."): where one client's output ends and the other's begins in a transcript that
// holds both, so that curl's "< " lines are not read as basic-ftp's socket chunks.
bool is_curl_note(std::string_view line) { return starts_with(line, "* "); }

// curl --trace-time puts "HH:MM:SS.ffffff " before each line of -v: the line without it.
std::string_view without_curl_trace_time(std::string_view line) {
    constexpr std::size_t stamp = 16;  // "15:01:50.558144 "
    if (line.size() < stamp || line[2] != ':' || line[5] != ':' || line[8] != '.' || line[15] != ' ') return line;
    const bool digits = all_digits(line.substr(0, 2)) && all_digits(line.substr(3, 2)) &&
                        all_digits(line.substr(6, 2)) && all_digits(line.substr(9, 6));
    return digits ? line.substr(stamp) : line;
}
bool is_basic_ftp_note(std::string_view line) {
    return starts_with(line, "Login security: ") ||
           (starts_with(line, "Connected to ") && !line.empty() && line.back() == ')');
}

// basic-ftp's verbose output (Node.js, `client.ftp.verbose = true`): "> COMMAND", and "< " with each chunk its
// control socket delivered, as it came: the chunk's other lines follow without a prefix, and console.log's newline
// after the chunk's last CRLF leaves an empty line. A chunk that a socket read cut in the middle of a line has no
// empty line after it, and the next "< " chunk goes on with that line, even when the cut fell inside the reply
// code (where basic-ftp's own reader is known to lose the reply: it parses each chunk's replies on their own).
class raw_chunks {
public:
    explicit raw_chunks(reply_assembler& replies) : replies_(replies) {}

    // A "< " line: a chunk begins (an empty line before it ended the last one), or goes on with the line a cut
    // chunk left.
    void chunk(std::string_view text, std::size_t number) {
        blank_pending_ = false;
        if (line_.empty()) line_number_ = number;
        line_.append(text);
        open_ = true;
    }
    [[nodiscard]] bool open() const { return open_; }
    // A line without a prefix while a chunk is open: the chunk's next line, or an empty line. An empty line ends
    // the chunk, but inside a multi-line reply it may be one of the reply's lines (a server's empty text line):
    // the line after it decides. More of the chunk (another line, or a second empty line, the chunk's end after an
    // empty text line) makes it the reply's; a new chunk, a command or the end of the transcript, the chunk's end.
    void next_line(std::string_view line, std::size_t number) {
        end_line();
        if (blank_pending_) {  // more of the chunk came after the empty line: it was one of the reply's lines
            blank_pending_ = false;
            replies_.add_line("", blank_number_);
        }
        if (line.empty()) {
            if (replies_.collecting()) {
                blank_pending_ = true;
                blank_number_ = number;
            } else {
                open_ = false;
            }
            return;
        }
        line_.assign(line);
        line_number_ = number;
    }
    // Another kind of line (a command): the chunk ended there, after an empty line or in the middle of a line
    // (which then waits for the next chunk).
    void cut() {
        blank_pending_ = false;
        open_ = false;
    }
    [[nodiscard]] bool holds_a_cut_line() const { return !line_.empty(); }
    void finish() {
        end_line();
        blank_pending_ = open_ = false;
    }

    // Whether input is such output: basic-ftp's own notes are in it ("Connected to HOST:PORT (No encryption)",
    // "Login security: TLSv1.3"), or three in four "< " chunks, two at least, end with an empty line (curl -v prints
    // none; an empty line or two in a curl transcript do not make it basic-ftp's).
    static bool in(std::string_view input) {
        std::size_t chunks = 0, ended = 0;
        bool in_chunk = false, notes = false;
        for_each_line(input, [&](std::string_view line, std::size_t) {
            notes = is_basic_ftp_note(line);
            if (starts_with(line, "< ")) {
                ++chunks;
                in_chunk = true;
            } else if (line.empty()) {
                if (in_chunk) ++ended;
                in_chunk = false;
            } else if (starts_with(line, "> ") || starts_with(line, "* ") || starts_with(line, "{ ") ||
                       starts_with(line, "} ")) {
                in_chunk = false;
            }
            return !notes;
        });
        return notes || (ended >= 2 && 4 * ended >= 3 * chunks);
    }

private:
    void end_line() {
        if (!line_.empty()) replies_.add_line(line_, line_number_);
        line_.clear();
    }

    reply_assembler& replies_;
    std::string line_;  // the chunk's line not yet ended
    std::size_t line_number_ = 0;
    bool open_ = false;
    bool blank_pending_ = false;  // an empty line inside a multi-line reply: its line, or the chunk's end
    std::size_t blank_number_ = 0;
};

// ---- server logs ------------------------------------------------------------------------------------------------

ftpwire::server_family family_of(log_source s) {
    return s == log_source::pyftpdlib ? ftpwire::server_family::pyftpdlib : ftpwire::server_family::vsftpd;
}

struct server_log_line {
    enum class kind { none, connect, command, reply };
    kind what = kind::none;
    log_source source = log_source::client;
    std::string_view key;     // vsftpd: the process id; pyftpdlib: "HOST:PORT", the client's end
    std::string_view client;  // vsftpd: the client's address (the process changes at the login)
    std::string_view text;    // a command, or (a part of) a reply line
    bool named = false;       // the line names the connection's user (vsftpd after USER, pyftpdlib after USER)
    // vsftpd: how the log shows the CRLF that ends a reply line written raw ("??" in its file, "#015#012" in syslog)
    std::string_view line_end = "??";
};

// vsftpd's own log (vsftpd_log_file, /var/log/vsftpd.log; xferlog_enable=YES, xferlog_std_format=NO) with
// log_ftp_protocol=YES: "DATE [pid N] [USER] WHAT: Client "ADDRESS", "TEXT"" (vsftpd 3.0.3 logging.c, seen live),
// WHAT being CONNECT, FTP command or FTP response (the others, OK LOGIN, OK DOWNLOAD, ..., are not the protocol).
// The TEXT of a response is what one write to the control connection held, its unprintable bytes as '?': a reply
// line written whole ("230 Login successful.", "211-Features:") without its CRLF, a line written raw (FEAT's
// " EPRT\r\n", STAT's pieces) with it, as "??".
// The same log sent to syslog (syslog_enable=YES) as a syslog daemon writes it: "TIMESTAMP HOST vsftpd[N]: [USER]
// WHAT: Client ..." (the process id in the tag, not in the message; rsyslog's traditional or RFC 3339 timestamps,
// journalctl's short form), a CRLF as rsyslog escapes it, "#015#012" (its $EscapeControlCharactersOnReceive, on by
// default). vsftpd 3.0.3 logs a connection there from its login on only (seen live: the process before the login
// runs chrooted to secure_chroot_dir, where /dev/log is out of reach): such a connection is read as logged in.
server_log_line read_vsftpd_line(std::string_view line) {
    server_log_line out;
    out.source = log_source::vsftpd;
    std::string_view rest;
    constexpr std::string_view pid = " [pid ", tag = "vsftpd[";
    if (const std::size_t at = line.find(pid); at != std::string_view::npos) {
        rest = line.substr(at + pid.size());
        const std::size_t close = rest.find("] ");
        if (close == std::string_view::npos || !all_digits(rest.substr(0, close))) return {};
        out.key = rest.substr(0, close);
        rest.remove_prefix(close + 2);
    } else if (const std::size_t t = line.find(tag); t != std::string_view::npos && (t == 0 || line[t - 1] == ' ')) {
        rest = line.substr(t + tag.size());
        const std::size_t close = rest.find("]: ");
        if (close == 0 || close == std::string_view::npos || !all_digits(rest.substr(0, close))) return {};
        out.key = rest.substr(0, close);
        rest.remove_prefix(close + 3);
        out.line_end = "#015#012";
    } else {
        return {};
    }
    out.named = starts_with(rest, "[");
    constexpr std::string_view connect = "CONNECT: Client \"", command = "FTP command: Client \"",
                               reply = "FTP response: Client \"";
    // After the process id, the user's name in brackets once USER named one: whatever it holds, the marker follows.
    std::size_t marker = std::string_view::npos, marker_size = 0;
    for (const auto& [kind, text] :
         {std::pair{server_log_line::kind::connect, connect}, std::pair{server_log_line::kind::command, command},
          std::pair{server_log_line::kind::reply, reply}}) {
        const std::size_t found = rest.find(text);
        if (found < marker) {
            marker = found;
            marker_size = text.size();
            out.what = kind;
        }
    }
    if (out.what == server_log_line::kind::none) return {};
    rest.remove_prefix(marker + marker_size);
    const std::size_t address_end = rest.find('"');
    if (address_end == std::string_view::npos) return {};
    out.client = rest.substr(0, address_end);
    rest.remove_prefix(address_end + 1);
    if (out.what == server_log_line::kind::connect) return out;
    // ", "TEXT"": the text runs to the line's last '"' (a '"' inside it is logged as it is).
    if (!starts_with(rest, ", \"") || rest.size() < 4 || rest.back() != '"') return {};
    out.text = rest.substr(3, rest.size() - 4);
    return out;
}

// pyftpdlib's log at DEBUG level (`python3 -m pyftpdlib -D`, or logging at DEBUG): "PREFIX HOST:PORT-[USER] <-
// COMMAND", "... -> REPLY LINE", and "... FTP session opened (connect)" at INFO (pyftpdlib 1.5.7 handlers.py,
// FTPHandler.logline; seen live). PREFIX is its own "[D 2026-12-03 14:35:18] " or logging's "DEBUG:pyftpdlib:". A
// multi-line reply is logged by its last line alone ("-> 211 End FEAT."), the lines before it pushed unlogged.
server_log_line read_pyftpdlib_line(std::string_view line) {
    constexpr std::string_view command = "] <- ", reply = "] -> ", connect = "] FTP session opened (connect)";
    server_log_line out;
    out.source = log_source::pyftpdlib;
    std::size_t marker = line.find(command);
    std::size_t marker_size = command.size();
    out.what = server_log_line::kind::command;
    if (const std::size_t r = line.find(reply); r < marker) {
        marker = r;
        out.what = server_log_line::kind::reply;
    }
    if (const std::size_t c = line.find(connect); c < marker) {
        marker = c;
        marker_size = connect.size();
        out.what = server_log_line::kind::connect;
    }
    if (marker == std::string_view::npos) return {};
    // "HOST:PORT-[USER": the word before the marker, after the prefix.
    const std::size_t user = line.rfind("-[", marker);
    if (user == std::string_view::npos) return {};
    std::string_view key = line.substr(0, user);
    if (const std::size_t space = key.rfind(' '); space != std::string_view::npos) key.remove_prefix(space + 1);
    constexpr std::string_view logger = "pyftpdlib:";
    if (const std::size_t name = key.find(logger); name != std::string_view::npos)
        key.remove_prefix(name + logger.size());
    const std::size_t colon = key.rfind(':');
    if (colon == 0 || colon == std::string_view::npos || !all_digits(key.substr(colon + 1))) return {};
    out.key = key;
    out.text = line.substr(marker + marker_size);
    out.named = marker > user + 2;
    return out;
}

// The connections of the server logs in a transcript, each with its own events, in the order they first appear.
class server_logs {
public:
    // Reads one line of the transcript: true if it was a server log's line about a connection's commands or replies.
    bool read(std::string_view line, std::size_t number) {
        server_log_line l = read_vsftpd_line(line);
        if (l.what == server_log_line::kind::none) l = read_pyftpdlib_line(line);
        if (l.what == server_log_line::kind::none) return false;
        if (l.what == server_log_line::kind::connect) {
            open(l, number);
            return true;
        }
        const std::size_t index = find(l, number);
        connection& c = *connections_[index];
        if (l.what == server_log_line::kind::command) {
            end_reply_line(c);
            c.replies.flush();
            c.events.push_back({event::kind::command, number, std::string(l.text), 0});
            const std::string_view verb = l.text.substr(0, l.text.find(' '));
            using ftpwire::detail::equals_ignoring_case;
            set_logging_in(index, equals_ignoring_case(verb, "USER") || equals_ignoring_case(verb, "PASS"));
        } else {
            set_logging_in(index, false);
            add_reply_text(c, l.text, l.line_end, number);
        }
        return true;
    }

    // Appends each connection's events, a connect event first (its text the connection's name), in the order the
    // connections first appear.
    void finish(std::vector<event>& out, std::size_t& malformed) {
        for (const std::unique_ptr<connection>& c : connections_) {
            end_reply_line(*c);
            c->replies.flush();
            malformed += c->replies.malformed();
            event start{event::kind::connect, c->first_line, c->name, 0};
            start.source = c->source;
            start.connection = c->name;
            start.logged_in_before = c->logged_in_before;
            out.push_back(std::move(start));
            out.insert(out.end(), std::make_move_iterator(c->events.begin()), std::make_move_iterator(c->events.end()));
        }
        connections_.clear();
    }

private:
    struct connection {
        log_source source;
        std::string client;
        std::string name;
        std::size_t first_line;
        std::vector<event> events;
        reply_assembler replies{events};
        std::string line;  // vsftpd: a reply line written in pieces, not yet ended
        std::size_t line_number = 0;
        bool line_open = false;
        bool logging_in = false;  // vsftpd: its last command is USER or PASS, not yet answered (in logins_)
        // Its start is not in the log (a log rotated while it was open), and its first line names a user: taken as
        // logged in (the login that named the user is before the log's start).
        bool logged_in_before = false;
    };

    static std::string key_of(const server_log_line& l) {
        return (l.source == log_source::vsftpd ? "vsftpd " : "pyftpdlib ") + std::string(l.key);
    }

    std::size_t open(const server_log_line& l, std::size_t number) {
        auto c = std::make_unique<connection>();
        c->source = l.source;
        c->client = std::string(l.client);
        c->name =
            l.source == log_source::vsftpd ? std::string(l.client) + " pid " + std::string(l.key) : std::string(l.key);
        c->first_line = number;
        connections_.push_back(std::move(c));
        by_key_[key_of(l)] = connections_.size() - 1;  // a process id or a port used again: a new connection
        return connections_.size() - 1;
    }

    // The connection a line belongs to. vsftpd hands a connection to a new process once the login succeeds
    // (its two-process model: "[pid N] [USER] FTP response: ... "230 Login successful."" from a process not seen
    // before): that process takes over the connection from the same address whose USER or PASS has waited longest
    // for its reply. A process or port not seen before otherwise is a connection whose start the log does not hold.
    // The index of the connection in connections_.
    std::size_t find(const server_log_line& l, std::size_t number) {
        const std::string key = key_of(l);
        if (const auto it = by_key_.find(key); it != by_key_.end()) return it->second;
        if (l.source == log_source::vsftpd) {
            if (const auto waiting = logins_.find(l.client); waiting != logins_.end() && !waiting->second.empty()) {
                const std::size_t index = waiting->second.front();
                set_logging_in(index, false);
                by_key_[key] = index;
                return index;
            }
        }
        const std::size_t index = open(l, number);
        connections_[index]->logged_in_before = l.named;
        return index;
    }

    // vsftpd: whether the connection's USER or PASS waits for its reply, kept in logins_ in the order sent.
    void set_logging_in(std::size_t index, bool waiting) {
        connection& c = *connections_[index];
        if (c.source != log_source::vsftpd || c.logging_in == waiting) return;
        c.logging_in = waiting;
        std::vector<std::size_t>& queue = logins_[c.client];
        if (waiting)
            queue.push_back(index);
        else
            queue.erase(std::find(queue.begin(), queue.end(), index));  // (only logins under way: a few)
    }

    void add_reply_text(connection& c, std::string_view text, std::string_view crlf, std::size_t number) {
        if (c.source != log_source::vsftpd) {
            c.replies.add_line(text, number);
            return;
        }
        // vsftpd: crlf ("??", or "#015#012" in syslog) ends a line written raw; a reply line written whole ("ddd
        // text", "ddd-text") has none; the pieces of a line written raw in several writes (STAT's) come one after
        // the other.
        const bool ends_line = text.size() >= crlf.size() && text.substr(text.size() - crlf.size()) == crlf;
        if (!c.line_open && !ends_line && starts_as_reply_line(text)) {
            c.replies.add_line(text, number);
            return;
        }
        if (!c.line_open) {
            c.line_open = true;
            c.line_number = number;
        }
        c.line.append(ends_line ? text.substr(0, text.size() - crlf.size()) : text);
        if (ends_line) end_reply_line(c);
    }
    // "ddd" alone, or followed by a space or a hyphen.
    static bool starts_as_reply_line(std::string_view text) {
        return text.size() >= 3 && all_digits(text.substr(0, 3)) &&
               (text.size() == 3 || text[3] == ' ' || text[3] == '-');
    }
    void end_reply_line(connection& c) {
        if (!c.line_open) return;
        c.replies.add_line(c.line, c.line_number);
        c.line.clear();
        c.line_open = false;
    }

    std::vector<std::unique_ptr<connection>> connections_;
    std::map<std::string, std::size_t, std::less<>> by_key_;
    // vsftpd: per client address, the connections whose USER or PASS waits for its reply, in the order sent.
    std::map<std::string, std::vector<std::size_t>, std::less<>> logins_;
};

std::vector<event> read_events(std::string_view input, std::size_t& malformed) {
    // Notepad and PowerShell start a saved transcript with a byte order mark.
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    if (starts_with(input, bom)) input.remove_prefix(bom.size());
    const bool has_cmd = input.find("*cmd* ") != std::string::npos;
    // Until a client's own line says which it is, the transcript's "< " lines are basic-ftp's chunks if raw_chunks
    // finds its output anywhere; from such a line on, they are that client's.
    bool chunked = raw_chunks::in(input);
    const host_set hosts = lftp_hosts(input);
    std::vector<event> events;
    reply_assembler replies(events);
    ftplib_get_lines get_lines(events);
    raw_chunks chunks(replies);
    server_logs logs;
    std::size_t number = 0;
    std::string decoded;
    const auto add_command = [&](std::string text) {
        get_lines.release();
        chunks.cut();
        if (!chunks.holds_a_cut_line()) replies.flush();  // else the reply goes on in the next chunk
        events.push_back({event::kind::command, number, std::move(text), 0});
    };
    for_each_line(input, [&](std::string_view line, std::size_t line_number) {
        number = line_number;
        line = without_curl_trace_time(line);
        if (!chunks.open()) {
            if (is_curl_note(line)) chunked = false;
            if (is_basic_ftp_note(line)) chunked = true;
        }
        if (starts_with(line, "> ")) {  // curl -v, basic-ftp: a command
            add_command(std::string(line.substr(2)));
        } else if (chunked && starts_with(line, "< ")) {  // basic-ftp: a chunk of reply lines
            chunks.chunk(line.substr(2), number);
        } else if (chunks.open()) {  // basic-ftp: the chunk's next line, or the empty line after it
            chunks.next_line(line, number);
        } else if (starts_with(line, "< ")) {  // curl -v: one reply line
            get_lines.release();
            replies.add_line(line.substr(2), number);
        } else if (const std::size_t prefix = ftplib_command_prefix(line, has_cmd); prefix != 0) {
            if (!decode_python_literal(line.substr(prefix), decoded)) {
                ++malformed;
                return true;
            }
            while (!decoded.empty() && (decoded.back() == '\n' || decoded.back() == '\r')) decoded.pop_back();
            add_command(decoded);
        } else if (starts_with(line, "*resp* ")) {
            get_lines.replace_with_resp();
            if (!decode_python_literal(line.substr(7), decoded)) {
                ++malformed;
                return true;
            }
            add_reply_lines(decoded, number, replies);
        } else if (starts_with(line, "*welcome* ")) {
            // ftplib's getwelcome() prints the greeting it read on connecting, at any time; it stands for the
            // greeting when nothing came before it (set_debuglevel() was called after connecting).
            if (!events.empty()) return true;
            if (!decode_python_literal(line.substr(10), decoded)) {
                ++malformed;
                return true;
            }
            add_reply_lines(decoded, number, replies);
        } else if (starts_with(line, "*get* ")) {
            if (!decode_python_literal(line.substr(6), decoded)) {
                get_lines.add_unreadable_line();
                return true;
            }
            add_reply_lines(decoded, number, get_lines);
        } else if (logs.read(line, number)) {
            // a server log's line: its connection's events are added at the end
        } else if (const lftp_line lftp = read_lftp_line(line);
                   lftp.what == lftp_line::kind::none || (!lftp.host.empty() && hosts.find(lftp.host) == hosts.end())) {
            return true;  // not a transcript line
        } else if (lftp.what == lftp_line::kind::command) {
            add_command(std::string(lftp.text));
        } else if (lftp.what == lftp_line::kind::reply) {
            get_lines.release();
            replies.add_line(lftp.text, number);
        } else {  // lftp opens a control connection
            get_lines.release();
            replies.flush();
            events.push_back({event::kind::connect, number, std::string(lftp.text), 0});
        }
        return true;
    });
    chunks.finish();
    get_lines.release();
    replies.flush();
    malformed += replies.malformed() + get_lines.malformed();
    logs.finish(events, malformed);
    return events;
}

// ---- replaying it -------------------------------------------------------------------------------------------

struct command_record {
    std::size_t line = 0;
    std::string text;
    std::string verb;
    ftpwire::verb_lookup known{ftpwire::verb::noop, false};  // the verb as ftpwire knows it, if it does
    bool violation = false;
    bool pipelined = false;  // sent while another command waited for its final reply
    ftpwire::verdict verdict;
    ftpwire::sequence_state judged_in;  // the state the verdict was reached in
    // A pipelined command (verdict wait_for_reply) judged again where the server reads it, after the reply to the
    // command before: a rule it breaks there (ProFTPD's rnfr_only_rnto for LIST sent right behind RNFR) is a
    // second violation of the same command.
    bool judged_when_read = false;
    bool read_violation = false;
    ftpwire::verdict when_read;
    ftpwire::sequence_state read_in;  // the state when_read was reached in
    // Sent during a transfer, refused by the family's transfer_in_progress, but read once the transfer had ended: its
    // end came before any reply of the command's (read_after_transfer_end), so it is judged when read instead.
    bool read_after_transfer = false;
    // What the connection before this one had set up and this one has not yet, when the command was sent (see
    // lost_state).
    struct lost_state {
        bool rnfr = false;        // an RNFR answered 350, or sent and not yet answered
        bool data_port = false;   // a PASV/EPSV/PORT/EPRT answered, or sent and not yet answered
        bool login = false;       // a completed login
        bool protection = false;  // an AUTH answered 234 (and maybe PBSZ, PROT)
    } lost;
    std::vector<int> replies;
    std::size_t reply_line = 0;
    std::string reply_text;  // the first reply's text
    // When the server read it, in the sequencer's reading: the transfer type was ASCII (flag::ascii_type: no TYPE I
    // or L 8 taken since the session started, a REIN, or a USER that flushed it), and a REST marker was pending.
    bool ascii_type = false;
    bool rest_pending = false;
    std::string connection;  // a server log's connection it was sent on
};

// Known causes of a 4xx/5xx that lint names: ones reported in public bug trackers, beside the sequencing rules, and
// the refusal of a command out of sequence with a code whose own meaning is something else.
enum class reply_cause {
    none,
    lowercase_verb,
    telnet_in_command,
    out_of_sequence,
    state_lost_on_reconnect,
    ascii_resume,
    ascii_size,
    missing_argument,
    unexpected_argument
};

// The stable id written as "cause".
std::string_view to_string(reply_cause c) {
    switch (c) {
        case reply_cause::lowercase_verb: return "lowercase_verb";
        case reply_cause::telnet_in_command: return "telnet_in_command";
        case reply_cause::out_of_sequence: return "out_of_sequence";
        case reply_cause::state_lost_on_reconnect: return "state_lost_on_reconnect";
        case reply_cause::ascii_resume: return "ascii_resume";
        case reply_cause::ascii_size: return "ascii_size";
        case reply_cause::missing_argument: return "missing_argument";
        case reply_cause::unexpected_argument: return "unexpected_argument";
        case reply_cause::none: break;
    }
    return "";
}

std::string_view explain(reply_cause c) {
    switch (c) {
        case reply_cause::lowercase_verb:
            return "The server may mis-handle lower-case verbs (RFC 959 §5.3 makes verbs case-insensitive, yet some "
                   "servers answer lower-case rnfr/rnto with 501); send verbs in upper case.";
        case reply_cause::telnet_in_command:
            return "The server did not strip the Telnet commands (IAC 0xFF, as in IAC IP IAC DM before ABOR, RFC 959 "
                   "§4.1.3) sent with the command; send ABOR without them (or expect this server to answer 500).";
        case reply_cause::out_of_sequence:
            return "The command came out of sequence (see the rule it broke, reported for it), and this server "
                   "refuses that with this code instead of 503 Bad sequence of commands: the code's usual meaning "
                   "(a syntax error, an unknown command, a file action not taken) does not apply.";
        case reply_cause::state_lost_on_reconnect:
            return "The client reconnected between this command and what it depends on (RNFR, PASV/PORT, the login, "
                   "AUTH), which the earlier connection had set up: a new connection starts with none of it. After "
                   "reconnecting, set the state up again (log in, RNFR, PASV, AUTH) before retrying the command.";
        case reply_cause::ascii_resume:
            return "The transfer type was ASCII (TYPE A, the default of RFC 959 §3.1.1.1), in which servers do not "
                   "restart a transfer: the offset counts bytes of the converted data stream, which RFC 3659 §5.1 "
                   "says takes more effort to map to the file than in IMAGE, an effort these servers do not make. "
                   "ProFTPD and pyftpdlib refuse the REST (501), Pure-FTPd the transfer after it "
                   "(503), vsftpd too (550). Send TYPE I before REST.";
        case reply_cause::ascii_size:
            return "The transfer type was ASCII (TYPE A, the default of RFC 959 §3.1.1.1), in which SIZE has to count "
                   "the bytes of the converted file (RFC 3659 §4); ProFTPD and pyftpdlib will not work that out and "
                   "answer 550 whether the file exists or not (RFC 3659 §4.2 allows it). Send TYPE I before SIZE.";
        case reply_cause::missing_argument:
            return "The command was sent without the argument its syntax requires (RFC 959 §5.3.2: RETR <SP> "
                   "<pathname>, TYPE <SP> <type-code>, PORT <SP> <host-port>, ...), as a client does that builds the "
                   "line from an empty name. Servers that check refuse it before anything else: pyftpdlib with 501 "
                   "(even before the login, so before any sequencing rule), ProFTPD with 500 or 501 once logged in, "
                   "Pure-FTPd with 501 or 550 \"No file name\"; vsftpd checks nothing and fails the action on the "
                   "empty name (550; 500 or 504 for TYPE, MODE, STRU, PORT, EPRT). Send the argument.";
        case reply_cause::unexpected_argument:
            return "The command takes no argument (RFC 959 §5.3.2: PASV, PWD, CDUP, NOOP, SYST, FEAT, ABOR and the "
                   "like end at the verb) and was sent with one. pyftpdlib refuses that with 501, ProFTPD with 501 "
                   "\"Invalid number of parameters\" (ABOR with 500); vsftpd and Pure-FTPd ignore the argument. Send "
                   "the verb alone.";
        case reply_cause::none: break;
    }
    return "";
}

struct error_reply {
    std::size_t line;
    int code;
    std::string text;
    std::size_t command_index;  // into commands, or npos for a reply to no command (a greeting, a 421 while
                                // nothing waits for a reply)
    reply_cause cause = reply_cause::none;
    bool first_reply = false;  // the first reply to that command
    std::string connection;    // a server log's connection it came on
};

struct lint_result {
    std::vector<command_record> commands;
    std::vector<error_reply> errors;
    std::size_t sessions = 0;
    std::vector<ftpwire::server_family> session_families;  // the family each session was judged as
    std::size_t replies = 0;
    std::size_t violations = 0;
};

constexpr std::size_t no_command = static_cast<std::size_t>(-1);

// RFC 959 §5.4: 120 and 220 answer only the connection (its greeting) and REIN; and HOST is accepted with 220
// (RFC 7151 §3). RFC 2428 names no reply for EPSV ALL, and pyftpdlib answers it 220 (recorded in
// tests/data/servers/pyftpdlib/epsv_all_then_pasv.txt). Read anywhere else, even while a command or a transfer
// still waits for its reply, they are the greeting of a new connection: the client re-connected (curl after a
// dead connection, a new ftplib.FTP), and what the old connection waited for will never come. After 221 or 421
// the old connection is gone whatever the client sent since.
bool greets_a_new_connection(const ftpwire::sequencer& seq, int code) {
    if (code != 120 && code != 220) return false;
    const ftpwire::sequence_state& s = seq.state();
    if (s.login == ftpwire::login_state::closed) return true;
    if (s.login == ftpwire::login_state::need_greeting || s.login == ftpwire::login_state::greeting_delayed)
        return false;  // this connection's own greeting
    if (!seq.awaiting_reply()) return true;
    const ftpwire::verb waiting = s.last_command;
    const bool answers_waiting_command =
        waiting == ftpwire::verb::rein ||
        (code == 220 && (waiting == ftpwire::verb::host ||
                         (waiting == ftpwire::verb::epsv && s.has(ftpwire::flag::last_special_argument))));
    return !answers_waiting_command;
}

// RFC 959 §4.2: x0z replies are syntax errors, which a server sends as soon as it reads the command; the end
// of a transfer is never one of them.
bool is_syntax_reply(int code) { return code == 500 || code == 501 || code == 502 || code == 504; }

bool has_lower_case(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// What a command line carries after its verb and one SP (RFC 959 §5.3.2): its argument, empty for none.
std::string_view argument_of(const std::string& text) {
    const std::size_t space = text.find(' ');
    return space == std::string::npos ? std::string_view{} : std::string_view(text).substr(space + 1);
}

// A restart refused because the type is ASCII, as the four servers refuse it (seen live, session 28): a marker
// (RFC 3659 §5.3: decimal digits) refused with 501 (ProFTPD 1.3.8 "REST: Resuming transfers not allowed in ASCII
// mode", pyftpdlib 1.5.7 "Resuming transfers not allowed in ASCII mode."), or a file transfer after a REST
// answered 350 refused with 503 (Pure-FTPd 1.0.50 "ASCII resume is unsafe, please delete the file first") or with
// a 550 that says so (vsftpd 3.0.3 "No support for resume of ASCII transfer.": a 550 alone may be a missing file).
bool is_ascii_resume_refusal(int code, const command_record& c) {
    if (!c.known.found) return false;
    const ftpwire::verb v = c.known.value;
    if (v == ftpwire::verb::rest) {
        const std::string_view marker = argument_of(c.text);
        return code == 501 && !marker.empty() &&
               std::all_of(marker.begin(), marker.end(), [](char d) { return d >= '0' && d <= '9'; });
    }
    if (!c.rest_pending || !ftpwire::file_transfer_verbs.contains(v)) return false;
    return code == 503 || (code == 550 && ftpwire::detail::payload::ifind(c.reply_text, "ASCII") != std::string::npos);
}

// Whether the argument of the command line c fits the verb's argument rule: missing and unexpected only for a verb
// ftpwire knows.
ftpwire::argument_fit argument_fit_of(const command_record& c) {
    return c.known.found ? ftpwire::argument_fit_of(c.known.value, argument_of(c.text)) : ftpwire::argument_fit::fits;
}

// A refusal of a command line that does not fit its verb's argument rule, as the servers refuse it (seen live,
// session 38, tests/data/transcripts/ftplib-*-arguments.txt): a missing argument with a syntax code (x0z: 500, 501,
// 504) or a file-system one (x5z: 550, 553; the action tried on an empty name), an unexpected one with a syntax
// code. Not a 530 (the login, checked first by all but pyftpdlib), 503 or 425 (a sequencing rule's refusal).
reply_cause argument_cause(int code, const command_record& c) {
    const ftpwire::argument_fit fit = argument_fit_of(c);
    const bool syntax = code == 500 || code == 501 || code == 504;
    if (fit == ftpwire::argument_fit::missing && (syntax || code == 550 || code == 553))
        return reply_cause::missing_argument;
    if (fit == ftpwire::argument_fit::unexpected && syntax) return reply_cause::unexpected_argument;
    return reply_cause::none;
}

// SIZE refused because the type is ASCII, with a 550 that says so (ProFTPD 1.3.8 "SIZE not allowed in ASCII mode",
// pyftpdlib 1.5.7 "SIZE not allowed in ASCII mode.", recorded in tests/data/servers/*/ascii_size_then_image_size.txt):
// a 550 alone may be a missing file.
bool is_ascii_size_refusal(int code, const command_record& c) {
    return c.known.found && c.known.value == ftpwire::verb::size && code == 550 &&
           ftpwire::detail::payload::ifind(c.reply_text, "ASCII") != std::string::npos;
}

// Which known cause explains a 4xx/5xx reply to command c. Telnet IAC (0xFF) bytes a client sends with a command
// (lftp's IAC IP IAC DM before ABOR, RFC 959 §4.1.3) reach servers that do not strip them: 500/501/502. A command
// that broke a rule and got, as its first reply, the code the rules predict for the server family: when that is a
// syntax (x0z, 503 itself aside) or file-system (x5z) code, as ProFTPD's 501 after RNFR and vsftpd's 550 to PBSZ
// without TLS are, its usual meaning misleads and the rule is the cause. A verb sent in lower case is valid
// (RFC 959 §5.3) yet mis-handled by some servers; named only when the refusal is the command's first reply (an
// earlier 1xx/3xx shows the server understood the verb) and the command broke no rule (then the violation is the
// cause). A command that broke a rule whose prerequisite the connection before had set up (RNTO after an RNFR,
// a transfer after a PASV, a command after the login, PBSZ/PROT after AUTH): the client reconnected in between, as
// client libraries do after idle timeouts and TLS session limits, and the new connection knows none of it. A command
// line without the argument its verb requires, or with one it takes none of, refused as the servers refuse that
// (argument_cause): checked after the rule's own code, so ProFTPD's 501 to anything but RNTO after RNFR stays
// out_of_sequence, and before a lost state (pyftpdlib's 501 to RNTO alone on a new connection is the argument's); the
// rule argument_syntax predicts the refusal where the family checks arguments, and its cause is the argument's.
reply_cause cause_of(int code, const command_record& c, bool first_reply) {
    if ((code == 500 || code == 501 || code == 502) && c.text.find('\xFF') != std::string::npos)
        return reply_cause::telnet_in_command;
    if (first_reply && c.ascii_type && is_ascii_resume_refusal(code, c)) return reply_cause::ascii_resume;
    if (first_reply && c.ascii_type && is_ascii_size_refusal(code, c)) return reply_cause::ascii_size;
    const int category = code / 10 % 10;
    // The server answers a pipelined command as it reads it: the rule it broke then predicts the reply.
    const ftpwire::verdict& broken = c.read_violation ? c.when_read : c.verdict;
    const std::uint16_t predicted = broken.reply;
    if (c.violation && first_reply && code == predicted && code != 503 && (category == 0 || category == 5) &&
        broken.broken != ftpwire::rule::argument_syntax)
        return reply_cause::out_of_sequence;
    if (first_reply) {
        if (const reply_cause argument = argument_cause(code, c); argument != reply_cause::none) return argument;
    }
    if (c.violation && first_reply && !broken.accepted) {
        using ftpwire::rule;
        const rule r = broken.broken;
        if ((r == rule::rnto_after_rnfr && c.lost.rnfr) || (r == rule::transfer_needs_data_port && c.lost.data_port) ||
            (r == rule::login_required && c.lost.login) ||
            ((r == rule::pbsz_after_auth || r == rule::prot_after_pbsz) && c.lost.protection))
            return reply_cause::state_lost_on_reconnect;
    }
    if (c.known.found && !c.violation && first_reply && has_lower_case(c.verb)) return reply_cause::lowercase_verb;
    return reply_cause::none;
}

void add_reply(command_record& c, const event& e) {
    if (c.replies.empty()) {
        c.reply_line = e.line;
        c.reply_text = e.text;
    }
    c.replies.push_back(e.code);
}

// Replays the commands and replies through the sequencer and matches each reply with the command it answers.
// FTP answers commands in order, with one exception: a transfer command (RETR, LIST, ...) gets its completion
// reply while commands sent during the transfer (ABOR, STAT, NOOP, RFC 959 §4.1.3) wait for theirs, and an
// urgent command may even overtake the transfer command's 125/150. The sequencer then matches 125/150,
// 226/250 and 4xx/5xx with the transfer (sequence_rules.hpp after_command, apply_reply); so does lint, and
// gives the rest (STAT's 211/213, ABOR's 225/226 after the 426) to the command waiting for its reply.
// A command sent while another still waits for its final reply (pipelined) breaks wait_for_reply when sent, but
// the server reads it only after answering the one before: lint holds it back and gives it to the sequencer when
// that reply came, so each reply is applied to the command it answers, first in first out, and the state after
// the replies is the one a client that waited would have reached.
class replayer {
public:
    replayer(ftpwire::server_family family, bool from_greeting)
        : family_(family), from_greeting_(from_greeting), seq_(family) {}

    void on_command(const event& e) {
        command_record c;
        c.line = e.line;
        c.text = e.text;
        c.connection = connection_;
        c.verb = e.text.substr(0, e.text.find(' '));
        c.known = ftpwire::find_verb(c.verb);
        if (c.known.found) {
            rebuild_lost_state(c.known.value);
            c.lost = lost_;
        }
        c.judged_in = seq_.state();
        // Sent while another command waits for its final reply: wait_for_reply, whatever else the state says.
        // The sequencer has not seen the commands queued before this one (nor, if the waiting one is a verb it
        // does not know, that a reply is due), so the server's own rules are judged where it reads it (send()).
        // (ABOR, STAT and QUIT: the sequencer's check decides, which lets them interrupt a transfer command or a
        // running transfer, RFC 959 §4.1.3, and nothing else.) A verb ftpwire does not know is judged by the rules
        // about every command (judge); its 500, if the server does not know it either, is explained below.
        c.pipelined = waiting_ != no_command && !(c.known.found && ftpwire::urgent_verbs.contains(c.known.value));
        c.verdict = c.pipelined ? ftpwire::verdict{false, ftpwire::rule::wait_for_reply, 0} : judge(seq_, c);
        c.violation = !c.verdict.accepted;
        if (c.violation) ++out_.violations;
        const bool read_now = waiting_ == no_command || overtakes_transfer_command(c);
        out_.commands.push_back(std::move(c));
        if (read_now)
            send(out_.commands.size() - 1);
        else
            queued_.push_back(out_.commands.size() - 1);
    }

    // lftp opens a control connection ("---- Connecting to"): a new session from here, its greeting still to come,
    // so that the commands lftp sends before that greeting (ftp:sync-mode off) belong to it and not to the
    // connection it replaces. The transcript's first connection is the session its greeting opens.
    // A command the old connection had not answered (lftp prints "Connecting to" for the next connection before
    // the old one's 221 to QUIT, or its transfer's 226) keeps its replies: previous_waiting_.
    // A connection of a server log: a session of its own, whatever the sessions before it left unanswered (they are
    // other clients'); with --server auto (or none given) judged as the server that wrote the log.
    void on_connect(const event& e) {
        if (e.source == log_source::client) {
            on_client_connect();
            return;
        }
        start_session();
        lost_ = lost_at_session_start_ = command_record::lost_state{};
        connection_ = e.connection;
        family_from_log_ = from_greeting_;
        if (family_from_log_) judge_session_as(family_of(e.source));
        if (e.logged_in_before) {
            ftpwire::sequence_state logged_in = ftpwire::sequence_state::ready();
            logged_in.login = ftpwire::login_state::logged_in;
            seq_ = ftpwire::sequencer(logged_in, seq_.family());
            greeted_ = true;
        }
    }

    void on_client_connect() {
        if (out_.sessions == 0 && out_.commands.empty()) return;
        const std::size_t unanswered = waiting_ != no_command ? waiting_
                                       : seq_.transfer_open() ? transfer_
                                                              : no_command;
        start_session();
        previous_waiting_ = unanswered;
    }

    // final_replies_from_here: the replies other than 1yz from this one on until the next command (or connection).
    void on_reply(const event& e, std::size_t final_replies_from_here) {
        ++out_.replies;
        if (previous_waiting_ != no_command) {
            if (answers_previous_connection(e.code)) {
                command_record& c = out_.commands[previous_waiting_];
                const bool first_reply = c.replies.empty();
                add_reply(c, e);
                if (e.code >= 400 && e.code <= 599)
                    out_.errors.push_back(
                        {e.line, e.code, e.text, previous_waiting_, reply_cause::none, first_reply, c.connection});
                if (e.code >= 200) previous_waiting_ = no_command;
                return;
            }
            previous_waiting_ = no_command;
        }
        if (answers_first_command_not_greeting(e.code, final_replies_from_here)) {
            // The connection's greeting is not in the transcript: its session starts at the first command since
            // the close (or the transcript's start), judged as after a greeting; this reply answers it.
            if (seq_.state().login == ftpwire::login_state::closed) start_session(closed_at_);
            judge_session_as_greeted();
        }
        if (greets_a_new_connection(seq_, e.code)) {
            // After 221/421 the commands sent since went to the new connection, before its greeting: they start
            // its session (judged as sent before the greeting). Otherwise (curl re-connecting while a command
            // waits) the session starts with the next command.
            const bool after_close = sent_since_close();
            start_session(after_close ? closed_at_ : no_command);
            if (after_close) judge_session_again(false);
        }
        if (reconnected_without_greeting(e.code)) {  // (a 421 too: the commands before it were read)
            start_session(closed_at_);
            judge_session_as_greeted();
        }
        if (greeting_not_in_transcript(e.code)) judge_session_as_greeted();
        if (out_.sessions == 0) {
            out_.sessions = 1;
            out_.session_families.push_back(family_);
        }
        if (from_greeting_ && !family_from_log_ && greets_this_session(e.code)) {
            const ftpwire::server_family_lookup named = ftpwire::server_family_of_greeting(e.text);
            if (named.found && named.value != out_.session_families.back()) {
                // Commands the client sent before the greeting came (lftp does in ftp:sync-mode off) were judged
                // by the family before: judged again by this one.
                judge_session_as(named.value);
            }
        }

        // RFC 959 §5.4: 225 answers ABOR alone. One while a transfer runs and no command waits answers an ABOR the
        // transcript does not show: Python's ftplib prints abort()'s ABOR (*put urgent*) and the replies it reads
        // (*get*) at debug level 2 only, so at level 1 a 150 is followed by ABOR's 225 (read as the transfer's end
        // by retrbinary) and nothing else. The sequencer hears of that ABOR; the 225 goes to no command.
        if (e.code == 225 && waiting_ == no_command && seq_.transfer_open()) seq_.on_command(ftpwire::verb::abor);
        const ftpwire::sequence_state before = seq_.state();
        const bool to_unknown_command = answers_unknown_command(e.code);
        // With --server auto, an AUTH answered 234 shows the server has TLS: the session is judged as the family's
        // TLS variant (the state stays), the commands before the AUTH and the AUTH itself again (a family without
        // TLS refuses AUTH, and may answer PBSZ or PROT before it otherwise), and the causes of their refusals.
        if (from_greeting_ && e.code == 234 && waiting_for(ftpwire::verb::auth)) {
            const ftpwire::server_family_lookup with_tls = ftpwire::tls_family_of(seq_.family());
            if (with_tls.found) {
                judge_session_as(with_tls.value);
            }
        }
        const bool joined = answers_abor_joined_with_next_command(e);
        // The sequencer never saw that command, so it must not see its reply either (it would end the transfer).
        if (!to_unknown_command) seq_.on_reply(e.code);
        if (before.login != ftpwire::login_state::closed && seq_.state().login == ftpwire::login_state::closed)
            closed_at_ = out_.commands.size();
        const bool to_transfer = !to_unknown_command && answers_transfer(before, e.code);
        const bool to_waiting = to_unknown_command || answers_waiting_command(before, e.code, to_transfer);

        const std::size_t answered = to_transfer ? transfer_ : to_waiting ? waiting_ : no_command;
        const bool first_reply = answered != no_command && out_.commands[answered].replies.empty();
        if (to_transfer) add_reply(out_.commands[transfer_], e);
        if (to_waiting && !(to_transfer && waiting_ == transfer_)) add_reply(out_.commands[waiting_], e);
        if (e.code >= 400 && e.code <= 599) {
            const reply_cause cause =
                answered == no_command ? reply_cause::none : cause_of(e.code, out_.commands[answered], first_reply);
            out_.errors.push_back({e.line, e.code, e.text, answered, cause, first_reply, connection_});
        }

        if (to_transfer && before.has(ftpwire::flag::transfer_open) && !seq_.transfer_open()) read_after_transfer_end();
        if (!before.has(ftpwire::flag::transfer_open) && seq_.transfer_open()) transfer_ = last_known_;  // its 125/150
        if (waiting_ != no_command && waiting_command_answered(e.code, to_waiting)) waiting_ = no_command;
        if (joined && waiting_ == no_command) take_joined_command(e);
        if (waiting_ == no_command && !queued_.empty()) {  // the server reads the next pipelined command now
            send(queued_.front());
            queued_.pop_front();
        }
        if (e.code != 120) greeted_ = true;
    }

    [[nodiscard]] lint_result result() && { return std::move(out_); }

private:
    // A reply that comes on a new connection before its greeting (not 120, 220 or 421, which greet or refuse a
    // connection), also after commands sent on it (lftp in ftp:sync-mode off): a new connection says nothing before
    // its greeting, so it is the old connection's reply to the command it had not answered.
    [[nodiscard]] bool answers_previous_connection(int code) const {
        return code != 120 && code != 220 && code != 421 && !greeted_ &&
               seq_.state().login == ftpwire::login_state::need_greeting;
    }

    // A new connection from command first_command on (default: the next one).
    void start_session(std::size_t first_command = no_command) {
        previous_waiting_ = no_command;
        lost_ = lost_state_of(seq_.state());
        lost_at_session_start_ = lost_;
        seq_ = ftpwire::sequencer(family_);
        ++out_.sessions;
        out_.session_families.push_back(family_);
        session_start_ = first_command == no_command ? out_.commands.size() : first_command;
        closed_at_ = no_command;
        session_errors_start_ = out_.errors.size();
        waiting_ = transfer_ = last_known_ = no_command;
        queued_.clear();  // the old connection will never answer them
        greeted_ = false;
    }

    // Whether a 220 (or REIN's 120), which may be the greeting of the connection the client is on (the
    // transcript's first, or a new one after 221/421) with its commands sent before it, is rather the reply to the
    // first of those commands, the connection's greeting not shown (ftplib's set_debuglevel() called after
    // connecting, an excerpt): 220 accepts HOST (RFC 7151 §3), REIN (RFC 959 §4.1.1, 120 first when the server is
    // not ready) and, from pyftpdlib, EPSV ALL. A greeting comes on top of the replies to the commands sent before
    // it, so it is the reply when the final replies from it on, up to the client's next command, are no more than
    // the commands waiting: "HOST", "220", "USER" is an excerpt; "HOST", "220", "500", "USER" a client that sent
    // HOST before the greeting (greeting_first). (A 421 first stays the greeting: it refuses the connection.)
    [[nodiscard]] bool answers_first_command_not_greeting(int code, std::size_t final_replies_from_here) const {
        if (code != 120 && code != 220) return false;
        const ftpwire::login_state login = seq_.state().login;
        std::size_t first = no_command;
        if (login == ftpwire::login_state::need_greeting && !greeted_ && session_start_ < out_.commands.size())
            first = session_start_;
        else if (sent_since_close())
            first = closed_at_;
        if (first == no_command || final_replies_from_here > out_.commands.size() - first) return false;
        const std::string& text = out_.commands[first].text;
        const std::string_view verb = std::string_view(text).substr(0, text.find(' '));
        using ftpwire::detail::equals_ignoring_case;
        if (equals_ignoring_case(verb, "REIN")) return true;
        return code == 220 && (equals_ignoring_case(verb, "HOST") || equals_ignoring_case(text, "EPSV ALL"));
    }

    // A reply other than 120 or 220 after the connection closed (221, 421) and commands since: a closed
    // connection answers nothing, so the client connected again, and the transcript does not show that
    // connection's greeting (a second ftplib.FTP whose set_debuglevel() came after connecting). Its session starts
    // at the first command after the close, judged as after a greeting. (A 421 there answers that command, as
    // ftplib, which raises on a 421 greeting, sent it on a connection that had greeted it.)
    [[nodiscard]] bool reconnected_without_greeting(int code) const {
        return code != 120 && code != 220 && sent_since_close();
    }

    // The session's connection closed (221, 421) and the client has sent commands since (from closed_at_ on).
    [[nodiscard]] bool sent_since_close() const {
        return seq_.state().login == ftpwire::login_state::closed && closed_at_ != no_command &&
               closed_at_ < out_.commands.size();
    }

    // A reply that cannot be the greeting (RFC 959 §5.4: 120, 220 or 421 answer the connection) while the session
    // still waits for it, after commands: the transcript began after the greeting (ftplib prints nothing before
    // set_debuglevel(), which a script calls once FTP() has connected and read the greeting; an excerpt).
    [[nodiscard]] bool greeting_not_in_transcript(int code) const {
        return code != 120 && code != 220 && code != 421 && !greeted_ &&
               seq_.state().login == ftpwire::login_state::need_greeting && session_start_ < out_.commands.size();
    }

    // The session's commands judged again as sent after a greeting the transcript does not show. They have had no
    // reply yet (any reply so far would have been the greeting or this one), so they are replayed from the start.
    void judge_session_as_greeted() { judge_session_again(true); }

    // The session's commands judged again from its start, after a greeting the transcript does not show, or before
    // the greeting still to come (commands a client sent on a new connection before its greeting). They have had no
    // reply yet, so they are replayed from the start.
    void judge_session_again(bool greeted) {
        std::vector<command_record> sent(std::make_move_iterator(out_.commands.begin() + session_start_),
                                         std::make_move_iterator(out_.commands.end()));
        out_.commands.erase(out_.commands.begin() + session_start_, out_.commands.end());
        for (const command_record& c : sent) out_.violations -= (c.violation ? 1 : 0) + (c.read_violation ? 1 : 0);
        seq_ = greeted ? ftpwire::sequencer::after_greeting(seq_.family()) : ftpwire::sequencer(seq_.family());
        waiting_ = transfer_ = last_known_ = no_command;
        queued_.clear();
        lost_ = lost_at_session_start_;
        greeted_ = greeted;
        for (command_record& c : sent) on_command(event{event::kind::command, c.line, std::move(c.text), 0});
    }

    // The greeting of the session in progress (120 or 220 while the session waits for it, also when the client
    // has sent commands before it came; not REIN's 120 and 220): with --server auto, what it says decides the
    // session's family.
    [[nodiscard]] bool greets_this_session(int code) const {
        const ftpwire::login_state login = seq_.state().login;
        return (code == 120 || code == 220) && !greeted_ &&
               (login == ftpwire::login_state::need_greeting || login == ftpwire::login_state::greeting_delayed);
    }

    // What a connection had set up that the next one has to set up again.
    static command_record::lost_state lost_state_of(const ftpwire::sequence_state& s) {
        using ftpwire::flag;
        const bool pending = s.has(flag::reply_pending);
        command_record::lost_state l;
        l.rnfr = s.has(flag::rnfr_pending) || (pending && s.last_command == ftpwire::verb::rnfr);
        l.data_port = s.has(flag::data_port_ready) || (pending && ftpwire::data_port_verbs.contains(s.last_command));
        l.login = s.login == ftpwire::login_state::logged_in;
        l.protection = s.tls == ftpwire::tls_state::auth_done || s.tls == ftpwire::tls_state::pbsz_done ||
                       s.tls == ftpwire::tls_state::prot_set;
        return l;
    }
    // A command that sets up again what the connection before had: from now on its absence is no longer the
    // reconnection's doing.
    void rebuild_lost_state(ftpwire::verb v) {
        if (v == ftpwire::verb::rnfr) lost_.rnfr = false;
        if (ftpwire::data_port_verbs.contains(v)) lost_.data_port = false;
        if (v == ftpwire::verb::user) lost_.login = false;
        if (v == ftpwire::verb::auth) lost_.protection = false;
    }

    // The session in progress as family f from now on (the same state, f's rules), and what it saw so far judged
    // again: its commands, and the causes of the refusals they got.
    void judge_session_as(ftpwire::server_family f) {
        seq_ = ftpwire::sequencer(seq_.state(), f);
        out_.session_families.back() = f;
        for (std::size_t i = session_start_; i < out_.commands.size(); ++i) judge_again(out_.commands[i]);
        // Only the session's own replies: a transcript of many sessions stays linear.
        for (std::size_t i = session_errors_start_; i < out_.errors.size(); ++i) {
            error_reply& r = out_.errors[i];
            if (r.command_index != no_command && r.command_index >= session_start_)
                r.cause = cause_of(r.code, out_.commands[r.command_index], r.first_reply);
        }
    }

    // The sequencer's verdict on a command that is not pipelined: the rules of its verb, or for a verb ftpwire does
    // not know the rules about every command.
    [[nodiscard]] static ftpwire::verdict judge(const ftpwire::sequencer& s, const command_record& c) {
        // A verb ftpwire does not know (MFMT, CLNT, PRET, XSHA1, ...): what it does to the session is unknown, so the
        // sequencer sees it only as on_unlisted_command (send()), and only the rules about every command judge it
        // (sequencer::check_unlisted:
        // session_closed, greeting_first, wait_for_reply, and rnfr_only_rnto and login_required where the family
        // applies them to every verb; a pipelined command is judged by the replayer itself, so wait_for_reply never
        // comes from here).
        return c.known.found ? s.check(c.known.value, argument_of(c.text)) : s.check_unlisted();
    }

    // A command judged again as the sequencer's family now judges it, in the states it was judged in (when sent,
    // and when read if it was pipelined).
    void judge_again(command_record& c) {
        // A pipelined command broke wait_for_reply in every family; one read after a transfer's end has no sent-time
        // violation left (read_after_transfer_end).
        if (!c.pipelined && !c.read_after_transfer) judge_again(c, c.judged_in, c.violation, c.verdict);
        if (c.judged_when_read) judge_again(c, c.read_in, c.read_violation, c.when_read);
    }
    void judge_again(const command_record& c, const ftpwire::sequence_state& in, bool& violated,
                     ftpwire::verdict& verdict) {
        verdict = judge(ftpwire::sequencer(in, seq_.family()), c);
        if (violated && verdict.accepted) --out_.violations;
        if (!violated && !verdict.accepted) ++out_.violations;
        violated = !verdict.accepted;
    }

    // The transfer ended before any reply to a command sent during it that the family refuses at once while a
    // transfer runs (transfer_refusal_at_once: Pure-FTPd's 500, which would come before the transfer's 226): the
    // server read that command after the end, so it is judged there, in the state it was sent in with the transfer
    // ended, and the refusal predicted when it was sent is withdrawn. Pure-FTPd 1.0.50 after the client closed the
    // data connection (tests/data/servers/pureftpd/data_closed_then_noop.txt): RETR's 150, NOOP sent, then "150 0.006
    // seconds (measured here), ..." (the transfer's end) and "200 Zzz...".
    void read_after_transfer_end() {
        if (waiting_ == no_command || waiting_ == transfer_) return;
        command_record& c = out_.commands[waiting_];
        if (!ftpwire::traits(seq_.family()).transfer_refusal_at_once || !c.violation ||
            c.verdict.broken != ftpwire::rule::transfer_in_progress || !c.replies.empty() || c.judged_when_read)
            return;
        ftpwire::sequencer ended(c.judged_in, seq_.family());
        ended.on_reply(226);  // what ends a transfer the client did not cut short (RFC 959 §4.1.3)
        c.read_after_transfer = true;
        withdraw_sent_violation(c);
        judge_when_read(c, ended);
    }

    // A command judged again where the server reads it, by the sequencer in the state it reads it in: a rule it breaks
    // there is a violation of its own (when read).
    void judge_when_read(command_record& c, const ftpwire::sequencer& reading) {
        c.judged_when_read = true;
        c.read_in = reading.state();
        c.when_read = judge(reading, c);
        c.read_violation = !c.when_read.accepted;
        if (c.read_violation) ++out_.violations;
    }
    // The violation a command was judged to break when sent, taken back: the replies show the server read it
    // otherwise.
    void withdraw_sent_violation(command_record& c) {
        c.violation = false;
        c.verdict = ftpwire::verdict{};
        --out_.violations;
    }

    // The server reads the command: the sequencer sees it, and it waits for its reply. A command that broke
    // wait_for_reply when sent is judged again now, as the server judges it.
    void send(std::size_t index) {
        command_record& c = out_.commands[index];
        if (c.violation && c.verdict.broken == ftpwire::rule::wait_for_reply) judge_when_read(c, seq_);
        c.ascii_type = seq_.state().has(ftpwire::flag::ascii_type);
        c.rest_pending = seq_.state().has(ftpwire::flag::rest_pending);
        if (c.known.found) {
            const bool transfer_was_open = seq_.transfer_open();
            seq_.on_command(c.known.value, argument_of(c.text));
            // An urgent command that overtook a transfer command's first reply: the transfer counts as open.
            if (!transfer_was_open && seq_.transfer_open()) transfer_ = last_known_;
            last_known_ = index;
        } else {
            seq_.on_unlisted_command();
        }
        waiting_ = index;
    }

    // ProFTPD 1.3.8 (seen live, Python 3.11 ftplib's abort() after closing the data connection): abort() sends
    // "ABOR\r\n" with MSG_OOB, which marks its last byte, the LF, as urgent data; ProFTPD takes that byte apart
    // (its SIGURG handler ends the transfer: 426) and the line ABOR began goes on into the next command, "ABOR\rPWD",
    // answered "500 'ABOR PWD' not understood". That refusal, quoting ABOR and the command after it, answers both:
    // the server never read a line ABOR alone, so the command after it was not sent before a reply of ABOR's.
    [[nodiscard]] bool answers_abor_joined_with_next_command(const event& e) const {
        if (!is_syntax_reply(e.code) || !waiting_for(ftpwire::verb::abor) || queued_.empty()) return false;
        const std::string joined = out_.commands[waiting_].text + ' ' + out_.commands[queued_.front()].text;
        return e.text.find(joined) != std::string::npos;
    }
    void take_joined_command(const event& e) {
        command_record& c = out_.commands[queued_.front()];
        queued_.pop_front();
        if (c.violation && c.verdict.broken == ftpwire::rule::wait_for_reply) withdraw_sent_violation(c);
        add_reply(c, e);  // (the sequencer never saw it: it reads the refusal as ABOR's alone)
    }

    // ABOR, STAT and QUIT sent before a transfer command's first reply are read at once (RFC 959 §4.1.3), which the
    // sequencer models (sequence_rules.hpp after_command); any other command waits for its turn.
    [[nodiscard]] bool overtakes_transfer_command(const command_record& c) const {
        return c.known.found && ftpwire::urgent_verbs.contains(c.known.value) && waiting_command_known() &&
               ftpwire::transfer_verbs.contains(out_.commands[waiting_].known.value);
    }

    [[nodiscard]] bool waiting_for(ftpwire::verb v) const {
        if (waiting_ == no_command) return false;
        const command_record& c = out_.commands[waiting_];
        return c.known.found && c.known.value == v;
    }
    [[nodiscard]] bool waiting_command_known() const {
        return waiting_ != no_command && out_.commands[waiting_].known.found;
    }

    // A syntax reply while a verb the sequencer does not know waits during a transfer: that verb's.
    [[nodiscard]] bool answers_unknown_command(int code) const {
        return waiting_ != no_command && !waiting_command_known() && seq_.transfer_open() && is_syntax_reply(code);
    }

    // The greeting answers the connection, not a command sent before it; but REIN's 120 and the 220 after it are
    // REIN's (RFC 959 §5.4).
    [[nodiscard]] bool greets_this_connection(const ftpwire::sequence_state& before, int code) const {
        return (code == 120 || code == 220) && !waiting_for(ftpwire::verb::rein) &&
               (before.login == ftpwire::login_state::need_greeting ||
                before.login == ftpwire::login_state::greeting_delayed);
    }

    [[nodiscard]] bool answers_transfer(const ftpwire::sequence_state& before, int code) const {
        return transfer_ != no_command && before.has(ftpwire::flag::transfer_open) &&
               (ftpwire::ends_transfer_in(before, code) ||
                (ftpwire::opens_transfer(code) && out_.commands[transfer_].replies.empty()));
    }

    [[nodiscard]] bool answers_waiting_command(const ftpwire::sequence_state& before, int code,
                                               bool to_transfer) const {
        if (waiting_ == no_command || greets_this_connection(before, code)) return false;
        if (!to_transfer) return true;
        // A reply that ends the transfer answers the waiting command too when the sequencer says so: ABOR's 225
        // while the transfer is taken as open (RFC 959 §4.1.3 ABOR), a 421 that closes everything.
        return waiting_command_known() && before.has(ftpwire::flag::reply_pending) && !seq_.awaiting_reply();
    }

    [[nodiscard]] bool waiting_command_answered(int code, bool to_waiting) const {
        if (!waiting_command_known()) return to_waiting && code >= 200;  // lint follows it alone
        // The sequencer takes REIN's 120 as a new greeting to wait for (greeting_delayed): REIN's 220 is to come.
        const bool rein_delayed = waiting_for(ftpwire::verb::rein) && code == 120;
        return !seq_.awaiting_reply() && !rein_delayed;
    }

    ftpwire::server_family family_;
    bool from_greeting_;
    ftpwire::sequencer seq_;
    std::size_t session_start_ = 0;         // the first command of the session in progress
    std::size_t session_errors_start_ = 0;  // the first of its 4xx/5xx replies
    bool greeted_ = false;                  // the session in progress had its greeting (a reply other than 120)
    std::size_t closed_at_ = no_command;    // the first command after the session's connection closed (221, 421)
    lint_result out_;
    std::size_t waiting_ = no_command;           // the command the server read last, until its final reply
    std::size_t previous_waiting_ = no_command;  // the old connection's unanswered command, after "Connecting to"
    std::deque<std::size_t> queued_;             // commands sent after it, in order: the server has not read them yet
    std::size_t transfer_ = no_command;    // the transfer command of the open transfer (while seq_.transfer_open())
    std::size_t last_known_ = no_command;  // the last command given to the sequencer
    command_record::lost_state lost_;      // what the connection before had set up and this one has not yet
    command_record::lost_state lost_at_session_start_;  // lost_ when the session in progress began
    std::string connection_;                            // a server log's connection the session is on
    bool family_from_log_ = false;                      // the session is judged as the server whose log it is read from
};

lint_result replay(const std::vector<event>& events, ftpwire::server_family family, bool from_greeting) {
    // For each reply, the final replies (not 1yz) from it on until the client's next command or connection.
    std::vector<std::size_t> final_replies_from(events.size(), 0);
    std::size_t run = 0;
    for (std::size_t i = events.size(); i-- > 0;) {
        if (events[i].what != event::kind::reply) {
            run = 0;
            continue;
        }
        if (events[i].code >= 200) ++run;
        final_replies_from[i] = run;
    }
    replayer r(family, from_greeting);
    for (std::size_t i = 0; i < events.size(); ++i) {
        const event& e = events[i];
        if (e.what == event::kind::reply)
            r.on_reply(e, final_replies_from[i]);
        else if (e.what == event::kind::connect)
            r.on_connect(e);
        else
            r.on_command(e);
    }
    return std::move(r).result();
}

// ---- reporting ----------------------------------------------------------------------------------------------

// A reply's first line, as the text report shows it (display_text: no byte of it acts on the terminal).
std::string first_line(const std::string& text) {
    return display_text(std::string_view(text).substr(0, text.find('\n')));
}

// One rule a command broke: when it was sent, or (a pipelined command) when the server read it.
struct violation_view {
    const command_record& command;
    const ftpwire::verdict& verdict;
    bool when_read;
};

// The violations of every command, in command order (a command's sent-time one first).
std::vector<violation_view> violations_in(const lint_result& r) {
    std::vector<violation_view> out;
    for (const command_record& c : r.commands) {
        if (c.violation) out.push_back({c, c.verdict, false});
        if (c.read_violation) out.push_back({c, c.when_read, true});
    }
    return out;
}

// How many of the violations break argument_syntax: a command line whose argument does not fit its verb, which the
// summary counts among the rules broken (the rule table holds it) and names apart.
std::size_t argument_violations(const lint_result& r) {
    std::size_t n = 0;
    for (const violation_view& v : violations_in(r)) n += v.verdict.broken == ftpwire::rule::argument_syntax ? 1 : 0;
    return n;
}

std::string replies_text(const std::vector<int>& codes) {
    std::string s;
    for (int code : codes) s += (s.empty() ? "" : " then ") + std::to_string(code);
    return s;
}

// The rules a run applied: a family name, or with --server auto "auto: " and the family of each session.
std::string rules_applied(const lint_result& r, ftpwire::server_family family, bool from_greeting) {
    if (!from_greeting) return std::string(ftpwire::to_string(family));
    std::string s = "auto:";
    for (std::size_t i = 0; i < r.session_families.size(); ++i)
        s += (i ? ", " : " ") + std::string(ftpwire::to_string(r.session_families[i]));
    return s;
}

// "(127.0.0.1 pid 1184) " before a server log's findings: which connection; nothing for a client's transcript.
std::string connection_tag(const std::string& connection) {
    return connection.empty() ? std::string() : "(" + display_text(connection) + ") ";
}

void print_text(const lint_result& r, const std::string& name, const std::string& rules) {
    struct item {
        std::size_t line;
        std::string text;
    };
    std::vector<item> items;
    for (const violation_view& v : violations_in(r)) {
        const command_record& c = v.command;
        const ftpwire::rule_info& rule = ftpwire::info(v.verdict.broken);
        std::string t = name + ":" + std::to_string(c.line) + ": " + connection_tag(c.connection) +
                        display_text(c.text) + ": breaks " + std::string(rule.name) + " (" + std::string(rule.rfc) +
                        ")" + (v.when_read ? " when the server reads it" : "") + ": " + std::string(rule.message) +
                        "\n";
        if (c.replies.empty()) {
            t += "    server answered: nothing in the transcript";
        } else {
            t += "    server answered: " + replies_text(c.replies) + " (line " + std::to_string(c.reply_line) + ": " +
                 first_line(c.reply_text) + ")";
        }
        if (v.verdict.reply != 0)
            t += "; the rules predict " + std::to_string(v.verdict.reply) + "\n";
        else if (v.verdict.broken == ftpwire::rule::host_before_user)
            t += "; the rules predict no refusal (servers take HOST until the login; clients send it before USER)\n";
        else
            t += "; the rules predict no reply yet (the client must wait)\n";
        t += "    why: " + std::string(rule.why) + "\n    fix: " + std::string(rule.fix) + "\n";
        items.push_back({c.line, t});
    }
    for (const error_reply& e : r.errors) {
        const ftpwire::reply_code_explanation x = ftpwire::explain(e.code);
        std::string t =
            name + ":" + std::to_string(e.line) + ": " + connection_tag(e.connection) + "reply " + first_line(e.text);
        if (e.command_index < r.commands.size()) {
            const command_record& c = r.commands[e.command_index];
            t += " (to " + display_text(c.verb) + " at line " + std::to_string(c.line) + ")";
        }
        t += "\n    " + std::to_string(e.code) + " " + std::string(x.name) + ": " + std::string(x.description) +
             "\n    fix: " + std::string(x.fix) + "\n";
        if (e.cause != reply_cause::none) t += "    cause: " + std::string(explain(e.cause)) + "\n";
        items.push_back({e.line, t});
    }
    // In transcript order; a command before the reply on the same line cannot happen, so line order is enough.
    // Stable, so replies that share a line (several in one ftplib *resp*) keep the order they were read in;
    // O(n log n), as a transcript may hold tens of thousands of findings.
    std::stable_sort(items.begin(), items.end(), [](const item& a, const item& b) { return a.line < b.line; });
    for (const item& i : items) std::fwrite(i.text.data(), 1, i.text.size(), stdout);
    const std::size_t of_syntax = argument_violations(r);
    const std::string syntax_note = of_syntax == 0 ? "" : " (" + std::to_string(of_syntax) + " of argument syntax)";
    std::printf(
        "%s: %zu session(s), %zu command(s), %zu reply(ies): %zu sequencing violation(s)%s, %zu 4xx/5xx "
        "reply(ies) [rules: %s]\n",
        name.c_str(), r.sessions, r.commands.size(), r.replies, r.violations, syntax_note.c_str(), r.errors.size(),
        rules.c_str());
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

void print_json(const lint_result& r, ftpwire::server_family family, bool from_greeting) {
    for (const violation_view& v : violations_in(r)) {
        const command_record& c = v.command;
        const ftpwire::rule_info& rule = ftpwire::info(v.verdict.broken);
        std::string o = "{\"kind\":\"violation\"";
        add_number(o, "line", c.line);
        if (!c.connection.empty()) add_field(o, "connection", c.connection);
        add_field(o, "command", c.text);
        add_field(o, "verb", c.verb);
        add_field(o, "rule", rule.name);
        add_field(o, "rfc", rule.rfc);
        add_field(o, "when", v.when_read ? "read" : "sent");
        add_number(o, "predicted", v.verdict.reply);
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
        if (!e.connection.empty()) add_field(o, "connection", e.connection);
        add_number(o, "code", static_cast<std::size_t>(e.code));
        add_field(o, "text", e.text);
        add_field(o, "name", x.name);
        if (e.command_index < r.commands.size()) {
            add_field(o, "command", r.commands[e.command_index].text);
            add_number(o, "command_line", r.commands[e.command_index].line);
        }
        add_field(o, "meaning", x.description);
        add_field(o, "fix", x.fix);
        if (e.cause != reply_cause::none) {
            add_field(o, "cause", to_string(e.cause));
            add_field(o, "cause_text", explain(e.cause));
        }
        std::puts((o + "}").c_str());
    }
    std::string o = "{\"kind\":\"summary\"";
    add_number(o, "sessions", r.sessions);
    add_number(o, "commands", r.commands.size());
    add_number(o, "replies", r.replies);
    add_number(o, "violations", r.violations);
    add_number(o, "error_replies", r.errors.size());
    add_field(o, "server", from_greeting ? std::string_view("auto") : ftpwire::to_string(family));
    o += ",\"servers\":[";
    for (std::size_t i = 0; i < r.session_families.size(); ++i) {
        if (i != 0) o += ",";
        append_json_string(o, ftpwire::to_string(r.session_families[i]));
    }
    o += "]";
    add_number(o, "argument_violations", argument_violations(r));
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
    bool from_greeting = false;
    bool server_given = false;
    const char* path = nullptr;
    bool options_done = false;  // after "--" every argument is the transcript's name (a file called "-x")
    for (int i = 0; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (!options_done && arg == "--") {
            options_done = true;
            continue;
        }
        if (options_done || arg.size() < 2 || arg[0] != '-') {  // the transcript's name; "-" alone is stdin
            if (path != nullptr) {
                std::fprintf(stderr, "ftpwire lint: one transcript at a time\n");
                return exit_usage;
            }
            path = argv[i];
        } else if (arg == "--help" || arg == "-h") {
            std::fputs(lint_help, stdout);
            return exit_ok;
        } else if (arg == "--json") {
            json = true;
        } else if (const server_arg server = parse_server_arg("lint", argc, argv, i, family, &from_greeting);
                   server != server_arg::not_server) {
            if (server == server_arg::usage_error) return exit_usage;
            server_given = true;
        } else {
            std::fprintf(stderr, "ftpwire lint: unknown option '%s' (try --help)\n", argv[i]);
            return exit_usage;
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
                     "ftpwire lint: %s holds no transcript lines (curl -v or basic-ftp \"> \"/\"< \", ftplib "
                     "*cmd*/*resp*, lftp \"---> \"/\"<--- \", vsftpd's log with log_ftp_protocol=YES or "
                     "pyftpdlib's at DEBUG)\n",
                     name.c_str());
        return exit_usage;
    }
    if (malformed != 0)
        std::fprintf(stderr, "ftpwire lint: %s: %zu line(s) could not be read as commands or replies\n", name.c_str(),
                     malformed);
    // A server's log is judged as that server unless --server says otherwise (as --server auto judges it).
    const bool server_log =
        std::any_of(events.begin(), events.end(), [](const event& e) { return e.source != log_source::client; });
    if (server_log && !server_given) from_greeting = true;
    const lint_result result = replay(events, family, from_greeting);
    if (json)
        print_json(result, family, from_greeting);
    else
        print_text(result, name, rules_applied(result, family, from_greeting));
    return result.violations != 0 ? exit_finding : exit_ok;
}

}  // namespace ftpwire_cli
