"""Load test: twenty dashboard sessions at once against 100 000 dossiers on PostgreSQL, on loopback.

    .venv/bin/python bench/load_sessions.py [--sessions 20] [--browsers 2] [--rows 100000] [--db URL]
        [--servers 1]

Without --db, a throwaway PostgreSQL server is started on 127.0.0.1 (scripts/postgres.sh) and filled with
`python -m aic_dash demo --applications ROWS` (its time is printed); it is stopped and removed at the end.
Then `streamlit run app.py` runs on a free loopback port, and each session goes through four steps:

- pipeline: opens the Pipeline page (time to the first KPI tile, then to the whole page);
- volet: opens ?volet=DINUM (a shared link; the Candidatures tile must shrink);
- saison: opens ?saison=2023;
- dossiers: Dossiers through the menu, in the same session (its count must match the tile).

Two kinds of client, run side by side:
- real Chromium contexts (Debian's /usr/bin/chromium through Playwright, never `playwright install`;
  one browser, one context per session): a step ends when the script has finished and the page is
  drawn, charts included;
- WebSocket clients speaking Streamlit's own protocol (GET / as a page load, then /_stcore/stream with
  the same protobuf messages as the browser's: rerun with the URL's query string, page change by page
  hash): a step ends when the server says the script has finished. They load the server like browsers
  do, without drawing the page on this machine. They run in a process of their own with one event loop,
  so that their CPU is printed apart: the server's, the WebSocket clients', the browsers' (Chromium).
Twenty Chromium contexts on the two cores of the test machine spent eleven times the server's CPU
(570 s against 51 s) drawing twenty copies of the pages, and measured this machine rather than the
server; so by default --browsers 2 of the --sessions are browsers (what a manager sees while the server
carries the load) and the others WebSocket clients; --browsers 20 makes them all browsers.

Order: one browser session first (caches cold: the dossiers are read from PostgreSQL), the baseline (one
session alone of each kind, --repeat times, caches warm), then all sessions at once with warm caches,
then a real import (the first 500 dossiers of the demo's export imported again, in a process of its own:
a new successful import is a new data version, `ui.data.status`), then all at once again right after it
(every session's next run reads the dossiers of the new version from the database; with --db, only into
a base holding the demo alone).
Per step: min / median / p90 / max, and the ratio p90 under load / median of the session alone. At the
end, the rows of issue 13's table, each against its baseline of this run: Pipeline opened by all at once
(warm caches), the filter changed by URL (?volet=DINUM), the Pipeline right after the import,
each p90 / median of one session alone; and the server's peak memory against its memory after the
sessions alone.

With --servers N, N Streamlit servers run on the same database, as behind a reverse proxy with sticky
sessions (docs/deploiement.md): session i of a crowd goes to server i modulo N; the first session and the
sessions alone (the baseline) run on the first server, once a first session has filled each other
server's caches; the CPU printed is all the servers'; the memory row is the highest server's peak.

Any exception or error box on a page, failed run, JavaScript error, HTTP 5xx, WebSocket failure, wrong
count, server traceback or step longer than --step-timeout counts as an error: exit status 1.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # aic_dash, when run as `python bench/load_sessions.py`
CHROMIUM = os.environ.get("AIC_DASH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # Chromium refuses to run as root otherwise (containers, CI)
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSER, SOCKET = "navigateur", "WebSocket"
STEP_LABELS = {
    "first_tiles": "Premières tuiles KPI",
    "pipeline": "Pipeline, ouverture",
    "volet": "Pipeline ?volet=DINUM",
    "saison": "Pipeline ?saison=2023",
    "dossiers": "Dossiers (menu)",
}
URL_STEPS = {"pipeline": "", "volet": "volet=DINUM", "saison": "saison=2023"}
APPLICATIONS = "Candidatures"  # the KPI tile whose count is checked
PIPELINE_CHARTS = 4
COUNT = re.compile(r"^[\d\s\u202f\u00a0]+ dossier\(s\)$")  # the Dossiers page's « 41 446 dossier(s) »
FINISHED = "[data-testid=stApp][data-test-script-state=notRunning]"
METRIC = "[data-testid=stMetric]"
# What a page can show when it goes wrong: an exception, an st.error box, the connection status.
ERROR_SELECTORS = {
    "exception": "[data-testid=stException]",
    "erreur affichée": "[data-testid=stAlertContentError]",
    "connexion perdue": "[data-testid=stConnectionStatus]",
}
SETTLED_JS = """n => !document.querySelector('[data-testid=stSkeleton], [data-testid=stSkeletonElement]')
    && document.querySelectorAll('.js-plotly-plot .main-svg').length >= n"""
LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
LOOPBACK_HOSTS = (None, "", "127.0.0.1", "localhost", "::1")
MAX_SESSIONS = 50


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_int(text: str) -> int:
    return int(re.sub(r"\D", "", text))


# --- The database and the server ------------------------------------------------------------------


@contextmanager
def postgres():
    """A throwaway PostgreSQL server on loopback; yields its URL, then stops and removes it."""
    folder = tempfile.mkdtemp(prefix="aic-load-pg-")
    script = str(ROOT / "scripts" / "postgres.sh")
    subprocess.run(["bash", script, "start", folder, str(port := free_port())], check=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/aic_test"
    finally:
        subprocess.run(["bash", script, "stop", folder], check=False)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def given(url: str):
    yield url


def fill(url: str, rows: int) -> None:
    """The demo through the CLI: `rows` dossiers, a jury grid and the laureates' follow-up."""
    start = time.perf_counter()
    command = [sys.executable, "-m", "aic_dash", "demo", "--applications", str(rows), "--db", url]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"La démo n'a pas pu remplir la base :\n{done.stdout}{done.stderr}")
    print(f"Base remplie : {rows} dossiers (démo, jury, suivi) en {time.perf_counter() - start:.0f} s")


