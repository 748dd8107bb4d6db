#!/usr/bin/env python3
"""net_peer.py — the host side of system/linux-virtio-net, for each run of
the guest (vm-run's, then qemu-system-riscv64's).

Server: on 127.0.0.1:SERVER_PORT (10.0.2.2 in the guest), reads a
connection to its end, checks every line is "i i^3 mod 100003" for i = 1,
2, ... (computed here, not taken from the guest), answers one verdict
line and closes. Connector: keeps connecting to 127.0.0.1:FWD_PORT (the
guest's port 5555 through hostfwd) until the guest answers, sends a line,
and checks the guest's line: the sum of i^3 for i = 1..300 mod 1000003.
Each outcome is one line in LOG (the shell test counts them). The connector starts after
the server has heard from that run's guest.
usage: net_peer.py SERVER_PORT FWD_PORT LOG
"""
import socket
import sys
import threading
import time


def log(path, lock, line):
    with lock, open(path, "a") as f:
        f.write(line + "\n")


def read_all(conn):
    chunks = []
    while True:
        b = conn.recv(65536)
        if not b:
            return b"".join(chunks)
        chunks.append(b)


def verdict(data):
    lines = data.decode("ascii", "replace").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for i, line in enumerate(lines, 1):
        if line != f"{i} {i * i * i % 100003}":
            return f"host: line {i} is wrong: {line[:40]!r}", False
    ok = len(lines) == 2000
    return f"host: got {len(lines)} lines, {len(data)} bytes, " + \
        ("all as computed here" if ok else "expected 2000"), ok


def serve(listener, path, lock, guest_up):
    while True:
        conn, _ = listener.accept()
        with conn:
            text, ok = verdict(read_all(conn))
            conn.sendall((text + "\n").encode())
        log(path, lock, ("server ok: " if ok else "server BAD: ") + text)
        guest_up.release()


def connect_in(port, path, lock, guest_up):
    expected = f"guest: sum of cubes 1..300 mod 1000003 = " \
        f"{sum(i ** 3 for i in range(1, 301)) % 1000003}"
    guest_up.acquire()  # its network works: nc -l comes next
    while True:
        # A long timeout: slirp accepts at once and holds the connection
        # until the guest answers its SYN; giving up early could leave the
        # guest a connection whose host side has gone.
        try:
            with socket.create_connection(("127.0.0.1", port), 60) as c:
                c.sendall(b"host: hello through hostfwd\n")
                c.shutdown(socket.SHUT_WR)
                reply = read_all(c).decode("ascii", "replace").strip()
        except OSError:
            reply = ""
        if not reply:  # nobody listening in the guest yet
            time.sleep(0.2)
            continue
        ok = reply == expected
        log(path, lock, ("connector ok: " if ok else "connector BAD: ")
            + reply)
        guest_up.acquire()  # the next run's


def main():
    server_port, fwd_port, path = int(sys.argv[1]), int(sys.argv[2]), \
        sys.argv[3]
    lock = threading.Lock()
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", server_port))
    listener.listen(4)
    log(path, lock, "listening")
    # The connector starts on each run's guest once the server has heard
    # from it: connecting into a guest still booting works too, but
    # slirp's SYN then waits for its retransmission timer.
    guest_up = threading.Semaphore(0)
    threading.Thread(target=connect_in,
                     args=(fwd_port, path, lock, guest_up),
                     daemon=True).start()
    serve(listener, path, lock, guest_up)


main()
