"""Draws the bench result as SVG grouped bar charts: results.svg, one group per program
(and the geometric mean), one bar per runner, height = wall time / native wall time, log
scale; mca.svg (run.py --mca), one group per hot loop, one bar per tier, height = llvm-mca's
block reciprocal throughput / the native loop's."""
import math
from xml.sax.saxutils import escape

COLORS = ["#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#bbbbbb"]
BAR, GAP, LEFT, TOP, HEIGHT = 18, 18, 70, 60, 320


def series(result):
    """[(label, [ratio per group])] for every non-native runner and size it ran."""
    out = []
    for runner in result["runners"]:
        if runner["kind"] == "native":
            continue
        for size in runner["sizes"]:
            values = [p["sizes"].get(size, {}).get("results", {}).get(runner["name"], {})
                      .get("x_native") for p in result["programs"]]
            values.append(result["geomean"]["%s/%s" % (runner["name"], size)]["x_native"])
            out.append(("%s [%s]" % (runner["name"], size), values))
    return out


def mca_series(result):
    """(group labels, [(label, [ratio per group])]) of the llvm-mca comparisons."""
    groups, tiers = [], {"tier2": [], "tier1": []}
    for entry in result.get("mca", []):
        for region in entry.get("regions", []):
            native = (region.get("native") or {}).get("rthroughput")
            groups.append("%s/%s %s" % (entry["program"], entry["guest"], region["source"]))
            for tier, values in tiers.items():
                mine = (region.get(tier) or {}).get("rthroughput")
                values.append(mine / native if mine and native else None)
    return groups, [("tier 2 loop", tiers["tier2"]), ("tier 1 code", tiers["tier1"])]


def write_svg(result, path):
    groups = [p["name"] for p in result["programs"]] + ["geomean"]
    svg_chart(groups, series(result), path,
              "vm bench: wall time / native wall time (log scale; lower is better)",
              "%s, %s" % (result["date"], result["vm_version"]))


def write_mca_svg(result, path):
    groups, bars = mca_series(result)
    svg_chart(groups, bars, path,
              "llvm-mca: block reciprocal throughput / native loop's (log scale; lower is better)",
              "%s, %s" % (result["date"], result["vm_version"]))


def svg_chart(groups, bars, path, title, subtitle):
    known = [v for _, values in bars for v in values if v]
    top_decade = math.ceil(math.log10(max(known + [10])))
    low_decade = min(0, math.floor(math.log10(min(known + [1]))))
    span = top_decade - low_decade
    group_w = max(1, len(bars)) * BAR + GAP
    width = max(640, LEFT + len(groups) * group_w + 20)
    y_of = lambda v: TOP + HEIGHT * (top_decade - math.log10(v)) / span  # noqa: E731
    # Labels wider than their group are written slanted, and the legend moves down.
    slant = any(len(name) * 6 > group_w for name in groups)
    labels_h = 6 * max(len(name) for name in groups) if slant else 0
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="11">'
           % (width, TOP + HEIGHT + 70 + labels_h + 16 * len(bars)),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="22" font-size="14">%s</text>' % (LEFT, escape(title)),
           '<text x="%d" y="40" fill="#555">%s</text>' % (LEFT, escape(subtitle))]
    for decade in range(low_decade, top_decade + 1):
        y = y_of(10 ** decade)
        svg.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (LEFT, width - 20, y, y))
        svg.append('<text x="%d" y="%.1f" text-anchor="end">%gx</text>' % (LEFT - 6, y + 4, 10 ** decade))
    base = y_of(10 ** low_decade)
    for g, name in enumerate(groups):
        x0 = LEFT + g * group_w + GAP / 2
        for b, (_, values) in enumerate(bars):
            value = values[g]
            if not value:
                continue
            y = y_of(value)
            svg.append('<rect x="%.1f" y="%.1f" width="%d" height="%.1f" fill="%s"><title>%.3gx</title></rect>'
                       % (x0 + b * BAR, y, BAR - 2, base - y, COLORS[b % len(COLORS)], value))
            svg.append('<text x="%.1f" y="%.1f" font-size="8" text-anchor="middle">%.3g</text>'
                       % (x0 + b * BAR + BAR / 2 - 1, y - 3, value))
        x = x0 + len(bars) * BAR / 2
        if slant:
            svg.append('<text x="%.1f" y="%.1f" text-anchor="end" transform="rotate(-40 %.1f %.1f)">'
                       '%s</text>' % (x, base + 14, x, base + 14, escape(name)))
        else:
            svg.append('<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>'
                       % (x, base + 16, escape(name)))
    for b, (label, _) in enumerate(bars):
        y = base + 40 + labels_h + 16 * b
        svg.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/>'
                   % (LEFT, y - 9, COLORS[b % len(COLORS)]))
        svg.append('<text x="%d" y="%d">%s</text>' % (LEFT + 16, y, escape(label)))
    svg.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(svg) + "\n")
