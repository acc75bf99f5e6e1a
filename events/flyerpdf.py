"""
`python -m events.flyerpdf CHROMIUM_PATH [PAPER [SECONDS]] < flyer.html > flyer.pdf`: one HTML document to a
tagged PDF, by headless Chromium through Playwright. A process of its own: Playwright's sync API cannot run inside
a running asyncio loop (an ASGI server, the test live server), and the caller can stop it when it takes too long
(events/flyer.py).

It reads nothing but stdin and fetches nothing: the document carries its stylesheet, the browser context is
offline, scripts are off, and any request a page could still make is aborted. Imports no Django.
"""

import sys

from playwright.sync_api import sync_playwright

# Debian's chromium, headless, without the background services that would go to the network.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
]

# What a printer leaves blank anyway; the flyer's stylesheet fits Letter and A4 inside these (assets/scss/_print.scss).
MARGINS = dict.fromkeys(("top", "right", "bottom", "left"), "12mm")


def render(html, chromium, paper="Letter", seconds=30):
    # Within its own time limit Playwright closes the browser itself; the caller kills this process after it.
    milliseconds = seconds * 1000
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS, timeout=milliseconds)
        try:
            context = browser.new_context(offline=True, java_script_enabled=False)
            context.route("**/*", lambda route: route.abort())
            context.set_default_timeout(milliseconds)
            page = context.new_page()
            page.set_content(html, wait_until="load")
            return page.pdf(format=paper, margin=MARGINS, print_background=True, tagged=True)
        finally:
            browser.close()


def main(argv):
    chromium = argv[1]
    paper = argv[2] if len(argv) > 2 else "Letter"
    seconds = int(argv[3]) if len(argv) > 3 else 30
    html = sys.stdin.buffer.read().decode()
    sys.stdout.buffer.write(render(html, chromium, paper, seconds))


if __name__ == "__main__":
    main(sys.argv)
