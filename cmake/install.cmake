# Installs ftpwire as a CMake package, a pkg-config module and plain headers. Included by the top-level
# CMakeLists.txt when FTPWIRE_INSTALL is ON (the default for a top-level build). vcpkg's portfile, Conan's
# conanfile.py and tests/package/run.sh all use exactly this install.
#
#   <prefix>/include/ftpwire/*.hpp                       the headers (always the modular include/ tree)
#   <prefix>/share/cmake/ftpwire/ftpwire{Config,ConfigVersion,Targets}.cmake   find_package(ftpwire CONFIG)
#   <prefix>/share/pkgconfig/ftpwire.pc                  pkg-config (share/: header-only, as in meson.build)
include(CMakePackageConfigHelpers)

# Empty (the default) means "under CMAKE_INSTALL_DATADIR", computed at every configure rather than stored in the
# cache, so a later -DCMAKE_INSTALL_DATADIR=... moves these too; a value the user sets is kept as given.
set(FTPWIRE_INSTALL_CMAKEDIR "" CACHE STRING
    "Where to install ftpwireConfig.cmake, relative to the prefix (empty: <CMAKE_INSTALL_DATADIR>/cmake/ftpwire)")
set(FTPWIRE_INSTALL_PKGCONFIGDIR "" CACHE STRING
    "Where to install ftpwire.pc, relative to the prefix (empty: <CMAKE_INSTALL_DATADIR>/pkgconfig)")
mark_as_advanced(FTPWIRE_INSTALL_CMAKEDIR FTPWIRE_INSTALL_PKGCONFIGDIR)
set(ftpwire_install_cmakedir "${FTPWIRE_INSTALL_CMAKEDIR}")
if(ftpwire_install_cmakedir STREQUAL "")
    set(ftpwire_install_cmakedir "${CMAKE_INSTALL_DATADIR}/cmake/ftpwire")
endif()
set(ftpwire_install_pkgconfigdir "${FTPWIRE_INSTALL_PKGCONFIGDIR}")
if(ftpwire_install_pkgconfigdir STREQUAL "")
    set(ftpwire_install_pkgconfigdir "${CMAKE_INSTALL_DATADIR}/pkgconfig")
endif()

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ftpwire
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    FILES_MATCHING PATTERN "*.hpp")

install(TARGETS ftpwire_ftpwire EXPORT ftpwireTargets)
install(EXPORT ftpwireTargets
    NAMESPACE ftpwire::
    DESTINATION ${ftpwire_install_cmakedir})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/ftpwireConfig.cmake.in
    ${PROJECT_BINARY_DIR}/ftpwireConfig.cmake
    INSTALL_DESTINATION ${ftpwire_install_cmakedir})
# Header-only: any architecture may use the package; a new major version may break the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ftpwireConfigVersion.cmake
    VERSION ${PROJECT_VERSION}
    COMPATIBILITY SameMajorVersion
    ARCH_INDEPENDENT)
install(FILES ${PROJECT_BINARY_DIR}/ftpwireConfig.cmake ${PROJECT_BINARY_DIR}/ftpwireConfigVersion.cmake
    DESTINATION ${ftpwire_install_cmakedir})

# ftpwire.pc finds the prefix from its own location (${pcfiledir}), so `cmake --install --prefix X`,
# vcpkg and Conan can move the tree after configuring. Where either directory is given as an absolute path
# (GNUInstallDirs allows it), the tree cannot be moved anyway: the include directory is written out in full.
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
    set(FTPWIRE_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
elseif(IS_ABSOLUTE "${ftpwire_install_pkgconfigdir}")
    set(FTPWIRE_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
    file(RELATIVE_PATH ftpwire_pc_to_prefix /prefix/${ftpwire_install_pkgconfigdir} /prefix)
    string(REGEX REPLACE "/$" "" ftpwire_pc_to_prefix "${ftpwire_pc_to_prefix}")
    set(FTPWIRE_PC_INCLUDEDIR "\${pcfiledir}/${ftpwire_pc_to_prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/ftpwire.pc.in ${PROJECT_BINARY_DIR}/ftpwire.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/ftpwire.pc DESTINATION ${ftpwire_install_pkgconfigdir})
