#!/bin/sh
# The topology of examples/netns-queue.toml (its hooks call this script; so does the namespace test
# NetnsQueueTest, with its own prefix and subnets). Needs root and iproute2.
#
#   host: jlq-up 10.202.0.1/30
#     <-veth-> router namespace jlq-router (ip_forward=1): up0 10.202.0.2/30, bridge br0 10.202.1.1/24
#       <-veth-> guest namespace jlq-<name>: eth0 <address>/24, default route via 10.202.1.1
#
# Both router egresses, br0 toward the guests and up0 toward the host, are shaped to 100 Mbit/s by tbf,
# whose limit is the queue: a bulk TCP flow fills it in either direction, and every packet behind it (the
# latency probe's, ping's) waits its length. The queue is on the router, not on the host's own veth: there
# it would stay short whatever its limit, because TCP small queues cap what a local socket may have queued
# below it (measured: ~10 ms on a host-side 2 MB tbf, ~145 ms through a router).
#
# usage: netns-queue.sh router LIMIT          remove leftovers of an earlier run, then create the router
#                                             with tbf queues of LIMIT bytes (tc units: 2mb, 32kb)
#        netns-queue.sh guest NAME ADDRESS    create guest namespace jlq-NAME behind the router
#        netns-queue.sh stop-guest NAME       stop what runs in jlq-NAME (bounded), then delete it
#        netns-queue.sh cleanup               remove every jlq-* namespace, the host veth and the route
# environment (defaults in brackets): JLQ_PREFIX [jlq], JLQ_UPLINK [10.202.0] (host .1, router .2),
#        JLQ_LAN [10.202.1] (router .1/24, guests), JLQ_RATE [100mbit], JLQ_BURST [32kb]
set -eu

P=${JLQ_PREFIX:-jlq}
UPLINK=${JLQ_UPLINK:-10.202.0}
LAN=${JLQ_LAN:-10.202.1}
RATE=${JLQ_RATE:-100mbit}
BURST=${JLQ_BURST:-32kb}
R=$P-router

# Kills the processes of namespace $1 (TERM, up to 5 s, then KILL) and deletes it. A namespace lives as long
# as a process is in it, and with it its veth: the next start re-creates both under the same names.
stop_namespace() {
  ip netns pids "$1" 2>/dev/null | xargs -r kill 2>/dev/null || true
  for _ in $(seq 50); do
    [ -z "$(ip netns pids "$1" 2>/dev/null)" ] && break
    sleep 0.1
  done
  ip netns pids "$1" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  ip netns del "$1" 2>/dev/null || true
}

cleanup() {
  for ns in $(ip netns list | awk -v p="$P-" 'index($1, p) == 1 { print $1 }'); do
    stop_namespace "$ns"
  done
  ip link del "$P-up" 2>/dev/null || true
  ip route del "$LAN.0/24" 2>/dev/null || true
}

router() {
  limit=$1
  cleanup
  ip netns add "$R"
  ip link add "$P-up" type veth peer name up0 netns "$R"
  ip addr add "$UPLINK.1/30" dev "$P-up"
  ip link set "$P-up" up
  ip -n "$R" link set lo up
  ip -n "$R" addr add "$UPLINK.2/30" dev up0
  ip -n "$R" link set up0 up
  ip -n "$R" link add br0 type bridge
  ip -n "$R" addr add "$LAN.1/24" dev br0
  ip -n "$R" link set br0 up
  ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1
  ip route replace "$LAN.0/24" via "$UPLINK.2" dev "$P-up"
  for dev in br0 up0; do
    tc -n "$R" qdisc replace dev "$dev" root tbf rate "$RATE" burst "$BURST" limit "$limit"
  done
}

guest() {
  name=$1 address=$2
  stop_namespace "$P-$name"                      # a leftover of a crashed run
  ip -n "$R" link del "g-$name" 2>/dev/null || true
  ip netns add "$P-$name"
  ip -n "$R" link add "g-$name" type veth peer name eth0 netns "$P-$name"
  ip -n "$R" link set "g-$name" master br0 up
  ip -n "$P-$name" link set lo up
  ip -n "$P-$name" addr add "$address/24" dev eth0
  ip -n "$P-$name" link set eth0 up
  ip -n "$P-$name" route add default via "$LAN.1"
}

case "${1:-}" in
  router) [ $# -eq 2 ] || { echo "usage: $0 router LIMIT" >&2; exit 2; }; router "$2" ;;
  guest) [ $# -eq 3 ] || { echo "usage: $0 guest NAME ADDRESS" >&2; exit 2; }; guest "$2" "$3" ;;
  stop-guest) [ $# -eq 2 ] || { echo "usage: $0 stop-guest NAME" >&2; exit 2; }; stop_namespace "$P-$2" ;;
  cleanup) cleanup ;;
  *) echo "usage: $0 router LIMIT | guest NAME ADDRESS | stop-guest NAME | cleanup" >&2; exit 2 ;;
esac
