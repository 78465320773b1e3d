#!/usr/bin/env python3
"""Pitlane's load benchmark (run by scripts/bench.sh, which builds and installs first).

For SQLite and then PostgreSQL: a fresh database with the demo data and the large
dataset (`server seed-bulk`), the release server, and wrk with 64 connections on
each page, every figure beside a bare axum handler measured in the same run (the
ceiling of this machine). Then first-load sizes, Lighthouse for the owner pages,
and the server's memory. Prints everything and writes bench/results.md.
"""

import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "target" / "release" / "server"
SECONDS = int(os.environ.get("PITLANE_BENCH_SECONDS", "10"))
OWNERS = int(os.environ.get("PITLANE_BENCH_OWNERS", "100000"))
CONNECTIONS = 64
PG_ADMIN = os.environ.get("PITLANE_BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/test")
PORT, BARE_PORT = 3998, 3997
P99_BUDGET_MS = 50.0
# Pages owners use every week must reach this share of the bare handler (SQLite).
OWNER_RATIO, HOME_RATIO = 0.05, 0.30
OWNER_PAGES = {"/me", "/me/garage", "/me/garage/{vin}", "/service/book (a day)", "/me/cases"}
LUA = ROOT / "scripts" / "bench"
DEMO_PASSWORD = "pitlane2026"
PEOPLE = {
    "owner": "13800000001",  # 王芳, two cars
    "advisor": "advisor.sh@meridian-motors.cn",
    "care": "care@meridian-motors.cn",
    "moderator": "13800000010",
    "admin": "admin@meridian-motors.cn",
    "analyst": "analyst@meridian-motors.cn",
}
# The whole brand's segment as CSV (every owner, contacts included) must stream in this time.
EXPORT_BUDGET_S = 10.0


def log(*args):
    print(*args, flush=True)


def get(url, cookie=None, data=None):
    headers = {"Cookie": cookie} if cookie else {}
    request = urllib.request.Request(url, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base, who):
    body = urllib.parse.urlencode({"identifier": PEOPLE[who], "password": DEMO_PASSWORD, "next": ""}).encode()
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(urllib.request.Request(f"{base}/api/login", data=body), timeout=30)
        headers = response.headers
    except urllib.error.HTTPError as redirect:  # the 303 to the person's home page
        headers = redirect.headers
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith("pitlane_session="):
            return value.split(";", 1)[0]
    sys.exit(f"bench: signing in as {who} gave no session cookie")


def wait_for(url, process, what):
    for _ in range(600):
        if process.poll() is not None:
            sys.exit(f"bench: {what} exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    sys.exit(f"bench: {what} did not answer at {url}")


def memory(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    field = lambda name: int(re.search(rf"{name}:\s+(\d+) kB", status).group(1)) / 1024
    return field("VmRSS"), field("VmHWM")


def wrk(url, cookie=None, script=None):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = duration_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    p50 = duration_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {"rps": rps, "p50": p50, "p99": p99, "bad": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(0) if errors else ""}


def duration_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def server_env(database_url, port):
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        "PITLANE_ADDR": f"127.0.0.1:{port}",
        "LEPTOS_SITE_ROOT": str(ROOT / "target" / "site"),
        "RUST_LOG": "warn",
        # The page measured is the page, not the 30-second loyalty job.
        "PITLANE_JOBS": "false",
        # wrk's warranty script gives every lookup its own client address, as
        # many owners on many phones would: the limit per address stays in force.
        "PITLANE_TRUSTED_PROXIES": "127.0.0.1/32",
        # A production start (no demo seeding) names where people reach it.
        "PITLANE_PUBLIC_ORIGIN": f"http://127.0.0.1:{port}",
    })
    return env


def fresh_database(engine, workdir):
    if engine == "sqlite":
        return f"sqlite://{workdir}/bench.db"
    admin = PG_ADMIN
    subprocess.run(["psql", admin, "-qc", "DROP DATABASE IF EXISTS pitlane_bench"], check=True)
    subprocess.run(["psql", admin, "-qc", "CREATE DATABASE pitlane_bench"], check=True)
    return admin.rsplit("/", 1)[0] + "/pitlane_bench"


