# The fuzz targets' seed corpora replayed through each harness, built with the test compiler and without libFuzzer
# (fuzz/replay_main.cpp): a harness whose checks the library has left behind fails here, in every ctest run,
# instead of first in CI's timed fuzzing step (fuzz/run.sh), which builds the same targets with clang, libFuzzer
# and sanitizers. fuzz_cli needs the tool's sources and is left to that step.
find_program(FTPWIRE_PYTHON NAMES python3)
if(FTPWIRE_PYTHON)
    # Each target with the seed kinds fuzz/run.sh gives it (fuzz/targets.txt), fuzz_cli aside.
    file(STRINGS ${PROJECT_SOURCE_DIR}/fuzz/targets.txt FTPWIRE_FUZZ_REPLAYS REGEX "^[a-z]")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/fuzz/targets.txt)
    foreach(entry IN LISTS FTPWIRE_FUZZ_REPLAYS)
        string(REGEX REPLACE "#.*$" "" entry "${entry}")
        separate_arguments(words UNIX_COMMAND "${entry}")
        list(POP_FRONT words target)
        if(target STREQUAL "fuzz_cli")
            continue()
        endif()
        add_executable(replay_${target} ${PROJECT_SOURCE_DIR}/fuzz/${target}.cpp ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cpp)
        target_link_libraries(replay_${target} PRIVATE ftpwire::ftpwire ftpwire_warnings)
        add_test(NAME fuzz_seeds_${target}
                 COMMAND ${FTPWIRE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_seeds.py $<TARGET_FILE:replay_${target}> ${words})
    endforeach()
endif()
