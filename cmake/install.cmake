# Installs ftpwire as a CMake package, a pkg-config module and plain headers. Included by the top-level
# CMakeLists.txt when FTPWIRE_INSTALL is ON (the default for a top-level build). vcpkg's portfile, Conan's
# conanfile.py and tests/package/run.sh all use exactly this install.
#
#   <prefix>/include/ftpwire/*.hpp                       the headers (always the modular include/ tree)
#   <prefix>/share/cmake/ftpwire/ftpwire{Config,ConfigVersion,Targets}.cmake   find_package(ftpwire CONFIG)
#   <prefix>/share/pkgconfig/ftpwire.pc                  pkg-config (share/: header-only, as in meson.build)
include(CMakePackageConfigHelpers)

set(FTPWIRE_INSTALL_CMAKEDIR ${CMAKE_INSTALL_DATADIR}/cmake/ftpwire
    CACHE STRING "Where to install ftpwireConfig.cmake, relative to the prefix")
set(FTPWIRE_INSTALL_PKGCONFIGDIR ${CMAKE_INSTALL_DATADIR}/pkgconfig
    CACHE STRING "Where to install ftpwire.pc, relative to the prefix")
mark_as_advanced(FTPWIRE_INSTALL_CMAKEDIR FTPWIRE_INSTALL_PKGCONFIGDIR)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ftpwire
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    FILES_MATCHING PATTERN "*.hpp")

install(TARGETS ftpwire EXPORT ftpwireTargets)
install(EXPORT ftpwireTargets
    NAMESPACE ftpwire::
    DESTINATION ${FTPWIRE_INSTALL_CMAKEDIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/ftpwireConfig.cmake.in
    ${PROJECT_BINARY_DIR}/ftpwireConfig.cmake
    INSTALL_DESTINATION ${FTPWIRE_INSTALL_CMAKEDIR})
# Header-only: any architecture may use the package; a new major version may break the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ftpwireConfigVersion.cmake
    VERSION ${PROJECT_VERSION}
    COMPATIBILITY SameMajorVersion
    ARCH_INDEPENDENT)
install(FILES ${PROJECT_BINARY_DIR}/ftpwireConfig.cmake ${PROJECT_BINARY_DIR}/ftpwireConfigVersion.cmake
    DESTINATION ${FTPWIRE_INSTALL_CMAKEDIR})

# ftpwire.pc finds the prefix from its own location (${pcfiledir}), so `cmake --install --prefix X`,
# vcpkg and Conan can move the tree after configuring. Where either directory is given as an absolute path
# (GNUInstallDirs allows it), the tree cannot be moved anyway: the include directory is written out in full.
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
    set(FTPWIRE_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
elseif(IS_ABSOLUTE "${FTPWIRE_INSTALL_PKGCONFIGDIR}")
    set(FTPWIRE_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
    file(RELATIVE_PATH ftpwire_pc_to_prefix /prefix/${FTPWIRE_INSTALL_PKGCONFIGDIR} /prefix)
    string(REGEX REPLACE "/$" "" ftpwire_pc_to_prefix "${ftpwire_pc_to_prefix}")
    set(FTPWIRE_PC_INCLUDEDIR "\${pcfiledir}/${ftpwire_pc_to_prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/ftpwire.pc.in ${PROJECT_BINARY_DIR}/ftpwire.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/ftpwire.pc DESTINATION ${FTPWIRE_INSTALL_PKGCONFIGDIR})
