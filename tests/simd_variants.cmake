# The vector paths of detail/simd_line_scan.hpp are chosen at compile time, so each needs a build of its own to
# be tested. The default build tests SSE2 on x86-64 (and the portable loop everywhere, against which the vector
# versions are checked); this adds AVX2 and AVX-512BW builds of the line-scan and parser tests where the compiler
# takes the flag and the machine that configures (and runs the tests) has the instructions.
include(CheckCXXCompilerFlag)
set(FTPWIRE_CPUINFO "")
if(EXISTS /proc/cpuinfo)
    file(READ /proc/cpuinfo FTPWIRE_CPUINFO)
endif()

# Copies of the line-scan and parser tests named <test>_<feature>, built with -m<feature>, where both the compiler
# and the CPU (its /proc/cpuinfo flag <feature>) have it; FTPWIRE_CPU_HAS_<FEATURE> says whether the CPU does.
function(ftpwire_add_simd_variants feature)
    string(TOUPPER "${feature}" upper)
    check_cxx_compiler_flag(-m${feature} FTPWIRE_COMPILER_HAS_M${upper})
    set(cpu_has OFF)
    if(FTPWIRE_CPUINFO MATCHES "[ \t]${feature}[ \t\n]")
        set(cpu_has ON)
    endif()
    set(FTPWIRE_CPU_HAS_${upper} ${cpu_has} PARENT_SCOPE)
    if(FTPWIRE_COMPILER_HAS_M${upper} AND cpu_has)
        foreach(name IN ITEMS test_simd_line_scan test_reply_parser)
            add_executable(${name}_${feature} ${CMAKE_CURRENT_SOURCE_DIR}/${name}.cpp)
            target_link_libraries(${name}_${feature} PRIVATE ftpwire_test_main)
            target_compile_options(${name}_${feature} PRIVATE -m${feature})
            add_test(NAME ${name}_${feature} COMMAND ${name}_${feature})
        endforeach()
    endif()
endfunction()

ftpwire_add_simd_variants(avx2)
# One compare a 64-byte block (a -march=native build on Zen 4 and 5, Intel since Skylake-SP).
ftpwire_add_simd_variants(avx512bw)

# The parser's slow path picks the AVX2 block compare at run time on such a machine (detail::block_compare_avx2):
# the same tests again with FTPWIRE_LINE_SCAN=sse2, which keeps the build's SSE2 compare, so both paths are tested
# in the default build.
if(FTPWIRE_CPU_HAS_AVX2)
    foreach(name IN ITEMS test_simd_line_scan test_reply_parser test_bad_input)
        add_test(NAME ${name}_sse2 COMMAND ${name})
        set_tests_properties(${name}_sse2 PROPERTIES ENVIRONMENT FTPWIRE_LINE_SCAN=sse2)
    endforeach()
endif()
