#!/usr/bin/env python3
"""Measures the interactive explorer under tmux (see BENCHMARKS.md, "Explorer (terminal)").

    python3 Tests/EndToEndTests/bench-explorer.py [BINARY] [RUNS]

BINARY defaults to .build-release/release/guest-tiers (swift build -c release --scratch-path .build-release).
Everything the explorer writes to its terminal is copied by tmux pipe-pane into a file; a frame is complete
when that file stops growing (no write for SETTLE seconds) — ncurses flushes one frame with one doupdate.

  first frame   tmux wait-for -S go (the pane's script then execs the binary) → the first frame fully written
                (process start, catalog load, initscr, first paint); plus, separately, a cold `tmux new-session`
                → the frame visible in capture-pane.
  key latency   tmux send-keys returns → the explorer's last byte of the repainted frame arrives (medians of ],
                j, l), next to the same measure for `cat` echoing a key (tmux's own overhead).
  bytes/step    bytes written to the terminal per `]` (one month on), median and range.
"""
import os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build-release/release/guest-tiers")
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 15
SETTLE = 0.030
ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8",
       "TERM": "xterm-256color"}
ARGS = f"{BINARY} --date 2020-03-10"


def tmux(sock, *args, check=True):
    return subprocess.run(["tmux", "-L", sock, *args], env=ENV, check=check, capture_output=True, text=True).stdout


def size(path):
    try:
        return os.stat(path).st_size
    except FileNotFoundError:
        return 0


def wait_settled(path, start_size, timeout=10.0):
    """Polls until the file grew and then stayed the same for SETTLE; returns (time of last growth, size)."""
    deadline = time.perf_counter() + timeout
    last, last_change = start_size, None
    while time.perf_counter() < deadline:
        now = time.perf_counter()
        s = size(path)
        if s != last:
            last, last_change = s, now
        elif last_change is not None and now - last_change >= SETTLE:
            return last_change, last
        time.sleep(0.0002)
    raise RuntimeError(f"no settled output in {path}")


def session(sock, command, out):
    """A 120×40 session whose script waits for `go`, then execs `command`; its output is piped to `out`."""
    tmux(sock, "-f", "/dev/null", "new-session", "-d", "-s", "b", "-x", "120", "-y", "40",
         f"export TERM=tmux-256color LANG=C.UTF-8; tmux -L {sock} wait-for go; exec {command}")
    tmux(sock, "pipe-pane", "-t", "b", "-o", f"cat >> {out}")
    time.sleep(0.2)


def first_frame(tmp, i):
    sock, out = f"gt-bench-{os.getpid()}-ff{i}", os.path.join(tmp, f"ff{i}")
    session(sock, ARGS, out)
    t0 = time.perf_counter()
    tmux(sock, "wait-for", "-S", "go")
    t1, n = wait_settled(out, 0)
    tmux(sock, "kill-server", check=False)
    return (t1 - t0) * 1000, n


def cold_first_frame(i):
    sock = f"gt-bench-{os.getpid()}-cold{i}"
    t0 = time.perf_counter()
    tmux(sock, "-f", "/dev/null", "new-session", "-d", "-s", "b", "-x", "120", "-y", "40",
         f"export TERM=tmux-256color LANG=C.UTF-8; exec {ARGS}")
    while "quit" not in tmux(sock, "capture-pane", "-p", "-t", "b"):
        pass
    t1 = time.perf_counter()
    tmux(sock, "kill-server", check=False)
    return (t1 - t0) * 1000


def key_steps(tmp, command, keys, tag, first=True):
    sock, out = f"gt-bench-{os.getpid()}-{tag}", os.path.join(tmp, tag)
    session(sock, command, out)
    tmux(sock, "wait-for", "-S", "go")
    if first:
        wait_settled(out, 0)
    else:
        time.sleep(0.2)
    results = []
    for key in keys:
        before = size(out)
        t0 = time.perf_counter()
        tmux(sock, "send-keys", "-t", "b", "-l", key)
        t1, n = wait_settled(out, before)
        results.append(((t1 - t0) * 1000, n - before))
    tmux(sock, "kill-server", check=False)
    return results


def summary(values, unit):
    values = sorted(values)
    return f"median {statistics.median(values):.1f} {unit} (min {values[0]:.1f}, max {values[-1]:.1f}, n={len(values)})"


def main():
    if not os.access(BINARY, os.X_OK):
        sys.exit(f"no binary at {BINARY}: swift build -c release --scratch-path .build-release")
    with tempfile.TemporaryDirectory() as tmp:
        ff = [first_frame(tmp, i) for i in range(RUNS)]
        cold = [cold_first_frame(i) for i in range(RUNS)]
        steps = key_steps(tmp, ARGS, "]" * RUNS * 2, "month")
        moves = key_steps(tmp, ARGS, "jjjjjjjjkkkkkkkk", "move")
        right = key_steps(tmp, ARGS, "llllllllhhhhhhhh", "right")
        echo = key_steps(tmp, "cat", "x" * RUNS * 2, "echo", first=False)
    print(f"binary: {BINARY}")
    print(f"first frame (exec → frame written):        {summary([t for t, _ in ff], 'ms')}, {ff[0][1]} bytes")
    print(f"first frame (cold new-session → visible):  {summary(cold, 'ms')}")
    print(f"key ] → repainted frame:                   {summary([t for t, _ in steps], 'ms')}")
    print(f"key j/k → repainted frame:                 {summary([t for t, _ in moves], 'ms')}")
    print(f"key l/h → repainted frame:                 {summary([t for t, _ in right], 'ms')}")
    print(f"baseline: key → cat's echo (tmux only):    {summary([t for t, _ in echo], 'ms')}")
    print(f"bytes per ] (one month):                   {summary([b for _, b in steps], 'bytes')}")
    print(f"bytes per j/k:                             {summary([b for _, b in moves], 'bytes')}")
    print(f"bytes per l/h:                             {summary([b for _, b in right], 'bytes')}")


main()
