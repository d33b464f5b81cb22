#!/usr/bin/env bash
# Side by side on 127.0.0.1: jloadgen against iperf3 and iperf 2, alternating runs (A B A B ...), so slow
# drift of the machine hits every tool alike. Per configuration it prints each tool's median and range of
# Gbit/s, the median of the per-round ratios jloadgen/peer, and system-wide CPU-seconds per GB moved
# (/proc/stat, counted over the middle of each run: from 1 s after launch to 0.5 s before its nominal end,
# which leaves out process start-up and teardown for every tool alike). Writes two CSV files.
#
# Usage: loadgen-bench/compare-loopback.sh [--quick] [--out DIR]
#   --quick        2 rounds of 3 s, 1 s warm-up: proves the script works, measures nothing
#   --out DIR      where the CSV files go (default loadgen-bench/target/compare-<date>)
# Environment (defaults in brackets):
#   ROUNDS [5]  DURATION [8] seconds per run  WARMUP [3] seconds per tool before measuring
#   CONFIGS ["1x128K 1x1M 4x128K 8x128K reverse"]  PORT_BASE [5461] (uses PORT_BASE..PORT_BASE+2)
#   JAR [loadgen-cli/target/jloadgen.jar]  JAVA [java]  JLOADGEN_OPTS [] extra jloadgen client options
#   IPERF3 [iperf3]  IPERF2 [iperf]  OMIT [0] seconds omitted by jloadgen and iperf3 (-O; iperf 2 has none)
#
# Every jloadgen client is a fresh JVM, so each run includes its JIT warm-up (on a busy 2-core machine it
# took several seconds to reach full speed); the server JVM stays up for the whole comparison. OMIT=2
# shows the warmed-up rate; the default shows what a user of the defaults gets.
#
# Throughput is receiver-side for jloadgen and iperf3 (end.sum_received of -J) and as iperf 2's client
# reports it with -y C (sender side when forward, receiver side with -R); all tools run -t DURATION (after
# OMIT seconds, where they can) with default settings otherwise. Only trust figures taken on an otherwise
# idle machine: the script prints the load average before and after.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-3}
CONFIGS=${CONFIGS:-"1x128K 1x1M 4x128K 8x128K reverse"}
PORT_BASE=${PORT_BASE:-5461}
JAR=${JAR:-$repo/loadgen-cli/target/jloadgen.jar}
JAVA=${JAVA:-java}
IPERF3=${IPERF3:-iperf3}
IPERF2=${IPERF2:-iperf}
JLOADGEN_OPTS=${JLOADGEN_OPTS:-}
OMIT=${OMIT:-0}
out=""

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) ROUNDS=2; DURATION=3; WARMUP=1 ;;
        --out) out=$2; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
        *) echo "compare-loopback: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

if [ "$DURATION" -lt 3 ]; then
    echo "compare-loopback: DURATION must be at least 3 s" >&2; exit 2
fi
for tool in "$JAVA" "$IPERF3" "$IPERF2" python3 timeout; do
    command -v "$tool" >/dev/null || { echo "compare-loopback: $tool not found" >&2; exit 1; }
done
[ -f "$JAR" ] || { echo "compare-loopback: $JAR missing; build with mvn -B -q -DskipTests package" >&2; exit 1; }

out=${out:-$repo/loadgen-bench/target/compare-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out/raw"
runs_csv=$out/runs.csv
summary_csv=$out/summary.csv
echo "config,round,tool,gbps,bytes,cpu_busy_pct,cpu_s_per_gb,status" > "$runs_csv"

port_jl=$PORT_BASE
port_i3=$((PORT_BASE + 1))
port_i2=$((PORT_BASE + 2))

# Every process started here is under `timeout` and is killed on exit.
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

n_configs=$(wc -w <<< "$CONFIGS")
budget=$(( (n_configs * ROUNDS * 3 * (DURATION + 15)) + 3 * (WARMUP + 15) + 120 ))

for port in "$port_jl" "$port_i3" "$port_i2"; do
    if ss -ltnH "sport = :$port" 2>/dev/null | grep -q .; then
        echo "compare-loopback: port $port is in use; set PORT_BASE" >&2; exit 1
    fi
done

timeout -k 5 "$budget" "$JAVA" -jar "$JAR" server -B 127.0.0.1 -p "$port_jl" > "$out/raw/jloadgen-server.log" 2>&1 &
pids+=($!)
timeout -k 5 "$budget" "$IPERF3" -s -B 127.0.0.1 -p "$port_i3" > "$out/raw/iperf3-server.log" 2>&1 &
pids+=($!)
timeout -k 5 "$budget" "$IPERF2" -s -B 127.0.0.1 -p "$port_i2" > "$out/raw/iperf2-server.log" 2>&1 &
pids+=($!)

wait_listening() {
    local port=$1 i
    for i in $(seq 1 100); do
        ss -ltnH "sport = :$port" 2>/dev/null | grep -q . && return 0
        sleep 0.1
    done
    echo "compare-loopback: nothing listens on 127.0.0.1:$port after 10 s" >&2
    exit 1
}
wait_listening "$port_jl"; wait_listening "$port_i3"; wait_listening "$port_i2"

# busy and total ticks of all CPUs, from the aggregate line of /proc/stat
proc_stat() {
    awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9; exit}' /proc/stat
}

