// Control: the same harness must accept a session that keeps to every rule.
#include "null_transport.hpp"

static_assert(ftpwire::check_sequence({verb::user, verb::pass, verb::pasv, verb::retr}).ok);

int main() {
    transport t;
    make_session(t)
        .host("ftp.example.com")
        .auth("TLS")
        .pbsz("0")
        .prot("P")
        .user("u")
        .pass("p")
        .rnfr("a")
        .rnto("b")
        .type("I")
        .rest("100")
        .epsv()
        .retr("f")
        .epsv_all()
        .epsv()
        .list()
        .quit();
    make_session<server_family::vsftpd>(t).user("u").pass("p").rnfr("a").noop().rnto("b");
    make_session<server_family::vsftpd>(t).user("u").pass("p").rnfr("a").send_unlisted<clnt>("x").rnto("b");
    make_session(t).send_unlisted<clnt>().user("u");
    make_session<server_family::pureftpd>(t).user("u").pass("p").type("I").rest("4").pasv().retr("x");
    make_session<server_family::proftpd>(t).user("u").pass("p").type_image().size("x");
    // ProFTPD's login leaves the image type after a TYPE sent before it (type_before_login_then_size.txt).
    make_session<server_family::proftpd>(t).type_ascii().user("u").pass("p").size("x");
}