@contextmanager
def streamlit_server(url: str, log_path: Path, script: str = "app.py"):
    """`streamlit run app.py` (or `script`) on a free loopback port; yields (base URL, process) once
    healthy."""
    port = free_port()
    env = {**os.environ, "AIC_DASH_DATABASE_URL": url}
    command = [
        sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                with suppress(OSError), LOOPBACK.open(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"streamlit n'a pas démarré (journal : {log_path})")
                time.sleep(0.3)
            yield base, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def server_errors(log_path: Path) -> list[str]:
    lines = log_path.read_text(errors="replace").splitlines()
    return [line for line in lines if "Traceback" in line or re.search(r"\b(ERROR|CRITICAL)\b", line)]


# --- CPU and memory, from /proc (no extra dependency) -------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # the fields after "pid (comm) "


def process_tree(pid: int) -> list[int]:
    """`pid` and every process under it (Chromium's renderers are under the Playwright driver)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        found.append(current := todo.pop())
        todo += children.get(current, [])
    return found


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of the tree under `pid`, including its children that have ended."""
    ticks = 0
    for member in process_tree(pid):
        if fields := _stat(member):
            ticks += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / CLOCK_TICKS


def memory_mb(pid: int) -> tuple[float, float]:
    """(peak, current) resident memory of a process, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    peak, now = (re.search(rf"{name}:\s+(\d+) kB", status) for name in ("VmHWM", "VmRSS"))
    return (
        int(peak.group(1)) / 1024 if peak else float("nan"),
        int(now.group(1)) / 1024 if now else float("nan"),
    )


class ConnectionWatch:
    """Counts, twice a second, the other connections to the database (the app server's) on PostgreSQL:
    the peak shows how close the app's SQLAlchemy pool (5 + 10 overflow per process) came to running dry."""

    def __init__(self, url: str) -> None:
        self.url, self.peak, self.peak_active = url, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        from sqlalchemy import text

        from aic_dash.store.db import get_engine

        query = text(
            "SELECT count(*), count(*) FILTER (WHERE state = 'active') FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        with get_engine(self.url).connect() as conn:
            while not self._stop.wait(0.5):
                total, active = conn.execute(query).one()
                conn.rollback()  # a fresh snapshot of pg_stat_activity each time
                self.peak, self.peak_active = max(self.peak, total), max(self.peak_active, active)

    def __enter__(self) -> ConnectionWatch:
        if self.url.startswith("postgresql"):
            self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
            print(
                f"Connexions de l'app à PostgreSQL : au plus {self.peak} ouvertes, {self.peak_active} actives"
            )


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min, {os.cpu_count()} cœurs)"


# --- A session ------------------------------------------------------------------------------------------


@dataclass
class Session:
    """What one session measured: seconds per step (and to the first KPI tile), counts read, errors."""

    kind: str
    index: int
    steps: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def check_counts(self, last_url_step: str) -> None:
        """The filter shrank the Candidatures tile; Dossiers counts what the last Pipeline tile said."""
        counts = self.counts
        if {"pipeline", "volet"} <= counts.keys() and not counts["volet"] < counts["pipeline"]:
            self.errors.append(f"volet : le filtre n'a pas réduit les candidatures ({counts})")
        if {last_url_step, "dossiers"} <= counts.keys() and counts["dossiers"] != counts[last_url_step]:
            self.errors.append(f"dossiers : {counts['dossiers']} dossier(s) ≠ tuile {counts[last_url_step]}")


# --- In a real browser context --------------------------------------------------------------------------


async def _page_errors(page, session: Session, step: str) -> None:
    for what, selector in ERROR_SELECTORS.items():
        boxes = page.locator(selector)
        if await boxes.count():
            text = (await boxes.first.inner_text()).strip().replace("\n", " ")[:200]
            session.errors.append(f"{step} : {what} — {text}")


class PageError(Exception):
    """The page showed an error instead of what the step waits for (the error itself is collected)."""


async def _browser_open(page, base: str, step: str, session: Session) -> None:
    start = time.perf_counter()
    query = URL_STEPS[step]
    await page.goto(f"{base}/?{query}" if query else f"{base}/")
    # The tiles, or an error in their place: then stop this session here rather than at the timeout.
    await page.locator(
        ", ".join([METRIC, ERROR_SELECTORS["exception"], ERROR_SELECTORS["erreur affichée"]])
    ).first.wait_for()
    if not await page.locator(METRIC).count():
        raise PageError("pas de tuiles KPI")
    if step == "pipeline":
        session.steps["first_tiles"] = time.perf_counter() - start
    await page.locator("h1", has_text="Pipeline").first.wait_for()
    await page.locator(FINISHED).wait_for()
    await page.wait_for_function(SETTLED_JS, arg=PIPELINE_CHARTS)
    session.steps[step] = time.perf_counter() - start
    await _page_errors(page, session, step)
    tile = page.locator(METRIC, has_text=APPLICATIONS).first.locator("[data-testid=stMetricValue]")
    session.counts[step] = as_int(await tile.inner_text())


async def new_context(browser):
    return await browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR")


async def browser_session(
    browser, base: str, index: int, timeout_s: float, url_steps: tuple[str, ...] = tuple(URL_STEPS)
) -> Session:
    """The steps (`url_steps` of URL_STEPS, then Dossiers through the menu) in a new context of `browser`
    (a manager of their own), or in a new tab when given a context; never raises (errors are collected)."""
    session = Session(BROWSER, index)
    own_context = hasattr(browser, "new_context")
    context = await new_context(browser) if own_context else browser
    page = await context.new_page()
    page.set_default_timeout(timeout_s * 1000)
    page.on("pageerror", lambda error: session.errors.append(f"erreur JavaScript : {error}"))

    def on_response(response) -> None:
        if response.status >= 500:
            session.errors.append(f"HTTP {response.status} : {response.url}")

    page.on("response", on_response)
    page.on("websocket", lambda ws: ws.on("socketerror", lambda m: session.errors.append(f"WebSocket : {m}")))
    step = "pipeline"
    try:
        for step in url_steps:
            await _browser_open(page, base, step, session)
        step = "dossiers"
        start = time.perf_counter()
        await page.locator("[data-testid=stSidebarNav] a", has_text="Dossiers").click()
        await page.locator("h1", has_text="Dossiers").first.wait_for()
        caption = page.get_by_text(COUNT).first
        await caption.wait_for()
        await page.locator(FINISHED).wait_for()
        await page.wait_for_function(SETTLED_JS, arg=0)
        session.steps["dossiers"] = time.perf_counter() - start
        await _page_errors(page, session, step)
        session.counts["dossiers"] = as_int(await caption.inner_text())
    except Exception as exc:  # a timeout or a closed page: recorded, the other sessions go on
        session.errors.append(f"{step} : {type(exc).__name__} {_first_line(exc)}")
        with suppress(Exception):
            await _page_errors(page, session, step)
    finally:
        with suppress(Exception):
            await (context if own_context else page).close()
    session.check_counts(url_steps[-1] if url_steps else "")
    return session


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else ""


# --- Over Streamlit's WebSocket protocol -------------------------------------------------------------


@dataclass
class Run:
    """One script run as the server sent it."""

    seconds: float = 0.0
    first_metric: float | None = None
    applications: int | None = None
    dossier_count: int | None = None
    pages: dict[str, str] = field(default_factory=dict)  # URL path -> page script hash
    errors: list[str] = field(default_factory=list)


async def _load_page(base: str) -> None:
    """What a browser asks over HTTP when it opens a URL (its scripts and styles come from its cache)."""
    for path in ("/", "/_stcore/health", "/_stcore/host-config"):
        answer = await asyncio.to_thread(LOOPBACK.open, base + path, None, 30)
        answer.read()
        answer.close()


async def _rerun(ws, query: str, page_hash: str = "", page_name: str = "") -> Run:
    """Ask for a run, as the browser does on a page load or a menu click; read until it has finished."""
    from streamlit.proto.Alert_pb2 import Alert
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    request = BackMsg()
    request.rerun_script.query_string = query
    request.rerun_script.page_script_hash = page_hash
    request.rerun_script.page_name = page_name
    run, start = Run(), time.perf_counter()
    await ws.send(request.SerializeToString())
    while True:
        message = ForwardMsg.FromString(await ws.recv())
        kind = message.WhichOneof("type")
        if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            which = element.WhichOneof("type")
            if which == "metric":
                if run.first_metric is None:
                    run.first_metric = time.perf_counter() - start
                if element.metric.label == APPLICATIONS:
                    run.applications = as_int(element.metric.body)
            elif which == "markdown" and COUNT.match(element.markdown.body.strip()):
                run.dossier_count = as_int(element.markdown.body)
            elif which == "exception":
                run.errors.append(f"exception — {element.exception.type} : {element.exception.message[:200]}")
            elif which == "alert" and element.alert.format == Alert.ERROR:
                run.errors.append(f"erreur affichée — {element.alert.body[:200]}")
        elif kind == "navigation":
            run.pages = {page.url_pathname: page.page_script_hash for page in message.navigation.app_pages}
        elif kind == "page_not_found":
            run.errors.append("page introuvable")
        elif kind == "session_event" and message.session_event.WhichOneof("type") != "script_changed_on_disk":
            run.errors.append(f"événement de session : {message.session_event.WhichOneof('type')}")
        elif kind == "script_finished":
            status = message.script_finished
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                run.errors.append("le script n'a pas pu être compilé")
                break
            if status in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                break  # FINISHED_EARLY_FOR_RERUN: st.rerun(), the next run follows
    run.seconds = time.perf_counter() - start
    return run


def _connect(base: str):
    from websockets.asyncio.client import connect

    # A browser sends no keep-alive ping; no proxy, no size limit (a table of 40 000 rows is one message).
    stream = base.replace("http://", "ws://", 1) + "/_stcore/stream"
    return connect(stream, subprotocols=["streamlit"], max_size=None, ping_interval=None, proxy=None)


async def socket_session(base: str, index: int, timeout_s: float) -> Session:
    """The four steps over the WebSocket protocol; never raises (errors are collected)."""
    session = Session(SOCKET, index)
    step = "pipeline"
    try:
        for step, query in URL_STEPS.items():
            start = time.perf_counter()
            await asyncio.wait_for(_load_page(base), timeout_s)
            ws = await asyncio.wait_for(_connect(base), timeout_s)
            try:
                run = await asyncio.wait_for(_rerun(ws, query), timeout_s)
                if step == "pipeline" and run.first_metric is not None:
                    session.steps["first_tiles"] = (
                        time.perf_counter() - start - run.seconds + run.first_metric
                    )
                session.steps[step] = time.perf_counter() - start
                session.errors += [f"{step} : {error}" for error in run.errors]
                if run.applications is None:
                    session.errors.append(f"{step} : pas de tuile « {APPLICATIONS} »")
                    break
                session.counts[step] = run.applications
                if step == "saison":  # the menu click: same session, the filter kept
                    step = "dossiers"
                    run = await asyncio.wait_for(
                        _rerun(ws, query, run.pages["dossiers"], "dossiers"), timeout_s
                    )
                    session.steps["dossiers"] = run.seconds
                    session.errors += [f"dossiers : {error}" for error in run.errors]
                    if run.dossier_count is not None:
                        session.counts["dossiers"] = run.dossier_count
                    else:
                        session.errors.append("dossiers : pas de compte « N dossier(s) »")
            finally:
                await ws.close()
    except Exception as exc:  # a timeout, a refused or closed connection: recorded, the others go on
        session.errors.append(f"{step} : {type(exc).__name__} {_first_line(exc)}")
    session.check_counts("saison")
    return session


# The WebSocket clients run in a process of their own, with one event loop, started once: their CPU is
# then measured apart from the server's and from Chromium's (which drew the pages of the two browsers and
# was most of the « clients » CPU when both were counted together).
SOCKET_WORKER = "--clients-websocket"  # hidden: `load_sessions.py --clients-websocket BASE`


async def _socket_worker(bases: str) -> None:
    """The clients' process: each line `count first_index timeout` on stdin runs that many sessions at
    once, session i on server i modulo their number (comma-separated `bases`: a sticky proxy's choice);
    the answer is one JSON line (the sessions, errors included). Ends at the end of stdin."""
    loop = asyncio.get_running_loop()
    servers = bases.split(",")
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        count, first, timeout_s = line.split()
        indexes = [int(first) + i for i in range(int(count))]
        sessions = await asyncio.gather(
            *(socket_session(servers[i % len(servers)], i, float(timeout_s)) for i in indexes)
        )
        print(json.dumps([asdict(s) for s in sessions]), flush=True)


class SocketClients:
    """The handle on the WebSocket clients' process (see `_socket_worker`)."""

    def __init__(self, bases: list[str]) -> None:
        self.bases, self.process = bases, None

    async def start(self) -> SocketClients:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, str(Path(__file__).resolve()), SOCKET_WORKER, ",".join(self.bases),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, limit=1 << 24,
        )  # fmt: skip
        return self

    @property
    def pid(self) -> int:
        return self.process.pid

    async def run(self, count: int, first_index: int, timeout_s: float) -> list[Session]:
        """`count` sessions at once in the clients' process; a dead process is an error per session."""
        if count <= 0:
            return []
        self.process.stdin.write(f"{count} {first_index} {timeout_s}\n".encode())
        await self.process.stdin.drain()
        line = await self.process.stdout.readline()
        if not line:
            return [
                Session(SOCKET, first_index + i, errors=["le processus des clients WebSocket s'est arrêté"])
                for i in range(count)
            ]
        return [Session(**fields) for fields in json.loads(line)]

    async def close(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), 10)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


