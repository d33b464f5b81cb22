#!/usr/bin/env bash
# Side by side on 127.0.0.1: jloadgen against iperf3 and iperf 2, alternating runs (A B A B ...), so slow
# drift of the machine hits every tool alike. Per configuration it prints each tool's median and range of
# Gbit/s, the median of the per-round ratios jloadgen/peer, and system-wide CPU-seconds per GB moved
# (/proc/stat, counted over the middle of each run: from 1 s after launch to 0.5 s before its nominal end,
# which leaves out process start-up and teardown for every tool alike). Writes CSV files.
#
# Two configurations are not throughput side by side (CONFIGS tokens):
#   bounceback  one connection, 100-byte requests back to back (--bounceback-period 0): jloadgen's client
#               against jloadgen server, iperf 2's client against iperf -s, and jloadgen's client against
#               iperf -s. Transactions per second and round-trip times, ratios jloadgen/iperf 2 as medians
#               of the per-round pairs. iperf 2.1.8 prints the count and mean/min/max/stdev of the round
#               trips, percentiles only from a histogram of 100 us bins (fixed in its Reports.c), far
#               coarser than a loopback round trip: so jloadgen's p50 is held against iperf 2's mean, and
#               jloadgen's client measuring both servers compares their p50 exactly. A fourth client,
#               jloadgen's with --busy-poll BUSY_POLL_US against jloadgen server, shows what the client's own
#               wake-up costs: it polls for the reply instead of sleeping (a CPU while it runs).
#   probe       whether --latency-probe disturbs what it measures: a 4-stream jloadgen test (128 KiB
#               blocks) with and without the probe, alternating; PASS when the medians of Gbit/s differ by
#               under 2%.
#
# Usage: loadgen-bench/compare-loopback.sh [--quick] [--out DIR]
#   --quick        2 rounds of 3 s, 1 s warm-up: proves the script works, measures nothing
#   --out DIR      where the CSV files go (default loadgen-bench/target/compare-<date>)
# Environment (defaults in brackets):
#   ROUNDS [5]  DURATION [8] seconds per run  WARMUP [3] seconds per tool before measuring
#   CONFIGS ["1x128K 1x1M 4x128K 8x128K reverse bounceback probe"]
#   PORT_BASE [5461] (uses PORT_BASE..PORT_BASE+2)
#   JAR [loadgen-cli/target/jloadgen.jar]  JAVA [java]  JLOADGEN_OPTS [] extra jloadgen client options
#   BUSY_POLL_US [200] the busy-polling bounceback client's --busy-poll
#   IPERF3 [iperf3]  IPERF2 [iperf]  OMIT [0] seconds omitted by jloadgen and iperf3 (-O; iperf 2 has none)
#
# Every jloadgen client is a fresh JVM, so each run includes its JIT warm-up (on a busy 2-core machine it
# took several seconds to reach full speed); the server JVM stays up for the whole comparison. OMIT=2
# shows the warmed-up rate; the default shows what a user of the defaults gets. The same holds for
# bounceback: a fresh client JVM starts at a tenth of its later rate.
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
CONFIGS=${CONFIGS:-"1x128K 1x1M 4x128K 8x128K reverse bounceback probe"}
PORT_BASE=${PORT_BASE:-5461}
JAR=${JAR:-$repo/loadgen-cli/target/jloadgen.jar}
JAVA=${JAVA:-java}
IPERF3=${IPERF3:-iperf3}
IPERF2=${IPERF2:-iperf}
JLOADGEN_OPTS=${JLOADGEN_OPTS:-}
BUSY_POLL_US=${BUSY_POLL_US:-200}
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
for config in $CONFIGS; do
    case "$config" in
        1x128K|1x1M|4x128K|8x128K|reverse|bounceback|probe) ;;
        *) echo "compare-loopback: unknown config $config in CONFIGS" \
                "(1x128K 1x1M 4x128K 8x128K reverse bounceback probe)" >&2; exit 2 ;;
    esac
done
for tool in "$JAVA" "$IPERF3" "$IPERF2" python3 timeout; do
    command -v "$tool" >/dev/null || { echo "compare-loopback: $tool not found" >&2; exit 1; }
done
[ -f "$JAR" ] || { echo "compare-loopback: $JAR missing; build with mvn -B -q -DskipTests package" >&2; exit 1; }

out=${out:-$repo/loadgen-bench/target/compare-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out/raw"
runs_csv=$out/runs.csv
summary_csv=$out/summary.csv
bounceback_csv=$out/bounceback.csv
echo "config,round,tool,gbps,bytes,cpu_busy_pct,cpu_s_per_gb,status" > "$runs_csv"
echo "round,tool,transactions,trans_per_s,p50_us,mean_us,cpu_busy_pct,cpu_us_per_trans,status" > "$bounceback_csv"

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
budget=$(( (n_configs * ROUNDS * 3 * (DURATION + OMIT + 15)) + 6 * (WARMUP + 15) + 120 ))

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

# the tools one round of a configuration runs, in the order of odd rounds
tools_of() {
    case "$1" in
        bounceback) echo "jloadgen iperf2 jloadgen-iperf2srv jloadgen-busypoll" ;;
        probe) echo "jloadgen jloadgen+probe" ;;
        *) echo "jloadgen iperf3 iperf2" ;;
    esac
}

