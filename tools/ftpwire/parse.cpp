// ftpwire parse: reads a stream of FTP replies (what a client reads on the control connection), feeds it to the
// pull parser in chunks as a socket would deliver it, and prints one JSON object per reply.
#include "json.hpp"
#include "parse_extras.hpp"
#include "subcommands.hpp"

#include <ftpwire/reply_parser.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace ftpwire_cli {
namespace {

constexpr const char* parse_help =
    "usage: ftpwire parse [--strict|--lenient] [--chunk N] [--command VERB] [FILE|-]\n"
    "\n"
    "Reads FTP replies (stdin by default, or FILE; '-' is stdin), feeds them to the reply parser as they arrive,\n"
    "at most 4096 bytes at a time (or exactly N with --chunk), and prints one JSON object per reply, one per\n"
    "line, each as soon as the reply is complete (so `nc HOST 21 | ftpwire parse` follows a live control\n"
    "connection):\n"
    "  {\"code\":211,\"multiline\":true,\"offset\":0,\"lines\":[\"211-Features:\",\" UTF8\",\"211 End\"],\n"
    "   \"payload\":{\"kind\":\"features\",\"features\":[{\"name\":\"UTF8\",\"params\":\"\"}]}}\n"
    "code is the closing line's code (RFC 959 §4.2; with --lenient a multi-line reply may close with another\n"
    "code, as glftpd sends), offset the byte offset of the reply in the input, lines the raw lines without\n"
    "their terminators (bytes that are not UTF-8 are written as \\u00XX; U+0080-U+009F, U+2028 and U+2029, at\n"
    "which some readers split lines, as \\u0085, \\u2028, ...). The output never depends on --chunk.\n"
    "\n"
    "  --lenient    accept what real servers send (default): bare LF, lone CR, a bare \"ddd\" line, any closing\n"
    "               code, Telnet commands between replies, NUL/control bytes, any three-digit code\n"
    "  --strict     RFC 959 §4.2 only: CRLF, \"ddd \" or \"ddd-\", same closing code, no Telnet commands, no\n"
    "               control bytes, UTF-8 text (RFC 2640), codes 1yz-6yz with y <= 5\n"
    "  --chunk N    feed exactly N bytes at a time (any N >= 1), whatever each read returns\n"
    "  --           ends the options: the argument after it is the input's name, also when it starts with '-'\n"
    "\n"
    "On a parse error prints {\"error\":\"<name>\",\"offset\":<byte offset>} after the replies before it; an input\n"
    "that ends inside a reply is the error unterminated_reply.\n"
    "exit status: 0 every reply parsed, 1 a parse error, 2 bad usage or unreadable input\n";

struct parse_args {
    ftpwire::parse_options options = ftpwire::parse_options::lenient();
    std::size_t chunk = 0;  // 0: as the bytes arrive (each read())
    const char* path = "-";
};

int usage_error(const char* what, const char* arg) {
    std::fprintf(stderr, "ftpwire parse: %s%s%s\n(try ftpwire parse --help)\n", what, arg ? ": " : "", arg ? arg : "");
    return exit_usage;
}

// Any whole number >= 1. One too large for size_t (strtoull's ERANGE included) is read as the largest: no input
// is that long, so the chunks the parser sees are the same.
bool parse_chunk_size(const char* text, std::size_t& out) {
    if (text == nullptr || *text < '0' || *text > '9') return false;
    errno = 0;
    char* end = nullptr;
    const unsigned long long n = std::strtoull(text, &end, 10);
    if (*end != '\0' || (errno != 0 && errno != ERANGE) || n == 0) return false;
    constexpr std::size_t largest = std::numeric_limits<std::size_t>::max();
    out = n >= largest ? largest : static_cast<std::size_t>(n);
    return true;
}

void write_reply(const ftpwire::reply_view& reply, std::size_t stream_offset, const parse_extras& extras) {
    json_writer w;
    w.begin_object();
    w.field("code", reply.code());
    w.field("multiline", reply.multiline());
    w.field("offset", static_cast<std::uint64_t>(stream_offset));
    w.key("lines");
    w.begin_array();
    for (const ftpwire::line_view line : reply.lines()) w.value(line.raw);
    w.end_array();
    extras.write_reply_extras(w, reply);
    w.end_object();
    w.write_line(stdout);
}

void write_error(ftpwire::parse_error error, std::size_t stream_offset) {
    json_writer w;
    w.begin_object();
    w.field("error", ftpwire::to_string(error));
    w.field("offset", static_cast<std::uint64_t>(stream_offset));
    w.end_object();
    w.write_line(stdout);
}

// The socket-reader loop: a growable buffer whose front holds the unparsed bytes. After every chunk, hand the
// parser the unparsed bytes; print and drop each complete reply. The parser remembers how far it searched,
// so a reply that arrives in many chunks is still examined once.
class reply_reader {
public:
    reply_reader(const ftpwire::parse_options& options, const parse_extras& extras)
        : parser_(options), extras_(extras) {}

    // Appends bytes without parsing them: a chunk read in several blocks reaches the parser whole.
    void append(const char* bytes, std::size_t size) { buffer_.insert(buffer_.end(), bytes, bytes + size); }

    // Prints every reply the bytes appended so far complete. False after a parse error (printed).
    bool parse_appended() { return drain(false); }

