// ftp_client: a minimal blocking FTP client over POSIX sockets. ftpwire does all of the protocol: it formats
// the commands, parses the replies, decodes what they carry (229/227 ports, 257 paths, 213 sizes and times,
// 211 features) and, before every command, asks the sequencer whether the server will accept it.
//
//   ftp_client [--host H] [--port N] [--user U] [--pass P] [--dir D] [--server FAMILY] [--record FILE] [--pasv]
//              [--timeout SECONDS] ACTION
//   ACTION: --list [PATH] | --get REMOTE LOCAL | --put LOCAL REMOTE | --roundtrip LOCAL
//
// --roundtrip logs in and runs FEAT SYST PWD TYPE I, then in D: EPSV (PASV when refused) + LIST or MLSD,
// STOR LOCAL, SIZE, MDTM, RETR (saved as LOCAL.download and compared byte for byte), MKD/RMD, RNFR/RNTO,
// DELE, QUIT. The session goes to stderr as "> command" / "< reply" lines (which `ftpwire lint` reads);
// --record FILE keeps every byte the server sent on the control connection; --pasv skips EPSV. A connection (control
// or data) on which nothing moves for --timeout seconds (default 30) ends the session: an error, exit status 1, as is
// output that cannot be written (the listing, LOCAL, the --record file). Bad usage is exit status 2.
#include <ftpwire/command.hpp>
#include <ftpwire/payload.hpp>
#include <ftpwire/reply_parser.hpp>
#include <ftpwire/sequencer.hpp>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace {

// ---- sockets -----------------------------------------------------------------------------------------------

// recv() and send() that wait longer than `seconds` fail with EAGAIN; on Linux a connect() that does too (SO_SNDTIMEO).
void set_timeouts(int fd, int seconds) {
    const timeval limit{seconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
}

bool timed_out() { return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINPROGRESS; }

// connect() within `seconds`. One a signal interrupts (EINTR; with SO_SNDTIMEO Linux also returns it when the process
// was stopped and continued, Ctrl-Z then fg) goes on in the background: it is waited for with poll() for the time
// left and its outcome read with SO_ERROR (a second connect() would only say EALREADY). Fails with errno set, EAGAIN
// when the time ran out.
bool connect_within(int fd, const sockaddr* address, socklen_t size, int seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    if (connect(fd, address, size) == 0) return true;
    if (errno != EINTR) return false;
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            errno = EAGAIN;
            return false;
        }
        pollfd writable{fd, POLLOUT, 0};
        const int ready = poll(&writable, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) return false;
        if (ready == 0) continue;  // the deadline decides, above
        int error = 0;
        socklen_t length = sizeof error;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return false;
        if (error == 0) return true;
        errno = error;
        return false;
    }
}

int connect_tcp(const std::string& host, const std::string& port, int timeout) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) return -1;
    int fd = -1;
    for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd >= 0) set_timeouts(fd, timeout);
        if (fd >= 0 && !connect_within(fd, a->ai_addr, a->ai_addrlen, timeout)) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    return fd;
}

// Sends everything, failing (errno EAGAIN) when no byte could go for `seconds`. Each wait is a poll() for room, then
// a send() of what fits: a blocking send() held to SO_SNDTIMEO returns what it moved when the time ran out in the
// middle, and waited the whole time again on the rest (an upload to a server that stopped reading took two to three
// times --timeout to give up; found by a helper's stress run).
bool send_all(int fd, const char* data, std::size_t size, int seconds) {
    while (size > 0) {
        pollfd room{fd, POLLOUT, 0};
        const int ready = poll(&room, 1, seconds * 1000);
        if (ready < 0 && errno == EINTR) continue;
        if (ready == 0) errno = EAGAIN;
        if (ready <= 0) return false;
        const ssize_t n = send(fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool read_file(const std::string& path, std::string& out) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) return false;
    char buffer[65536];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) out.append(buffer, n);
    const bool ok = std::ferror(f) == 0;
    std::fclose(f);
    return ok;
}

bool write_file(const std::string& path, const std::string& data) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return false;
    const bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
    return std::fclose(f) == 0 && ok;
}

// ---- the control connection --------------------------------------------------------------------------------

struct reply {
    int code = 0;
    std::string raw;   // every line, CRLFs included
    std::string text;  // the first line's text, after "ddd " or "ddd-"
};

