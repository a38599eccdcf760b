"""Free TCP ports for the tests that start servers of their own."""

import socket


def free_ports(count: int) -> list[int]:
    # Fixed ports clash when two checkouts on one machine run the suite at once.
    # All bound together, so the kernel hands out distinct ones.
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()