# options of one configuration for one tool
client_args() {
    local tool=$1 config=$2 streams=1 len=128K reverse=""
    if [ "$config" = bounceback ]; then
        local bb="--bounceback --bounceback-period 0 -l 100"
        case "$tool" in
            jloadgen) echo "-jar $JAR client 127.0.0.1 -p $port_jl $bb -O $OMIT -J $JLOADGEN_OPTS" ;;
            jloadgen-iperf2srv) echo "-jar $JAR client 127.0.0.1 -p $port_i2 $bb -O $OMIT -J $JLOADGEN_OPTS" ;;
            jloadgen-busypoll) echo "-jar $JAR client 127.0.0.1 -p $port_jl $bb --busy-poll $BUSY_POLL_US -O $OMIT -J $JLOADGEN_OPTS" ;;
            iperf2) echo "-c 127.0.0.1 -p $port_i2 $bb -e" ;;
        esac
        return
    fi
    case "$config" in
        1x128K) ;;
        1x1M) len=1M ;;
        4x128K|probe) streams=4 ;;
        8x128K) streams=8 ;;
        reverse) reverse=-R ;;
    esac
    case "$tool" in
        jloadgen) echo "-jar $JAR client 127.0.0.1 -p $port_jl -P $streams -l $len $reverse -O $OMIT -J $JLOADGEN_OPTS" ;;
        jloadgen+probe) echo "-jar $JAR client 127.0.0.1 -p $port_jl -P $streams -l $len $reverse -O $OMIT -J --latency-probe $JLOADGEN_OPTS" ;;
        iperf3) echo "-c 127.0.0.1 -p $port_i3 -P $streams -l $len $reverse -O $OMIT -J" ;;
        iperf2) echo "-c 127.0.0.1 -p $port_i2 -P $streams -l $len $reverse -y C" ;;
    esac
}

# parse a throughput client's output: prints "gbps bytes", or "nan 0" when the run produced no result
parse_result() {
    python3 - "$1" "$2" <<'EOF'
import json, sys
tool, path = sys.argv[1], sys.argv[2]
try:
    text = open(path).read()
    if tool.startswith("jloadgen") or tool == "iperf3":
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

# parse a bounceback client's output: prints "transactions trans_per_s p50_us mean_us" (p50 nan for iperf 2,
# which has none), or "0 nan nan nan" when the run produced no result
parse_bounceback() {
    python3 - "$1" "$2" <<'EOF'
import json, re, sys
tool, path = sys.argv[1], sys.argv[2]
try:
    text = open(path).read()
    if tool.startswith("jloadgen"):
        doc = json.loads(text)
        if "error" in doc and "end" not in doc:
            raise ValueError(doc["error"])
        b = doc["end"]["bounceback"]
        print(b["count"], b["transactions_per_second"], b["rtt_us"]["p50"], b["rtt_us"]["mean"])
    else:
        # iperf 2.1.8 -e: "[  1] 0.0000-8.0135 sec  6.61 MBytes  27.5 Mbits/sec    34669=0.056/0.016/2.034/0.020 ms
        # 0  576K/1703 us    17703 rps" (count=mean/min/max/stdev). Its rps is the count over the sum of the
        # round trips (ReportOutputs.c), so transactions per second are the count over the interval here, as
        # jloadgen counts them.
        best = None
        for m in re.finditer(r"\]\s+([\d.]+)-([\d.]+) sec .*?\s(\d+)=([\d.]+)/[\d.]+/[\d.]+/[\d.]+ ms", text):
            start, end, count, mean_ms = float(m[1]), float(m[2]), int(m[3]), float(m[4])
            if start == 0 and end > 0 and (best is None or end > best[0]):
                best = (end, count, mean_ms)
        if best is None:
            raise ValueError("no bounceback summary line")
        end, count, mean_ms = best
        print(count, count / end, "nan", mean_ms * 1000)
except Exception as e:
    print("0 nan nan nan")
    print(f"{tool}: {path}: {e}", file=sys.stderr)
EOF
}

# starts one client in the background: its pid in $client, its output in $raw
start_client() {
    local tool=$1 config=$2 round=$3 seconds=$4 bin args
    case "$tool" in
        jloadgen*) bin=$JAVA ;;
        iperf3) bin=$IPERF3 ;;
        iperf2) bin=$IPERF2 ;;
    esac
    args=$(client_args "$tool" "$config")
    raw=$out/raw/$config-$round-$tool.out
    # shellcheck disable=SC2086
    timeout -k 5 $((seconds + OMIT + 30)) "$bin" $args -t "$seconds" > "$raw" 2> "$raw.err" &
    client=$!
    pids+=($client)
}

