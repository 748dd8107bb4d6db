"""Turns measurements into the bench's result: ratios, geometric means, machine facts;
then into JSON and a text table."""
import datetime
import json
import math
import os
import platform
import subprocess

import measure


def first_line(argv):
    try:
        text = subprocess.run(argv, capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return text.strip().splitlines()[0] if text.strip() else "unknown"


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    os_name = "unknown"
    if os.path.exists("/etc/os-release"):
        with open("/etc/os-release") as f:
            fields = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
        os_name = fields.get("PRETTY_NAME", "unknown").strip('"')
    return {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(), "os": os_name,
            "qemu": first_line(["qemu-riscv64", "--version"]),
            "qemu_x86_64": first_line(["qemu-x86_64", "--version"]),
            "gcc": first_line(["gcc", "--version"]),
            "riscv64_gcc": first_line(["riscv64-linux-gnu-gcc", "--version"])}


def geomean(values):
    values = [v for v in values if v is not None and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def ratio(a, b):
    return a / b if a is not None and b else None


def program_results(size_row, runners):
    """Stats of one program and size class, with each runner's ratios to native and QEMU."""
    cells = size_row["cells"]
    wall = lambda name: cells[name].wall if name in cells else None  # noqa: E731
    cpu = lambda name: cells[name].cpu if name in cells else None  # noqa: E731
    results = {}
    for runner in runners:
        if runner.name not in cells:
            continue
        entry = cells[runner.name].as_json()
        entry["x_native"] = ratio(wall(runner.name), wall("native"))
        entry["x_qemu"] = ratio(wall(runner.name), wall(runner.qemu)) if runner.qemu else None
        # CPU-time ratios resist a busy machine better than wall-time ones.
        entry["x_native_cpu"] = ratio(cpu(runner.name), cpu("native"))
        entry["x_qemu_cpu"] = ratio(cpu(runner.name), cpu(runner.qemu)) if runner.qemu else None
        results[runner.name] = entry
    return results


def build(rows, startup, runners, version, runs, startup_runs, elapsed):
    programs = [{"name": row["name"], "origin": row["origin"],
                 "sizes": {size: {"args": s["args"], "results": program_results(s, runners)}
                           for size, s in row["sizes"].items()}} for row in rows]
    means = {}
    for runner in runners:
        for size in runner.sizes:
            cells = [p["sizes"][size]["results"].get(runner.name) for p in programs
                     if size in p["sizes"]]
            cells = [c for c in cells if c is not None]
            means["%s/%s" % (runner.name, size)] = {
                "runner": runner.name, "size": size, "programs": len(cells),
                **{key: geomean([c[key] for c in cells])
                   for key in ("x_native", "x_qemu", "x_native_cpu", "x_qemu_cpu")}}
    start_rows = []
    for row in startup:
        results = {}
        for name, cell in row["cells"].items():
            if isinstance(cell, measure.Stats):
                results[name] = {"wall_ms": round(cell.wall * 1e3, 3),
                                 "cpu_ms": round(cell.cpu * 1e3, 3), "peak_rss_kib": int(cell.rss_kb)}
            else:
                results[name] = cell
        start_rows.append({"name": row["name"], "results": results})
    return {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": machine(), "vm_version": version, "runs": runs,
            "startup_runs": startup_runs, "elapsed_s": round(elapsed, 1),
            "runners": [{"name": r.name, "kind": r.kind, "guest": r.guest, "sizes": r.sizes,
                         "compared_with_qemu": r.qemu} for r in runners],
            "programs": programs, "geomean": means, "startup": start_rows}


def write_json(result, path):
    with open(path, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")


def fmt(value, digits=2):
    if value is None:
        return "-"
    if value >= 100:
        return "%.0f" % value
    return "%.*f" % (digits, value)


def table(header, lines):
    """Left-aligned first column, right-aligned others; header cells may hold several lines."""
    header = [str(h).split("\n") for h in header]
    depth = max(len(h) for h in header)
    header_rows = [[h[i] if i < len(h) else "" for h in header] for i in range(depth)]
    widths = [max(len(str(x)) for x in col) for col in zip(*header_rows, *lines)]
    render = lambda cells: "  ".join(  # noqa: E731
        str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([render(r) for r in header_rows] + [rule] + [render(l) for l in lines])


def detail_table(result):
    lines = []
    for program in result["programs"]:
        for size, entry in program["sizes"].items():
            for name, c in entry["results"].items():
                lines.append([program["name"], size, name, "%.3f" % c["wall_s"], "%.3f" % c["cpu_s"],
                              fmt(c["x_native"]), fmt(c["x_qemu"]), "%.1f" % (c["peak_rss_kib"] / 1024)])
    return table(["program", "size", "runner", "wall s", "cpu s", "x native", "x qemu", "RSS MiB"],
                 lines)


def ratio_columns(result):
    """(label, runner, size, key): one column per non-native runner and its ratios."""
    columns = []
    for r in result["runners"]:
        for size in r["sizes"]:
            if r["kind"] == "native":
                continue
            columns.append(("%s\n%s\nx native" % (r["name"], size), r["name"], size, "x_native"))
            if r["compared_with_qemu"]:
                columns.append(("%s\n%s\nx qemu" % (r["name"], size), r["name"], size, "x_qemu"))
    return columns


def summary_table(result, guest):
    """The ratio table of one guest's runners."""
    columns = [c for c in ratio_columns(result)
               if next(r for r in result["runners"] if r["name"] == c[1])["guest"] == guest]
    lines = []
    for program in result["programs"]:
        line = [program["name"]]
        for _, name, size, key in columns:
            cell = program["sizes"].get(size, {}).get("results", {}).get(name)
            line.append(fmt(cell[key] if cell else None, 1))
        lines.append(line)
    lines.append(["geomean"] + [fmt(result["geomean"]["%s/%s" % (n, s)][k], 1)
                                for _, n, s, k in columns])
    return table(["%s guest:\nratio of wall times\n(runner, input size)" % guest]
                 + [c[0] for c in columns], lines)


def flag_pass_table(result):
    lines = []
    for row in result.get("flag_pass", []):
        share = row["removed"] / row["flag_puts"] if row["flag_puts"] else None
        lines.append([row["name"], str(row["flag_puts"]), str(row["removed"]),
                      "-" if share is None else "%.1f%%" % (100 * share),
                      str(row["ops_removed"])])
    return table(["x86-64 dead-flag pass\n(tiered, full input)", "flag writes\nlifted",
                  "removed", "share", "IR ops\nremoved"], lines)


def startup_table(result):
    names = [r["name"] for r in result["runners"]]
    lines = []
    for row in result["startup"]:
        line = [row["name"]]
        for name in names:
            cell = row["results"].get(name)
            if cell is None:
                line.append("-")
            elif "wall_ms" in cell:
                line.append("%.1f ms / %.1f MiB" % (cell["wall_ms"], cell["peak_rss_kib"] / 1024))
            else:
                line.append(cell["status"])
        lines.append(line)
    return table(["start-up (wall / peak RSS)"] + names, lines)


def mca_table(result):
    """bench/mca.py's comparisons: per program and guest, each hot loop's instructions and
    block reciprocal throughput (cycles per iteration) native / tier 2 / tier 1, the
    ratios to native, and the "what costs" lines."""
    lines, notes = [], []
    for entry in result.get("mca", []):
        name = "%s (%s)" % (entry["program"], entry["guest"])
        if "error" in entry:
            lines.append([name, "-", "-", "-", "-", "-", "-", "-"])
            notes.append("  %s: %s" % (name, entry["error"]))
            continue
        for region in entry["regions"]:
            cells = [region.get(k) or {} for k in ("native", "tier2", "tier1")]
            rt = [c.get("rthroughput") for c in cells]
            lines.append(["%s %s" % (name, region["source"]),
                          "/".join(str(c.get("instructions_per_iteration", "-")) for c in cells),
                          fmt(rt[0]), fmt(rt[1]), fmt(rt[2]),
                          fmt(ratio(rt[1], rt[0])), fmt(ratio(rt[2], rt[0])),
                          region["tier1_kind"]])
            for tier in ("tier2", "tier1"):
                if region["costs"].get(tier):
                    notes.append("  %s %s, %s: %s" % (name, region["source"], tier,
                                                      region["costs"][tier]))
    head = table(["llvm-mca, hottest loops\n(program, guest, source line)",
                  "instructions\nnative/t2/t1", "rthroughput\nnative", "\ntier 2",
                  "\ntier 1", "tier 2\nx native", "tier 1\nx native", "tier 1\ncode"], lines)
    return head + ("\nwhat costs (per iteration, beyond the native loop):\n" + "\n".join(notes)
                   if notes else "")


def text_table(result):
    m = result["machine"]
    head = ("vm bench, %s, %s (%s cores), %s\n%s; medians of %d runs (start-up: %d runs); "
            "whole bench %.0f s" % (result["date"], m["cpu"], m["cores"], m["os"], result["vm_version"],
                                    result["runs"], result["startup_runs"], result["elapsed_s"]))
    guests = []
    for r in result["runners"]:
        if r["kind"] != "native" and r["guest"] not in guests:
            guests.append(r["guest"])
    parts = [head, detail_table(result)] + [summary_table(result, g) for g in guests]
    if result.get("skipped"):
        parts.append("skipped (not measured):\n" + "\n".join(
            "  %s: %s" % (s["name"], s["reason"]) for s in result["skipped"]))
    if result.get("flag_pass"):
        parts.append(flag_pass_table(result))
    parts.append(startup_table(result))
    if result.get("mca"):
        parts.append(mca_table(result))
    return "\n\n".join(parts)
