/*
 * test_linux_abi_x86_64.c — the Linux layer as an x86-64 guest sees it:
 * registers in a struct x86_cpu, linux_syscall, the result in rax. The
 * system-call table against the host's <asm/unistd_64.h>, the calls only
 * x86-64 has, arch_prctl, x86-64's structure layouts (stat, sigaction,
 * epoll_event, linux_dirent), the rt_sigframe and rt_sigreturn, fault
 * frames, entry and clone state, AT_HWCAP and /proc/cpuinfo.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <unistd.h>

#include "x86_linux_harness.h"

/* <asm/unistd_64.h> numbers, spelled out so a wrong table entry cannot
 * hide behind the header it is checked against. */
enum {
    NR_READ = 0, NR_WRITE = 1, NR_OPEN = 2, NR_CLOSE = 3, NR_STAT = 4,
    NR_FSTAT = 5, NR_LSTAT = 6, NR_RT_SIGACTION = 13, NR_RT_SIGRETURN = 15,
    NR_ACCESS = 21, NR_PIPE = 22, NR_SELECT = 23, NR_DUP2 = 33,
    NR_GETPID = 39, NR_KILL = 62, NR_GETDENTS = 78, NR_RENAME = 82,
    NR_MKDIR = 83, NR_RMDIR = 84, NR_UNLINK = 87, NR_SYMLINK = 88,
    NR_READLINK = 89, NR_MODIFY_LDT = 154, NR_ARCH_PRCTL = 158,
    NR_IOPL = 172, NR_TIME = 201, NR_EPOLL_CREATE = 213,
    NR_EPOLL_WAIT = 232, NR_EPOLL_CTL = 233, NR_IO_SETUP = 206,
};

TestSuite(linux_abi_x86, .init = setup, .fini = teardown);

/* name -> number from the host's header, read as text. */
static long header_number(const char *name)
{
    FILE *f = fopen("/usr/include/x86_64-linux-gnu/asm/unistd_64.h", "r");
    cr_assert_not_null(f, "the host's asm/unistd_64.h");
    char line[256], want[96];
    snprintf(want, sizeof(want), "#define __NR_%s ", name);
    long nr = -1;
    while (nr < 0 && fgets(line, sizeof(line), f))
        if (strncmp(line, want, strlen(want)) == 0)
            nr = strtol(line + strlen(want), NULL, 10);
    fclose(f);
    return nr;
}

Test(linux_abi_x86, every_table_entry_is_the_headers_number)
{
    int known = 0;
    for (uint64_t nr = 0; nr < 1024; nr++) {
        const char *name = linux_syscall_name(&rt_guest_x86_64, nr);
        if (!name)
            continue;
        known++;
        cr_expect_eq(header_number(name), (long)nr, "%s is %ld, not %lu",
                     name, header_number(name), (unsigned long)nr);
        cr_expect_not_null(lx_syscall_lookup(&linux_guest_abi_x86_64, nr)
                               ->handler, "%s", name);
    }
    cr_expect_geq(known, 160);
    /* The calls only x86-64 has are there, under their own numbers. */
    static const char *const legacy[] = {"open", "stat", "lstat", "access",
                                         "pipe", "dup2", "fork", "vfork",
                                         "select", "poll", "getdents",
                                         "arch_prctl", "time", "alarm"};
    for (size_t i = 0; i < sizeof(legacy) / sizeof(legacy[0]); i++)
        cr_expect_str_eq(linux_syscall_name(&rt_guest_x86_64,
                                            (uint64_t)header_number(legacy[i])),
                         legacy[i]);
    /* riscv64 keeps its own numbering. */
    cr_expect_str_eq(linux_syscall_name(&rt_guest_riscv64, 222), "mmap");
    cr_expect_str_eq(linux_syscall_name(&rt_guest_x86_64, 9), "mmap");
}

Test(linux_abi_x86, unknown_numbers_are_enosys)
{
    cr_expect_eq(call(1000, ARGS(0)), -ENOSYS);
    cr_expect_eq(call(NR_IO_SETUP, ARGS(0)), -ENOSYS);
    cr_expect_eq(call(NR_MODIFY_LDT, ARGS(0, RW, 16)), -ENOSYS);
    cr_expect_eq(call(NR_IOPL, ARGS(3)), -EPERM);
    cr_expect_eq(call(NR_IOPL, ARGS(0)), 0);
}

