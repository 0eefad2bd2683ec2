"""revise against Alembic, side by side, in one run.

Scenarios (see README.md, "Benchmarks"):
  check    autogenerate/check at N tables (2% of them changed in the models),
           with the database's own schema dump as the floor, and peak memory
  upgrade  1000 revisions, each creating a small table, from an empty
           database, with the native client as the floor
  history  history and heads on 1000 revisions

Runs of the tools alternate (the starting tool rotates each round), every
measurement is a fresh process, and the report gives medians and ratios. This
is a report, not a test: it never fails on a number.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

PG_ADMIN = ["psql", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1"]
MY_ADMIN = ["mariadb", "-h", "127.0.0.1", "-P", "3306", "-u", "root"]


# --- processes -------------------------------------------------------------

def measure(cmd, cwd=None, env=None, stdin_path=None):
    """Runs cmd; returns (seconds, peak RSS in KiB, exit code, stdout, stderr).
    os.wait4 gives the rusage of exactly this child."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=stdin, stdout=out, stderr=err)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if stdin_path:
        stdin.close()
    out.seek(0)
    err.seek(0)
    return elapsed, usage.ru_maxrss, p.returncode, out.read().decode(errors="replace"), err.read().decode(errors="replace")


def must(cmd, **kw):
    elapsed, rss, code, out, err = measure(cmd, **kw)
    if code != 0:
        raise SystemExit(f"command failed ({code}): {' '.join(cmd)}\n{err[-2000:]}")
    return out


# --- databases -------------------------------------------------------------

