// ftpwire benchmarks: deterministic reply corpora.
// SPDX-License-Identifier: MIT
//
// Every corpus is generated from a fixed seed with our own generator (splitmix64 and plain modulo, no
// <random> distributions, whose output differs between standard libraries), so the same bytes come out
// on every machine and compiler. The generator also counts the replies it wrote: the benchmarks compare
// that count with what each parser found, so a parser that silently stops early cannot look fast.
#ifndef FTPWIRE_BENCH_CORPORA_HPP
#define FTPWIRE_BENCH_CORPORA_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace ftpwire_bench {

struct corpus {
    std::string name;
    std::string bytes;
    std::size_t replies = 0;         // complete replies in `bytes`: every parser must find exactly that many
    std::size_t lines = 0;           // '\n' bytes in `bytes`
    std::size_t files = 0;           // real: transcript files used
    std::size_t files_left_out = 0;  // real: files the lenient parser rejects (error samples) or cut mid-line
};

class rng {
public:
    explicit rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {  // splitmix64
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    std::size_t between(std::size_t lo, std::size_t hi) { return lo + below(hi - lo + 1); }  // inclusive
    bool percent(std::size_t p) { return below(100) < p; }
    template <class T, std::size_t N>
    const T& pick(const T (&items)[N]) {
        return items[below(N)];
    }

private:
    std::uint64_t state_;
};

// Appends replies and counts them.
class writer {
public:
    explicit writer(std::string eol = "\r\n") : eol_(std::move(eol)) {}
    void single(int code, std::string_view text) {
        line(code, ' ', text);
        ++replies_;
    }
    // First line "code-text", then `body` lines verbatim, then "code last".
    void multi(int code, std::string_view first, const std::vector<std::string>& body, std::string_view last) {
        line(code, '-', first);
        for (const std::string& b : body) raw_line(b);
        line(code, ' ', last);
        ++replies_;
    }
    void raw_line(std::string_view text) {
        out_.append(text);
        out_.append(eol_);
    }
    void set_eol(std::string eol) { eol_ = std::move(eol); }
    std::size_t size() const { return out_.size(); }
    corpus finish(std::string name) {
        corpus c;
        c.name = std::move(name);
        c.bytes = std::move(out_);
        c.replies = replies_;
        c.lines = static_cast<std::size_t>(std::count(c.bytes.begin(), c.bytes.end(), '\n'));
        return c;
    }

private:
    void line(int code, char sep, std::string_view text) {
        char head[5];
        std::snprintf(head, sizeof head, "%03d%c", code, sep);
        out_.append(head, 4);
        out_.append(text);
        out_.append(eol_);
    }
    std::string out_;
    std::string eol_;
    std::size_t replies_ = 0;
};

namespace gen {

inline std::string num(std::size_t v) { return std::to_string(v); }

// clang-format off
inline const char* const file_names[] = {"README",       "index.html",  "debian-12.5.0-amd64-netinst.iso",
                                         "backup.tar.gz", "photo 001.JPG", "ls-lR.gz",
                                         "CHANGES.txt",   "src",         "release-notes-2024-03-01.pdf",
                                         "a",             "data.csv",    "Übersicht.odt"};
// clang-format on
inline const char* const dir_names[] = {"/",          "/pub",         "/home/alice",           "/incoming",
                                        "/pub/linux", "/var/ftp/www", "/srv/ftp/Shared Files", "/tmp"};
inline const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
inline const char* const help_verbs[] = {"ABOR", "ACCT", "ALLO", "APPE", "CDUP", "CWD",  "DELE", "EPRT", "EPSV",
                                         "FEAT", "HELP", "LIST", "MDTM", "MKD",  "MODE", "NLST", "NOOP", "OPTS",
                                         "PASS", "PASV", "PORT", "PWD",  "QUIT", "REIN", "REST", "RETR", "RMD",
                                         "RNFR", "RNTO", "SITE", "SIZE", "SMNT", "STAT", "STOR", "STOU", "STRU",
                                         "SYST", "TYPE", "USER", "XCUP", "XCWD", "XMKD", "XPWD", "XRMD"};
// clang-format off
inline const char* const features[] = {" EPRT", " EPSV", " MDTM", " PASV", " REST STREAM", " SIZE", " TVFS",
                                       " UTF8", " MLST type*;size*;modify*;perm*;unique*;", " LANG EN*",
                                       " AUTH TLS", " PBSZ", " PROT", " CCC", " MFMT", " HOST", " CLNT",
                                       " MLSD", " ESTA", " ESTP", " SITE MKDIR", " SITE RMDIR", " SITE UTIME"};
// clang-format on

// A directory listing line in one of the styles servers use in STAT replies: Unix `ls -l` (with or without
// the leading space RFC 959 §4.2 asks for), and IIS/DOS style, which starts with digits.
inline std::string listing_line(rng& r, int style) {
    std::string name = r.pick(file_names);
    std::string size = num(r.below(3) == 0 ? r.below(1000) : r.below(4000000000ULL));
    std::string day = num(r.between(1, 28));
    if (style == 2) {  // IIS: "03-01-24  09:15AM       <DIR>          pub"
        // One draw per statement: the order in which function arguments are evaluated is unspecified, and
        // GCC and Clang differ, which would give each compiler a different corpus.
        const std::size_t month = r.between(1, 12);
        const std::size_t mday = r.between(1, 28);
        const std::size_t year = r.between(0, 24);
        const std::size_t hour = r.between(1, 12);
        const std::size_t minute = r.below(60);
        const char* half = r.percent(50) ? "AM" : "PM";
        char buf[64];
        std::snprintf(buf, sizeof buf, "%02zu-%02zu-%02zu  %02zu:%02zu%s", month, mday, year, hour, minute, half);
        std::string dir = r.percent(30) ? "       <DIR>          " : "         " + size + " ";
        return buf + dir + name;
    }
    std::string perms = r.percent(30) ? "drwxr-xr-x" : "-rw-r--r--";
    std::string links = num(r.between(1, 9));
    std::string month = r.pick(months);
    std::string when = r.percent(50) ? "2023" : "12:04";
    return (style == 0 ? " " : "") + perms + "    " + links + " ftp      ftp      " + size + " " + month + " " + day +
           " " + when + " " + name;
}

inline std::vector<std::string> feat_body(rng& r) {
    std::vector<std::string> body;
    std::size_t n = r.between(6, 14);
    std::size_t start = r.below(std::size(features));
    for (std::size_t i = 0; i < n; ++i) body.emplace_back(features[(start + i) % std::size(features)]);
    return body;
}

inline std::vector<std::string> help_body(rng& r) {
    std::vector<std::string> body;
    std::string l;
    for (const char* v : help_verbs) {
        l += ' ';
        l += v;
        if (l.size() > 60 || r.percent(8)) {
            body.push_back(l);
            l.clear();
        }
    }
    if (!l.empty()) body.push_back(l);
    return body;
}

inline std::vector<std::string> banner_body(rng& r, int code, std::size_t lines) {
    static const char* const texts[] = {
        "Welcome to the ACME Corporation file server.",
        "All transfers are logged. Disconnect now if you do not agree.",
        "",
        "Local time is now 14:02. Server port: 21.",
        "This is a private system - No anonymous login",
        "IPv6 connections are also welcome on this server.",
        "You will be disconnected after 15 minutes of inactivity.",
        "Mirror of ftp.debian.org, updated every 6 hours.",
        "   Please read README before downloading.",
        "2 GB quota per user; 1.3 GB used.",
    };
    std::vector<std::string> body;
    char head[8];
    std::snprintf(head, sizeof head, "%03d-", code);
    for (std::size_t i = 0; i < lines; ++i) {
        // pure-ftpd and ProFTPD repeat the code on every line; vsftpd and others indent or write plain text.
        std::string t = r.pick(texts);
        switch (r.below(3)) {
            case 0: body.push_back(head + t); break;
            case 1: body.push_back(" " + t); break;
            default: body.push_back(t.empty() ? std::string(" ") : t); break;
        }
    }
    return body;
}

inline void pasv(rng& r, writer& w) {
    if (r.percent(60)) {
        std::string a = num(r.below(256));
        std::string b = num(r.below(256));
        std::string p1 = num(r.between(150, 250));
        std::string p2 = num(r.below(256));
        w.single(227, "Entering Passive Mode (192,168," + a + "," + b + "," + p1 + "," + p2 + ").");
    } else {
        w.single(229, "Entering Extended Passive Mode (|||" + num(r.between(30000, 65000)) + "|)");
    }
}

inline void transfer(rng& r, writer& w) {
    pasv(r, w);
    std::string name = r.pick(file_names);
    if (r.percent(50)) {
        w.single(150, "Here comes the directory listing.");
    } else {
        w.single(150, "Opening BINARY mode data connection for " + name + " (" + num(r.below(100000000)) + " bytes).");
    }
    w.single(226, r.percent(50) ? "Transfer complete." : "Transfer complete (" + num(r.below(100000)) + " KB).");
}

}  // namespace gen

// `session`: what a client sees in real sessions, in realistic proportions: the login (banner sometimes
// multi-line, 331, 230), SYST/FEAT/PWD/TYPE, then a mix of transfers (227/229, 150, 226), SIZE/MDTM (213),
// CWD (250), renames (350), an occasional HELP (214), and QUIT (221).
inline corpus make_session(std::size_t target_bytes, std::uint64_t seed = 0x5e55104) {
    rng r(seed);
    writer w;
    using namespace gen;
    while (w.size() < target_bytes) {
        if (r.percent(20)) {
            w.multi(220, "ProFTPD Server (ACME) [10.0.0.5]", banner_body(r, 220, r.between(1, 6)), "FTP server ready.");
        } else {
            w.single(220, r.percent(50) ? "(vsFTPd 3.0.3)" : "ProFTPD Server (Debian) [::ffff:10.0.0.5]");
        }
        w.single(331, r.percent(50) ? "Please specify the password." : "Password required for alice");
        if (r.percent(10)) {
            w.multi(230, "Welcome, archive user!", banner_body(r, 230, r.between(2, 8)), "Login successful.");
        } else {
            w.single(230, "Login successful.");
        }
        w.single(215, "UNIX Type: L8");
        if (r.percent(60)) w.multi(211, "Features:", feat_body(r), "End");
        w.single(257, "\"" + std::string(r.pick(dir_names)) + "\" is the current directory");
        w.single(200, "Switching to Binary mode.");
        std::size_t ops = r.between(3, 20);
        for (std::size_t i = 0; i < ops; ++i) {
            switch (r.below(10)) {
                case 0:
                case 1:
                case 2: transfer(r, w); break;
                case 3:
                    w.single(213, num(r.below(4000000000ULL)));
                    transfer(r, w);
                    break;
                case 4: {
                    std::string month = num(r.between(10, 12));
                    std::string day = num(r.between(10, 28));
                    w.single(213, "2024" + month + day + "120000");
                    break;
                }
                case 5:
                case 6: w.single(250, "Directory successfully changed."); break;
                case 7:
                    w.single(350, "File exists, ready for destination name");
                    w.single(250, "Rename successful.");
                    break;
                case 8: w.single(200, "NOOP ok."); break;
                default:
                    if (r.percent(30)) {
                        w.multi(214, "The following commands are recognized.", help_body(r), "Help OK.");
                    } else {
                        w.single(257, "\"" + std::string(r.pick(dir_names)) + "/new\" created");
                    }
                    break;
            }
        }
        w.single(221, "Goodbye.");
    }
    return w.finish("session");
}

// `multiline`: dominated by long multi-line replies: STAT directory listings (Unix style with and without
// the leading space, IIS style whose lines start with digits), HELP, FEAT and long 230 welcome banners.
inline corpus make_multiline(std::size_t target_bytes, std::uint64_t seed = 0x3417113e) {
    rng r(seed);
    writer w;
    using namespace gen;
    while (w.size() < target_bytes) {
        switch (r.below(5)) {
            case 0:
            case 1: {
                int style = static_cast<int>(r.below(3));
                std::vector<std::string> body;
                std::size_t n = r.between(20, 400);
                for (std::size_t i = 0; i < n; ++i) body.push_back(listing_line(r, style));
                w.multi(213, std::string("Status of ") + r.pick(dir_names) + ":", body, "End of status");
                break;
            }
            case 2: w.multi(214, "The following commands are recognized.", help_body(r), "Help OK."); break;
            case 3: w.multi(211, "Features:", feat_body(r), "End"); break;
            default:
                w.multi(230, "Welcome to the archive.", banner_body(r, 230, r.between(10, 40)), "Login successful.");
                break;
        }
    }
    return w.finish("multiline");
}

// `small`: only short single-line replies, the worst case for per-reply overhead.
inline corpus make_small(std::size_t target_bytes, std::uint64_t seed = 0x5a11) {
    rng r(seed);
    writer w;
    static const struct {
        int code;
        const char* text;
    } replies[] = {{200, "OK"},      {331, "Password?"},      {230, "Logged in"},     {250, "OK"},
                   {226, "Done"},    {150, "Opening"},        {350, "Pending"},       {213, "12345"},
                   {221, "Bye"},     {257, "\"/\""},          {200, "NOOP ok."},      {226, "Transfer complete."},
                   {425, "No data"}, {530, "Not logged in."}, {550, "No such file."}, {500, "?"}};
    while (w.size() < target_bytes) {
        const auto& rep = r.pick(replies);
        w.single(rep.code, rep.text);
    }
    return w.finish("small");
}

// `adversarial`: lines just below the parser's line limit, replies of thousands of lines, bare LF line ends,
// and continuation lines that look like terminators but are not: "211-...", "2110 ...", " 211 ...",
// "211x", "21 ...". (Lines "<other code><SP>" are left out on purpose: RFC 959 §4.2 reads them as text, but
// the lenient closing-code rule of curl and ftpwire's default ends the reply there, so they would make the
// reply count depend on the options.)
inline corpus make_adversarial(std::size_t target_bytes, std::size_t max_line_length, std::uint64_t seed = 0xad7e25a) {
    rng r(seed);
    writer w;
    static const char* const impostors[] = {"211-not yet", "2110 not the end either", " 211 indented", "21 too short",
                                            "211x",        "211-211 211 211",         "211\t211 tab"};
    // Longest text that keeps "ddd<sep>" + text + CRLF within the limit.
    std::size_t long_text = max_line_length > 8 ? max_line_length - 8 : 1;
    while (w.size() < target_bytes) {
        w.set_eol(r.percent(30) ? "\n" : "\r\n");
        switch (r.below(4)) {
            case 0: {  // long single lines
                std::size_t n = r.between(long_text - 16, long_text);
                std::string t(n, 'x');
                for (std::size_t i = 0; i < n; i += r.between(1, 64)) t[i] = ' ';
                w.single(r.percent(50) ? 250 : 550, t);
                break;
            }
            case 1: {  // thousands of short lines
                std::vector<std::string> body;
                std::size_t n = r.between(1000, 4000);
                char buf[32];
                for (std::size_t i = 0; i < n; ++i) {  // "00211 entry": digits first, yet no code
                    std::snprintf(buf, sizeof buf, "%05zu entry", i);
                    body.emplace_back(buf);
                }
                w.multi(211, "many lines", body, "End");
                break;
            }
            case 2: {  // impostor terminators
                std::vector<std::string> body;
                std::size_t n = r.between(50, 500);
                for (std::size_t i = 0; i < n; ++i) body.push_back(r.pick(impostors));
                w.multi(211, "look-alikes follow", body, "End");
                break;
            }
            default: {  // long continuation lines
                std::vector<std::string> body;
                std::size_t n = r.between(2, 20);
                for (std::size_t i = 0; i < n; ++i) body.push_back(" " + std::string(long_text - r.below(64), 'y'));
                w.multi(214, "long help", body, "End");
                break;
            }
        }
    }
    return w.finish("adversarial");
}

}  // namespace ftpwire_bench

#endif  // FTPWIRE_BENCH_CORPORA_HPP