Test(linux_abi_x86, syscall_result_sets_rcx_and_r11)
{
    cpu.ctx.pc = 0x401234; /* after the syscall instruction */
    cpu.cf = 1;
    int64_t pid = call(NR_GETPID, ARGS(0));
    cr_expect_eq(pid, getpid());
    cr_expect_eq(cpu.gpr[X86_RCX_], 0x401234);
    cr_expect_eq(cpu.gpr[X86_R11_], 0x203);
}

Test(linux_abi_x86, arch_prctl_fs_and_gs)
{
    cr_expect_eq(call(NR_ARCH_PRCTL, ARGS(LX_ARCH_SET_FS, 0x7000123)), 0);
    cr_expect_eq(cpu.fs_base, 0x7000123);
    cr_expect_eq(call(NR_ARCH_PRCTL, ARGS(LX_ARCH_SET_GS, 0x5000)), 0);
    cr_expect_eq(cpu.gs_base, 0x5000);
    cr_expect_eq(call(NR_ARCH_PRCTL, ARGS(LX_ARCH_GET_FS, RW)), 0);
    uint64_t v = 0;
    cr_assert_eq(mmu_read(proc.mmu, RW, &v, 8), 0);
    cr_expect_eq(v, 0x7000123);
    cr_expect_eq(call(NR_ARCH_PRCTL, ARGS(LX_ARCH_GET_GS, RW + 8)), 0);
    cr_assert_eq(mmu_read(proc.mmu, RW + 8, &v, 8), 0);
    cr_expect_eq(v, 0x5000);
    cr_expect_eq(call(NR_ARCH_PRCTL, ARGS(LX_ARCH_GET_FS, RO)), -EFAULT);
    /* A base outside user space is refused and changes nothing. */
    cr_expect_eq(call(NR_ARCH_PRCTL, ARGS(LX_ARCH_SET_FS, 1ull << 47)), -EPERM);
    cr_expect_eq(cpu.fs_base, 0x7000123);
    cr_expect_eq(call(NR_ARCH_PRCTL, ARGS(LX_ARCH_GET_CPUID, 0)), 1);
    cr_expect_eq(call(NR_ARCH_PRCTL, ARGS(LX_ARCH_SET_CPUID, 0)), -ENODEV);
    cr_expect_eq(call(NR_ARCH_PRCTL, ARGS(0x9999, 0)), -EINVAL);
}

Test(linux_abi_x86, stat_lstat_fstat_write_the_hosts_layout)
{
    char dir[] = "/tmp/vm_x86abi_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char file[64], link[64];
    snprintf(file, sizeof(file), "%s/f", dir);
    snprintf(link, sizeof(link), "%s/l", dir);
    put_string(RW, file);
    put_string(RW + 256, link);
    int64_t fd = call(NR_OPEN, ARGS(RW, O_CREAT | O_RDWR, 0640));
    cr_assert_geq(fd, 0);
    put_string(RW + 512, "0123456789");
    cr_expect_eq(call(NR_WRITE, ARGS((uint64_t)fd, RW + 512, 10)), 10);
    cr_expect_eq(call(NR_SYMLINK, ARGS(RW, RW + 256)), 0);

    /* On an x86-64 host the guest's struct stat is the host's own. */
    struct stat host, guest;
    cr_assert_eq(stat(file, &host), 0);
    cr_assert_eq(call(NR_STAT, ARGS(RW + 256, RW + 1024)), 0);
    cr_assert_eq(mmu_read(proc.mmu, RW + 1024, &guest, sizeof(guest)), 0);
    cr_expect_eq(guest.st_ino, host.st_ino);
    cr_expect_eq(guest.st_size, 10);
    cr_expect_eq(guest.st_mode, S_IFREG | 0640);
    cr_expect_eq(guest.st_nlink, 1);
    cr_expect_eq(guest.st_blksize, host.st_blksize);
    cr_expect_eq(guest.st_mtim.tv_nsec, host.st_mtim.tv_nsec);
    cr_assert_eq(call(NR_LSTAT, ARGS(RW + 256, RW + 1024)), 0);
    cr_assert_eq(mmu_read(proc.mmu, RW + 1024, &guest, sizeof(guest)), 0);
    cr_expect(S_ISLNK(guest.st_mode));
    cr_assert_eq(call(NR_FSTAT, ARGS((uint64_t)fd, RW + 1024)), 0);
    cr_assert_eq(mmu_read(proc.mmu, RW + 1024, &guest, sizeof(guest)), 0);
    cr_expect_eq(guest.st_ino, host.st_ino);
    cr_expect_eq(call(NR_STAT, ARGS(RW, RO)), -EFAULT);

    cr_expect_eq(call(NR_ACCESS, ARGS(RW, R_OK | W_OK)), 0);
    cr_expect_eq(call(NR_READLINK, ARGS(RW + 256, RW + 2048, 64)),
                 (int64_t)strlen(file));
    cr_expect_eq(call(NR_CLOSE, ARGS((uint64_t)fd)), 0);
    cr_expect_eq(call(NR_UNLINK, ARGS(RW + 256)), 0);
    cr_expect_eq(call(NR_UNLINK, ARGS(RW)), 0);
    cr_expect_eq(call(NR_ACCESS, ARGS(RW, F_OK)), -ENOENT);
    put_string(RW, dir);
    cr_expect_eq(call(NR_RMDIR, ARGS(RW)), 0);
}

