#!/usr/bin/env python3
"""The driver of scripts/bench-compare.sh: ours and zxing-cpp, interleaved frame by frame.

Reads the frames written by `bench_compare OUT_DIR write`, starts `bench_compare OUT_DIR serve
REPS` (the Rust half: frame -> verdict through OfficerApp::scan_frame) and, for each frame in
turn, asks it to time that frame, then times zxing-cpp's read_barcodes on the same numpy buffer
with its default settings and with its fast settings (REPS calls each). The engines' order
alternates from frame to frame, so a burst of load from another process hits all of them
alike. Per frame and engine the time is the median of its REPS calls; the tables give read
rates and the median, p95, p99 and max of those per-frame times over the frames of a group.

zxing-cpp settings:
  default  read_barcodes(img, formats=QRCode): try_rotate, try_downscale and try_invert on,
           binarizer LocalAverage (the library's defaults; the Python API has no try_harder
           switch, it is always on).
  fast     the same with try_rotate=False, try_downscale=False, try_invert=False: one pass at
           full resolution, upright and normal polarity only (QR codes are found in any
           rotation anyway; try_rotate matters for 1-D codes).

A read is the exact text of the frame's code; a false read is any text returned that is not
(for empty frames: anything at all).
"""
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import zxingcpp

ENGINES = ["ours", "zxing default", "zxing fast"]


def zxing_configs():
    qr = zxingcpp.BarcodeFormat.QRCode
    return {
        "zxing default": dict(formats=qr),
        "zxing fast": dict(formats=qr, try_rotate=False, try_invert=False, try_downscale=False),
    }


def loadavg():
    return Path("/proc/loadavg").read_text().split()[:3]


