# The fuzz targets' seed corpora replayed through each harness, built with the test compiler and without libFuzzer
# (fuzz/replay_main.cpp): a harness whose checks the library has left behind fails here, in every ctest run,
# instead of first in CI's timed fuzzing step (fuzz/run.sh), which builds the same targets with clang, libFuzzer
# and sanitizers. fuzz_cli needs the tool's sources and is left to that step.
find_program(FTPWIRE_PYTHON NAMES python3)
if(FTPWIRE_PYTHON)
    # target and the seed kinds fuzz/run.sh gives it
    set(FTPWIRE_FUZZ_REPLAYS
        "fuzz_reply_parser replies"
        "fuzz_push_parser replies"
        "fuzz_payload lines"
        "fuzz_command_format commands lines"
        "fuzz_sequencer walks")
    foreach(entry IN LISTS FTPWIRE_FUZZ_REPLAYS)
        separate_arguments(words UNIX_COMMAND "${entry}")
        list(POP_FRONT words target)
        add_executable(replay_${target} ${PROJECT_SOURCE_DIR}/fuzz/${target}.cpp ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cpp)
        target_link_libraries(replay_${target} PRIVATE ftpwire::ftpwire ftpwire_warnings)
        add_test(NAME fuzz_seeds_${target}
                 COMMAND ${FTPWIRE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_seeds.py $<TARGET_FILE:replay_${target}> ${words})
    endforeach()
endif()