Test(linux_abi_x86, mkdir_rename_and_old_getdents)
{
    char dir[] = "/tmp/vm_x86abi_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char a[64], b[64], sub[64];
    snprintf(a, sizeof(a), "%s/a-file", dir);
    snprintf(b, sizeof(b), "%s/renamed", dir);
    snprintf(sub, sizeof(sub), "%s/sub", dir);
    close(open(a, O_CREAT | O_WRONLY, 0600));
    put_string(RW, a);
    put_string(RW + 256, b);
    put_string(RW + 512, sub);
    cr_expect_eq(call(NR_RENAME, ARGS(RW, RW + 256)), 0);
    cr_expect_eq(access(b, F_OK), 0);
    cr_expect_eq(call(NR_MKDIR, ARGS(RW + 512, 0700)), 0);

    /* struct linux_dirent: name at 18, d_type in the record's last byte. */
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    cr_assert_geq(fd, 0);
    int64_t n = call(NR_GETDENTS, ARGS((uint64_t)fd, RW + 4096, 4096));
    cr_assert_gt(n, 0);
    uint8_t buf[4096];
    cr_assert_eq(mmu_read(proc.mmu, RW + 4096, buf, (uint64_t)n), 0);
    int seen_file = 0, seen_dir = 0;
    for (int64_t off = 0; off < n;) {
        uint16_t reclen;
        memcpy(&reclen, buf + off + 16, 2);
        const char *name = (const char *)buf + off + 18;
        uint8_t type = buf[off + reclen - 1];
        if (strcmp(name, "renamed") == 0)
            seen_file += type == DT_REG;
        if (strcmp(name, "sub") == 0)
            seen_dir += type == DT_DIR;
        cr_assert_gt(reclen, 18);
        off += reclen;
    }
    cr_expect_eq(seen_file, 1);
    cr_expect_eq(seen_dir, 1);
    close(fd);
    cr_expect_eq(call(NR_RMDIR, ARGS(RW + 512)), 0);
    cr_expect_eq(call(NR_UNLINK, ARGS(RW + 256)), 0);
    rmdir(dir);
}

Test(linux_abi_x86, pipe_dup2_and_select)
{
    cr_assert_eq(call(NR_PIPE, ARGS(RW)), 0);
    int fds[2];
    cr_assert_eq(mmu_read(proc.mmu, RW, fds, sizeof(fds)), 0);
    int target = fds[1] + 10;
    cr_expect_eq(call(NR_DUP2, ARGS((uint64_t)fds[1], (uint64_t)target)),
                 target);
    cr_expect_eq(call(NR_DUP2, ARGS((uint64_t)target, (uint64_t)target)),
                 target);
    cr_expect_eq(call(NR_DUP2, ARGS(9999, 9999)), -EBADF);
    cr_expect_eq(write(target, "x", 1), 1);
    /* select sees the readable end and writes back the time left. */
    uint64_t set = 1ull << fds[0];
    cr_assert_eq(mmu_write(proc.mmu, RW + 64, &set, 8), 0);
    struct lx_timeval tv = {5, 0};
    cr_assert_eq(mmu_write(proc.mmu, RW + 128, &tv, sizeof(tv)), 0);
    cr_expect_eq(call(NR_SELECT, ARGS((uint64_t)fds[0] + 1, RW + 64, 0, 0,
                                      RW + 128)),
                 1);
    cr_assert_eq(mmu_read(proc.mmu, RW + 128, &tv, sizeof(tv)), 0);
    cr_expect(tv.tv_sec <= 5 && tv.tv_sec >= 4);
    /* An empty wait runs its timeout down to zero. */
    tv = (struct lx_timeval){0, 1000};
    cr_assert_eq(mmu_write(proc.mmu, RW + 128, &tv, sizeof(tv)), 0);
    cr_expect_eq(call(NR_SELECT, ARGS(0, 0, 0, 0, RW + 128)), 0);
    cr_assert_eq(mmu_read(proc.mmu, RW + 128, &tv, sizeof(tv)), 0);
    cr_expect_eq(tv.tv_sec, 0);
    cr_expect_eq(tv.tv_usec, 0);
    tv = (struct lx_timeval){0, 1000000};
    cr_assert_eq(mmu_write(proc.mmu, RW + 128, &tv, sizeof(tv)), 0);
    cr_expect_eq(call(NR_SELECT, ARGS(0, 0, 0, 0, RW + 128)), -EINVAL);
    close(fds[0]);
    close(fds[1]);
    close(target);
}

