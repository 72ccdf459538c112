// expect: ftpwire: Handler::on_reply_end must return void or ftpwire::push_action
// Must not compile: a push handler whose on_reply_end returns bool (true meaning "stop"? "go on"?); only void
// or push_action (proceed / pause) say what they mean.
#include <ftpwire/reply_parser.hpp>

struct handler {
    void on_reply_begin(const ftpwire::reply_head&) {}
    void on_line(const ftpwire::line_view&) {}
    bool on_reply_end(const ftpwire::reply_summary&) { return true; }
};

int main() {
    ftpwire::reply_push_parser<> parser;
    handler h;
    return parser.feed("220 ok\r\n", h).ok() ? 0 : 1;
}
