# Integration tests against real FTP servers and clients (tests/integration/test_*.py): pyftpdlib and vsftpd
# started on 127.0.0.1, Python's ftplib and curl against examples/ftp_server. They need root, /usr/bin/python3
# with python3-pyftpdlib, vsftpd and curl (tools/setup-debian.sh); without them they exit 77 and ctest reports
# them as skipped, unless FTPWIRE_REQUIRE_SERVERS=1 is set in the environment (tools/run-tests.sh does as root).
# Run only these: ctest -L integration
find_program(FTPWIRE_SYSTEM_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT FTPWIRE_SYSTEM_PYTHON)
    find_program(FTPWIRE_SYSTEM_PYTHON NAMES python3)
endif()
set(ftpwire_integration_env "FTPWIRE_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
if(FTPWIRE_BUILD_TOOLS)
    list(APPEND ftpwire_integration_env "FTPWIRE_CLI=$<TARGET_FILE:ftpwire_cli>")
endif()
if(FTPWIRE_BUILD_EXAMPLES AND EXISTS ${PROJECT_SOURCE_DIR}/examples/CMakeLists.txt)
    list(APPEND ftpwire_integration_env
        "FTPWIRE_FTP_CLIENT=$<TARGET_FILE:ftp_client>" "FTPWIRE_FTP_SERVER=$<TARGET_FILE:ftp_server>")
endif()
file(GLOB ftpwire_integration_tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_*.py)
foreach(script IN LISTS ftpwire_integration_tests)
    get_filename_component(name ${script} NAME_WE)
    add_test(NAME integration_${name} COMMAND ${FTPWIRE_SYSTEM_PYTHON} ${script})
    set_tests_properties(integration_${name} PROPERTIES
        LABELS integration
        SKIP_RETURN_CODE 77
        TIMEOUT 180
        ENVIRONMENT "${ftpwire_integration_env}")
endforeach()
# The longest test by far (every recorded scenario on a fresh server of each family, about two minutes) starts first,
# so that the others run beside it instead of after it (ctest -j: without timings from an earlier run, tests start
# in the order they are defined).
if(TEST integration_test_recorded_answers)
    set_tests_properties(integration_test_recorded_answers PROPERTIES COST 1000)
endif()
