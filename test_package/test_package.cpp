// Uses the packaged ftpwire: a compile-time verb lookup and the version constant.
#include <ftpwire/ftpwire.hpp>

#include <cstdio>

int main() {
    static_assert(ftpwire::find_verb("pasv").value == ftpwire::verb::pasv, "verb lookup");
    std::printf("ftpwire %d.%d.%d\n", ftpwire::version.major, ftpwire::version.minor, ftpwire::version.patch);
    return ftpwire::find_verb("EPSV").found ? 0 : 1;
}
