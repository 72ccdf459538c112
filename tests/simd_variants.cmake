# The vector paths of detail/simd_line_scan.hpp are chosen at compile time, so each needs a build of its own to
# be tested. The default build tests SSE2 on x86-64 (and the portable loop everywhere, against which the vector
# versions are checked); this adds AVX2 builds of the line-scan and parser tests where the compiler takes
# -mavx2 and the machine that configures (and runs the tests) has AVX2.
include(CheckCXXCompilerFlag)
check_cxx_compiler_flag(-mavx2 FTPWIRE_COMPILER_HAS_MAVX2)
set(FTPWIRE_CPU_HAS_AVX2 OFF)
if(EXISTS /proc/cpuinfo)
    file(READ /proc/cpuinfo FTPWIRE_CPUINFO)
    if(FTPWIRE_CPUINFO MATCHES "[ \t]avx2[ \t\n]")
        set(FTPWIRE_CPU_HAS_AVX2 ON)
    endif()
endif()
if(FTPWIRE_COMPILER_HAS_MAVX2 AND FTPWIRE_CPU_HAS_AVX2)
    foreach(name IN ITEMS test_simd_line_scan test_reply_parser)
        add_executable(${name}_avx2 ${CMAKE_CURRENT_SOURCE_DIR}/${name}.cpp)
        target_link_libraries(${name}_avx2 PRIVATE ftpwire_test_main)
        target_compile_options(${name}_avx2 PRIVATE -mavx2)
        add_test(NAME ${name}_avx2 COMMAND ${name}_avx2)
    endforeach()
endif()
# The same with AVX-512BW (a -march=native build on Zen 4 and 5, Intel since Skylake-SP: one compare a block),
# where the compiler takes -mavx512bw and the machine has it.
check_cxx_compiler_flag(-mavx512bw FTPWIRE_COMPILER_HAS_MAVX512BW)
set(FTPWIRE_CPU_HAS_AVX512BW OFF)
if(FTPWIRE_CPUINFO MATCHES "[ \t]avx512bw[ \t\n]")
    set(FTPWIRE_CPU_HAS_AVX512BW ON)
endif()
if(FTPWIRE_COMPILER_HAS_MAVX512BW AND FTPWIRE_CPU_HAS_AVX512BW)
    foreach(name IN ITEMS test_simd_line_scan test_reply_parser)
        add_executable(${name}_avx512bw ${CMAKE_CURRENT_SOURCE_DIR}/${name}.cpp)
        target_link_libraries(${name}_avx512bw PRIVATE ftpwire_test_main)
        target_compile_options(${name}_avx512bw PRIVATE -mavx512bw)
        add_test(NAME ${name}_avx512bw COMMAND ${name}_avx512bw)
    endforeach()
endif()
# The parser's slow path picks the AVX2 block compare at run time on such a machine (detail::block_compare_avx2):
# the same tests again with FTPWIRE_LINE_SCAN=sse2, which keeps the build's SSE2 compare, so both paths are tested
# in the default build.
if(FTPWIRE_CPU_HAS_AVX2)
    foreach(name IN ITEMS test_simd_line_scan test_reply_parser test_bad_input)
        add_test(NAME ${name}_sse2 COMMAND ${name})
        set_tests_properties(${name}_sse2 PROPERTIES ENVIRONMENT FTPWIRE_LINE_SCAN=sse2)
    endforeach()
endif()