class Db:
    """A scratch database on one of the three engines."""

    def __init__(self, dialect, name, workdir):
        self.dialect, self.name, self.workdir = dialect, name, workdir
        self.path = os.path.join(workdir, f"{name}.sqlite")

    def create(self):
        self.drop()
        if self.dialect == "postgresql":
            must(PG_ADMIN + ["-d", "postgres", "-c", f"CREATE DATABASE {self.name}"])
        elif self.dialect == "mysql":
            must(MY_ADMIN + ["-e", f"CREATE DATABASE {self.name}"])

    def drop(self):
        if self.dialect == "postgresql":
            must(PG_ADMIN + ["-d", "postgres", "-c", f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)"])
        elif self.dialect == "mysql":
            must(MY_ADMIN + ["-e", f"DROP DATABASE IF EXISTS {self.name}"])
        elif os.path.exists(self.path):
            os.remove(self.path)

    def load(self, sql_path):
        must(self.client(), stdin_path=sql_path)

    def client(self):
        """The native client reading SQL from stdin."""
        if self.dialect == "postgresql":
            return PG_ADMIN + ["-d", self.name]
        if self.dialect == "mysql":
            return MY_ADMIN + [self.name]
        return ["sqlite3", self.path]

    def dump(self):
        """The database's own schema dump: the floor for introspection."""
        if self.dialect == "postgresql":
            return ["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "--schema-only", "-f", os.devnull, self.name]
        if self.dialect == "mysql":
            return ["mariadb-dump", "-h", "127.0.0.1", "-u", "root", "--no-data", f"--result-file={os.devnull}", self.name]
        return ["sqlite3", self.path, ".schema"]

    def revise_url(self):
        if self.dialect == "postgresql":
            return f"postgresql://postgres@127.0.0.1:5432/{self.name}"
        if self.dialect == "mysql":
            return f"mysql://root@127.0.0.1:3306/{self.name}"
        return f"sqlite://{self.path}"

    def sqlalchemy_url(self):
        if self.dialect == "postgresql":
            return f"postgresql+psycopg2://postgres@127.0.0.1:5432/{self.name}"
        if self.dialect == "mysql":
            return f"mysql+pymysql://root@127.0.0.1:3306/{self.name}"
        return f"sqlite:///{self.path}"


# --- environments ----------------------------------------------------------

ENV_PY = '''
import importlib.util
from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
target_metadata = None
models = config.get_main_option("models")
if models:
    spec = importlib.util.spec_from_file_location("models", models)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    target_metadata = module.metadata

engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
'''


def alembic_env(dirpath, url, models=None):
    os.makedirs(os.path.join(dirpath, "alembic", "versions"), exist_ok=True)
    with open(os.path.join(dirpath, "alembic", "env.py"), "w") as f:
        f.write(ENV_PY)
    with open(os.path.join(dirpath, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = alembic\n")
        f.write(f"sqlalchemy.url = {url}\n")
        if models:
            f.write(f"models = {models}\n")
    return os.path.join(dirpath, "alembic", "versions")


def revise_env(dirpath, url, models=None):
    os.makedirs(os.path.join(dirpath, "migrations", "versions"), exist_ok=True)
    with open(os.path.join(dirpath, "alembic.toml"), "w") as f:
        f.write(f'[database]\nurl = "{url}"\n[scripts]\ndir = "migrations"\n')
        if models:
            f.write(f'[models]\nsql = "{models}"\n')
    return os.path.join(dirpath, "migrations", "versions")


# --- scenarios -------------------------------------------------------------

def rotate(tools, round_no):
    k = round_no % len(tools)
    return tools[k:] + tools[:k]


def scenario_check(args, revise, alembic, dialect, n, work):
    db = Db(dialect, f"bench_check_{n}", work)
    db.create()
    base_sql = os.path.join(work, f"schema_{dialect}_{n}.sql")
    changed_sql = os.path.join(work, f"changed_{dialect}_{n}.sql")
    changed_py = os.path.join(work, f"changed_models_{n}.py")
    with open(base_sql, "w") as f:
        f.write(gen.schema_sql(n, dialect, changed=False))
    with open(changed_sql, "w") as f:
        f.write(gen.schema_sql(n, dialect, changed=True))
    with open(changed_py, "w") as f:
        f.write(gen.schema_sqlalchemy(n, changed=True))
    db.load(base_sql)
    rdir = os.path.join(work, f"revise_check_{dialect}_{n}")
    adir = os.path.join(work, f"alembic_check_{dialect}_{n}")
    revise_env(rdir, db.revise_url(), changed_sql)
    alembic_env(adir, db.sqlalchemy_url(), changed_py)
    tools = {
        "revise": ([revise, "-q", "check"], rdir, 1),
        "alembic": ([alembic, "check"], adir, None),
        "floor": (db.dump(), None, 0),
    }
    results = {t: [] for t in tools}
    for r in range(args.repeat):
        for t in rotate(list(tools), r):
            cmd, cwd, want = tools[t]
            elapsed, rss, code, out, err = measure(cmd, cwd=cwd)
            if want is not None and code != want:
                raise SystemExit(f"{t} check on {dialect} n={n}: exit {code}, expected {want}\n{out[-1500:]}\n{err[-1500:]}")
            if t == "alembic" and "New upgrade operations detected" not in (out + err):
                raise SystemExit(f"alembic check on {dialect} n={n} found no drift:\n{err[-1500:]}")
            results[t].append((elapsed, rss))
    db.drop()
    return results


def scenario_upgrade(args, revise, alembic, dialect, work):
    n = args.revisions
    db = Db(dialect, "bench_upgrade", work)
    rdir = os.path.join(work, f"revise_up_{dialect}")
    adir = os.path.join(work, f"alembic_up_{dialect}")
    gen.write_revise_revisions(revise_env(rdir, db.revise_url()), n)
    gen.write_alembic_revisions(alembic_env(adir, db.sqlalchemy_url()), n)
    floor_sql = os.path.join(work, f"floor_{dialect}.sql")
    with open(floor_sql, "w") as f:
        f.write(gen.native_upgrade_sql(n, dialect))
    tools = {
        "revise": ([revise, "-q", "upgrade", "head"], rdir, None),
        "alembic": ([alembic, "upgrade", "head"], adir, None),
        "floor": (db.client(), None, floor_sql),
    }
    results = {t: [] for t in tools}
    for r in range(args.repeat):
        for t in rotate(list(tools), r):
            cmd, cwd, stdin = tools[t]
            db.create()
            elapsed, rss, code, out, err = measure(cmd, cwd=cwd, stdin_path=stdin)
            if code != 0:
                raise SystemExit(f"{t} upgrade on {dialect}: exit {code}\n{err[-2000:]}")
            results[t].append((elapsed, rss))
            db.drop()
    return results


def scenario_history(args, revise, alembic, work):
    n = args.revisions
    rdir = os.path.join(work, "revise_hist")
    adir = os.path.join(work, "alembic_hist")
    gen.write_revise_revisions(revise_env(rdir, "sqlite://unused.db"), n)
    gen.write_alembic_revisions(alembic_env(adir, "sqlite:///unused.db"), n)
    out = {}
    for verb in ("history", "heads"):
        tools = {"revise": ([revise, verb], rdir), "alembic": ([alembic, verb], adir)}
        results = {t: [] for t in tools}
        for r in range(args.repeat):
            for t in rotate(list(tools), r):
                cmd, cwd = tools[t]
                elapsed, rss, code, o, e = measure(cmd, cwd=cwd)
                if code != 0:
                    raise SystemExit(f"{t} {verb}: exit {code}\n{e[-1500:]}")
                results[t].append((elapsed, rss))
        out[verb] = results
    return out


# --- report ----------------------------------------------------------------

def med(samples):
    return statistics.median(s[0] for s in samples)


def peak_mib(samples):
    return max(s[1] for s in samples) / 1024


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) // 1024 // 1024} GiB"
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), {mem} RAM"


def versions(revise):
    def first_line(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"
    return {
        "revise": first_line([revise, "--version"]),
        "postgresql": first_line(["psql", "--version"]),
        "mariadb": first_line(["mariadb", "--version"]),
        "sqlite": first_line(["sqlite3", "--version"]),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--revise", required=True)
    ap.add_argument("--alembic", required=True)
    ap.add_argument("--dbs", default="sqlite,postgresql,mysql")
    ap.add_argument("--sizes", default="100,1000,3000")
    ap.add_argument("--revisions", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scenarios", default="check,upgrade,history")
    ap.add_argument("--json", help="also write raw results here")
    args = ap.parse_args()
    dbs = [d for d in args.dbs.split(",") if d]
    scenarios = args.scenarios.split(",")
    work = tempfile.mkdtemp(prefix="revise-bench-")
    report = {"machine": machine(), "versions": versions(args.revise), "date": time.strftime("%Y-%m-%d"),
              "repeat": args.repeat, "check": {}, "upgrade": {}, "history": {}}
    lines = []
    try:
        if "check" in scenarios:
            lines.append("| check | database | tables | revise | alembic | dump (floor) | alembic / revise | revise / floor | revise peak MiB |")
            lines.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
            for dialect in dbs:
                for n in [int(s) for s in args.sizes.split(",")]:
                    r = scenario_check(args, args.revise, args.alembic, dialect, n, work)
                    report["check"][f"{dialect}/{n}"] = r
                    rv, al, fl = med(r["revise"]), med(r["alembic"]), med(r["floor"])
                    lines.append(f"| check | {dialect} | {n} | {rv*1000:.0f} ms | {al*1000:.0f} ms | {fl*1000:.0f} ms | {al/rv:.1f}x | {rv/fl:.2f}x | {peak_mib(r['revise']):.1f} |")
                    print(lines[-1], flush=True)
        if "upgrade" in scenarios:
            lines.append("")
            lines.append(f"| upgrade {args.revisions} revisions | database | revise | alembic | native client (floor) | revise / floor | alembic / revise |")
            lines.append("|---|---|---:|---:|---:|---:|---:|")
            for dialect in dbs:
                r = scenario_upgrade(args, args.revise, args.alembic, dialect, work)
                report["upgrade"][dialect] = r
                rv, al, fl = med(r["revise"]), med(r["alembic"]), med(r["floor"])
                lines.append(f"| upgrade | {dialect} | {rv:.2f} s | {al:.2f} s | {fl:.2f} s | {rv/fl:.2f}x | {al/rv:.1f}x |")
                print(lines[-1], flush=True)
        if "history" in scenarios:
            lines.append("")
            lines.append(f"| {args.revisions} revisions | revise | alembic | alembic / revise |")
            lines.append("|---|---:|---:|---:|")
            h = scenario_history(args, args.revise, args.alembic, work)
            report["history"] = h
            for verb, r in h.items():
                rv, al = med(r["revise"]), med(r["alembic"])
                lines.append(f"| {verb} | {rv*1000:.1f} ms | {al*1000:.0f} ms | {al/rv:.0f}x |")
                print(lines[-1], flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"Machine: {report['machine']}; {report['date']}; medians of {args.repeat} alternating runs.")
    for k, v in report["versions"].items():
        print(f"  {k}: {v}")
    print()
    print("\n".join(lines))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
