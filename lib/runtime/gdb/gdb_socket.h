/*
 * gdb_socket.h — the TCP side both stubs share (user mode's -g, system
 * mode's -gdb): a listening socket on the loopback interface and the one
 * accepted connection, both moved above the descriptor numbers a guest
 * expects and closed on exec.
 */
#ifndef VM_GDB_SOCKET_H
#define VM_GDB_SOCKET_H

/* Listens on 127.0.0.1:port (port 0: the kernel picks one; *bound gets
 * the port). The descriptor, or -1 after one "vm-run: ..." line. */
int gdb_socket_listen(unsigned port, unsigned *bound);

/* Accepts one connection (blocking; TCP_NODELAY set). The descriptor, or
 * -1 after one "vm-run: ..." line. */
int gdb_socket_accept(int listen_fd);

/* Moves a descriptor of ours above the low numbers the guest expects. */
int gdb_socket_move_high(int fd);

#endif