def targets(base, cookies, busy_post, board):
    """The concrete URLs: the owner's first car, a dealer, a service and a day with free starts."""
    garage = get(f"{base}/me/garage", cookies["owner"])
    vin = re.search(r"/me/garage/([A-HJ-NPR-Z0-9]{17})", garage).group(1)
    form = get(f"{base}/service/book?vin={vin}", cookies["owner"])
    dealer = re.search(r'name="dealer"[^>]*>.*?<option[^>]*value="(\d+)"', form, re.S)
    service = re.search(r'name="service"[^>]*>.*?<option[^>]*value="(\d+)"', form, re.S)
    if not (dealer and service):
        sys.exit("bench: the booking form offers no dealer or service")
    dealer, service = dealer.group(1), service.group(1)
    chosen = get(f"{base}/service/book?vin={vin}&dealer={dealer}&service={service}", cookies["owner"])
    days = list(dict.fromkeys(re.findall(r"day=(\d{4}-\d{2}-\d{2})", chosen)))
    # A day a week or so ahead with free starts (closed days and full days have none).
    for day in days[5:] + days[:5]:
        day_page = get(f"{base}/service/book?vin={vin}&dealer={dealer}&service={service}&day={day}", cookies["owner"])
        start = re.search(r'name="starts_at"[^>]*value="(\d+)"', day_page)
        if start:
            break
    else:
        sys.exit("bench: no day with a free start in the booking calendar")
    return {"vin": vin, "dealer": dealer, "service": service, "day": day, "start": start.group(1),
            "busy_post": busy_post, "board": board}


def booking_script(workdir, t):
    """A wrk script posting the booking form (multipart, as the browser does). The
    idempotency key is fixed: the first request books, every later one is the
    same form posted again and gets the same booking (a double tap)."""
    boundary = "----pitlanebench"
    fields = {"vin": t["vin"], "dealer": t["dealer"], "service_type": t["service"], "starts_at": t["start"],
              "note": "", "idempotency_key": "bench-booking-0001"}
    body = "".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n" for k, v in fields.items())
    body += f"--{boundary}--\r\n"
    script = Path(workdir) / "book.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        f'wrk.headers["Content-Type"] = "multipart/form-data; boundary={boundary}"\n'
        f"wrk.body = {json.dumps(body)}\n"
    )
    return script