# --- A real import between the two crowds ------------------------------------------------------------

REIMPORT = "--reimport"  # hidden: `load_sessions.py --reimport URL ROWS COUNT`
REIMPORT_COUNT = 500


def _reimport(url: str, rows: int, count: int) -> int:
    """Import again the first `count` dossiers of the demo's export (the same `rows`, the demo's seed),
    through the demo's own import path (`store.imports.import_export`, recorded as demo data: the base
    stays a demo base, which `python -m aic_dash import` refuses to write into). It records a new
    successful import, the data version the app reads at every run (`ui.data.status`): every session's
    next run reads the dossiers again from the database, as after a manager's import."""
    from aic_dash.config import load_settings
    from aic_dash.demo.dossiers import build_demo_export
    from aic_dash.store import origin, queries
    from aic_dash.store.db import get_engine, safe_url
    from aic_dash.store.imports import import_export

    engine = get_engine(url)
    if not origin.holds_demo(engine) or origin.holds_own_data(engine):
        print(f"La base {safe_url(url)} ne contient pas la démo seule : pas d'import de banc dedans.")
        return 2
    text = build_demo_export(rows).decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for _, record in zip(range(count + 1), reader):  # the header, then `count` dossiers
        writer.writerow(record)
    before = queries.last_import_id(engine)
    result = import_export(
        engine, load_settings(None), out.getvalue().encode("utf-8"), "banc-reimport.csv",
        user="bench", source=origin.DEMO_SOURCE,
    )  # fmt: skip
    print(f"{result.summary() if result.ok else result.error} (version des données {before} → "
          f"{queries.last_import_id(engine)})")  # fmt: skip
    return 0 if result.ok else 2


