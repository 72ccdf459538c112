// ftp_server: a minimal single-directory FTP server on 127.0.0.1, one process per connection (fork).
// ftpwire does the protocol: it parses the command lines, decides with the sequencer (server role) whether a
// command comes in the right order (refusing it with 503, 530 or 425 by the rules table when it does not),
// and formats every reply.
//
//   ftp_server --root DIR [--port N] [--user NAME --pass PASSWORD] [--no-anonymous] [--idle-timeout SECONDS]
//              [--data-timeout SECONDS]
//
// Port 0 (the default) picks a free port; the server prints "ftp_server listening on 127.0.0.1 port N" and
// serves until it is killed. Anonymous users (anonymous/ftp, any password) may read; NAME may also write. A third
// failed PASS on a connection is answered 421 and the connection closed (RFC 2577 §5: slow down password guessing).
// Files live directly in DIR, and only regular files: a symbolic link there may point out of DIR, so a link, like
// a directory, a FIFO or a device, is treated as absent. LIST leaves it out and every command naming it gets 550,
// DELE and RNFR included: unlink() and rename() would only touch the link itself, but a client that cannot see an
// entry has no business removing or replacing it. STOR writes into a temporary file in DIR and renames it over the
// name once the transfer completed, so a failed STOR leaves the old file as it was.
// Commands: USER PASS SYST FEAT PWD CWD CDUP TYPE MODE STRU PASV EPSV LIST NLST RETR STOR SIZE MDTM RNFR RNTO DELE
// STAT NOOP ALLO ABOR HELP QUIT, and during a transfer ABOR and STAT (RFC 959 §4.1.3); ftpwire knows the other verbs,
// and they are answered 502. LIST and NLST list the root, or the one file they name (450 for any other name). Transfers
// are binary in both TYPEs (listings are sent with CRLF line ends). Timeouts: a control connection without a command
// for --idle-timeout seconds (default 300) gets 421 and is closed (RFC 959 §4.2); a data connection that does not
// come, or does not move, for --data-timeout seconds (default 60) ends the transfer with 425 or 426.
#include <ftpwire/command.hpp>
#include <ftpwire/payload.hpp>
#include <ftpwire/reply_code.hpp>
#include <ftpwire/reply_format.hpp>
#include <ftpwire/sequencer.hpp>

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
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
    int idle_timeout = 300;  // seconds without a command before 421 (vsftpd's idle_session_timeout)
    int data_timeout = 60;   // seconds to wait for the data connection, and for each step of a transfer
};

constexpr int max_failed_logins = 3;

using steady_clock = std::chrono::steady_clock;

// ---- sockets and files -------------------------------------------------------------------------------------

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

bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// A file descriptor, closed when it goes out of scope.
class unique_fd {
public:
    explicit unique_fd(int fd = -1) noexcept : fd_(fd) {}
    ~unique_fd() { reset(); }
    unique_fd(const unique_fd&) = delete;
    unique_fd& operator=(const unique_fd&) = delete;

    [[nodiscard]] int get() const noexcept { return fd_; }
    void reset(int fd = -1) noexcept {
        if (fd_ >= 0) close(fd_);
        fd_ = fd;
    }
    // Closes now; false when close() reports an error (a write to the file that failed late).
    [[nodiscard]] bool close_now() noexcept {
        const int fd = fd_;
        fd_ = -1;
        return fd < 0 || close(fd) == 0;
    }

private:
    int fd_;
};

// lstat(), not stat(): a symbolic link is judged as itself, not as what it points to (maybe out of the root).
bool is_regular_file(const std::string& path, struct stat& st) {
    return lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}
bool is_regular_file(const std::string& path) {
    struct stat st {};
    return is_regular_file(path, st);
}
// Nothing by that name, or a regular file: what STOR and RNTO may (re)place.
bool is_absent_or_regular(const std::string& path) {
    struct stat st {};
    return lstat(path.c_str(), &st) != 0 ? errno == ENOENT : S_ISREG(st.st_mode);
}

