# install.cmake — `make install` (cmake --install) and the Debian package
# (cpack -G DEB, `make package`).
#
#   <prefix>/bin/vm-run, <prefix>/bin/vm-aot
#   <prefix>/lib/vm/vm_llvm.so       tier 2, dlopened by vm-run from
#                                    ../lib/vm next to its own executable
#   <prefix>/lib/binfmt.d/vm-riscv64.conf
#                                    binfmt_misc registration for
#                                    systemd-binfmt (vm-run --binfmt-print)
#   <prefix>/share/doc/vm/           README.md
#
# The lib/vm folder is fixed (not GNUInstallDirs' multiarch libdir): vm-run
# finds the module by that relative path.

set(VM_BINFMT_DIR "lib/binfmt.d" CACHE STRING
    "where make install puts vm-riscv64.conf (relative: under the prefix)")

install(TARGETS vm-run vm-aot RUNTIME DESTINATION bin)
install(TARGETS vm_llvm LIBRARY DESTINATION lib/vm)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION share/doc/vm)

# The binfmt.d file names the installed vm-run, whose path is known only at
# install time (cpack installs with its own prefix, /usr), so it is written
# then by the vm-run just built, from the same table as --binfmt-register.
install(CODE "
  set(vm_conf \"${CMAKE_CURRENT_BINARY_DIR}/binfmt/vm-riscv64.conf\")
  file(MAKE_DIRECTORY \"${CMAKE_CURRENT_BINARY_DIR}/binfmt\")
  execute_process(COMMAND \"$<TARGET_FILE:vm-run>\" --binfmt-print
                          --binfmt-path \"\${CMAKE_INSTALL_PREFIX}/bin/vm-run\"
                  OUTPUT_FILE \"\${vm_conf}\" RESULT_VARIABLE vm_rc)
  if(NOT vm_rc EQUAL 0)
    message(FATAL_ERROR \"vm-run --binfmt-print failed (\${vm_rc})\")
  endif()
  set(vm_dir \"${VM_BINFMT_DIR}\")
  if(NOT IS_ABSOLUTE \"\${vm_dir}\")
    set(vm_dir \"\${CMAKE_INSTALL_PREFIX}/\${vm_dir}\")
  endif()
  file(INSTALL \"\${vm_conf}\" DESTINATION \"\${vm_dir}\")
")

# cpack and cmake --install never build: `make install` and `make package`
# build first; this keeps cpack from rebuilding everything (tests included).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME vm)
set(CPACK_PACKAGE_VENDOR "vm")
set(CPACK_PACKAGE_CONTACT "vm developers <vm@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "LLVM-backed dynamic binary translator for RISC-V 64 and x86-64 Linux programs")
set(CPACK_PACKAGE_DESCRIPTION
    "vm runs RISC-V 64 and x86-64 Linux programs on an x86-64 Linux host, like
qemu-user (vm-run PROG), and boots RISC-V guests on an emulated board
(vm-run --system). Cold code runs through a template emitter, hot loops are
compiled by LLVM on a second thread. The package registers vm-run with
binfmt_misc for riscv64 ELF executables (vm-riscv64), so they run directly
and inside containers.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION otherosfs)
# dpkg-shlibdeps turns the NEEDED libraries of vm-run, vm-aot and
# vm_llvm.so into Depends (libc6, libelf1, libzydis4, libfdt1, libllvm19...).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Dynamically linked riscv64 programs find their libraries there (-L).
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libc6-riscv64-cross")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/packaging/debian/postinst;${PROJECT_SOURCE_DIR}/packaging/debian/prerm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip) # fast; the package is small
include(CPack)
