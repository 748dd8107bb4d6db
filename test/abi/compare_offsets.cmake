# Runs the riscv64 probe under qemu and the host probe; fails with a diff
# when a single line differs.
execute_process(COMMAND ${QEMU} ${GUEST} OUTPUT_VARIABLE guest
                RESULT_VARIABLE guest_rc)
execute_process(COMMAND ${HOST} OUTPUT_VARIABLE host RESULT_VARIABLE host_rc)
if(NOT guest_rc EQUAL 0 OR NOT host_rc EQUAL 0 OR guest STREQUAL "")
  message(FATAL_ERROR "probe failed: riscv64 ${guest_rc}, host ${host_rc}")
endif()
if(NOT guest STREQUAL host)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/abi_riscv64.txt "${guest}")
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/abi_host.txt "${host}")
  execute_process(COMMAND diff -u ${CMAKE_CURRENT_BINARY_DIR}/abi_riscv64.txt
                          ${CMAKE_CURRENT_BINARY_DIR}/abi_host.txt)
  message(FATAL_ERROR "riscv64 kernel ABI and linux_abi.h differ")
endif()
string(REGEX MATCHALL "\n" lines "${host}")
list(LENGTH lines count)
message(STATUS "${count} ABI facts agree")