class ftp_session {
public:
    ftp_session(std::string host, ftpwire::server_family family, std::FILE* record, bool use_epsv, int timeout)
        : host_(std::move(host)), sequencer_(family), record_(record), use_epsv_(use_epsv), timeout_(timeout) {}
    ~ftp_session() {
        if (fd_ >= 0) close(fd_);
    }
    ftp_session(const ftp_session&) = delete;
    ftp_session& operator=(const ftp_session&) = delete;

    // Connects and reads the greeting: 220, or 120 ("ready in nnn minutes") first and 220 later.
    bool open(const std::string& port) {
        fd_ = connect_tcp(host_, port, timeout_);
        if (fd_ < 0) return fail("cannot connect to " + host_ + " port " + port);
        reply r;
        if (!read_reply(r)) return false;
        if (r.code == 120) {
            std::fprintf(stderr, "ftp_client: server not ready yet, waiting for 220\n");
            if (!read_reply(r)) return false;
        }
        return r.code == 220 || fail("no 220 greeting");
    }

    // Sends a command after asking the sequencer; false (and nothing sent) if the server would refuse it.
    bool send(ftpwire::verb v, std::string_view argument = {}) {
        const ftpwire::verdict verdict = sequencer_.check(v, argument);
        if (!verdict) {
            const std::string verb(ftpwire::to_string(v));
            return fail("not sending " + verb + ": the server would answer " + std::to_string(verdict.reply) + " (" +
                        std::string(verdict.rule_name()) + "): " + std::string(verdict.why()) +
                        " Fix: " + std::string(verdict.fix()));
        }
        char line[4096];
        const ftpwire::format_result formatted = ftpwire::format_command(line, sizeof line, v, argument);
        if (!formatted) return fail("cannot format command: " + std::string(ftpwire::to_string(formatted.error)));
        const bool is_pass = v == ftpwire::verb::pass;
        std::fprintf(stderr, "> %.*s\n", static_cast<int>(is_pass ? 4 : formatted.size - 2), line);
        if (!send_all(fd_, line, formatted.size, timeout_))
            return fail(timed_out() ? "timed out: the server took no command for " + seconds()
                                    : std::string("connection lost while sending"));
        sequencer_.on_command(v, argument);
        return true;
    }

    // Reads one complete reply (a multi-line one as a whole) and tells the sequencer about it.
    bool read_reply(reply& out) {
        for (;;) {
            const ftpwire::parse_result r = parser_.parse(buffer_);
            if (r.complete()) {
                out.code = r.reply.code();
                out.raw.assign(r.reply.raw());
                out.text.assign(r.reply.text());
                for (const ftpwire::line_view& line : r.reply.lines())
                    std::fprintf(stderr, "< %.*s\n", static_cast<int>(line.raw.size()), line.raw.data());
                buffer_.erase(0, r.consumed);
                sequencer_.on_reply(out.code);
                return true;
            }
            if (r.failed()) return fail("unreadable reply: " + std::string(ftpwire::to_string(r.error)));
            char chunk[4096];
            const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && timed_out()) return fail("timed out: no reply from the server for " + seconds());
            if (n <= 0) return fail("the server closed the connection");
            if (record_ != nullptr) std::fwrite(chunk, 1, static_cast<std::size_t>(n), record_);
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }

    // Sends a command and reads its reply; true when the reply is one of the expected codes.
    bool command(ftpwire::verb v, std::string_view argument, reply& r, std::initializer_list<int> expected) {
        if (!send(v, argument) || !read_reply(r)) return false;
        for (int code : expected)
            if (r.code == code) return true;
        return fail(std::string(ftpwire::to_string(v)) + " failed: " + std::to_string(r.code) + " " + r.text);
    }
    bool command(ftpwire::verb v, std::string_view argument = {}) {
        reply r;
        return command(v, argument, r, {200, 202, 211, 212, 213, 214, 215, 221, 226, 250, 257});
    }

    // USER, then PASS only when USER is answered 331 (a 230 means no password is needed).
    bool login(const std::string& user, const std::string& password) {
        reply r;
        if (!command(ftpwire::verb::user, user, r, {230, 331})) return false;
        if (r.code == 230) return true;
        return command(ftpwire::verb::pass, password, r, {230, 202});
    }