// The mode fopen(path, "w") would give a new file, 0666 less the umask (mkstemp gives 0600).
mode_t new_file_mode() {
    const mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

// ---- one session -------------------------------------------------------------------------------------------

// How a transfer (or a step of it) went: go_on while it may go on.
enum class outcome { go_on, done, no_connection, broken, stalled, aborted, local_error, control_lost };

class session {
public:
    session(int fd, const config& cfg) : fd_(fd), cfg_(cfg) {
        // RFC 959 §4.1.3 sends ABOR (and STAT) with the Telnet Synch: the IAC before IP or DM as TCP urgent data
        // (lftp), or the whole line as urgent data (Python's ftplib). Without SO_OOBINLINE Linux takes the urgent
        // byte out of the stream (ftplib's LF, lftp's IAC) and the line is broken; inline, the bytes stay in order
        // and parse_command drops the Telnet commands, as vsftpd does.
        const int on = 1;
        setsockopt(fd_, SOL_SOCKET, SO_OOBINLINE, &on, sizeof on);
        // A client that sends commands but never reads the replies must not hold the server in send() forever.
        const timeval limit{cfg_.idle_timeout, 0};
        setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
        sockaddr_in peer{};
        socklen_t size = sizeof peer;
        if (getpeername(fd_, reinterpret_cast<sockaddr*>(&peer), &size) == 0 && peer.sin_family == AF_INET)
            control_peer_ = peer.sin_addr.s_addr;
    }
    ~session() {
        close_passive();
        close(fd_);
    }
    session(const session&) = delete;
    session& operator=(const session&) = delete;

    void run() {
        reply(220, "ftpwire example server ready");
        while (!closed_) {
            const ftpwire::command_parse_result parsed = ftpwire::parse_command(input_, line_, sizeof line_);
            if (parsed.error == ftpwire::command_error::missing_line_end) {
                if (!read_control()) return;
                continue;
            }
            if (parsed.error == ftpwire::command_error::line_too_long) {
                // No LF within 4096 bytes, so nothing consumed: every command gets a reply (RFC 959 §4.2), here
                // 500, and the line is skipped through its LF. Every other bad line (a bare LF, a control byte)
                // is consumed like a good one and answered in handle().
                reply(500, "Command line too long.");
                if (!skip_line()) return;
                continue;
            }
            // The command is in line_ now; input_ keeps what follows, which a transfer reads on (ABOR, STAT).
            input_.erase(0, parsed.consumed);
            handle(parsed);
        }
    }

private:
    // Reads more of the control connection into input_. False when the client went away, or sent nothing for
    // the idle timeout: then 421 (RFC 959 §4.2, "Service not available, closing control connection").
    bool read_control() {
        pollfd p{fd_, POLLIN, 0};
        const int ready = poll(&p, 1, cfg_.idle_timeout * 1000);
        if (ready < 0) return errno == EINTR;
        if (ready == 0) {
            reply(421, "No command for " + std::to_string(cfg_.idle_timeout) + " seconds: closing control connection.");
            return false;
        }
        return receive_control();
    }
    bool receive_control() {
        char chunk[4096];
        const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
        if (n < 0) return errno == EINTR;
        if (n == 0) return false;
        input_.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    // Drops input_'s first line, through its LF, reading until it comes. False when the connection ends.
    bool skip_line() {
        for (;;) {
            const std::size_t lf = input_.find('\n');
            if (lf != std::string::npos) {
                input_.erase(0, lf + 1);
                return true;
            }
            input_.clear();
            if (!read_control()) return false;
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
        // Room for every line's code, CRLF and the padding of a line that starts with a digit (a listing's).
        std::string out(lines.size() * 2 + 64, '\0');
        const ftpwire::format_result r = ftpwire::format_reply_text(out.data(), out.size(), code, lines);
        if (r) return send_reply(code, out.data(), r.size);
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
        // A passive port serves one transfer (transfer() closes it); a transfer command refused before its 150
        // (550 to RETR of a missing file) leaves it for the next one, as the sequencer's generic reading and
        // vsftpd, pyftpdlib and Pure-FTPd do (tests/data/servers/*/pasv_then_refused_retr.txt).
        if (accepted_in_sequence(v, arg)) execute(v, arg);
    }
    // False, with the refusal sent ("503 Bad sequence of commands: RNTO needs a successful RNFR right before it."),
    // when the command comes out of order.
    bool accepted_in_sequence(ftpwire::verb v, std::string_view arg) {
        const ftpwire::server_reply answer = sequencer_.validate(v, arg);
        sequencer_.on_command(v, arg);
        if (answer.accepted) return true;
        char out[ftpwire::server_reply::max_size];
        send_reply(answer.code, out, answer.write(out, sizeof out));
        return false;
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
            case verb::nlst: return on_list(v == verb::nlst, arg);
            case verb::retr: return on_retr(arg);
            case verb::stor: return on_stor(arg);
            case verb::size: return on_size(arg);
            case verb::mdtm: return on_mdtm(arg);
            case verb::rnfr: return on_rnfr(arg);
            case verb::rnto: return on_rnto(arg);
            case verb::dele: return on_dele(arg);
            case verb::stat: return on_stat(arg);
            case verb::noop: return reply(200, "NOOP ok.");
            // RFC 959 §4.1.3: a server that needs no space reserved treats ALLO as NOOP; §5.4 gives it 202.
            case verb::allo: return reply(202, "No storage allocation necessary.");
            // RFC 959 §4.1.3: ABOR after the transfer completed (or with none) is answered 226. During a transfer
            // it is read, and answered, by the transfer (answer_urgent_commands).
            case verb::abor: return reply(226, "No transfer to abort.");
            case verb::help:
                return multiline_reply(214,
                                       "Commands:\n USER PASS SYST FEAT PWD CWD CDUP TYPE MODE "
                                       "STRU PASV EPSV\n LIST NLST RETR STOR SIZE MDTM RNFR RNTO "
                                       "DELE STAT NOOP ALLO ABOR HELP QUIT\nHelp OK.");
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
        if (!anonymous && !named) {
            // RFC 2577 §5: limit the guesses per connection; 421 closes it.
            if (++failed_logins_ >= max_failed_logins)
                return reply(421, "Too many failed logins: closing control connection.");
            return reply(530, "Login incorrect.");
        }
        can_write_ = named;
        reply(230, anonymous ? "Anonymous user logged in, read only." : "User logged in.");
    }

    void on_type(std::string_view type) {
        if (type == "I" || type == "i" || type == "L 8") return reply(200, "Type set to I.");
        if (type == "A" || type == "a" || type == "A N") return reply(200, "Type set to A.");
        reply(504, "Type not supported.");
    }

    // ---- files: regular files directly in the root, nothing else

    // The prefix of STOR's temporary files, which no command may name (LIST leaves every dot file out).
    static constexpr std::string_view stor_prefix = ".ftpwire-stor-";

    // The path of a name directly in the root; false for anything else (".", "..", "a/b", STOR's temporary files).
    bool path_in_root(std::string_view name, std::string& path) const {
        if (!name.empty() && name.front() == '/') name.remove_prefix(1);
        if (name.empty() || name == "." || name == ".." || name.find('/') != std::string_view::npos ||
            name.substr(0, stor_prefix.size()) == stor_prefix)
            return false;
        path = cfg_.root + "/" + std::string(name);
        return true;
    }
    bool file_path(std::string_view name, std::string& path) {
        if (path_in_root(name, path)) return true;
        reply(550, "Not a file name in this directory.");
        return false;
    }
    bool writable() {
        if (!can_write_) reply(550, "Permission denied: anonymous users may only read.");
        return can_write_;
    }

    void on_size(std::string_view name) {
        std::string path;
        struct stat st {};
        if (!file_path(name, path)) return;
        if (!is_regular_file(path, st)) return reply(550, "No such file.");
        reply(213, std::to_string(st.st_size));
    }
    void on_mdtm(std::string_view name) {
        std::string path;
        struct stat st {};
        if (!file_path(name, path)) return;
        if (!is_regular_file(path, st)) return reply(550, "No such file.");
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
        // RFC 3659 §3: four digits of year; a file dated before 1000 or after 9999 (tmpfs allows both) has no
        // time-val.
        const ftpwire::format_result r = ftpwire::format_time_val(text, sizeof text, t);
        if (!r.ok()) return reply(550, "The file's time cannot be written as a time-val.");
        reply(213, std::string_view(text, r.size));
    }
    void on_rnfr(std::string_view name) {
        if (!writable() || !file_path(name, rename_from_)) return;
        if (!is_regular_file(rename_from_)) return reply(550, "No such file.");
        reply(350, "Ready for RNTO.");  // the sequencer now lets RNTO through, and only RNTO
    }
    void on_rnto(std::string_view name) {
        std::string path;
        if (!writable() || !file_path(name, path)) return;
        if (!is_absent_or_regular(path)) return reply(550, "Not a regular file: not replaced.");
        if (std::rename(rename_from_.c_str(), path.c_str()) != 0) return reply(550, "Rename failed.");
        reply(250, "Rename successful.");
    }
    void on_dele(std::string_view name) {
        std::string path;
        if (!writable() || !file_path(name, path)) return;
        if (!is_regular_file(path)) return reply(550, "No such file.");
        if (unlink(path.c_str()) != 0) return reply(550, "Delete failed.");
        reply(250, "File deleted.");
    }

    // ---- data connections: passive only (PASV and EPSV on 127.0.0.1)

    void on_pasv(bool extended, std::string_view arg) {
        if (extended && !arg.empty()) {
            if (arg == "ALL" || arg == "all") return reply(200, "EPSV ALL ok.");  // RFC 2428 §4
            if (arg != "1") return reply(522, "Network protocol not supported, use (1)");
        }
        // The new port replaces the old one only once it is open: a PASV refused with 425 leaves the port set up
        // before it, as the sequencer (which the server follows) takes a refused command to change nothing.
        std::uint16_t port = 0;
        const int fd = listen_loopback(0, port);
        if (fd < 0) return reply(425, "Cannot open a passive port.");
        close_passive();
        passive_fd_ = fd;
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

    // 150, the data connection, then move_bytes(data socket) moves the bytes and says how that went. The control
    // connection is read meanwhile, for ABOR and STAT. The caller cleans up, then replies with end_transfer().
    template <typename Move>
    [[nodiscard]] outcome transfer(std::string_view what, Move&& move_bytes) {
        reply(150, "Opening data connection for " + std::string(what) + ".");
        transfer_name_ = std::string(what);
        transferred_ = 0;
        unique_fd data;
        const outcome connected = accept_data(data);
        close_passive();
        const outcome result = connected == outcome::go_on ? move_bytes(data.get()) : connected;
        data.reset();  // for RETR and LIST, closing the data connection marks the end of the file (before 226)
        held_command_ = false;
        return result;
    }
    // 226 when the bytes moved, 425 when no data connection came, 426 when it broke, stalled or was aborted (then
    // 226 for ABOR, RFC 959 §4.1.3), 451 for a local error.
    void end_transfer(outcome result) {
        const std::string timeout = std::to_string(cfg_.data_timeout);
        switch (result) {
            case outcome::go_on:
            case outcome::done: return reply(226, "Transfer complete.");
            case outcome::no_connection: return reply(425, "No data connection within " + timeout + " seconds.");
            case outcome::broken: return reply(426, "Connection closed; transfer aborted.");
            case outcome::stalled: return reply(426, "No progress for " + timeout + " seconds; transfer aborted.");
            case outcome::aborted: reply(426, "Transfer aborted."); return reply(226, "ABOR successful.");
            case outcome::local_error: return reply(451, "Local error; transfer aborted.");
            case outcome::control_lost: closed_ = true; return;
        }
    }

    // The data connection: the first one to the passive port from the control connection's peer. RFC 2577 §8:
    // another host connecting first would steal (or feed) the transfer; its connection is closed, and the wait
    // goes on.
    outcome accept_data(unique_fd& data) {
        const outcome urgent = answer_urgent_commands();  // an ABOR may have come right behind the command
        if (urgent != outcome::go_on) return urgent;
        const steady_clock::time_point deadline = steady_clock::now() + std::chrono::seconds(cfg_.data_timeout);
        for (;;) {
            const outcome ready = wait_for(passive_fd_, POLLIN, deadline);
            if (ready == outcome::stalled || ready == outcome::broken) return outcome::no_connection;
            if (ready != outcome::go_on) return ready;
            sockaddr_in peer{};
            socklen_t size = sizeof peer;
            const int fd = accept(passive_fd_, reinterpret_cast<sockaddr*>(&peer), &size);
            if (fd < 0) {
                if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN) continue;
                return outcome::no_connection;
            }
            if (peer.sin_family == AF_INET && peer.sin_addr.s_addr == control_peer_) {
                data.reset(fd);
                return outcome::go_on;
            }
            close(fd);
        }
    }

    // Waits until fd is ready for `events` (go_on), at most until deadline (stalled), reading the control
    // connection meanwhile: RFC 959 §4.1.3 lets ABOR (aborted) and STAT come during a transfer.
    outcome wait_for(int fd, short events, steady_clock::time_point deadline) {
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady_clock::now());
            if (left.count() <= 0) return outcome::stalled;
            pollfd p[2] = {{fd, events, 0}, {fd_, POLLIN, 0}};
            // A command that must wait for the transfer's end: the control connection is not read further.
            const nfds_t watched = held_command_ ? 1 : 2;
            const int ready = poll(p, watched, static_cast<int>(left.count()));
            if (ready < 0 && errno != EINTR) return outcome::broken;
            if (ready <= 0) continue;
            if (watched == 2 && p[1].revents != 0) {
                if (!receive_control()) return outcome::control_lost;
                const outcome urgent = answer_urgent_commands();
                if (urgent != outcome::go_on) return urgent;
            }
            if (p[0].revents != 0) return outcome::go_on;  // POLLHUP, POLLERR too: the next send or recv tells
        }
    }
    steady_clock::time_point data_deadline() const {
        return steady_clock::now() + std::chrono::seconds(cfg_.data_timeout);
    }

    // The complete command lines in input_ during a transfer, in order: STAT (without a path) is answered with
    // where the transfer is, ABOR aborts it (RFC 959 §4.1.3). Any other line, and all after it, wait in input_
    // for the transfer's end, and are answered then: replies keep the order of the commands.
    outcome answer_urgent_commands() {
        using ftpwire::verb;
        while (!held_command_) {
            const ftpwire::command_parse_result parsed =
                ftpwire::parse_command(input_, urgent_line_, sizeof urgent_line_);
            if (parsed.error == ftpwire::command_error::missing_line_end) break;
            const verb v = parsed.command.id;
            const std::string_view arg = parsed.command.argument;
            if (!parsed.ok() || !(v == verb::abor || (v == verb::stat && arg.empty()))) {
                held_command_ = true;
                break;
            }
            input_.erase(0, parsed.consumed);
            if (!accepted_in_sequence(v, arg)) continue;
            if (v == verb::abor) return outcome::aborted;
            reply(211, "Transfer of " + transfer_name_ + ": " + std::to_string(transferred_) + " bytes so far.");
        }
        return outcome::go_on;
    }

    // Sends bytes over the data connection as it takes them (done), reading the control connection in between.
    outcome send_data(int data, const char* bytes, std::size_t size) {
        while (size > 0) {
            const outcome ready = wait_for(data, POLLOUT, data_deadline());
            if (ready != outcome::go_on) return ready;
            const ssize_t n = send(data, bytes, size, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
            if (n <= 0) return outcome::broken;
            bytes += n;
            size -= static_cast<std::size_t>(n);
            transferred_ += static_cast<std::size_t>(n);
        }
        return outcome::done;
    }
    outcome send_file(int data, int file) {
        char chunk[65536];
        for (;;) {
            const ssize_t n = read(file, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) return outcome::local_error;
            if (n == 0) return outcome::done;
            const outcome sent = send_data(data, chunk, static_cast<std::size_t>(n));
            if (sent != outcome::done) return sent;
        }
    }
    // Receives into file until the client closes the data connection (done: the end of the file).
    outcome receive_file(int data, int file) {
        char chunk[65536];
        for (;;) {
            const outcome ready = wait_for(data, POLLIN, data_deadline());
            if (ready != outcome::go_on) return ready;
            const ssize_t n = recv(data, chunk, sizeof chunk, MSG_DONTWAIT);
            if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
            if (n < 0) return outcome::broken;
            if (n == 0) return outcome::done;
            if (!write_all(file, chunk, static_cast<std::size_t>(n))) return outcome::local_error;
            transferred_ += static_cast<std::size_t>(n);
        }
    }

    // A file's line in a LIST listing (Unix "ls -l" form, which clients parse), without its line end.
    static std::string listing_line(const std::string& name, const struct stat& st) {
        char when[32];
        std::tm utc{};
        gmtime_r(&st.st_mtime, &utc);
        std::strftime(when, sizeof when, "%b %d %H:%M", &utc);
        return "-rw-r--r-- 1 ftp ftp " + std::to_string(st.st_size) + " " + when + " " + name;
    }
    // Whether a reply line can carry the name: no CR, LF or other control byte, no 0xFF, UTF-8 (what ftpwire's
    // formatter refuses, and a strict client with it). LIST and NLST send any name over the data connection.
    static bool reply_can_carry(const std::string& name) {
        char line[1024];
        return ftpwire::format_reply(line, sizeof line, 212, name).ok();
    }
    // Every file of the root, each line followed by `eol` (names only for NLST); for a reply (STAT), only the names
    // a reply can carry: one file with an unusual name must not cost the whole listing.
    std::string listing(bool names_only, std::string_view eol, bool for_reply = false) const {
        std::string out;
        if (DIR* dir = opendir(cfg_.root.c_str())) {
            while (const dirent* entry = readdir(dir)) {
                const std::string name = entry->d_name;
                struct stat st {};
                if (name[0] == '.' || !is_regular_file(cfg_.root + "/" + name, st)) continue;
                if (for_reply && !reply_can_carry(name)) continue;
                out += names_only ? name : listing_line(name, st);
                out += eol;
            }
            closedir(dir);
        }
        return out;
    }
    // LIST and NLST: of the root without an argument (or with "/" or "."), of one file when named; ls-style
    // options first ("LIST -la", "LIST -a name", which clients send) are passed over, up to "--". A name that is
    // not a file here is refused before the 150 with 450, the refusal RFC 959 §5.4 gives LIST and NLST.
    void on_list(bool names_only, std::string_view arg) {
        while (!arg.empty() && arg.back() == ' ') arg.remove_suffix(1);
        while (!arg.empty() && arg.front() == ' ') arg.remove_prefix(1);
        while (!arg.empty() && arg.front() == '-') {
            const std::size_t blank = arg.find(' ');
            const bool end_of_options = arg.substr(0, blank) == "--";  // "LIST -- -la": the name "-la" (POSIX ls)
            arg = blank == std::string_view::npos ? std::string_view() : arg.substr(blank + 1);
            while (!arg.empty() && arg.front() == ' ') arg.remove_prefix(1);
            if (end_of_options) break;
        }
        std::string lines;
        if (arg.empty() || arg == "/" || arg == ".") {
            lines = listing(names_only, "\r\n");
        } else {
            std::string path;
            struct stat st {};
            if (!path_in_root(arg, path) || !is_regular_file(path, st)) return reply(450, "No such file.");
            const std::string name(arg.substr(arg.front() == '/' ? 1 : 0));
            lines = (names_only ? name : listing_line(name, st)) + "\r\n";
        }
        end_transfer(transfer("the listing", [&](int data) { return send_data(data, lines.data(), lines.size()); }));
    }
    // RFC 959 §4.1.3 STAT outside a transfer: without an argument the server's status (211); with one, a listing
    // over the control connection: the directory (212) or the file (213). §5.4 gives STAT 450 for a file that is
    // not there. (The sequencer has already refused STAT with a path before login: 530.)
    void on_stat(std::string_view arg) {
        if (arg.empty()) {
            std::string status = "ftp_server status:\n";
            status += !sequencer_.logged_in() ? " Not logged in\n"
                      : can_write_            ? " Logged in as " + user_ + ", may read and write\n"
                                              : " Logged in as " + user_ + ", read only\n";
            status += passive_fd_ >= 0 ? " A passive port is open for the next transfer\n" : " No data port set up\n";
            return multiline_reply(211, status + "End of status.");
        }
        if (arg == "/" || arg == ".")
            return multiline_reply(212, "Status of /:\n" + listing(false, "\n", true) + "End of status.");
        std::string path;
        struct stat st {};
        if (!path_in_root(arg, path) || !is_regular_file(path, st)) return reply(450, "No such file.");
        const std::string name(arg.substr(arg.front() == '/' ? 1 : 0));
        multiline_reply(213, "Status of " + name + ":\n" + listing_line(name, st) + "\nEnd of status.");
    }
    void on_retr(std::string_view name) {
        std::string path;
        if (!file_path(name, path)) return;
        // O_NOFOLLOW: a symbolic link is refused (ELOOP), not followed out of the root. O_NONBLOCK: a FIFO opens
        // without waiting for a writer. fstat() of what was opened, not of the name, which could change meanwhile:
        // only a regular file is sent, and a directory is refused here, before the 150.
        unique_fd file(open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK));
        struct stat st {};
        if (file.get() < 0 || fstat(file.get(), &st) != 0 || !S_ISREG(st.st_mode)) return reply(550, "No such file.");
        end_transfer(transfer(name, [&](int data) { return send_file(data, file.get()); }));
    }
    void on_stor(std::string_view name) {
        std::string path;
        if (!writable() || !file_path(name, path)) return;
        if (!is_absent_or_regular(path)) return reply(550, "Not a regular file: not replaced.");
        // Into a temporary file in the root (mkstemp creates it, O_EXCL: no link is followed), renamed over the
        // name once every byte came: a STOR that fails leaves the old file as it was.
        std::string temporary = cfg_.root + "/" + std::string(stor_prefix) + "XXXXXX";
        unique_fd file(mkstemp(&temporary[0]));
        if (file.get() < 0 || fchmod(file.get(), new_file_mode()) != 0) {
            if (file.get() >= 0) unlink(temporary.c_str());
            return reply(550, "Cannot create the file.");
        }
        const outcome result = transfer(name, [&](int data) {
            const outcome received = receive_file(data, file.get());
            if (received != outcome::done) return received;
            return file.close_now() && std::rename(temporary.c_str(), path.c_str()) == 0 ? outcome::done
                                                                                         : outcome::local_error;
        });
        if (result != outcome::done) unlink(temporary.c_str());  // before the reply: the client sees no trace of it
        end_transfer(result);
    }

    int fd_;
    const config& cfg_;
    ftpwire::sequencer sequencer_{ftpwire::server_family::rfc959};
    std::string input_;            // received on the control connection, not yet handled
    char line_[4096] = {};         // the current command line, Telnet commands removed
    char urgent_line_[4096] = {};  // a line read during a transfer (line_ still holds the transfer's command)
    std::string user_;
    std::string rename_from_;
    int failed_logins_ = 0;
    bool can_write_ = false;
    bool closed_ = false;
    int passive_fd_ = -1;
    std::uint32_t control_peer_ = 0;  // the client's address (network order): data connections must come from it
    std::string transfer_name_;       // the running transfer's file, for STAT
    std::size_t transferred_ = 0;     // and its bytes so far
    bool held_command_ = false;       // a command waits in input_ for the transfer's end
};

int usage() {
    std::fprintf(stderr,
                 "usage: ftp_server --root DIR [--port N] [--user NAME --pass PASSWORD] [--no-anonymous]\n"
                 "                  [--idle-timeout SECONDS] [--data-timeout SECONDS]\n"
                 "defaults: port 0 (any free port), idle timeout 300 s, data timeout 60 s\n");
    return 2;
}

// A whole number from low to high, all of text, else -1 ("21x", "abc" and "" are no port).
long whole_number(const char* text, long low, long high) {
    char* end = nullptr;
    errno = 0;
    const long value = std::strtol(text, &end, 10);
    return end != text && *end == '\0' && errno == 0 && value >= low && value <= high ? value : -1;
}

// A timeout option's value: 1 to 86400 seconds, else -1.
int seconds(const char* text) { return static_cast<int>(whole_number(text, 1, 86400)); }

}  // namespace

int main(int argc, char** argv) {
    config cfg;
    long port = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        // clang-format off
        if (arg == "--root" && has_value) cfg.root = argv[++i];
        else if (arg == "--port" && has_value) port = whole_number(argv[++i], 0, 65535);
        else if (arg == "--user" && has_value) cfg.user = argv[++i];
        else if (arg == "--pass" && has_value) cfg.password = argv[++i];
        else if (arg == "--no-anonymous") cfg.anonymous = false;
        else if (arg == "--idle-timeout" && has_value) cfg.idle_timeout = seconds(argv[++i]);
        else if (arg == "--data-timeout" && has_value) cfg.data_timeout = seconds(argv[++i]);
        else return usage();
        // clang-format on
    }
    if (cfg.root.empty() || port < 0 || port > 65535 || cfg.idle_timeout < 0 || cfg.data_timeout < 0) return usage();
    // A named user needs a password: without --pass, "PASS" with any (or no) password would log NAME in, with
    // write access.
    if (cfg.user.empty() != cfg.password.empty()) return usage();

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
