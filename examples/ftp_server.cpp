// ftp_server: a minimal single-directory FTP server on 127.0.0.1, one process per connection (fork).
// ftpwire does the protocol: it parses the command lines, decides with the sequencer (server role) whether a
// command comes in the right order (refusing it with 503, 530 or 425 by the rules table when it does not),
// and formats every reply.
//
//   ftp_server --root DIR [--port N] [--user NAME --pass PASSWORD] [--no-anonymous]
//
// Port 0 (the default) picks a free port; the server prints "ftp_server listening on 127.0.0.1 port N" and
// serves until it is killed. Anonymous users (anonymous/ftp, any password) may read; NAME may also write.
// Files live directly in DIR: no subdirectories. Commands: USER PASS SYST FEAT PWD CWD CDUP TYPE MODE STRU
// PASV EPSV LIST NLST RETR STOR SIZE MDTM RNFR RNTO DELE NOOP HELP QUIT; ftpwire knows the other verbs, and
// they are answered 502. Transfers are binary in both TYPEs (listings are sent with CRLF line ends).
#include <ftpwire/command.hpp>
#include <ftpwire/payload.hpp>
#include <ftpwire/reply_code.hpp>
#include <ftpwire/reply_format.hpp>
#include <ftpwire/sequencer.hpp>

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>

namespace {

struct config {
    std::string root;
    std::string user;  // empty: no named user
    std::string password;
    bool anonymous = true;
};

// ---- sockets -----------------------------------------------------------------------------------------------

// A listening TCP socket on 127.0.0.1:port (0: any free port); its port through `bound`.
int listen_loopback(std::uint16_t port, std::uint16_t& bound) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    const int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(fd, 16) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        close(fd);
        return -1;
    }
    bound = ntohs(address.sin_port);
    return fd;
}

// Waits up to timeout_ms for a connection on a listening socket.
int accept_within(int listener, int timeout_ms) {
    pollfd p{listener, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) != 1) return -1;
    return accept(listener, nullptr, nullptr);
}

bool send_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// ---- one session -------------------------------------------------------------------------------------------

class session {
public:
    session(int fd, const config& cfg) : fd_(fd), cfg_(cfg) {}
    ~session() {
        close_passive();
        close(fd_);
    }
    session(const session&) = delete;
    session& operator=(const session&) = delete;

    void run() {
        reply(220, "ftpwire example server ready");
        std::string buffer;
        char chunk[4096];
        while (!closed_) {
            const ftpwire::command_parse_result parsed = ftpwire::parse_command(buffer, line_, sizeof line_);
            if (parsed.error == ftpwire::command_error::missing_line_end) {
                if (buffer.size() >= sizeof line_) return;  // a line longer than any command: give up
                const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) return;
                buffer.append(chunk, static_cast<std::size_t>(n));
                continue;
            }
            if (parsed.consumed == 0) {
                // A line refused before its end was found (over 4096 bytes): every command gets a reply (RFC 959
                // §4.2), here 500, and the line is skipped through its LF. (A line with a bad byte, a bare LF or
                // a control byte, is answered in handle() and skipped by consumed like any other.)
                reply(500, parsed.error == ftpwire::command_error::line_too_long ? "Command line too long."
                                                                                 : "Syntax error in the command line.");
                if (!skip_line(buffer, chunk, sizeof chunk)) return;
                continue;
            }
            handle(parsed);
            buffer.erase(0, parsed.consumed);
        }
    }

