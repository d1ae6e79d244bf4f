#!/usr/bin/env python3
"""The zxing-cpp half of scripts/bench-compare.sh, and the table.

Reads the frames written by the bench_compare example, times zxing-cpp's read_barcodes on each
(QR format only; the call goes straight into C++ on the numpy buffer, and each frame is read
REPS times so per-call Python overhead is a few microseconds of a multi-millisecond call), and
prints the table comparing it with the Rust pipeline's frame -> verdict times from rust.tsv.
"""
import sys
import time
from pathlib import Path

import numpy as np
import zxingcpp

SIZES = [(640, 480), (1280, 720), (1920, 1080)]


def zxing_configs():
    qr = zxingcpp.BarcodeFormat.QRCode
    return {
        "default": dict(formats=qr),
        "fast": dict(formats=qr, try_rotate=False, try_invert=False, try_downscale=False),
    }


def main():
    out = Path(sys.argv[1])
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    expected = (out / "expected.txt").read_text()
    frames = []
    for line in (out / "manifest.tsv").read_text().splitlines():
        i, w, h, has_code, name = line.split("\t", 4)
        frames.append((int(i), int(w), int(h), has_code == "1", name))
    rust = {}
    for line in (out / "rust.tsv").read_text().splitlines():
        i, ok, ms, plain_ok, plain_ms = line.split("\t")
        rust[int(i)] = (ok == "1", float(ms), plain_ok == "1", float(plain_ms))

    zx = {name: {} for name in zxing_configs()}
    for i, w, h, has_code, _ in frames:
        img = np.fromfile(out / "frames" / f"{i:03}.gray", dtype=np.uint8).reshape(h, w)
        for cname, opts in zxing_configs().items():
            found = zxingcpp.read_barcodes(img, **opts)
            ok = any(b.text == expected for b in found) if has_code else not found
            t = time.perf_counter()
            for _ in range(reps):
                zxingcpp.read_barcodes(img, **opts)
            zx[cname][i] = (ok, (time.perf_counter() - t) * 1e3 / reps)

    rows = []
    misses = []
    for w, h in SIZES:
        idx = [f[0] for f in frames if f[1] == w and f[2] == h]
        code = [i for i in idx if frames[i][3]]
        empty = [i for i in idx if not frames[i][3]]

        def rate(res, ids):
            return 100.0 * sum(res[i][0] for i in ids) / max(1, len(ids))

        def mean_ms(res, ids, col=1):
            return sum(res[i][col] for i in ids) / max(1, len(ids))

        ours_ms = mean_ms(rust, idx)
        zd_ms = mean_ms(zx["default"], idx)
        zf_ms = mean_ms(zx["fast"], idx)
        rows.append(
            f"| {w}×{h} | {len(code)}+{len(empty)} "
            f"| {ours_ms:.2f} | {rate(rust, code):.1f} % | {sum(not rust[i][0] for i in empty)} "
            f"| {zd_ms:.2f} | {rate(zx['default'], code):.1f} % "
            f"| {zf_ms:.2f} | {rate(zx['fast'], code):.1f} % "
            f"| {zd_ms / ours_ms:.2f}× | {zf_ms / ours_ms:.2f}× "
            f"| {mean_ms(rust, idx, 3):.1f} | {sum(rust[i][2] for i in code) * 100.0 / max(1, len(code)):.1f} % |"
        )
        for i in idx:
            if not rust[i][0] or not zx["default"][i][0]:
                misses.append(
                    f"- {frames[i][4]}: ours {'read' if rust[i][0] else 'MISSED'}, "
                    f"zxing-cpp {'read' if zx['default'][i][0] else 'MISSED'}"
                )
    head = (
        "| frames | code+empty | ours: ms/frame → verdict | ours: read | ours: false reads "
        "| zxing-cpp default: ms/frame | zxing-cpp default: read "
        "| zxing-cpp fast: ms/frame | zxing-cpp fast: read "
        "| speed-up vs default | speed-up vs fast | plain rqrr ms/frame | plain rqrr read |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    )
    table = head + "\n" + "\n".join(rows)
    print(table)
    print()
    print(f"zxing-cpp {getattr(zxingcpp, '__version__', '?')}, {reps} timed calls per frame and engine; "
          "ms are means over all frames of that size (with and without a code).")
    if misses:
        print("\nFrames either engine missed:")
        print("\n".join(misses))
    (out / "table.md").write_text(table + "\n" + ("\n".join(misses) + "\n" if misses else ""))


if __name__ == "__main__":
    main()
