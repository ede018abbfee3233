#!/usr/bin/python3
# A fake BMC for SolWatch's SSH tests, run by sshd as ForceCommand: prompt, start command, console, exit sequence.
# The scenario comes from the file named by argv[1] (written by the test): "PROFILE LOG PACE_MS END"
#   PROFILE: idrac | ilo | smash | openbmc      LOG: file streamed as the console (LF -> CRLF),
#                                               or tcp:PORT = relay a serial port served on 127.0.0.1:PORT (QEMU)
#   PACE_MS: delay between lines                END: stay (console stays open) | close (session ends after LOG)
# Everything typed while in the console is appended to DIR/input.bin, so tests can check what arrived.
import os, select, socket, sys, termios, time, tty

scenario = open(sys.argv[1]).read().split()
profile, log, pace, end = scenario[0], scenario[1], int(scenario[2]) / 1000.0, scenario[3]
input_log = os.path.join(os.path.dirname(sys.argv[1]), "input.bin")
PROFILES = {
    "idrac": ("racadm>> ", "console com2", b"\x1c"),
    "ilo": ("</>hpiLO-> ", "vsp", b"\x1b("),
    "smash": ("-> ", "start /system1/sol1", b"\x1b("),
    "openbmc": (None, None, None),
}
prompt, command, exit_seq = PROFILES[profile]
out = sys.stdout.buffer
fd = sys.stdin.fileno()

def write(b):
    out.write(b)
    out.flush()

def read_line():
    """Reads a line byte by byte from the (cooked) terminal, so that no input is buffered past it."""
    line = b""
    while not line.endswith(b"\n"):
        c = os.read(fd, 1)
        if not c:
            return None
        line += c
    return line.decode("utf-8", "replace")

def relay(port):
    """Like a BMC's serial bridge: copies the host's serial port (QEMU's TCP serial) to the session until it ends."""
    deadline = time.monotonic() + 60
    while True:  # QEMU may not listen yet; it starts the guest at the first connection, so no probing elsewhere
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    sock.settimeout(None)
    while True:
        r, _, _ = select.select([sock, fd], [], [])
        if sock in r:
            data = sock.recv(4096)
            if not data:
                return
            write(data)
        if fd in r:
            data = os.read(fd, 1024)
            if not data:
                return
            sock.sendall(data)

def console():
    """Streams LOG, then records input until the exit sequence (True) or EOF (False)."""
    saved = termios.tcgetattr(fd)
    tty.setraw(fd)
    try:
        write(b"[fake-bmc: console attached]\r\n")
        pending = b""
        if log.startswith("tcp:"):
            relay(int(log[4:]))
        else:
            with open(log, "rb") as f:
                for line in f:
                    write(line.rstrip(b"\n") + b"\r\n")
                    if pace:
                        time.sleep(pace)
        if end == "close":
            return False
        while True:
            r, _, _ = select.select([fd], [], [], 1.0)
            if not r:
                continue
            data = os.read(fd, 1024)
            if not data:
                return False
            with open(input_log, "ab") as f:
                f.write(data)
            pending = (pending + data)[-8:]
            if exit_seq and exit_seq in pending:
                return True
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)

write(b"Welcome to the fake BMC (" + profile.encode() + b")\r\n")
if prompt is None:
    console()
    sys.exit(0)
while True:
    write(prompt.encode())
    line = read_line()
    if line is None:
        sys.exit(0)
    if line.strip() == command:
        if not console():
            sys.exit(0)
        write(b"\r\n[fake-bmc: console detached]\r\n")
    elif line.strip():
        write(b"COMMAND NOT RECOGNIZED\r\n")
