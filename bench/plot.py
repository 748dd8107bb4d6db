"""Draws the bench result as an SVG grouped bar chart: one group per program (and the
geometric mean), one bar per runner, height = wall time / native wall time, log scale."""
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


def write_svg(result, path):
    groups = [p["name"] for p in result["programs"]] + ["geomean"]
    bars = series(result)
    known = [v for _, values in bars for v in values if v]
    top_decade = math.ceil(math.log10(max(known + [10])))
    low_decade = min(0, math.floor(math.log10(min(known + [1]))))
    span = top_decade - low_decade
    group_w = max(1, len(bars)) * BAR + GAP
    width = max(640, LEFT + len(groups) * group_w + 20)
    y_of = lambda v: TOP + HEIGHT * (top_decade - math.log10(v)) / span  # noqa: E731
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="11">' % (width, TOP + HEIGHT + 70 + 16 * len(bars)),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="22" font-size="14">vm bench: wall time / native wall time '
           '(log scale; lower is better)</text>' % LEFT,
           '<text x="%d" y="40" fill="#555">%s, %s</text>'
           % (LEFT, escape(result["date"]), escape(result["vm_version"]))]
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
        svg.append('<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>'
                   % (x0 + len(bars) * BAR / 2, base + 16, escape(name)))
    for b, (label, _) in enumerate(bars):
        y = base + 40 + 16 * b
        svg.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/>'
                   % (LEFT, y - 9, COLORS[b % len(COLORS)]))
        svg.append('<text x="%d" y="%d">%s</text>' % (LEFT + 16, y, escape(label)))
    svg.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(svg) + "\n")
