#!/usr/bin/python3
"""screenshot_flame.py PAGE.html OUT.png [--zoom FUNCTION] [--search PATTERN] [--hover FUNCTION]

Opens a flame graph page written by `perfaudit flame` (or `diff -o`, or the report directory)
in headless Chromium with no network, optionally zooms into a function, searches a pattern and
hovers a frame, and saves a screenshot: how the README's picture is made.

    python3 scripts/screenshot_flame.py demo-output/flame.html docs/images/flame_demo.png \\
        --zoom record_messages --search memmove
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
import browser  # noqa: E402  (the tests' WebDriver client)


def frame(b, name):
    frames = b.find_all('.frame[data-name="%s"]' % name)
    if not frames:
        sys.exit("screenshot_flame.py: no frame named %s on the page" % name)
    return frames[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("page")
    ap.add_argument("out")
    ap.add_argument("--zoom", help="click the first frame of this function")
    ap.add_argument("--search", help="type this pattern into the search box")
    ap.add_argument("--hover", help="hover the first frame of this function (tooltip)")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=720)
    args = ap.parse_args()
    try:
        with browser.Browser(width=args.width, height=args.height) as b:
            b.get("file://" + os.path.abspath(args.page))
            b.wait_for("return document.querySelectorAll('.frame').length > 0")
            if args.zoom:
                frame(b, args.zoom).click()
            if args.search:
                box = b.find("#search")
                box.clear()
                box.send_keys(args.search)
                b.press("\ue007")  # Enter: search now
            if args.hover:
                b.hover(frame(b, args.hover))
            b.screenshot(args.out)
            errors = b.errors()
            if errors:
                sys.exit("screenshot_flame.py: the page reported errors: %s" % errors)
    except browser.BrowserMissing as e:
        sys.exit("screenshot_flame.py: %s (bash scripts/deps.sh installs chromium)" % e)
    print(args.out)


if __name__ == "__main__":
    main()
