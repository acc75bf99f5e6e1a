"""
The database failover run (README "Database failover and read scaling"), for tests/cluster/test_failover.py and
`make bench-cluster`: residents read pages and send questions while the primary crashes, the standby is promoted
and PgBouncer is pointed at it. It reports what readers and writers saw, and what a committed question became.
"""

import re
import threading
import time
import uuid
from dataclasses import dataclass, field

from .conftest import Browser

READING = ["/en/", "/es/", "/en/events/", "/es/eventos/", "/en/policies/", "/en/faq/"]
# Pages made on every request, not answered from the page cache: what a resident reads on a cache miss.
UNCACHED = ["/en/events/?look={}", "/es/politicas/?look={}"]


@dataclass
class FailoverRun:
    reads: int = 0
    read_failures: list = field(default_factory=list)  # (status, path)
    acknowledged: list = field(default_factory=list)  # the questions whose sending was answered "sent"
    refused: dict = field(default_factory=dict)  # status: how many questions were refused while it lasted
    crashed_at: float = 0.0
    promoted_at: float = 0.0
    # When the first question was accepted after the promotion began (none can be while no primary answers).
    first_write_after: float | None = None

    def seconds_without_writes(self):
        """From the crash to the first question accepted again."""
        return None if self.first_write_after is None else self.first_write_after - self.crashed_at

    def seconds_to_recover(self):
        """From the decision to promote (a failover tool's) to the first question accepted again."""
        return None if self.first_write_after is None else self.first_write_after - self.promoted_at


def post_question(base, text):
    """A resident's question, sent through the form as a browser sends it: the answer to the POST (status, headers,
    page), or to the form's GET if that failed."""
    browser = Browser(base)
    status, headers, page = browser.get("/en/ask/")
    if status != 200:
        return status, headers, page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    shown_at = re.search(r'name="shown_at" value="([^"]+)"', page).group(1)
    data = {"csrfmiddlewaretoken": token, "text": text, "topic": "", "website": "", "shown_at": shown_at}
    return browser.request("/en/ask/", data)


def send_question(base, text):
    """ "sent" when the question was confirmed (the form's redirect to its thanks), else the answer's status."""
    status, headers, _page = post_question(base, text)
    if status == 302 and "sent=1" in headers["Location"]:
        return "sent"
    return status


def run_failover(base, cluster, postgres, promoted_targets, before=2.0, outage=2.0, after=8.0):
    """
    Readers and a writer on `base` for `before` seconds, then the primary crashes; `outage` seconds later the
    standby is promoted and PgBouncer repointed (`promoted_targets`); they go on for `after` seconds more.
    """
    run = FailoverRun()
    stop = threading.Event()
    lock = threading.Lock()

    def read():
        browser = Browser(base)
        i = 0
        while not stop.is_set():
            i += 1
            path = READING[i % len(READING)] if i % 3 else UNCACHED[i % 2].format(uuid.uuid4().hex[:8])
            try:
                status = browser.get(path)[0]
            except OSError as error:
                status = type(error).__name__
            with lock:
                run.reads += 1
                if status != 200:
                    run.read_failures.append((status, path))

    def write():
        i = 0
        while not stop.is_set():
            i += 1
            text = f"Failover question {i} {uuid.uuid4().hex}"
            try:
                answer = send_question(base, text)
            except OSError as error:
                answer = type(error).__name__
            with lock:
                if answer == "sent":
                    run.acknowledged.append(text)
                    if run.promoted_at and run.first_write_after is None:
                        run.first_write_after = time.monotonic()
                else:
                    run.refused[answer] = run.refused.get(answer, 0) + 1
            if answer != "sent":
                time.sleep(0.05)

    workers = [threading.Thread(target=read) for _ in range(2)] + [threading.Thread(target=write)]
    for worker in workers:
        worker.start()
    try:
        time.sleep(before)
        with lock:
            run.crashed_at = time.monotonic()
        postgres.crash("primary")
        time.sleep(outage)
        run.promoted_at = time.monotonic()
        postgres.promote("standby")
        cluster.repoint_pgbouncer(promoted_targets)
        time.sleep(after)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=60)
    return run
