# Header-only port. Runs the same CMake install as tests/package/run.sh (cmake/install.cmake).
#   From a checkout:  vcpkg install ftpwire --overlay-ports=<checkout>/ports   (uses the checkout's sources)
#   In a registry:    the release tarball; set SHA512 to the one vcpkg prints on the first run.
if(EXISTS "${CMAKE_CURRENT_LIST_DIR}/../../include/ftpwire/version.hpp")
    get_filename_component(SOURCE_PATH "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
else()
    vcpkg_from_github(
        OUT_SOURCE_PATH SOURCE_PATH
        REPO ftpwire/ftpwire
        REF "v${VERSION}"
        SHA512 0
        HEAD_REF main
    )
endif()

# Nothing is compiled: one configuration is enough.
set(VCPKG_BUILD_TYPE release)

vcpkg_cmake_configure(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        -DFTPWIRE_BUILD_TESTS=OFF
        -DFTPWIRE_BUILD_TOOLS=OFF
        -DFTPWIRE_BUILD_BENCH=OFF
        -DFTPWIRE_BUILD_EXAMPLES=OFF
        -DFTPWIRE_INSTALL=ON
)
vcpkg_cmake_install()
# cmake/install.cmake puts the package files in share/cmake/ftpwire; vcpkg wants them in share/ftpwire.
vcpkg_cmake_config_fixup(CONFIG_PATH share/cmake/ftpwire)
vcpkg_fixup_pkgconfig()

file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug")
file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