private:
    // Drops the buffer's first line, through its LF, reading until it comes. False when the client went away.
    bool skip_line(std::string& buffer, char* chunk, std::size_t chunk_size) {
        for (;;) {
            const std::size_t lf = buffer.find('\n');
            if (lf != std::string::npos) {
                buffer.erase(0, lf + 1);
                return true;
            }
            buffer.clear();
            const ssize_t n = recv(fd_, chunk, chunk_size, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            buffer.append(chunk, static_cast<std::size_t>(n));
        }
    }

    // ---- replies: formatted by ftpwire, and every one told to the sequencer

    // Text the formatter refuses (a name the client sent, with a control byte or 0xFF in it, or one too long for
    // the buffer) is replaced by the RFC's text for the code: every command gets its reply.
    void reply(int code, std::string_view text) {
        char out[1024];
        const ftpwire::format_result r = ftpwire::format_reply(out, sizeof out, code, text);
        if (r) return send_reply(code, out, r.size);
        const ftpwire::format_result fallback = ftpwire::format_reply(out, sizeof out, code, rfc_text(code));
        if (fallback) send_reply(code, out, fallback.size);
    }
    void multiline_reply(int code, std::string_view lines) {  // lines separated by '\n'
        char out[2048];
        const ftpwire::format_result r = ftpwire::format_reply_text(out, sizeof out, code, lines);
        if (r) return send_reply(code, out, r.size);
        reply(code, rfc_text(code));
    }
    static std::string_view rfc_text(int code) {
        const ftpwire::reply_code_info* info = ftpwire::find_reply_code(code).get();
        return info != nullptr && !info->text.empty() ? info->text : std::string_view("Done.");
    }
    void send_reply(int code, const char* bytes, std::size_t size) {
        if (!send_all(fd_, bytes, size)) closed_ = true;
        sequencer_.on_reply(code);
        if (code == 221 || code == 421) closed_ = true;
    }

    // ---- dispatch

    void handle(const ftpwire::command_parse_result& parsed) {
        using ftpwire::command_error;
        switch (parsed.error) {
            case command_error::none: break;
            case command_error::unknown_verb: return reply(500, "Unknown command.");
            case command_error::missing_argument: return reply(501, "This command needs an argument.");
            case command_error::unexpected_argument: return reply(501, "This command takes no argument.");
            default: return reply(500, "Syntax error, command unrecognized.");
        }
        const ftpwire::verb v = parsed.command.id;
        const std::string_view arg = parsed.command.argument;
        // The sequencer decides whether the command comes in the right order: RNTO without RNFR, PASS
        // without USER, a transfer without PASV/EPSV, anything but login before login...
        const ftpwire::server_reply answer = sequencer_.validate(v, arg);
        sequencer_.on_command(v, arg);
        if (!answer.accepted) {  // "503 Bad sequence of commands: RNTO needs a successful RNFR right before it."
            char out[ftpwire::server_reply::max_size];
            send_reply(answer.code, out, answer.write(out, sizeof out));
            return;
        }
        execute(v, arg);
    }

    void execute(ftpwire::verb v, std::string_view arg) {
        using ftpwire::verb;
        switch (v) {
            case verb::user: return on_user(arg);
            case verb::pass: return on_pass(arg);
            case verb::syst: return reply(215, "UNIX Type: L8");
            case verb::feat: return multiline_reply(211, "Features:\n EPSV\n MDTM\n PASV\n SIZE\nEnd");
            case verb::pwd: return reply(257, "\"/\" is the current directory.");
            case verb::cwd:
                return arg == "/" || arg == "." ? reply(250, "Directory changed to /.")
                                                : reply(550, "No such directory: files only here.");
            case verb::cdup: return reply(250, "Directory changed to /.");
            case verb::type: return on_type(arg);
            case verb::mode: return arg == "S" || arg == "s" ? reply(200, "Mode S.") : reply(504, "Mode S only.");
            case verb::stru: return arg == "F" || arg == "f" ? reply(200, "Structure F.") : reply(504, "Only F.");
            case verb::pasv: return on_pasv(false, arg);
            case verb::epsv: return on_pasv(true, arg);
            case verb::list:
            case verb::nlst: return on_list(v == verb::nlst);
            case verb::retr: return on_retr(arg);
            case verb::stor: return on_stor(arg);
            case verb::size: return on_size(arg);
            case verb::mdtm: return on_mdtm(arg);
            case verb::rnfr: return on_rnfr(arg);
            case verb::rnto: return on_rnto(arg);
            case verb::dele: return on_dele(arg);
            case verb::noop: return reply(200, "NOOP ok.");
            case verb::help:
                return multiline_reply(214,
                                       "Commands:\n USER PASS SYST FEAT PWD CWD CDUP TYPE MODE "
                                       "STRU PASV EPSV\n LIST NLST RETR STOR SIZE MDTM RNFR RNTO "
                                       "DELE NOOP HELP QUIT\nHelp OK.");
            case verb::quit: return reply(221, "Goodbye.");
            default: return reply(502, "Command not implemented.");
        }
    }

    // ---- login

    void on_user(std::string_view name) {
        user_ = std::string(name);
        reply(331, "Password required for " + user_ + ".");
    }
    void on_pass(std::string_view password) {
        const bool anonymous = cfg_.anonymous && (user_ == "anonymous" || user_ == "ftp");
        const bool named = !cfg_.user.empty() && user_ == cfg_.user && password == cfg_.password;
        if (!anonymous && !named) return reply(530, "Login incorrect.");
        can_write_ = named;
        reply(230, anonymous ? "Anonymous user logged in, read only." : "User logged in.");
    }

    void on_type(std::string_view type) {
        if (type == "I" || type == "i" || type == "L 8") return reply(200, "Type set to I.");
        if (type == "A" || type == "a" || type == "A N") return reply(200, "Type set to A.");
        reply(504, "Type not supported.");
    }

    // ---- files: names directly in the root, nothing else

    bool file_path(std::string_view name, std::string& path) {
        if (!name.empty() && name.front() == '/') name.remove_prefix(1);
        if (name.empty() || name == "." || name == ".." || name.find('/') != std::string_view::npos) {
            reply(550, "Not a file name in this directory.");
            return false;
        }
        path = cfg_.root + "/" + std::string(name);
        return true;
    }
    bool writable() {
        if (!can_write_) reply(550, "Permission denied: anonymous users may only read.");
        return can_write_;
    }

    void on_size(std::string_view name) {
        std::string path;
        struct stat st {};
        if (!file_path(name, path)) return;
        if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return reply(550, "No such file.");
        reply(213, std::to_string(st.st_size));
    }
    void on_mdtm(std::string_view name) {
        std::string path;
        struct stat st {};
        if (!file_path(name, path)) return;
        if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return reply(550, "No such file.");
        std::tm utc{};
        gmtime_r(&st.st_mtime, &utc);
        ftpwire::date_time t;
        t.year = static_cast<std::uint16_t>(utc.tm_year + 1900);
        t.month = static_cast<std::uint8_t>(utc.tm_mon + 1);
        t.day = static_cast<std::uint8_t>(utc.tm_mday);
        t.hour = static_cast<std::uint8_t>(utc.tm_hour);
        t.minute = static_cast<std::uint8_t>(utc.tm_min);
        t.second = static_cast<std::uint8_t>(utc.tm_sec > 59 ? 59 : utc.tm_sec);
        char text[32];
        const ftpwire::format_result r = ftpwire::format_time_val(text, sizeof text, t);  // RFC 3659 §3
        reply(213, std::string_view(text, r.size));
    }
    void on_rnfr(std::string_view name) {
        struct stat st {};
        if (!writable() || !file_path(name, rename_from_)) return;
        if (stat(rename_from_.c_str(), &st) != 0) return reply(550, "No such file.");
        reply(350, "Ready for RNTO.");  // the sequencer now lets RNTO through, and only RNTO
    }
    void on_rnto(std::string_view name) {
        std::string path;
        if (!writable() || !file_path(name, path)) return;
        if (std::rename(rename_from_.c_str(), path.c_str()) != 0) return reply(550, "Rename failed.");
        reply(250, "Rename successful.");
    }
    void on_dele(std::string_view name) {
        std::string path;
        if (!writable() || !file_path(name, path)) return;
        if (unlink(path.c_str()) != 0) return reply(550, "Delete failed.");
        reply(250, "File deleted.");
    }

    // ---- data connections: passive only (PASV and EPSV on 127.0.0.1)

    void on_pasv(bool extended, std::string_view arg) {
        if (extended && !arg.empty()) {
            if (arg == "ALL" || arg == "all") return reply(200, "EPSV ALL ok.");  // RFC 2428 §4
            if (arg != "1") return reply(522, "Network protocol not supported, use (1)");
        }
        close_passive();
        std::uint16_t port = 0;
        passive_fd_ = listen_loopback(0, port);
        if (passive_fd_ < 0) return reply(425, "Cannot open a passive port.");
        char where[64];
        if (extended) {
            const ftpwire::format_result r = ftpwire::format_epsv_port(where, sizeof where, port);
            return reply(229, "Entering Extended Passive Mode " + std::string(where, r.size));
        }
        const ftpwire::endpoint e{ftpwire::ip_address::v4(127, 0, 0, 1), port};
        const ftpwire::format_result r = ftpwire::format_port_argument(where, sizeof where, e);
        reply(227, "Entering Passive Mode (" + std::string(where, r.size) + ").");
    }
    void close_passive() {
        if (passive_fd_ >= 0) close(passive_fd_);
        passive_fd_ = -1;
    }
    // 150, the data connection, then `send` moves the bytes; 226 when it did, 426 when the connection broke.
    template <typename Transfer>
    void transfer(std::string_view what, Transfer&& move_bytes) {
        reply(150, "Opening data connection for " + std::string(what) + ".");
        const int data = accept_within(passive_fd_, 10000);
        close_passive();
        if (data < 0) return reply(425, "Nobody connected to the passive port.");
        const bool ok = move_bytes(data);
        close(data);
        reply(ok ? 226 : 426, ok ? "Transfer complete." : "Connection closed; transfer aborted.");
    }

    void on_list(bool names_only) {
        std::string listing;
        if (DIR* dir = opendir(cfg_.root.c_str())) {
            while (const dirent* entry = readdir(dir)) {
                const std::string name = entry->d_name;
                struct stat st {};
                if (name[0] == '.' || stat((cfg_.root + "/" + name).c_str(), &st) != 0 || !S_ISREG(st.st_mode))
                    continue;
                if (!names_only) {
                    char when[32];
                    std::tm utc{};
                    gmtime_r(&st.st_mtime, &utc);
                    std::strftime(when, sizeof when, "%b %d %H:%M", &utc);
                    listing += "-rw-r--r-- 1 ftp ftp " + std::to_string(st.st_size) + " " + when + " ";
                }
                listing += name + "\r\n";
            }
            closedir(dir);
        }
        transfer("the listing", [&](int data) { return send_all(data, listing.data(), listing.size()); });
    }
    void on_retr(std::string_view name) {
        std::string path;
        if (!file_path(name, path)) return;
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (f == nullptr) return reply(550, "No such file.");
        transfer(name, [&](int data) {
            char chunk[65536];
            std::size_t n;
            while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0)
                if (!send_all(data, chunk, n)) return false;
            return std::ferror(f) == 0;
        });
        std::fclose(f);
    }
    void on_stor(std::string_view name) {
        std::string path;
        if (!writable() || !file_path(name, path)) return;
        std::FILE* f = std::fopen(path.c_str(), "wb");
        if (f == nullptr) return reply(550, "Cannot create the file.");
        bool written = true;
        transfer(name, [&](int data) {
            char chunk[65536];
            ssize_t n;
            while ((n = recv(data, chunk, sizeof chunk, 0)) > 0)
                written =
                    written && std::fwrite(chunk, 1, static_cast<std::size_t>(n), f) == static_cast<std::size_t>(n);
            return n == 0 && written;
        });
        std::fclose(f);
    }

    int fd_;
    const config& cfg_;
    ftpwire::sequencer sequencer_{ftpwire::server_family::rfc959};
    char line_[4096] = {};  // the current command line, Telnet commands removed
    std::string user_;
    std::string rename_from_;
    bool can_write_ = false;
    bool closed_ = false;
    int passive_fd_ = -1;
};

