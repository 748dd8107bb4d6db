# Included from ../CMakeLists.txt: native x86-64 twins of the
# architecture-free guest programs, so that the guest suite is also compared
# with Linux itself, not only with qemu-riscv64 (which differs from Linux in
# places, see ../README.md). Every program named in tests.list here is built
# from the same source as its guest, with the host's gcc/g++ and the guest's
# flags, static like the guest's default build, into
# ${CMAKE_BINARY_DIR}/test/guest/native/<name>. test/scripts/native-twin.sh
# maps a guest program's path to its twin and serves as
# run_guest_tests.sh's reference (--qemu).

find_program(NATIVE_CC NAMES x86_64-linux-gnu-gcc gcc REQUIRED)
find_program(NATIVE_CXX NAMES x86_64-linux-gnu-g++ g++ REQUIRED)

set(NATIVE_LIST ${CMAKE_CURRENT_LIST_DIR}/tests.list)
set(NATIVE_OUT ${GUEST_OUT}/native)
set(GUEST_SOURCE_DIR ${CMAKE_CURRENT_LIST_DIR}/..)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${NATIVE_LIST})

# The program names: the first field of each list line that is not a
# comment or blank.
file(STRINGS ${NATIVE_LIST} native_lines REGEX "^[ \t]*[A-Za-z0-9_]")
set(NATIVE_PROGRAMS)
foreach(line IN LISTS native_lines)
  string(REGEX REPLACE "[ \t]*\\|.*" "" name "${line}")
  string(STRIP "${name}" name)
  set(out ${NATIVE_OUT}/${name})
  # The guest build removes -static from these lists while it loops, so it
  # is given here explicitly (twice is harmless).
  if(EXISTS ${GUEST_SOURCE_DIR}/${name}.c)
    set(src ${GUEST_SOURCE_DIR}/${name}.c)
    set(compile ${NATIVE_CC} -static ${GUEST_C_FLAGS} -o ${out} ${src}
                ${GUEST_C_LIBS})
  elseif(EXISTS ${GUEST_SOURCE_DIR}/${name}.cpp)
    set(src ${GUEST_SOURCE_DIR}/${name}.cpp)
    set(compile ${NATIVE_CXX} -static ${GUEST_CXX_FLAGS} -o ${out} ${src})
  else()
    message(FATAL_ERROR "test/guest/native/tests.list names '${name}', "
                        "which has no C or C++ source in test/guest")
  endif()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${NATIVE_OUT}
    COMMAND ${compile}
    DEPENDS ${src} ${GUEST_HEADERS}
    COMMENT "native twin of guest program ${name}"
    VERBATIM)
  list(APPEND NATIVE_PROGRAMS ${out})
endforeach()

add_custom_target(guest_native_programs ALL DEPENDS ${NATIVE_PROGRAMS})

# The listed programs' static guest builds under vm-run, each mode against
# Linux running the twin.
foreach(mode IN ITEMS tier1 interp)
  add_test(NAME guest/native-${mode}
           COMMAND ${GUEST_RUNNER} --vm $<TARGET_FILE:vm-run> --mode ${mode}
                   --dir ${GUEST_OUT} --list ${NATIVE_LIST}
                   --qemu ${PROJECT_SOURCE_DIR}/test/scripts/native-twin.sh)
endforeach()