    // The input ended. False after a parse error (printed).
    bool finish() { return drain(true); }

private:
    bool drain(bool at_end) {
        for (;;) {
            const std::string_view unparsed(buffer_.data() + begin_, buffer_.size() - begin_);
            const ftpwire::parse_result r = at_end ? parser_.finish(unparsed) : parser_.parse(unparsed);
            if (r.complete()) {
                write_reply(r.reply, base_ + r.reply.offset(), extras_);
                begin_ += r.consumed;
                base_ += r.consumed;
                continue;
            }
            if (r.failed()) {
                write_error(r.error, base_ + r.offset);
                return false;
            }
            compact();
            return true;
        }
    }

    // Drops consumed bytes once they are the larger part of the buffer (amortised O(1) per byte). The parser
    // is between calls, so the unparsed bytes may move.
    void compact() {
        if (begin_ == 0 || begin_ < buffer_.size() - begin_) return;
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(begin_));
        begin_ = 0;
    }

    ftpwire::reply_parser parser_;
    const parse_extras& extras_;
    std::vector<char> buffer_;
    std::size_t begin_ = 0;  // first unparsed byte in buffer_
    std::size_t base_ = 0;   // stream offset of buffer_[begin_]
};

}  // namespace

int run_parse(int argc, char** argv) {
    parse_args args;
    parse_extras extras;
    bool have_path = false;
    bool options_done = false;  // after "--" every argument is the input's name (a file called "-x")
    for (int i = 0; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (!options_done && arg == "--") {
            options_done = true;
            continue;
        }
        if (options_done || arg.size() < 2 || arg[0] != '-') {  // the input's name; "-" alone is stdin
            if (have_path) return usage_error("more than one input given", argv[i]);
            args.path = argv[i];
            have_path = true;
            continue;
        }
        if (arg == "--help" || arg == "-h") {
            std::fputs(parse_help, stdout);
            std::fputs(parse_extras_help, stdout);
            return exit_ok;
        }
        if (arg == "--strict") {
            args.options = ftpwire::parse_options::strict();
        } else if (arg == "--lenient") {
            args.options = ftpwire::parse_options::lenient();
        } else if (arg == "--chunk" || arg.substr(0, 8) == "--chunk=") {
            const char* value = arg == "--chunk" ? (i + 1 < argc ? argv[++i] : nullptr) : argv[i] + 8;
            if (!parse_chunk_size(value, args.chunk)) return usage_error("--chunk needs a whole number >= 1", value);
        } else {
            const int used = extras.take_option(argc, argv, i);
            if (used == 0) return usage_error("unknown option", argv[i]);
            if (used < 0) {  // --command without a verb, or with one that is no FTP command: name what was given
                const bool separate = arg == "--command";
                const char* value = separate ? (i + 1 < argc ? argv[i + 1] : nullptr) : argv[i] + arg.find('=') + 1;
                return usage_error("--command needs an FTP command verb (USER, SIZE, MDTM, STAT, ...)", value);
            }
            i += used - 1;
        }
    }

    const bool from_stdin = std::strcmp(args.path, "-") == 0;
    std::FILE* in = from_stdin ? stdin : std::fopen(args.path, "rb");
    if (in == nullptr) {
        std::fprintf(stderr, "ftpwire parse: cannot open %s: %s\n", args.path, std::strerror(errno));
        return exit_usage;
    }

    constexpr std::size_t largest_block = 65536;
    constexpr std::size_t arrival_chunk = 4096;
    reply_reader reader(args.options, extras);
    bool ok = true;
    bool read_failed = false;
    if (args.chunk == 0) {
        // As the bytes arrive: read() returns what a pipe or socket holds, and the replies it completes are
        // printed (and flushed) before the next read waits. At most arrival_chunk bytes a read: the parser gets
        // chunks of issue 4's default size (4096) from a file, and never waits for a chunk to fill on a live pipe.
        std::vector<char> block(arrival_chunk);
        const int fd = fileno(in);
        for (;;) {
            const ssize_t n = read(fd, block.data(), block.size());
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                read_failed = n < 0;
                break;
            }
            reader.append(block.data(), static_cast<std::size_t>(n));
            if (!(ok = reader.parse_appended())) break;
            std::fflush(stdout);
        }
    }
    // Reads in blocks of at most 64 KiB but hands the parser exactly N bytes at a time (fewer only at the end),
    // so a large N costs no memory beyond the input it buffers: --chunk 1073741824 on 8 bytes holds 8 bytes.
    std::vector<char> block(std::min(args.chunk, largest_block));
    std::size_t chunk_filled = 0;  // bytes of the current chunk appended but not yet parsed
    while (args.chunk != 0) {
        const std::size_t wanted = std::min(block.size(), args.chunk - chunk_filled);
        const std::size_t n = std::fread(block.data(), 1, wanted, in);
        reader.append(block.data(), n);
        chunk_filled += n;
        const bool short_read = n < wanted;  // fread stops short only at the end of the input or on an error
        if (chunk_filled == args.chunk || (short_read && chunk_filled > 0)) {
            chunk_filled = 0;
            if (!(ok = reader.parse_appended())) break;
            std::fflush(stdout);  // the replies this chunk completed, now (a live connection's reader waits)
        }
        if (short_read) {
            read_failed = std::ferror(in) != 0;
            if (std::feof(in) || read_failed) break;
        }
    }
    if (ok && !read_failed) ok = reader.finish();
    if (!from_stdin) std::fclose(in);
    std::fflush(stdout);
    if (read_failed) {
        std::fprintf(stderr, "ftpwire parse: cannot read %s\n", from_stdin ? "<stdin>" : args.path);
        return exit_usage;
    }
    return ok ? exit_ok : exit_finding;
}

}  // namespace ftpwire_cli
