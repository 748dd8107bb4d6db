# Runs the kernel-side probe (under qemu when QEMU is set: the riscv64
# one) and the probe of our definitions; fails with a diff when a single
# line differs.
if(QEMU)
  set(run_guest ${QEMU} ${GUEST})
else()
  set(run_guest ${GUEST})
endif()
execute_process(COMMAND ${run_guest} OUTPUT_VARIABLE guest
                RESULT_VARIABLE guest_rc)
execute_process(COMMAND ${HOST} OUTPUT_VARIABLE host RESULT_VARIABLE host_rc)
if(NOT guest_rc EQUAL 0 OR NOT host_rc EQUAL 0 OR guest STREQUAL "")
  message(FATAL_ERROR "probe failed: kernel side ${guest_rc}, ours ${host_rc}")
endif()
if(NOT guest STREQUAL host)
  get_filename_component(name ${GUEST} NAME)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${name}.kernel.txt "${guest}")
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${name}.ours.txt "${host}")
  execute_process(COMMAND diff -u ${CMAKE_CURRENT_BINARY_DIR}/${name}.kernel.txt
                          ${CMAKE_CURRENT_BINARY_DIR}/${name}.ours.txt)
  message(FATAL_ERROR "${name}: the kernel's ABI and ours differ")
endif()
string(REGEX MATCHALL "\n" lines "${host}")
list(LENGTH lines count)
message(STATUS "${count} ABI facts agree")