# system-wide CPU over the middle of a run launched just now: prints "busy0 total0 busy1 total1 wall0 wall1"
sample_cpu() {
    local tool=$1 seconds=$2 s0 t0 s1 t1 w0 w1
    if [ "$tool" = iperf2 ]; then sleep 1; else sleep $((1 + OMIT)); fi
    read -r s0 t0 < <(proc_stat)
    w0=$(date +%s.%N)
    sleep "$(python3 -c "print(max(0.2, $seconds - 1.5))")"  # warm-up runs may be shorter; their CPU is not used
    read -r s1 t1 < <(proc_stat)
    w1=$(date +%s.%N)
    echo "$s0 $t0 $s1 $t1 $w0 $w1"
}

# run one throughput client; appends a line to runs.csv and echoes a short summary
run_one() {
    local tool=$1 config=$2 round=$3 seconds=$4 client raw s0 t0 s1 t1 w0 w1
    start_client "$tool" "$config" "$round" "$seconds"
    read -r s0 t0 s1 t1 w0 w1 < <(sample_cpu "$tool" "$seconds")
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
    tail -1 "$runs_csv" | awk -F, '{printf "  %-8s round %s %-14s %7s Gbit/s  %6s%% CPU  %s CPU-s/GB  %s\n", $1, $2, $3, $4, $6, $7, $8}'
}

# run one bounceback client; appends a line to bounceback.csv and echoes a short summary
run_bounceback() {
    local tool=$1 round=$2 seconds=$3 client raw s0 t0 s1 t1 w0 w1
    start_client "$tool" bounceback "$round" "$seconds"
    read -r s0 t0 s1 t1 w0 w1 < <(sample_cpu "$tool" "$seconds")
    local status=ok
    wait "$client" || status=failed
    local count tps p50 mean
    read -r count tps p50 mean < <(parse_bounceback "$tool" "$raw" 2>> "$out/raw/parse-errors.log")
    [ "$tps" = nan ] && status=failed
    python3 - "$round" "$tool" "$count" "$tps" "$p50" "$mean" "$s0" "$s1" "$w0" "$w1" "$status" >> "$bounceback_csv" <<'EOF'
import sys
rnd, tool, count, tps, p50, mean, s0, s1, w0, w1, status = sys.argv[1:]
tps = float(tps)
busy = (int(s1) - int(s0)) / 100.0 / (float(w1) - float(w0))   # USER_HZ ticks per second: CPUs busy
cpu_us = busy / tps * 1e6 if tps == tps and tps > 0 else float("nan")
print(f"{rnd},{tool},{count},{tps:.0f},{float(p50):.1f},{float(mean):.1f},{busy * 100:.1f},{cpu_us:.1f},{status}")
EOF
    tail -1 "$bounceback_csv" | awk -F, '{printf "  bounceback round %s %-18s %7s trans/s  p50 %6s us  mean %6s us  %6s%% CPU  %s\n", $1, $2, $4, $5, $6, $7, $9}'
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
if [[ " $CONFIGS " == *" bounceback "* ]]; then
    # the server JVM's echo path is compiled here, not in round 1
    for tool in $(tools_of bounceback); do
        run_bounceback "$tool" 0 "$WARMUP"
    done
fi

for config in $CONFIGS; do
    echo "$config:"
    for round in $(seq 1 "$ROUNDS"); do
        # alternate the order every round, so no tool always runs first after a pause
        tools=$(tools_of "$config")
        if [ $((round % 2)) -eq 0 ]; then tools=$(tr ' ' '\n' <<< "$tools" | tac | tr '\n' ' '); fi
        for tool in $tools; do
            if [ "$config" = bounceback ]; then
                run_bounceback "$tool" "$round" "$DURATION"
            else
                run_one "$tool" "$config" "$round" "$DURATION"
            fi
        done
    done
done

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

if grep -qE '^(1x128K|1x1M|4x128K|8x128K|reverse),[1-9]' "$runs_csv"; then
    echo
    python3 - "$runs_csv" "$summary_csv" <<'EOF'
import csv, math, statistics, sys
runs_path, summary_path = sys.argv[1], sys.argv[2]
rows = [r for r in csv.DictReader(open(runs_path)) if r["round"] != "0" and r["config"] != "probe"]
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
print(f"\nsummary: {summary_path}")
EOF
fi

if [[ " $CONFIGS " == *" probe "* ]]; then
    echo
    python3 - "$runs_csv" <<'EOF'
import csv, math, statistics, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["config"] == "probe" and r["status"] == "ok"
        and r["round"] != "0" and not math.isnan(float(r["gbps"]))]
