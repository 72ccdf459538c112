// Control: the same harness must accept a push handler whose on_reply_end returns push_action.
#include <ftpwire/reply_parser.hpp>

struct handler {
    void on_reply_begin(const ftpwire::reply_head&) {}
    void on_line(const ftpwire::line_view&) {}
    ftpwire::push_action on_reply_end(const ftpwire::reply_summary&) { return ftpwire::push_action::pause; }
};

int main() {
    ftpwire::reply_push_parser<> parser;
    handler h;
    return parser.feed("220 ok\r\n", h).paused ? 0 : 1;
}