# options of one configuration for one tool
client_args() {
    local tool=$1 config=$2 streams=1 len=128K reverse=""
    case "$config" in
        1x128K) ;;
        1x1M) len=1M ;;
        4x128K) streams=4 ;;
        8x128K) streams=8 ;;
        reverse) reverse=-R ;;
        *) echo "compare-loopback: unknown config $config" >&2; exit 2 ;;
    esac
    case "$tool" in
        jloadgen) echo "-jar $JAR client 127.0.0.1 -p $port_jl -P $streams -l $len $reverse -O $OMIT -J $JLOADGEN_OPTS" ;;
        iperf3) echo "-c 127.0.0.1 -p $port_i3 -P $streams -l $len $reverse -O $OMIT -J" ;;
        iperf2) echo "-c 127.0.0.1 -p $port_i2 -P $streams -l $len $reverse -y C" ;;
    esac
}

# parse a client's output: prints "gbps bytes", or "nan 0" when the run produced no result
parse_result() {
    python3 - "$1" "$2" <<'EOF'
import json, sys
tool, path = sys.argv[1], sys.argv[2]
try:
    text = open(path).read()
    if tool in ("jloadgen", "iperf3"):
        doc = json.loads(text)
        if "error" in doc and "end" not in doc:
            raise ValueError(doc["error"])
        s = doc["end"]["sum_received"]
        print(s["bits_per_second"] / 1e9, int(s["bytes"]))
    else:
        # iperf 2 -y C: time,src,sport,dst,dport,id,interval,bytes,bits_per_second[,...]
        rows = [l.split(",") for l in text.splitlines() if l.count(",") >= 8]
        rows = [r for r in rows if r[6].startswith("0.0-") or r[6].startswith("0.00-")]
        total = [r for r in rows if r[5] == "-1"]
        if not total:
            total = [r for r in rows if r[5] != "-1"]
        if not total:
            raise ValueError("no summary line")
        print(sum(float(r[8]) for r in total) / 1e9, sum(int(r[7]) for r in total))
except Exception as e:
    print("nan 0")
    print(f"{tool}: {path}: {e}", file=sys.stderr)
EOF
}

# run one client; appends a line to runs.csv and echoes a short summary
run_one() {
    local tool=$1 config=$2 round=$3 seconds=$4 bin args raw
    case "$tool" in
        jloadgen) bin=$JAVA ;;
        iperf3) bin=$IPERF3 ;;
        iperf2) bin=$IPERF2 ;;
    esac
    args=$(client_args "$tool" "$config")
    raw=$out/raw/$config-$round-$tool.out
    # shellcheck disable=SC2086
    timeout -k 5 $((seconds + OMIT + 30)) "$bin" $args -t "$seconds" > "$raw" 2> "$raw.err" &
    local client=$!
    pids+=($client)
    if [ "$tool" = iperf2 ]; then sleep 1; else sleep $((1 + OMIT)); fi
    local s0 t0 s1 t1
    read -r s0 t0 < <(proc_stat)
    local w0; w0=$(date +%s.%N)
    sleep "$(python3 -c "print(max(0.2, $seconds - 1.5))")"  # warm-up runs may be shorter; their CPU is not used
    read -r s1 t1 < <(proc_stat)
    local w1; w1=$(date +%s.%N)
    local status=ok
    wait "$client" || status=failed
    local gbps bytes
    read -r gbps bytes < <(parse_result "$tool" "$raw" 2>> "$out/raw/parse-errors.log")
    [ "$gbps" = nan ] && status=failed
    python3 - "$config" "$round" "$tool" "$gbps" "$bytes" "$s0" "$t0" "$s1" "$t1" "$w0" "$w1" "$status" >> "$runs_csv" <<'EOF'