    // A data connection: EPSV (RFC 2428), or PASV when the server refuses EPSV. Both connect to the host the
    // control connection uses: the address inside a 227 is often a private one behind NAT.
    int open_data() {
        reply r;
        if (use_epsv_) {
            if (!send(ftpwire::verb::epsv) || !read_reply(r)) return -1;
            if (r.code == 229) {
                const ftpwire::decoded<std::uint16_t> port = ftpwire::decode_epsv(r.text);
                if (!port) return fail_fd("unreadable 229 reply: " + std::string(ftpwire::to_string(port.error)));
                return connect_data(port.value);
            }
            // A 5yz: the server does not know or allow EPSV (RFC 2428 §3 names 500 and 501; servers that predate
            // it say 500 or 502, pyftpdlib without it 500): PASV from now on. A 4yz (421, 425: no port free)
            // answers this EPSV only, and PASV would meet the same trouble.
            if (r.code / 100 != 5) return fail_fd("EPSV refused: " + std::to_string(r.code) + " " + r.text);
            use_epsv_ = false;
        }
        if (!command(ftpwire::verb::pasv, {}, r, {227})) return -1;
        const ftpwire::decoded<ftpwire::endpoint> where = ftpwire::decode_pasv(r.text);
        if (!where) return fail_fd("unreadable 227 reply: " + std::string(ftpwire::to_string(where.error)));
        return connect_data(where.value.port);
    }

    // RETR/LIST/NLST/MLSD into `data`, or STOR from `data`: data connection, command, 1yz, bytes, 226.
    bool transfer(ftpwire::verb v, std::string_view argument, std::string& data) {
        const int data_fd = open_data();
        if (data_fd < 0) return false;
        reply r;
        if (!send(v, argument) || !read_reply(r)) {
            close(data_fd);
            return false;
        }
        if (r.code != 125 && r.code != 150) {
            close(data_fd);
            return fail(std::string(ftpwire::to_string(v)) + " refused: " + std::to_string(r.code) + " " + r.text);
        }
        bool moved = true;
        if (v == ftpwire::verb::stor || v == ftpwire::verb::appe || v == ftpwire::verb::stou) {
            moved = send_all(data_fd, data.data(), data.size(), timeout_);
        } else {
            data.clear();
            char chunk[65536];
            ssize_t n;
            while ((n = recv(data_fd, chunk, sizeof chunk, 0)) > 0 || (n < 0 && errno == EINTR))
                if (n > 0) data.append(chunk, static_cast<std::size_t>(n));
            moved = n == 0;
        }
        const bool stalled = !moved && timed_out();
        close(data_fd);  // for STOR, closing the data connection marks the end of the file
        if (stalled) return fail("timed out: nothing moved on the data connection for " + seconds());
        if (!read_reply(r)) return false;
        if (r.code != 226 && r.code != 250)
            return fail(std::string(ftpwire::to_string(v)) + " did not complete: " + std::to_string(r.code));
        return moved || fail("data connection broke off");
    }

    bool fail(const std::string& message) {
        std::fprintf(stderr, "ftp_client: %s\n", message.c_str());
        return false;
    }

private:
    int fail_fd(const std::string& message) {
        fail(message);
        return -1;
    }
    // The data connection goes to the address the control connection is connected to (RFC 2428 §3 for EPSV; the
    // address in a 227 is ignored on purpose), not to --host resolved again, which may give another address.
    int connect_data(std::uint16_t port) {
        sockaddr_storage peer{};
        socklen_t size = sizeof peer;
        if (getpeername(fd_, reinterpret_cast<sockaddr*>(&peer), &size) != 0)
            return fail_fd("the control connection has no peer address");
        const std::uint16_t network_port = htons(port);
        if (peer.ss_family == AF_INET) {
            std::memcpy(reinterpret_cast<char*>(&peer) + offsetof(sockaddr_in, sin_port), &network_port,
                        sizeof network_port);
        } else if (peer.ss_family == AF_INET6) {
            std::memcpy(reinterpret_cast<char*>(&peer) + offsetof(sockaddr_in6, sin6_port), &network_port,
                        sizeof network_port);
        } else {
            return fail_fd("the control connection is neither IPv4 nor IPv6");
        }
        const int fd = socket(peer.ss_family, SOCK_STREAM, 0);
        if (fd >= 0) set_timeouts(fd, timeout_);
        if (fd >= 0 && connect_within(fd, reinterpret_cast<const sockaddr*>(&peer), size, timeout_)) return fd;
        const bool late = fd >= 0 && timed_out();
        if (fd >= 0) close(fd);
        return fail_fd("cannot open the data connection to port " + std::to_string(port) + (late ? ": timed out" : ""));
    }
    std::string seconds() const { return std::to_string(timeout_) + (timeout_ == 1 ? " second" : " seconds"); }