def measure_engine(engine, workdir):
    log(f"\n== {engine}: fresh database, demo data and the large dataset ({OWNERS:,} owners)")
    url = fresh_database(engine, workdir)
    env = server_env(url, PORT)
    started = time.time()
    seeded = subprocess.run([str(SERVER), "seed-bulk", "--owners", str(OWNERS)], env=env,
                            capture_output=True, text=True)
    if seeded.returncode != 0:
        sys.exit(f"bench: seed-bulk failed:\n{seeded.stdout}{seeded.stderr}")
    found = re.search(r"busy_post=(\d+) board=(\S+)", seeded.stdout)
    if not found:
        sys.exit(f"bench: seed-bulk said {seeded.stdout!r}")
    seed_seconds = time.time() - started
    log(f"   seeded in {seed_seconds:.0f} s")

    server = subprocess.Popen([str(SERVER)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    bare = subprocess.Popen([str(SERVER), "bare"], env=server_env(url, BARE_PORT),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base, bare_base = f"http://127.0.0.1:{PORT}", f"http://127.0.0.1:{BARE_PORT}"
    try:
        wait_for(f"{base}/healthz", server, "the server")
        wait_for(f"{bare_base}/", bare, "the bare handler")
        time.sleep(2)
        idle_mb, _ = memory(server.pid)
        cookies = {who: sign_in(base, who) for who in PEOPLE}
        t = targets(base, cookies, found.group(1), found.group(2))
        pages = [
            ("/", "/", None, None),
            ("/warranty?vin=", f"/warranty?vin={t['vin']}", None, LUA / "many_clients.lua"),
            ("/me", "/me", "owner", None),
            ("/me/garage", "/me/garage", "owner", None),
            ("/me/garage/{vin}", f"/me/garage/{t['vin']}", "owner", None),
            ("/service/book (a day)",
             f"/service/book?vin={t['vin']}&dealer={t['dealer']}&service={t['service']}&day={t['day']}", "owner", None),
            ("/me/cases", "/me/cases", "owner", None),
            ("/club", "/club", None, None),
            (f"/club/{t['board']}", f"/club/{t['board']}", None, None),
            ("/club/post/{id} (200 comments)", f"/club/post/{t['busy_post']}", None, None),
            ("/rewards", "/rewards", "owner", None),
            ("/staff/schedule", "/staff/schedule", "advisor", None),
            ("/staff/cases", "/staff/cases", "care", None),
            ("/staff/customers?q= (4 digits of a mobile)", "/staff/customers?q=5678", "care", None),
            ("/staff/customers?q= (a VIN's part)", "/staff/customers?q=" + t["vin"][-7:], "care", None),
            ("/staff/customers?q= (a part 100k share)",
             "/staff/customers?q=" + urllib.parse.quote("车主"), "care", None),
            ("/club/moderation", "/club/moderation", "moderator", None),
            ("/staff/analytics", "/staff/analytics", "analyst", None),
            ("book_service (server fn)", "/api/book_service", "owner", booking_script(workdir, t)),
        ]
        # Every page must render before it is timed: a benchmark of an error page measures nothing.
        # A scripted one runs a second on one connection: the booking is made there, so the timed
        # run measures the form posted again (a double tap), not 64 first taps racing the owner's
        # write limit.
        for name, path, who, script in pages:
            if script is None:
                get(base + path, cookies.get(who))
            else:
                subprocess.run(["wrk", "-t1", "-c1", "-d1s", "-s", str(script)]
                               + (["-H", f"Cookie: {cookies[who]}"] if who else []) + [base + path],
                               capture_output=True, check=True)
        log(f"   bare axum handler ({SECONDS} s, {CONNECTIONS} connections)")
        ceiling = wrk(f"{bare_base}/")
        log(f"   {'bare axum handler':34} {ceiling['rps']:>9,.0f} rps  p99 {ceiling['p99']:6.1f} ms")
        rows = []
        for name, path, who, script in pages:
            result = wrk(base + path, cookies.get(who), script)
            result.update(name=name, who=who or "anyone", ratio=result["rps"] / ceiling["rps"])
            rows.append(result)
            flag = "" if result["bad"] == 0 else f"  ({result['bad']} non-2xx/3xx)"
            log(f"   {name:34} {result['rps']:>9,.0f} rps  p99 {result['p99']:6.1f} ms  {result['ratio']:.3f}×{flag}")
        ceiling_after = wrk(f"{bare_base}/")
        log(f"   {'bare axum handler, again':34} {ceiling_after['rps']:>9,.0f} rps  p99 {ceiling_after['p99']:6.1f} ms")
        export = export_time(base, cookies["admin"])
        log(f"   {'segment export (CSV, every owner)':34} {export['rows']:>9,} rows in {export['seconds']:.1f} s "
            f"(first byte {export['first_byte'] * 1000:.0f} ms, {export['mb']:.1f} MB)")
        _, peak_mb = memory(server.pid)
        extra = {"export": export}
        if engine == "sqlite":
            extra["first_load"] = first_load(base, cookies["owner"], t)
            extra["lighthouse"] = lighthouse(base, cookies["owner"], t)
        return {"engine": engine, "ceiling": ceiling, "ceiling_after": ceiling_after, "rows": rows,
                "idle_mb": idle_mb, "peak_mb": peak_mb, "seed_seconds": seed_seconds, **extra}
    finally:
        for process in (server, bare):
            process.terminate()
            process.wait()


def export_time(base, cookie):
    """The export of every owner (`/staff/export/segment.csv` as an admin), read to its
    last byte: seconds to the first and the last byte, rows and megabytes."""
    started = time.time()
    request = urllib.request.Request(f"{base}/staff/export/segment.csv", headers={"Cookie": cookie})
    first, size, lines = None, 0, 0
    with urllib.request.urlopen(request, timeout=600) as response:
        while chunk := response.read(64 * 1024):
            if first is None:
                first = time.time() - started
            size += len(chunk)
            lines += chunk.count(b"\n")
    return {"seconds": time.time() - started, "first_byte": first or 0.0, "rows": lines - 1, "mb": size / 1e6}


def first_load(base, cookie, t):
    pages = ["/", "/login", "/warranty", "/club", f"/club/{t['board']}", "/test-drive",
             "/me", "/me/garage", f"/me/garage/{t['vin']}", f"/service/book?vin={t['vin']}", "/me/cases", "/rewards"]
    out = subprocess.run(["node", str(LUA / "first_load.mjs"), base, cookie, *pages],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def lighthouse(base, cookie, t):
    """Mobile Lighthouse (performance, accessibility) for the public pages signed out
    and the owner pages signed in (the session cookie sent with every request), with
    the system Chromium. Not part of the budgets' pass/fail: its timings are simulated."""
    public = ["/", "/warranty", "/login"]
    owner = ["/me", "/me/garage", f"/me/garage/{t['vin']}", f"/service/book?vin={t['vin']}", "/me/cases", "/rewards"]
    results = []
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    for page in public + owner:
        headers = [] if page in public else [f"--extra-headers={json.dumps({'Cookie': cookie})}"]
        with tempfile.NamedTemporaryFile(suffix=".json") as report:
            run = subprocess.run(
                ["npx", "--yes", "lighthouse@12", base + page, "--quiet", "--output=json", f"--output-path={report.name}",
                 "--only-categories=performance,accessibility", "--chrome-flags=--headless=new --no-sandbox",
                 *headers],
                env=env, capture_output=True, text=True)
            if run.returncode != 0:
                results.append({"page": page, "error": (run.stderr.strip().splitlines() or ["failed"])[-1]})
                continue
            categories = json.load(open(report.name))["categories"]
            results.append({"page": page, "performance": round(categories["performance"]["score"] * 100),
                            "accessibility": round(categories["accessibility"]["score"] * 100)})
        log(f"   lighthouse {page}: {results[-1]}")
    return results


def verdicts(run):
    """Which budgets a run's rows break, as sentences."""
    broken = []
    for row in run["rows"]:
        if row["p99"] >= P99_BUDGET_MS:
            broken.append(f"{run['engine']} {row['name']}: p99 {row['p99']:.1f} ms (budget < {P99_BUDGET_MS:.0f} ms)")
        if row["bad"]:
            broken.append(f"{run['engine']} {row['name']}: {row['bad']} answers were not 2xx/3xx")
        if run["engine"] == "sqlite" and row["name"] in OWNER_PAGES and row["ratio"] < OWNER_RATIO:
            broken.append(f"sqlite {row['name']}: {row['ratio']:.3f}× the bare handler (budget ≥ {OWNER_RATIO}×)")
        if run["engine"] == "sqlite" and row["name"] == "/" and row["ratio"] < HOME_RATIO:
            broken.append(f"sqlite /: {row['ratio']:.3f}× the bare handler (budget ≥ {HOME_RATIO}×)")
    if "export" in run and run["export"]["seconds"] >= EXPORT_BUDGET_S:
        broken.append(f"{run['engine']} segment export: {run['export']['seconds']:.1f} s "
                      f"(budget < {EXPORT_BUDGET_S:.0f} s)")
    if run["peak_mb"] >= 150:
        broken.append(f"{run['engine']}: peak RSS {run['peak_mb']:.0f} MB (budget < 150 MB)")
    return broken


def markdown(runs):
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    lines = [
        "# Benchmark results",
        "",
        f"Written by `scripts/bench.sh` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}, "
        f"{os.cpu_count()} cores, commit {commit}{' with uncommitted changes' if dirty else ''}. "
        f"wrk, {CONNECTIONS} connections, 2 threads, {SECONDS} s per page; release build; demo data plus "
        f"{OWNERS:,} owners, {OWNERS * 3 // 2:,} cars, about {OWNERS * 11 // 2:,} service records, "
        f"{OWNERS * 2:,} club posts and {OWNERS * 10:,} ledger entries. The ratio is the page's requests per second "
        "over a bare axum handler's (`server bare`, same binary) measured in the same run; wrk runs on the same two "
        "cores as the server.",
        "",
        f"Budgets: p99 < {P99_BUDGET_MS:.0f} ms everywhere; on SQLite the owner pages ≥ {OWNER_RATIO}× and `/` ≥ "
        f"{HOME_RATIO}× the bare handler; peak RSS < 150 MB.",
        "",
    ]
    for run in runs:
        c, a = run["ceiling"], run["ceiling_after"]
        lines += [
            f"## {'SQLite' if run['engine'] == 'sqlite' else 'PostgreSQL'}",
            "",
            f"Large dataset seeded in {run['seed_seconds']:.0f} s. Server RSS: {run['idle_mb']:.1f} MB at idle, "
            f"{run['peak_mb']:.1f} MB at peak.",
            "",
            "| page | as | req/s | ratio | p50 ms | p99 ms |",
            "|---|---|---:|---:|---:|---:|",
            f"| bare axum handler (before) | – | {c['rps']:,.0f} | 1 | {c['p50']:.2f} | {c['p99']:.2f} |",
        ]
        for row in run["rows"]:
            note = f" ({row['bad']} not 2xx/3xx)" if row["bad"] else ""
            lines.append(f"| `{row['name']}`{note} | {row['who']} | {row['rps']:,.0f} | {row['ratio']:.3f} | "
                         f"{row['p50']:.2f} | {row['p99']:.2f} |")
        lines += [f"| bare axum handler (after) | – | {a['rps']:,.0f} | {a['rps'] / c['rps']:.2f} | {a['p50']:.2f} | "
                  f"{a['p99']:.2f} |", ""]
        if "export" in run:
            e = run["export"]
            lines += [f"Segment export (`/staff/export/segment.csv`, every owner, as an admin): {e['rows']:,} rows, "
                      f"{e['mb']:.1f} MB in {e['seconds']:.1f} s, the first byte after {e['first_byte'] * 1000:.0f} ms "
                      f"(budget < {EXPORT_BUDGET_S:.0f} s).", ""]
        if "first_load" in run:
            lines += ["### First load (the page's wasm, JS and CSS)", "", "| page | raw KB | gzip KB | brotli KB |",
                      "|---|---:|---:|---:|"]
            lines += [f"| `{p['page']}` | {p['raw'] / 1024:.1f} | {p['gzip'] / 1024:.1f} | {p['br'] / 1024:.1f} |"
                      for p in run["first_load"]]
            lines += ["", "Budget: 100 KB brotli.", ""]
        if "lighthouse" in run:
            lines += ["### Lighthouse (mobile, system Chromium)", "", "| page | performance | accessibility |",
                      "|---|---:|---:|"]
            for l in run["lighthouse"]:
                if "error" in l:
                    lines.append(f"| `{l['page']}` | – | – ({l['error']}) |")
                else:
                    lines.append(f"| `{l['page']}` | {l['performance']} | {l['accessibility']} |")
            lines.append("")
    broken = [b for run in runs for b in verdicts(run)]
    lines += ["## Budgets", ""]
    lines += [f"- over budget: {b}" for b in broken] or ["- every budget above holds."]
    return "\n".join(lines) + "\n", broken


def main():
    engines = sys.argv[1:] or ["sqlite", "postgres"]
    with tempfile.TemporaryDirectory() as workdir:
        runs = [measure_engine(engine, workdir) for engine in engines]
    text, broken = markdown(runs)
    out = ROOT / "bench" / "results.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text)
    log("")
    log(text)
    log(f"written to {out.relative_to(ROOT)}")
    if broken:
        log(f"{len(broken)} budget(s) not met")


if __name__ == "__main__":
    main()
