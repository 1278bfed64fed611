"""browser.py: a small WebDriver client (standard library only) that drives headless Chromium
through chromedriver, with the network cut off, for tests of perfaudit's HTML pages.

    with Browser() as b:            # raises BrowserMissing when chromium or chromedriver is absent
        b.get("file:///tmp/page.html")
        frames = b.find_all(".frame")
        b.click(frames[0]); b.screenshot("/tmp/shot.png")

The driver and the browser are started in a process group of their own and that group is
killed on exit, whatever happened in between.
"""
import base64
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C web element reference key

# Collects uncaught errors and console.error calls from the first script on every page.
ERROR_COLLECTOR = """
window.__paErrors = [];
window.addEventListener('error', function (e) {
    window.__paErrors.push(String(e.message || e.type) + ' at ' + (e.filename || '') + ':' + (e.lineno || 0));
}, true);
window.addEventListener('unhandledrejection', function (e) { window.__paErrors.push(String(e.reason)); });
(function () {
    var original = console.error;
    console.error = function () {
        window.__paErrors.push(Array.prototype.join.call(arguments, ' '));
        return original.apply(console, arguments);
    };
})();
"""


class BrowserMissing(Exception):
    """chromium or chromedriver is not installed."""


class WebDriverError(Exception):
    pass


def missing():
    """The missing programs' paths (an empty list when both are there)."""
    return [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Element:
    def __init__(self, browser, ref):
        self.browser, self.ref = browser, ref

    def _url(self, tail=""):
        return "/element/%s%s" % (self.ref, tail)

    @property
    def rect(self):
        return self.browser.cmd("GET", self._url("/rect"))

    @property
    def text(self):
        return self.browser.cmd("GET", self._url("/text"))

    def attr(self, name):
        return self.browser.cmd("GET", self._url("/attribute/%s" % name))

    def css(self, name):
        return self.browser.cmd("GET", self._url("/css/%s" % name))

    def click(self):
        self.browser.cmd("POST", self._url("/click"), {})

    def send_keys(self, text):
        self.browser.cmd("POST", self._url("/value"), {"text": text})

    def clear(self):
        self.browser.cmd("POST", self._url("/clear"), {})

    def as_json(self):
        return {ELEMENT: self.ref}


class Browser:
    def __init__(self, width=1280, height=900, log_path=None):
        if missing():
            raise BrowserMissing("not installed: " + ", ".join(missing()))
        self.width, self.height = width, height
        self.log_path = log_path
        self.proc = self.session = None
        self.profile_dir = None

    # -- lifetime --------------------------------------------------------------------------
    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def start(self):
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        # start_new_session: the driver and every browser process it starts share a process
        # group that close() kills, so nothing outlives the test.
        self.proc = subprocess.Popen([CHROMEDRIVER, "--port=%d" % self.port],
                                     stdout=log, stderr=log, start_new_session=True)
        deadline = time.time() + 20
        while True:
            try:
                if self.cmd_raw("GET", "/status").get("value", {}).get("ready"):
                    break
            except (OSError, WebDriverError):
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                raise WebDriverError("chromedriver did not start on port %d" % self.port)
            time.sleep(0.1)
        self.profile_dir = tempfile.mkdtemp(prefix="pa-chromium-")
        args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=%d,%d" % (self.width, self.height),
                "--user-data-dir=" + self.profile_dir,
                # no network: every connection goes to a closed port and no name resolves
                "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--metrics-recording-only", "--mute-audio"]
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
            "goog:loggingPrefs": {"browser": "ALL"},
        }}}
        value = self.cmd_raw("POST", "/session", caps)["value"]
        self.session = value["sessionId"]
        try:  # before any page script runs (chromedriver's Chrome DevTools passthrough)
            self.cmd("POST", "/goog/cdp/execute", {
                "cmd": "Page.addScriptToEvaluateOnNewDocument",
                "params": {"source": ERROR_COLLECTOR}})
            self.collector = True
        except WebDriverError:
            self.collector = False

    def close(self):
        if self.session:
            try:
                self.cmd_raw("DELETE", "/session/" + self.session, timeout=10)
            except Exception:
                pass
            self.session = None
        if self.proc:
            group = self.proc.pid  # the driver leads the group its browsers joined
            try:
                os.killpg(group, signal.SIGTERM)
            except ProcessLookupError:
                pass
            deadline = time.time() + 5
            while time.time() < deadline and group_alive(group):
                self.proc.poll()  # reaps the driver, so that only live processes count
                time.sleep(0.05)
            if group_alive(group):
                try:
                    os.killpg(group, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self.proc.wait(timeout=5)
            self.proc = None
        if self.profile_dir:
            subprocess.run(["rm", "-rf", self.profile_dir], check=False)
            self.profile_dir = None

    # -- protocol --------------------------------------------------------------------------
    def cmd_raw(self, method, path, body=None, timeout=60):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return json.loads(r.read().decode() or "{}")
        except urllib.error.HTTPError as e:
            try:
                value = json.loads(e.read().decode()).get("value", {})
                message = "%s: %s" % (value.get("error"), value.get("message", "").split("\n")[0])
            except Exception:
                message = str(e)
            raise WebDriverError("%s %s: %s" % (method, path, message)) from None

    def cmd(self, method, path, body=None):
        return self.cmd_raw(method, "/session/%s%s" % (self.session, path), body).get("value")

    # -- pages and elements ----------------------------------------------------------------
    def get(self, url):
        self.cmd("POST", "/url", {"url": url})

    def execute(self, script, *args):
        args = [a.as_json() if isinstance(a, Element) else a for a in args]
        value = self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})
        return self._wrap(value)

    def _wrap(self, value):
        if isinstance(value, dict) and ELEMENT in value:
            return Element(self, value[ELEMENT])
        if isinstance(value, list):
            return [self._wrap(v) for v in value]
        return value

    def find(self, css):
        return Element(self, self.cmd("POST", "/element",
                                      {"using": "css selector", "value": css})[ELEMENT])

    def find_all(self, css):
        found = self.cmd("POST", "/elements", {"using": "css selector", "value": css})
        return [Element(self, e[ELEMENT]) for e in found]

    def hover(self, element, dx=0, dy=0):
        """Moves the pointer over element (its centre, offset by dx, dy)."""
        self.cmd("POST", "/actions", {"actions": [{
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [{"type": "pointerMove", "duration": 0, "origin": element.as_json(),
                         "x": dx, "y": dy}]}]})

    def press(self, *keys):
        """Key presses sent to the focused element ("\\ue007" is Enter, "\\ue00c" Escape)."""
        actions = []
        for k in keys:
            actions += [{"type": "keyDown", "value": k}, {"type": "keyUp", "value": k}]
        self.cmd("POST", "/actions", {"actions": [{"type": "key", "id": "keyboard",
                                                   "actions": actions}]})

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.cmd("GET", "/screenshot")))
        return path

    def wait_for(self, script, timeout=10, *args):
        """Polls script until it returns something true; returns that value."""
        deadline = time.time() + timeout
        while True:
            value = self.execute(script, *args)
            if value or time.time() > deadline:
                return value
            time.sleep(0.05)

    def errors(self):
        """JavaScript errors: the collector's, and SEVERE entries of the browser's log."""
        found = []
        if self.collector:
            found += self.execute("return window.__paErrors || []") or []
        try:
            for entry in self.cmd("POST", "/se/log", {"type": "browser"}) or []:
                if entry.get("level") == "SEVERE":
                    found.append(entry.get("message", ""))
        except WebDriverError:
            pass  # a driver without the log endpoint: the collector still reports
        return found
