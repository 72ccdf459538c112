# Must-not-compile tests of the typed session (include/ftpwire/session.hpp), one per sequencing rule, and of the
# push parser's handler contract (push_handler_*).
# Each tests/compile_fail/<name>.cpp breaks a rule; the compiler must reject it with that rule's static_assert
# text, which the file's first line gives as a regular expression ("// expect: <regex>"). Files named ok_*.cpp
# are controls: the same command must accept them, so a broken harness cannot pass every test.
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    file(GLOB FTPWIRE_COMPILE_FAIL_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/compile_fail/*.cpp)
    foreach(source IN LISTS FTPWIRE_COMPILE_FAIL_SOURCES)
        get_filename_component(name ${source} NAME_WE)
        add_test(NAME compile_fail_${name}
                 COMMAND ${CMAKE_CXX_COMPILER} -std=c++17 -fsyntax-only -Wall -Wextra -Wpedantic -Werror
                         -I${FTPWIRE_INCLUDE_DIR} ${source})
        set_tests_properties(compile_fail_${name} PROPERTIES LABELS compile_fail)
        if(NOT name MATCHES "^ok_")
            file(STRINGS ${source} expect REGEX "^// expect: " LIMIT_COUNT 1)
            string(REGEX REPLACE "^// expect: " "" expect "${expect}")
            if(expect STREQUAL "")
                message(FATAL_ERROR "${source}: first line must be '// expect: <regex of the diagnostic>'")
            endif()
            # With a pass expression ctest ignores the exit status: the diagnostic text decides.
            set_tests_properties(compile_fail_${name} PROPERTIES PASS_REGULAR_EXPRESSION "${expect}")
        endif()
    endforeach()
endif()