def pct(xs, p):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    k = (len(xs) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def main():
    out = Path(sys.argv[1])
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rust_bin = sys.argv[3]
    which = sys.argv[4] if len(sys.argv) > 4 else "harsh"
    # The Rust half writes the frames itself (its keys sign the QRs it then verifies).
    proc = subprocess.Popen([rust_bin, str(out), "serve", str(reps), which], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, bufsize=1)
    assert proc.stdout.readline().strip() == "ready"
    frames = []
    for line in (out / "manifest.tsv").read_text().splitlines():
        i, w, h, content, stress, version, ppm, name = line.split("\t", 7)
        frames.append(dict(i=int(i), w=int(w), h=int(h), content=content, stress=stress,
                           version=int(version), ppm=float(ppm), name=name))
    texts = {}
    for line in (out / "texts.tsv").read_text().splitlines():
        i, t = line.split("\t")
        texts[int(i)] = bytes.fromhex(t).decode() if t else None

    cfgs = zxing_configs()
    res = {e: {} for e in ENGINES}  # engine -> i -> (read, wrong, median ms)
    genuine = {}
    load_before = loadavg()
    load_samples = []
    t_start = time.time()

    def run_ours(i):
        proc.stdin.write(f"{i}\n")
        proc.stdin.flush()
        r = proc.stdout.readline().rstrip("\n").split("\t")
        assert int(r[0]) == i, r
        res["ours"][i] = (r[1] == "1", r[2] == "1", float(r[4]))
        genuine[i] = r[3] == "1"

    def run_zx(name, img, expected, i):
        opts = cfgs[name]
        found = zxingcpp.read_barcodes(img, **opts)
        read = expected is not None and any(b.text == expected for b in found)
        wrong = any(b.text != expected for b in found)
        ts = []
        for _ in range(reps):
            t = time.perf_counter()
            zxingcpp.read_barcodes(img, **opts)
            ts.append((time.perf_counter() - t) * 1e3)
        res[name][i] = (read, wrong, pct(ts, 0.5))

    for n, f in enumerate(frames):
        i = f["i"]
        img = np.fromfile(out / "frames" / f"{i:04}.gray", dtype=np.uint8).reshape(f["h"], f["w"])
        order = ["ours", "zxing default", "zxing fast"]
        if n % 2:
            order.reverse()
        for e in order:
            if e == "ours":
                run_ours(i)
            else:
                run_zx(e, img, texts[i], i)
        if n % 25 == 0:
            load_samples.append(float(loadavg()[0]))
        if n % 100 == 0:
            print(f"  {n}/{len(frames)} frames", file=sys.stderr)
    proc.stdin.close()
    proc.wait()
    load_after = loadavg()
    load_samples.append(float(load_after[0]))
    elapsed = time.time() - t_start

    lines = []
    p = lines.append
    p(f"{len(frames)} frames, {reps} timed calls per frame and engine, engines interleaved frame "
      f"by frame; run took {elapsed:.0f} s.")
    p(f"Load average (1, 5, 15 min) before: {' '.join(load_before)}; after: {' '.join(load_after)}; "
      f"1-min load sampled every 25 frames: min {min(load_samples):.2f}, max {max(load_samples):.2f}. "
      f"{os.cpu_count()} CPUs.")
    p(f"zxing-cpp {getattr(zxingcpp, '__version__', '3.1.1 (pinned)')}, numpy {np.__version__}.")
    p("")

    def group_rows(title, keyf, frames_sel, times=True):
        groups = defaultdict(list)
        for f in frames_sel:
            groups[keyf(f)].append(f["i"])
        head = f"| {title} | frames | " + " | ".join(f"{e} read" for e in ENGINES)
        sep = "|---|---|" + "---|" * len(ENGINES)
        if times:
            for e in ENGINES:
                head += f" | {e} median · p95 · p99 · max ms"
                sep += "---|"
        p(head + " |")
        p(sep)
        for key in sorted(groups, key=lambda k: (isinstance(k, str), k)):
            ids = groups[key]
            coded = [i for i in ids if texts[i] is not None]
            row = f"| {key} | {len(ids)} |"
            for e in ENGINES:
                if coded:
                    ok = sum(res[e][i][0] for i in coded)
                    row += f" {100.0 * ok / len(coded):.1f} % ({ok}/{len(coded)}) |"
                else:
                    bad = sum(res[e][i][1] for i in ids)
                    row += f" {'none read' if bad == 0 else f'{bad} FALSE'} |"
            if times:
                for e in ENGINES:
                    ts = [res[e][i][2] for i in ids]
                    row += (f" {pct(ts, .5):.2f} · {pct(ts, .95):.2f} · {pct(ts, .99):.2f} · "
                            f"{max(ts):.2f} |")
            p(row)
        p("")

    size = lambda f: f"{f['w']}×{f['h']}"
    p("### By frame size and content")
    p("")
    group_rows("size · content", lambda f: f"{size(f)} {f['content']}", frames)
    p("### By frame size (all frames)")
    p("")
    group_rows("size", lambda f: (f["w"], size(f)) and size(f), frames)
    p("### By stress (all sizes; frames with a code)")
    p("")
    group_rows("stress", lambda f: f["stress"], [f for f in frames if texts[f["i"]] is not None])

    def bucket(f):
        v = f["ppm"]
        for lo, hi in [(0, 2.5), (2.5, 3), (3, 4), (4, 6), (6, 10), (10, 1e9)]:
            if lo <= v < hi:
                return f"{lo}–{hi:g} px/module" if hi < 1e9 else f"≥ {lo} px/module"
    p("### By pixels per module (frames with a code)")
    p("")
    group_rows("px/module", bucket, [f for f in frames if texts[f["i"]] is not None], times=False)

    coded3 = [f["i"] for f in frames if texts[f["i"]] is not None and f["ppm"] >= 3.0]
    p("### Summary")
    p("")
    p("| | " + " | ".join(ENGINES) + " |")
    p("|---|" + "---|" * len(ENGINES))
    row = "| read, frames with ≥ 3 px/module |"
    for e in ENGINES:
        ok = sum(res[e][i][0] for i in coded3)
        row += f" {100.0 * ok / max(1, len(coded3)):.1f} % ({ok}/{len(coded3)}) |"
    p(row)
    row = "| false reads (any frame) |"
    for e in ENGINES:
        row += f" {sum(r[1] for r in res[e].values())} |"
    p(row)
    for w, h in sorted({(f["w"], f["h"]) for f in frames}):
        ids = [f["i"] for f in frames if (f["w"], f["h"]) == (w, h)]
        row = f"| {w}×{h}: median / p99 / max ms (all frames) |"
        for e in ENGINES:
            ts = [res[e][i][2] for i in ids]
            row += f" {pct(ts, .5):.2f} / {pct(ts, .99):.2f} / {max(ts):.2f} |"
        p(row)
    idents = [i for i in res["ours"] if frames[i]["content"] == "identity"]
    p(f"| identity frames read whose verdict was GENUINE (ours) | "
      f"{sum(genuine[i] for i in idents if res['ours'][i][0])}/"
      f"{sum(res['ours'][i][0] for i in idents)} | | |")
    p("")

    misses = []
    for f in frames:
        i = f["i"]
        if texts[i] is None:
            continue
        flags = [e for e in ENGINES if not res[e][i][0]]
        if flags:
            misses.append(f"- {f['name']}: missed by {', '.join(flags)}")
    wrongs = [f"- {f['name']}: FALSE READ by {e}" for f in frames for e in ENGINES
              if res[e][f['i']][1]]
    text = "\n".join(lines)
    print(text)
    (out / "table.md").write_text(text + "\n")
    (out / "misses.md").write_text("\n".join(wrongs + misses) + "\n")
    print(f"(misses and false reads per frame: {out / 'misses.md'})")
    with open(out / "frames.tsv", "w") as fh:
        fh.write("i\tsize\tcontent\tstress\tversion\tppm\t" +
                 "\t".join(f"{e} read\t{e} wrong\t{e} ms" for e in ENGINES) + "\n")
        for f in frames:
            i = f["i"]
            fh.write(f"{i}\t{size(f)}\t{f['content']}\t{f['stress']}\t{f['version']}\t{f['ppm']}\t" +
                     "\t".join(f"{int(res[e][i][0])}\t{int(res[e][i][1])}\t{res[e][i][2]:.3f}"
                               for e in ENGINES) + "\n")


if __name__ == "__main__":
    main()