    std::string host_;
    int fd_ = -1;
    std::string buffer_;  // received, not yet parsed
    ftpwire::reply_parser parser_;
    ftpwire::sequencer sequencer_;
    std::FILE* record_;
    bool use_epsv_;
    int timeout_;  // seconds
};

// ---- actions -----------------------------------------------------------------------------------------------

bool roundtrip(ftp_session& ftp, const std::string& dir, const std::string& local) {
    std::string original;
    if (!read_file(local, original)) return ftp.fail("cannot read " + local);
    const std::string name = "ftpwire-roundtrip.bin";
    reply r;

    // What the server offers: MLSD when FEAT lists MLST (RFC 3659 §7.8), LIST otherwise.
    bool has_mlst = false;
    if (ftp.command(ftpwire::verb::feat, {}, r, {211, 500, 502}) && r.code == 211)
        has_mlst = ftpwire::decode_features(r.raw).has("MLST");
    if (!ftp.command(ftpwire::verb::syst, {}, r, {215})) return false;
    if (!ftp.command(ftpwire::verb::pwd, {}, r, {257})) return false;
    const ftpwire::decoded<ftpwire::quoted_path> cwd = ftpwire::decode_path(r.text);
    if (cwd)
        std::fprintf(stderr, "ftp_client: working directory %.*s\n", static_cast<int>(cwd.value.view().size()),
                     cwd.value.view().data());
    if (!ftp.command(ftpwire::verb::type, "I")) return false;
    if (!dir.empty() && !ftp.command(ftpwire::verb::cwd, dir)) return false;

    std::string listing;
    if (!ftp.transfer(has_mlst ? ftpwire::verb::mlsd : ftpwire::verb::list, {}, listing)) return false;
    std::fprintf(stderr, "ftp_client: listing has %zu bytes\n", listing.size());

    std::string upload = original;
    if (!ftp.transfer(ftpwire::verb::stor, name, upload)) return false;
    if (!ftp.command(ftpwire::verb::size, name, r, {213})) return false;
    const ftpwire::decoded<std::uint64_t> size = ftpwire::decode_size(r.text);
    if (!size) return ftp.fail("unreadable SIZE reply: " + std::string(ftpwire::to_string(size.error)));
    if (size.value != original.size())
        return ftp.fail("SIZE says " + std::to_string(size.value) + ", uploaded " + std::to_string(original.size()));
    if (!ftp.command(ftpwire::verb::mdtm, name, r, {213})) return false;
    const ftpwire::decoded<ftpwire::date_time> mtime = ftpwire::decode_mdtm(r.text);
    if (!mtime) return ftp.fail("unreadable MDTM reply: " + std::string(ftpwire::to_string(mtime.error)));
    const ftpwire::date_time& t = mtime.value;
    std::fprintf(stderr, "ftp_client: modified %04u-%02u-%02u %02u:%02u:%02u UTC\n", unsigned{t.year},
                 unsigned{t.month}, unsigned{t.day}, unsigned{t.hour}, unsigned{t.minute}, unsigned{t.second});

    std::string download;
    if (!ftp.transfer(ftpwire::verb::retr, name, download)) return false;
    if (!write_file(local + ".download", download)) return ftp.fail("cannot write " + local + ".download");
    if (download != original) return ftp.fail("the downloaded file differs from the uploaded one");

    // A server without directories answers MKD 502 (not implemented): then there is nothing to remove.
    if (!ftp.command(ftpwire::verb::mkd, "ftpwire-dir", r, {257, 502})) return false;
    if (r.code == 257 && !ftp.command(ftpwire::verb::rmd, "ftpwire-dir")) return false;
    if (!ftp.command(ftpwire::verb::rnfr, name, r, {350})) return false;
    if (!ftp.command(ftpwire::verb::rnto, "ftpwire-renamed.bin")) return false;
    if (!ftp.command(ftpwire::verb::dele, "ftpwire-renamed.bin")) return false;
    std::fprintf(stderr, "ftp_client: round trip of %zu bytes ok\n", original.size());
    return true;
}

// --timeout's value: 1 to 86400 seconds, all of the text ("5x" is none), else -1.
int seconds_option(const char* text) {
    char* end = nullptr;
    errno = 0;
    const long value = std::strtol(text, &end, 10);
    return end != text && *end == '\0' && errno == 0 && value >= 1 && value <= 86400 ? static_cast<int>(value) : -1;
}

