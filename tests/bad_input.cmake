# docs/bad-input.md cites a test for every class of bad input; every cited name must be a TEST_CASE in tests/,
# and every test of tests/test_bad_input.cpp must be cited (tests/bad_input_check.py).
find_program(FTPWIRE_PYTHON_FOR_BAD_INPUT NAMES python3 REQUIRED)
add_test(NAME bad_input_catalogue_cites_real_tests
    COMMAND ${FTPWIRE_PYTHON_FOR_BAD_INPUT} ${CMAKE_CURRENT_SOURCE_DIR}/bad_input_check.py ${PROJECT_SOURCE_DIR})
