# cmake -DVM=vm-run -DQEMU=qemu-riscv64 -DPROG=program -P compare_with_qemu.cmake
# Fails unless PROG prints the same and exits alike under both (tier 1).
execute_process(COMMAND ${QEMU} ${PROG} OUTPUT_VARIABLE want RESULT_VARIABLE want_rc)
execute_process(COMMAND ${VM} --mode tier1 ${PROG} OUTPUT_VARIABLE got RESULT_VARIABLE got_rc)
if(NOT want STREQUAL got OR NOT want_rc STREQUAL got_rc)
  message(FATAL_ERROR "qemu (${want_rc}):\n${want}\nvm-run (${got_rc}):\n${got}")
endif()
message(STATUS "${got}")