Test(linux_abi_x86, epoll_event_is_packed_in_12_bytes)
{
    int64_t ep = call(NR_EPOLL_CREATE, ARGS(1));
    cr_assert_geq(ep, 0);
    cr_expect_eq(call(NR_EPOLL_CREATE, ARGS(0)), -EINVAL);
    int p1[2], p2[2];
    cr_assert_eq(pipe(p1), 0);
    cr_assert_eq(pipe(p2), 0);
    /* {u32 events; u64 data} with data at offset 4. */
    uint8_t ev[12];
    uint32_t in = EPOLLIN;
    uint64_t data = 0x1122334455667788ull;
    memcpy(ev, &in, 4);
    memcpy(ev + 4, &data, 8);
    cr_assert_eq(mmu_write(proc.mmu, RW, ev, sizeof(ev)), 0);
    cr_expect_eq(call(NR_EPOLL_CTL, ARGS((uint64_t)ep, EPOLL_CTL_ADD,
                                         (uint64_t)p1[0], RW)),
                 0);
    data = 0xaabbccdd;
    memcpy(ev + 4, &data, 8);
    cr_assert_eq(mmu_write(proc.mmu, RW, ev, sizeof(ev)), 0);
    cr_expect_eq(call(NR_EPOLL_CTL, ARGS((uint64_t)ep, EPOLL_CTL_ADD,
                                         (uint64_t)p2[0], RW)),
                 0);
    cr_assert_eq(write(p1[1], "a", 1), 1);
    cr_assert_eq(write(p2[1], "b", 1), 1);
    uint8_t out[24 + 12];
    memset(out, 0xee, sizeof(out));
    cr_assert_eq(mmu_write(proc.mmu, RW + 256, out, sizeof(out)), 0);
    cr_expect_eq(call(NR_EPOLL_WAIT, ARGS((uint64_t)ep, RW + 256, 2, 1000)),
                 2);
    cr_assert_eq(mmu_read(proc.mmu, RW + 256, out, sizeof(out)), 0);
    uint64_t d0, d1;
    uint32_t e0, e1;
    memcpy(&e0, out, 4);
    memcpy(&d0, out + 4, 8);
    memcpy(&e1, out + 12, 4);
    memcpy(&d1, out + 16, 8);
    cr_expect_eq(e0, EPOLLIN);
    cr_expect_eq(e1, EPOLLIN);
    cr_expect((d0 == 0x1122334455667788ull && d1 == 0xaabbccdd) ||
              (d1 == 0x1122334455667788ull && d0 == 0xaabbccdd));
    cr_expect_eq(out[24], 0xee, "nothing past two 12-byte events");
    close(p1[0]), close(p1[1]), close(p2[0]), close(p2[1]);
    close((int)ep);
}

Test(linux_abi_x86, time_and_getpid)
{
    int64_t now = call(NR_TIME, ARGS(RW));
    uint64_t stored = 0;
    cr_assert_eq(mmu_read(proc.mmu, RW, &stored, 8), 0);
    cr_expect_eq((int64_t)stored, now);
    cr_expect_leq(labs(now - (int64_t)time(NULL)), 1);
    cr_expect_eq(call(NR_TIME, ARGS(RO)), -EFAULT);
}

