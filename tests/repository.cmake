# Checks on the repository itself: README snippets compile and run, build files list every test and header.
find_program(FTPWIRE_PYTHON_FOR_CHECKS NAMES python3 REQUIRED)
add_test(NAME readme_snippets
    COMMAND ${FTPWIRE_PYTHON_FOR_CHECKS} ${CMAKE_CURRENT_SOURCE_DIR}/readme_snippets.py
            ${CMAKE_CXX_COMPILER} ${FTPWIRE_INCLUDE_DIR} ${PROJECT_SOURCE_DIR}/README.md)
add_test(NAME build_files_agree
    COMMAND ${FTPWIRE_PYTHON_FOR_CHECKS} ${CMAKE_CURRENT_SOURCE_DIR}/build_files_check.py ${PROJECT_SOURCE_DIR})
# single_include/ is generated from include/ (tools/amalgamate.py): a header edited without regenerating it, or
# an edit to the generated file, fails here as well as in tools/run-tests.sh.
add_test(NAME single_include_in_sync
    COMMAND ${FTPWIRE_PYTHON_FOR_CHECKS} ${PROJECT_SOURCE_DIR}/tools/amalgamate.py --check)
# bench/report.py (the benchmark's tables, target verdicts and noise warnings) on made-up benchmark output.
add_test(NAME bench_report
    COMMAND ${FTPWIRE_PYTHON_FOR_CHECKS} ${CMAKE_CURRENT_SOURCE_DIR}/bench_report_check.py ${PROJECT_SOURCE_DIR})
