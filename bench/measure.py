"""Runs one command and measures it: wall time, user+sys CPU time and peak RSS of the
child (wait4's rusage, taken by the measure_exec helper); stdout is kept in a file and
summarised by a hash of its normalised bytes."""
import hashlib
import os
import statistics
import tempfile

ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "HOME": "/"}


class Run:
    def __init__(self, status, wall, cpu, rss_kb, digest, stderr, timed_out):
        self.status = status        # exit code, or -signal
        self.wall = wall            # seconds
        self.cpu = cpu              # seconds, user + sys
        self.rss_kb = rss_kb        # ru_maxrss: KiB on Linux
        self.digest = digest        # sha256 of the normalised stdout
        self.stderr = stderr        # first bytes of stderr, for diagnostics
        self.timed_out = timed_out


def run_once(measure_exec, argv, timeout, normalize=None):
    """Runs argv under the measure_exec helper (see drivers/measure_exec.c)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryFile() as report:
        actions = [(os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
                   (os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                   (os.POSIX_SPAWN_DUP2, err.fileno(), 2),
                   (os.POSIX_SPAWN_DUP2, report.fileno(), 3)]
        helper = [measure_exec, str(max(1, round(timeout)))] + list(argv)
        pid = os.posix_spawn(measure_exec, helper, ENV, file_actions=actions)
        _, wait_status = os.waitpid(pid, 0)
        report.seek(0)
        fields = report.read().split()
        err.seek(0)
        stderr = err.read(2000).decode(errors="replace")
        if os.waitstatus_to_exitcode(wait_status) != 0 or len(fields) != 5:
            raise RuntimeError("measure_exec failed on %s: %s" % (argv, stderr))
        out.seek(0)
        stdout = out.read()
    if normalize is not None:
        stdout = normalize(stdout)
    return Run(int(fields[0]), float(fields[1]), float(fields[2]), int(fields[3]),
               hashlib.sha256(stdout).hexdigest(), stderr, fields[4] == b"1")


class Stats:
    """Medians over several runs of one command; `runs` keeps every run's wall time."""

    def __init__(self, runs):
        self.wall = statistics.median(r.wall for r in runs)
        self.cpu = statistics.median(r.cpu for r in runs)
        self.rss_kb = statistics.median(r.rss_kb for r in runs)
        self.walls = [r.wall for r in runs]

    def as_json(self):
        return {"wall_s": round(self.wall, 4), "cpu_s": round(self.cpu, 4),
                "peak_rss_kib": int(self.rss_kb), "wall_runs_s": [round(w, 4) for w in self.walls]}


def describe_failure(run, expected_digest):
    if run.timed_out:
        return "timed out"
    if run.status != 0:
        first = run.stderr.strip().splitlines()[:1]
        return "exit status %d%s" % (run.status, (": " + first[0]) if first else "")
    if expected_digest is not None and run.digest != expected_digest:
        return "output differs from native"
    return None