plain = {r["round"]: float(r["gbps"]) for r in rows if r["tool"] == "jloadgen"}
probed = {r["round"]: float(r["gbps"]) for r in rows if r["tool"] == "jloadgen+probe"}
print("probe: 4 streams of 128 KiB, jloadgen without and with --latency-probe")
if not plain or not probed:
    print("probe: FAIL: no successful runs of one of the variants (see raw/*.err)")
    sys.exit(0)
m0, m1 = statistics.median(plain.values()), statistics.median(probed.values())
diff = (m1 - m0) / m0 * 100
paired = [(probed[r] - plain[r]) / plain[r] * 100 for r in plain if r in probed]
for name, xs, m in (("without probe", plain, m0), ("with probe", probed, m1)):
    print(f"  {name:<14} n={len(xs)}  median {m:.2f} Gbit/s  range {min(xs.values()):.2f}-{max(xs.values()):.2f}")
if paired:
    print(f"  per-round difference: median {statistics.median(paired):+.2f}%, range {min(paired):+.2f}% to {max(paired):+.2f}%")
verdict = "PASS" if abs(diff) < 2 else "FAIL"
print(f"probe: {verdict}: with the probe the median is {diff:+.2f}% of the median without (bound: under 2%)")
EOF
fi

if [[ " $CONFIGS " == *" bounceback "* ]]; then
    echo
    python3 - "$bounceback_csv" <<'EOF'
import csv, math, statistics, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["status"] == "ok" and r["round"] != "0"]
label = {"jloadgen": "jloadgen -> jloadgen server", "iperf2": "iperf 2 -> iperf -s",
         "jloadgen-iperf2srv": "jloadgen -> iperf -s", "jloadgen-busypoll": "jloadgen --busy-poll -> jloadgen"}
by = {t: {r["round"]: r for r in rows if r["tool"] == t} for t in label}

def med(xs):
    xs = [x for x in xs if not math.isnan(x)]
    return statistics.median(xs) if xs else float("nan")

def col(t, c):
    return [float(r[c]) for r in by[t].values()]

def ratios(a, ca, b, cb):
    return [float(by[a][r][ca]) / float(by[b][r][cb]) for r in by[a] if r in by[b] and float(by[b][r][cb]) > 0]

print("bounceback: 1 connection, 100-byte requests back to back; medians over rounds")
print(f"  {'client -> server':<34} {'n':>2} {'trans/s':>9} {'p50 us':>8} {'mean us':>8} {'CPU us/trans':>13}")
for t, name in label.items():
    print(f"  {name:<34} {len(by[t]):>2} {med(col(t, 'trans_per_s')):>9.0f} {med(col(t, 'p50_us')):>8.1f} "
          f"{med(col(t, 'mean_us')):>8.1f} {med(col(t, 'cpu_us_per_trans')):>13.1f}")
print("  (iperf 2.1.8 reports no p50; CPU is system-wide, both ends, per transaction)")
checks = [("transactions/s, jloadgen / iperf 2", "jloadgen", "trans_per_s", "iperf2", "trans_per_s", ">="),
          ("mean RTT, jloadgen / iperf 2", "jloadgen", "mean_us", "iperf2", "mean_us", "<="),
          ("p50 RTT jloadgen / mean RTT iperf 2", "jloadgen", "p50_us", "iperf2", "mean_us", "<="),
          ("p50 RTT, jloadgen server / iperf -s (jloadgen's client)", "jloadgen", "p50_us",
           "jloadgen-iperf2srv", "p50_us", "<="),
          ("with --busy-poll: transactions/s, jloadgen / iperf 2", "jloadgen-busypoll", "trans_per_s", "iperf2",
           "trans_per_s", ">="),
          ("with --busy-poll: p50 RTT jloadgen / mean RTT iperf 2", "jloadgen-busypoll", "p50_us", "iperf2", "mean_us",
           "<=")]
print("  medians of per-round ratios:")
for name, a, ca, b, cb, op in checks:
    rs = ratios(a, ca, b, cb)
    if not rs:
        print(f"    {name:<57} -      FAIL (no pairs)")
        continue
    m = statistics.median(rs)
    verdict = "PASS" if (m >= 1 if op == ">=" else m <= 1) else "FAIL"
    # how many rounds were on the goal's side: a median near 1.00 with half the rounds each way is noise
    ok = sum(1 for r in rs if (r >= 1 if op == ">=" else r <= 1))
    print(f"    {name:<57} {m:5.2f}x (range {min(rs):.2f}-{max(rs):.2f}, {ok}/{len(rs)} rounds {op} 1)  {verdict} ({op} 1.00)")
EOF
fi
echo
echo "per-run figures: $runs_csv, $bounceback_csv"