Test(linux_abi_x86, entry_and_clone_state)
{
    cpu.gpr[X86_RDX_] = 77;
    x86_set_flag(&cpu, X86_RF_ZF, 1);
    rt_guest_x86_64.set_entry(&cpu.ctx, 0x401020, STACK_TOP - 64);
    cr_expect_eq(cpu.ctx.pc, 0x401020);
    cr_expect_eq(cpu.gpr[X86_RSP_], STACK_TOP - 64);
    cr_expect_eq(cpu.gpr[X86_RDX_], 0, "no rtld_fini");
    cr_expect_eq(x86_rflags(&cpu), 0x202);
    cr_expect_eq(cpu.mxcsr, 0x1f80);
    cr_expect_eq(cpu.fcw, 0x37f);
    cpu.gpr[X86_RAX_] = 56;
    rt_guest_x86_64.set_clone_child(&cpu.ctx, 0x3000, true, 0x9000);
    cr_expect_eq(cpu.gpr[X86_RAX_], 0);
    cr_expect_eq(cpu.gpr[X86_RSP_], 0x3000);
    cr_expect_eq(cpu.fs_base, 0x9000);
    rt_guest_x86_64.set_clone_child(&cpu.ctx, 0, false, 0x1);
    cr_expect_eq(cpu.gpr[X86_RSP_], 0x3000);
    cr_expect_eq(cpu.fs_base, 0x9000);
}

Test(linux_abi_x86, guest_is_chosen_by_elf_machine)
{
    cr_expect_eq(rt_guest_for_machine(EM_X86_64), &rt_guest_x86_64);
    cr_expect_eq(rt_guest_for_machine(EM_RISCV), &rt_guest_riscv64);
    cr_expect_eq(rt_guest_for_machine(EM_AARCH64), &rt_guest_aarch64);
    cr_expect_null(rt_guest_for_machine(EM_PPC64));
    /* The host's own programs are x86-64 ELFs. */
    cr_expect_eq(rt_guest_for_file("/bin/sh"), &rt_guest_x86_64);
    cr_expect_eq(rt_guest_for_file("/nonexistent"), &rt_guest_riscv64);
    /* 2/3 of the address space, page-aligned, as ELF_ET_DYN_BASE. */
    uint64_t base = rt_guest_x86_64.dyn_base;
    cr_expect_eq(base % 4096, 0);
    cr_expect(base > rt_guest_x86_64.address_space / 3 * 2 - 4096 &&
              base <= rt_guest_x86_64.address_space / 3 * 2);
}

Test(linux_abi_x86, hwcap_is_cpuid1_edx_with_the_baseline)
{
    uint64_t hw = rt_guest_x86_64.hwcap();
    /* x86-64-v1 (psABI): fpu, tsc, cx8, cmov, fxsr, sse, sse2. */
    static const int baseline[] = {0, 4, 8, 15, 24, 25, 26};
    for (size_t i = 0; i < sizeof(baseline) / sizeof(baseline[0]); i++)
        cr_expect(hw >> baseline[i] & 1, "bit %d", baseline[i]);
    cr_expect_eq(hw >> 32, 0);
    cr_expect_str_eq(rt_guest_x86_64.platform, "x86_64");
}

Test(linux_abi_x86, proc_cpuinfo_describes_the_guest_cpu)
{
    put_string(RW, "/proc/cpuinfo");
    int64_t fd = call(NR_OPEN, ARGS(RW, O_RDONLY, 0));
    cr_assert_geq(fd, 0);
    char text[16384] = {0};
    int64_t n = call(NR_READ, ARGS((uint64_t)fd, RW + 256, 8192));
    cr_assert_gt(n, 0);
    cr_assert_eq(mmu_read(proc.mmu, RW + 256, text, (uint64_t)n), 0);
    call(NR_CLOSE, ARGS((uint64_t)fd));
    cr_expect(strstr(text, "processor\t: 0\nvendor_id\t: "));
    const char *flags = strstr(text, "\nflags\t\t: fpu");
    cr_assert_not_null(flags, "%s", text);
    const char *eol = strchr(flags + 1, '\n');
    cr_assert_not_null(eol);
    char line[1024] = {0};
    memcpy(line, flags, (size_t)(eol - flags) < sizeof(line) - 1
                            ? (size_t)(eol - flags) : sizeof(line) - 1);
    cr_expect(strstr(line, " sse2"), "%s", line);
    cr_expect(strstr(line, " lm"), "%s", line);
    cr_expect_null(strstr(line, " avx"), "no AVX: the lifter has none");
    cr_expect_null(strstr(text, "rv64"));
}