int usage() {
    std::fprintf(stderr, "usage: ftp_server --root DIR [--port N] [--user NAME --pass PASSWORD] [--no-anonymous]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    config cfg;
    long port = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        // clang-format off
        if (arg == "--root" && has_value) cfg.root = argv[++i];
        else if (arg == "--port" && has_value) port = std::strtol(argv[++i], nullptr, 10);
        else if (arg == "--user" && has_value) cfg.user = argv[++i];
        else if (arg == "--pass" && has_value) cfg.password = argv[++i];
        else if (arg == "--no-anonymous") cfg.anonymous = false;
        else return usage();
        // clang-format on
    }
    if (cfg.root.empty() || port < 0 || port > 65535) return usage();

    std::uint16_t bound = 0;
    const int listener = listen_loopback(static_cast<std::uint16_t>(port), bound);
    if (listener < 0) {
        std::perror("ftp_server: listen");
        return 1;
    }
    std::signal(SIGCHLD, SIG_IGN);  // children are reaped automatically
    std::printf("ftp_server listening on 127.0.0.1 port %u\n", unsigned{bound});
    std::fflush(stdout);
    for (;;) {
        const int client = accept(listener, nullptr, nullptr);
        if (client < 0) {
            if (errno == EINTR) continue;
            std::perror("ftp_server: accept");
            return 1;
        }
        const pid_t child = fork();
        if (child == 0) {
            close(listener);
            {
                session s(client, cfg);
                s.run();
            }
            _exit(0);
        }
        close(client);
    }
}