import sys
config, rnd, tool, gbps, nbytes, s0, t0, s1, t1, w0, w1, status = sys.argv[1:]
gbps = float(gbps)
busy_s = (int(s1) - int(s0)) / 100.0           # USER_HZ ticks
wall = float(w1) - float(w0)
busy_pct = busy_s / wall * 100                  # % of one CPU
cpu_per_gb = (busy_s / wall) / (gbps / 8) if gbps == gbps and gbps > 0 else float("nan")
print(f"{config},{rnd},{tool},{gbps:.3f},{nbytes},{busy_pct:.1f},{cpu_per_gb:.4f},{status}")
EOF
    tail -1 "$runs_csv" | awk -F, '{printf "  %-8s round %s %-8s %7s Gbit/s  %6s%% CPU  %s CPU-s/GB  %s\n", $1, $2, $3, $4, $6, $7, $8}'
}

echo "compare-loopback: $ROUNDS rounds x ${DURATION}s per tool and configuration ($CONFIGS), after ${WARMUP}s warm-up"
echo "machine: $(nproc) CPUs, $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "tools: $("$JAVA" -jar "$JAR" --version 2>/dev/null | head -1); $("$IPERF3" -v | head -1); $("$IPERF2" -v 2>&1 | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
load1=$(cut -d' ' -f1 /proc/loadavg)
if python3 -c "import sys; sys.exit(0 if float('$load1') > 0.5 else 1)"; then
    echo "WARNING: load average $load1 > 0.5: the machine is busy, figures below are not comparable" >&2
fi
echo "results: $out"

echo "warm-up:"
for tool in jloadgen iperf3 iperf2; do
    run_one "$tool" 1x128K 0 "$WARMUP"
done

for config in $CONFIGS; do
    echo "$config:"
    for round in $(seq 1 "$ROUNDS"); do
        # alternate the order every round, so no tool always runs first after a pause
        if [ $((round % 2)) -eq 1 ]; then order="jloadgen iperf3 iperf2"; else order="iperf2 iperf3 jloadgen"; fi
        for tool in $order; do
            run_one "$tool" "$config" "$round" "$DURATION"
        done
    done
done

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

python3 - "$runs_csv" "$summary_csv" <<'EOF'
import csv, math, statistics, sys
runs_path, summary_path = sys.argv[1], sys.argv[2]
rows = [r for r in csv.DictReader(open(runs_path)) if r["round"] != "0"]
configs = list(dict.fromkeys(r["config"] for r in rows))
tools = ["jloadgen", "iperf3", "iperf2"]

def ok(r):
    return r["status"] == "ok" and not math.isnan(float(r["gbps"]))

def med(xs):
    return statistics.median(xs) if xs else float("nan")

out = csv.writer(open(summary_path, "w", newline=""))
out.writerow(["config", "tool", "n", "n_failed", "median_gbps", "min_gbps", "max_gbps",
              "median_cpu_s_per_gb", "median_ratio_jloadgen_over_tool", "min_ratio", "max_ratio"])
print(f"{'config':<8} {'tool':<8} {'n':>2} {'median':>8} {'range (Gbit/s)':>17} {'CPU-s/GB':>9} {'jloadgen/tool':>14} {'ratio range':>13}")
for c in configs:
    by_tool = {t: [r for r in rows if r["config"] == c and r["tool"] == t] for t in tools}
    jl = {r["round"]: float(r["gbps"]) for r in by_tool["jloadgen"] if ok(r)}
    for t in tools:
        good = [r for r in by_tool[t] if ok(r)]
        g = [float(r["gbps"]) for r in good]
        cpu = [float(r["cpu_s_per_gb"]) for r in good if not math.isnan(float(r["cpu_s_per_gb"]))]
        ratios = [] if t == "jloadgen" else [jl[r["round"]] / float(r["gbps"]) for r in good
                                                if r["round"] in jl and float(r["gbps"]) > 0]
        rmed = med(ratios)
        out.writerow([c, t, len(g), len(by_tool[t]) - len(g), f"{med(g):.3f}",
                      f"{min(g):.3f}" if g else "nan", f"{max(g):.3f}" if g else "nan", f"{med(cpu):.4f}",
                      f"{rmed:.3f}" if ratios else "", f"{min(ratios):.3f}" if ratios else "",
                      f"{max(ratios):.3f}" if ratios else ""])
        rng = f"{min(g):.1f}-{max(g):.1f}" if g else "-"
        rtxt = f"{rmed:.2f}x" if ratios else ""
        rrng = f"{min(ratios):.2f}-{max(ratios):.2f}" if ratios else ""
        print(f"{c:<8} {t:<8} {len(g):>2} {med(g):>8.2f} {rng:>17} {med(cpu):>9.3f} {rtxt:>14} {rrng:>13}")
print(f"\nper-run figures: {runs_path}\nsummary: {summary_path}")
EOF