def real_import(url: str, rows: int) -> None:
    """`_reimport` in a process of its own, as an import from the command line runs beside the app."""
    start = time.perf_counter()
    command = [sys.executable, str(Path(__file__).resolve()), REIMPORT, url, str(rows), str(REIMPORT_COUNT)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"L'import du banc a échoué :\n{done.stdout}{done.stderr}")
    print(f"Import réel : {done.stdout.strip()} — {time.perf_counter() - start:.1f} s")


# --- Figures ---------------------------------------------------------------------------------------------


def p90(values: list[float]) -> float:
    """The 90th percentile, nearest rank (with 18 values: the 17th)."""
    ordered = sorted(values)
    return ordered[max(0, -(-9 * len(ordered) // 10) - 1)]


def _values(sessions: list[Session], step: str) -> list[float]:
    return [s.steps[step] for s in sessions if step in s.steps]


def print_table(title: str, sessions: list[Session], alone: list[Session] | None = None) -> None:
    """min / median / p90 / max per step; with `alone`, the ratio p90 here / median of `alone`."""
    if not sessions:
        return
    print(f"\n{title} (secondes)")
    for step, label in STEP_LABELS.items():
        values, reference = _values(sessions, step), _values(alone or [], step)
        if not values:
            print(f"  {label:<24} aucune mesure")
            continue
        line = (
            f"  {label:<24} min {min(values):6.2f}  médiane {statistics.median(values):6.2f}  "
            f"p90 {p90(values):6.2f}  max {max(values):6.2f}"
        )
        if reference:
            line += f"   p90 / médiane seule = {p90(values) / statistics.median(reference):5.1f}"
        print(line)


async def crowd(browser, clients: SocketClients, bases: list[str], args: argparse.Namespace) -> list[Session]:
    """All the sessions at once: the first --browsers in Chromium, the others over WebSocket; session i
    on server i modulo their number."""
    browsers = min(args.browsers, args.sessions)
    tasks = [
        browser_session(browser, bases[i % len(bases)], 100 + i, args.step_timeout) for i in range(browsers)
    ]
    sockets = clients.run(args.sessions - browsers, 200, args.step_timeout)
    *in_browsers, over_sockets = await asyncio.gather(*tasks, sockets)
    return [*in_browsers, *over_sockets]


# Script runs per session: the three URLs, then Dossiers through the menu.
RUNS_PER_SESSION = len(URL_STEPS) + 1


async def measured_crowd(
    title: str, browser, clients: SocketClients, bases: list[str], server_pids: list[int], args, alone: dict
) -> list[Session]:
    print(f"\n--- {title}\nCharge avant : {load_average()}")
    # The servers and the clients' process are children of this one: Chromium (and Playwright) is what
    # this tree spent besides them.
    pids = (*server_pids, clients.pid, os.getpid())
    before = [cpu_seconds(pid) for pid in pids]
    start = time.perf_counter()
    sessions = await crowd(browser, clients, bases, args)
    wall = time.perf_counter() - start
    *cpu_servers, cpu_sockets, cpu_all = (cpu_seconds(pid) - b for pid, b in zip(pids, before))
    cpu_server = sum(cpu_servers)
    cpu_browsers = cpu_all - cpu_server - cpu_sockets
    for kind in (BROWSER, SOCKET):
        of_kind = [s for s in sessions if s.kind == kind]
        print_table(f"{len(of_kind)} session(s) {kind} parmi les {args.sessions}", of_kind, alone[kind])
    runs = args.sessions * RUNS_PER_SESSION
    print(
        f"\n  Durée : {wall:.1f} s ; CPU : {_servers_word(len(server_pids))} {cpu_server:.1f} s "
        f"({cpu_server / runs * 1000:.0f} ms par exécution de page, {runs} exécutions), "
        f"clients WebSocket {cpu_sockets:.1f} s, navigateurs (Chromium, Playwright) {cpu_browsers:.1f} s, "
        f"sur {wall * (os.cpu_count() or 1):.0f} s de CPU de la machine"
    )
    print(f"  Charge après : {load_average()}")
    return sessions


@dataclass
class Phases:
    """The sessions of each phase of a run: the first one (caches cold), the sessions alone (per kind,
    caches warm), all at once warm, all at once right after an import; and the server's
    resident memory once the sessions alone are done (the memory baseline)."""

    cold: list[Session] = field(default_factory=list)
    warmup: list[Session] = field(default_factory=list)  # the other servers' first sessions (--servers)
    alone: dict[str, list[Session]] = field(default_factory=lambda: {BROWSER: [], SOCKET: []})
    warm: list[Session] = field(default_factory=list)
    cleared: list[Session] = field(default_factory=list)
    memory_alone_mb: float = float("nan")

    @property
    def everyone(self) -> list[Session]:
        return [
            *self.cold,
            *self.warmup,
            *(s for of_kind in self.alone.values() for s in of_kind),
            *self.warm,
            *self.cleared,
        ]


def _servers_word(count: int) -> str:
    return "serveur Streamlit" if count == 1 else f"{count} serveurs Streamlit"


async def drive(bases: list[str], server_pids: list[int], url: str, args: argparse.Namespace) -> Phases:
    """The phases; the first session and the sessions alone on the first server, the crowds on all."""
    from playwright.async_api import async_playwright

    phases = Phases()
    base = bases[0]
    clients = await SocketClients(bases).start()
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                phases.cold.append(await browser_session(browser, base, 0, args.step_timeout))
                print_table(
                    "Une session navigateur, caches froids (les dossiers lus dans la base)", phases.cold
                )
                for k in range(1, len(bases)):  # the other servers' caches, filled before any figure
                    phases.warmup += await clients.run(1, k, args.step_timeout)

                alone = phases.alone
                servers = len(bases)
                for i in range(args.repeat):
                    alone[BROWSER].append(await browser_session(browser, base, 10 + i, args.step_timeout))
                    # A multiple of the number of servers: the first server, like the browser's.
                    alone[SOCKET] += await clients.run(1, servers * (20 + i), args.step_timeout)
                for kind, sessions in alone.items():
                    print_table(
                        f"Référence : une session {kind} seule, caches chauds ({args.repeat} fois)", sessions
                    )
                phases.memory_alone_mb = max(memory_mb(pid)[1] for pid in server_pids)

                title = f"{args.sessions} sessions à la fois, caches chauds"
                phases.warm = await measured_crowd(title, browser, clients, bases, server_pids, args, alone)
                print()
                await asyncio.to_thread(real_import, url, args.rows)
                title = (
                    f"{args.sessions} sessions à la fois juste après un import (nouvelle version des données)"
                )
                phases.cleared = await measured_crowd(
                    title, browser, clients, bases, server_pids, args, alone
                )
            finally:
                await browser.close()
    finally:
        await clients.close()
    return phases


# The rows of issue 13's table: (label, phase, step, target ratio).
ISSUE_ROWS = (
    ("{n} sessions à la fois, Pipeline ouvert (caches chauds)", "warm", "pipeline", 3),
    ("{n} sessions à la fois, filtre par l'URL (?volet=DINUM)", "warm", "volet", 3),
    ("{n} sessions juste après un import, Pipeline", "cleared", "pipeline", 5),
)
MEMORY_TARGET_MB = 1024


def print_issue_table(phases: Phases, peak_mb: float, sessions: int) -> None:
    """Issue 13's rows: p90 of the crowd / median of one session alone, per kind of client, measured in
    this run; and the server's peak memory against its memory after the sessions alone."""
    print("\nTableau de l'issue 13 : p90 à plusieurs / médiane d'une session seule (même passage)")
    for label, phase, step, target in ISSUE_ROWS:
        parts = []
        for kind in (SOCKET, BROWSER):
            crowd = _values([s for s in getattr(phases, phase) if s.kind == kind], step)
            alone = _values(phases.alone[kind], step)
            if crowd and alone:
                ratio = p90(crowd) / statistics.median(alone)
                parts.append(
                    f"{kind} {p90(crowd):5.2f} s / {statistics.median(alone):5.2f} s = {ratio:4.1f}×"
                )
        shown = " ; ".join(parts) or "aucune mesure"
        print(f"  {label.format(n=sessions):<62} {shown} (cible ≤ {target}×)")
    print(
        f"  {'Mémoire du serveur Streamlit, ' + str(sessions) + ' sessions':<62} pic {peak_mb:.0f} Mo "
        f"(après les sessions seules : {phases.memory_alone_mb:.0f} Mo ; cible ≤ {MEMORY_TARGET_MB} Mo)"
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [SOCKET_WORKER]:  # the WebSocket clients' own process
        asyncio.run(_socket_worker(argv[1]))
        return 0
    if argv[:1] == [REIMPORT]:  # the import between the two crowds
        return _reimport(argv[1], int(argv[2]), int(argv[3]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="sessions à la fois")
    parser.add_argument(
        "--browsers", type=int, default=2, help="dont sessions dans Chromium (le reste en WebSocket)"
    )
    parser.add_argument("--rows", type=int, default=100_000, help="dossiers de la démo")
    parser.add_argument(
        "--servers", type=int, default=1,
        help="serveurs Streamlit sur la même base (la session i sur le serveur i modulo leur nombre)",
    )  # fmt: skip
    parser.add_argument("--repeat", type=int, default=3, help="passages de la session seule (référence)")
    parser.add_argument("--db", help="une base déjà remplie (ni serveur PostgreSQL jetable, ni import)")
    parser.add_argument("--step-timeout", type=float, default=180, help="secondes au plus par étape")
    parser.add_argument("--deadline", type=float, default=1800, help="secondes au plus pour les sessions")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions : de 1 à {MAX_SESSIONS}")
    if args.db and make_url(args.db).host not in LOOPBACK_HOSTS:
        parser.error(
            "--db : une base sur cette machine seulement (127.0.0.1, localhost ou un fichier SQLite)"
        )
    if not Path(CHROMIUM).exists():
        raise SystemExit(
            f"Chromium manque ({CHROMIUM}) : apt-get install chromium (jamais « playwright install »)"
        )

    print(f"Charge au départ : {load_average()}")
    with given(args.db) if args.db else postgres() as url:
        if not args.db:
            fill(url, args.rows)
        folder = Path(tempfile.mkdtemp(prefix="aic-load-"))
        log_paths = [folder / f"streamlit-{k + 1}.log" for k in range(args.servers)]
        with ExitStack() as servers:
            started = [servers.enter_context(streamlit_server(url, log)) for log in log_paths]
            bases, pids = [base for base, _ in started], [process.pid for _, process in started]
            for base, log in zip(bases, log_paths):
                print(f"Serveur : {base} (journal : {log})")
            try:
                with ConnectionWatch(url):
                    phases = asyncio.run(asyncio.wait_for(drive(bases, pids, url, args), args.deadline))
            except TimeoutError:
                print(f"\nÉCHEC : les sessions ont dépassé le délai total de {args.deadline:.0f} s.")
                return 1
            memory = [memory_mb(pid) for pid in pids]
            for k, (peak, now) in enumerate(memory):
                which = "du serveur Streamlit" if len(pids) == 1 else f"du serveur Streamlit n° {k + 1}"
                print(f"Mémoire {which} : pic {peak:.0f} Mo, à la fin {now:.0f} Mo")
            print_issue_table(phases, max(peak for peak, _ in memory), args.sessions)
            sessions = phases.everyone
        errors = [f"session {s.index} ({s.kind}) — {e}" for s in sessions for e in s.errors]
        errors += [f"journal du serveur — {line}" for log in log_paths for line in server_errors(log)]
    if errors:
        print(f"\nÉCHEC : {len(errors)} erreur(s)")
        for line in errors[:40]:
            print(f"  {line}")
        return 1
    print(f"\nAucune erreur sur {len(sessions)} sessions.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