int usage() {
    std::fprintf(stderr,
                 "usage: ftp_client [--host H] [--port N] [--user U] [--pass P] [--dir D] [--server FAMILY]\n"
                 "                  [--record FILE] [--pasv] [--timeout SECONDS] ACTION\n"
                 "ACTION: --list [PATH] | --get REMOTE LOCAL | --put LOCAL REMOTE | --roundtrip LOCAL\n"
                 "defaults: 127.0.0.1 port 21, user anonymous, password guest, timeout 30 seconds;\n"
                 "          FAMILY rfc959 (default), vsftpd, pyftpdlib, proftpd, pureftpd, each also -tls\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string host = "127.0.0.1", port = "21", user = "anonymous", password = "guest", dir, record_path;
    std::string action;
    std::vector<std::string> operands;
    ftpwire::server_family family = ftpwire::server_family::rfc959;
    bool use_epsv = true;
    int timeout = 30;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        // clang-format off
        if (arg == "--host" && has_value) host = argv[++i];
        else if (arg == "--port" && has_value) port = argv[++i];
        else if (arg == "--user" && has_value) user = argv[++i];
        else if (arg == "--pass" && has_value) password = argv[++i];
        else if (arg == "--dir" && has_value) dir = argv[++i];
        else if (arg == "--record" && has_value) record_path = argv[++i];
        else if (arg == "--pasv") use_epsv = false;
        else if (arg == "--timeout" && has_value) timeout = seconds_option(argv[++i]);
        // clang-format on
        else if (arg == "--server" && has_value) {
            const ftpwire::server_family_lookup found = ftpwire::find_server_family(argv[++i]);
            if (!found.found) return usage();
            family = found.value;
        } else if (arg == "--list" || arg == "--get" || arg == "--put" || arg == "--roundtrip") {
            action = arg;
        } else if (!action.empty() && arg.rfind("--", 0) != 0) {
            operands.push_back(arg);
        } else {
            return usage();
        }
    }
    const std::size_t needed = action == "--list" ? 0 : action == "--roundtrip" ? 1 : 2;
    if (action.empty() || timeout < 1 || timeout > 86400 || operands.size() < needed ||
        operands.size() > (action == "--list" ? 1 : needed))
        return usage();

    std::FILE* record = nullptr;
    if (!record_path.empty() && (record = std::fopen(record_path.c_str(), "wb")) == nullptr) {
        std::fprintf(stderr, "ftp_client: cannot write %s\n", record_path.c_str());
        return 2;
    }
    bool ok;
    {
        ftp_session ftp(host, family, record, use_epsv, timeout);
        ok = ftp.open(port) && ftp.login(user, password);
        if (ok && action == "--roundtrip") {
            ok = roundtrip(ftp, dir, operands[0]);
        } else if (ok) {
            ok = dir.empty() || ftp.command(ftpwire::verb::cwd, dir);
            std::string data;
            if (ok && action == "--list") {
                ok = ftp.transfer(ftpwire::verb::list, operands.empty() ? "" : operands[0], data);
                if (ok) std::fwrite(data.data(), 1, data.size(), stdout);
            } else if (ok && action == "--get") {
                ok = ftp.command(ftpwire::verb::type, "I") && ftp.transfer(ftpwire::verb::retr, operands[0], data) &&
                     (write_file(operands[1], data) || ftp.fail("cannot write " + operands[1]));
            } else if (ok && action == "--put") {
                ok = (read_file(operands[0], data) || ftp.fail("cannot read " + operands[0])) &&
                     ftp.command(ftpwire::verb::type, "I") && ftp.transfer(ftpwire::verb::stor, operands[1], data);
            }
        }
        if (ok) ok = ftp.command(ftpwire::verb::quit);
    }
    // The listing on stdout and the --record file are the output: one that could not be written (a full disk) is an
    // error too (found by a helper: --list > /dev/full exited 0).
    bool record_written = true;
    if (record != nullptr) {
        record_written = std::ferror(record) == 0;
        record_written = std::fclose(record) == 0 && record_written;
    }
    const bool stdout_written = std::fflush(stdout) == 0 && std::ferror(stdout) == 0;
    if (!record_written) std::fprintf(stderr, "ftp_client: cannot write %s\n", record_path.c_str());
    if (!stdout_written) std::fprintf(stderr, "ftp_client: cannot write the listing to standard output\n");
    return ok && record_written && stdout_written ? 0 : 1;
}
