#!/usr/bin/env python3
"""Writes the static expositions and both servers' configs for the scrape-scale benchmark.

Layout under OUT:
  www/v{0..V-1}/t{N}/metrics   V value variants per target (rotated by run.sh so values change)
  www/current -> v0            the variant nginx serves now
  nginx.conf, scrape.yml
Every target serves SERIES series of one counter family with distinct label values; each target is
one static group with its own __metrics_path__ and instance label, all on one nginx port.
"""
import argparse
import os
import random

p = argparse.ArgumentParser()
p.add_argument("--out", required=True)
p.add_argument("--targets", type=int, default=1000)
p.add_argument("--series", type=int, default=1000)
p.add_argument("--variants", type=int, default=3)
p.add_argument("--port", type=int, default=18080)
p.add_argument("--interval", default="10s")
a = p.parse_args()

www = os.path.join(a.out, "www")
rnd = random.Random(42)
for v in range(a.variants):
    for t in range(a.targets):
        d = os.path.join(www, f"v{v}", f"t{t}")
        os.makedirs(d, exist_ok=True)
        lines = ["# HELP bench_requests_total Synthetic requests.", "# TYPE bench_requests_total counter"]
        base = (v + 1) * 1000
        for s in range(a.series):
            lines.append(f'bench_requests_total{{path="/p{s % 100}",code="{200 + s // 100}",shard="{s}"}} {base + rnd.randint(0, 999)}')
        with open(os.path.join(d, "metrics"), "w") as f:
            f.write("\n".join(lines) + "\n")
cur = os.path.join(www, "current")
if os.path.lexists(cur):
    os.remove(cur)
os.symlink("v0", cur)

with open(os.path.join(a.out, "nginx.conf"), "w") as f:
    f.write(f"""daemon off;
worker_processes 1;
pid {a.out}/nginx.pid;
error_log {a.out}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  open_file_cache off;
  keepalive_requests 100000;
  keepalive_timeout 120s;
  types {{ }}
  default_type "text/plain; version=0.0.4";
  client_body_temp_path {a.out}/tmp; proxy_temp_path {a.out}/tmp; fastcgi_temp_path {a.out}/tmp;
  uwsgi_temp_path {a.out}/tmp; scgi_temp_path {a.out}/tmp;
  server {{
    listen 127.0.0.1:{a.port};
    root {www}/current;
    disable_symlinks off;
  }}
}}
""")
os.makedirs(os.path.join(a.out, "tmp"), exist_ok=True)

with open(os.path.join(a.out, "scrape.yml"), "w") as f:
    f.write(f"global:\n  scrape_interval: {a.interval}\n  scrape_timeout: {a.interval}\n")
    f.write("scrape_configs:\n- job_name: bench\n  static_configs:\n")
    for t in range(a.targets):
        f.write(f"  - targets: ['127.0.0.1:{a.port}']\n    labels: {{__metrics_path__: /t{t}/metrics, instance: t{t}}}\n")
