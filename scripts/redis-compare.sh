#!/bin/bash
# Runs one command through Redis with two `mecrl worker` processes and again in process, on this
# machine, and compares the results (issue 18; README "Running on several machines"):
#   scripts/redis-compare.sh sweep       small-cell beta-sweep, 2 seeds × 50 episodes (40 jobs)
#   scripts/redis-compare.sh federated   paper 5's pfr-oa and mcf-td3, quick, seed 1 (mecrl federated)
# Needs redis-server, redis-cli and bc. Prints both wall times and whether metrics.jsonl and
# summary.json (wall times aside) are identical.
set -u
cd "$(dirname "$0")/.."
MODE=${1:-sweep}
export MECRL_REDIS_PASSWORD=cmp-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
export MECRL_HMAC_KEY="$(head -c 24 /dev/urandom | base64)"
PORT=6390
D=/tmp/mecrl-redis-cmp-$MODE; rm -rf "$D"; mkdir -p "$D/data"
redis-server --bind 127.0.0.1 --port $PORT --requirepass "$MECRL_REDIS_PASSWORD" --appendonly yes --dir "$D/data" --daemonize yes --logfile "$D/redis.log"
sleep 1
case "$MODE" in
  sweep)     ARGS="small-cell --preset beta-sweep --seeds 1,2 --set train.episodes=50"; SUBMIT=run; CONC=1 ;;
  federated) ARGS="smart-community --preset quick --methods pfr-oa,mcf-td3 --seeds 1"; SUBMIT=federated; CONC=2 ;;  # 3 communities need >= 3 client slots
  *) echo "usage: $0 sweep|federated" >&2; exit 2 ;;
esac
node bin/mecrl.mjs worker --queue redis://127.0.0.1:$PORT --concurrency $CONC > "$D/w1.log" 2>&1 & W1=$!
node bin/mecrl.mjs worker --queue redis://127.0.0.1:$PORT --concurrency $CONC > "$D/w2.log" 2>&1 & W2=$!
sleep 3
t0=$(date +%s.%N)
node bin/mecrl.mjs $SUBMIT $ARGS --queue redis://127.0.0.1:$PORT --out "$D/redis" > "$D/redis.out" 2>&1; echo "through Redis: exit $?"
t1=$(date +%s.%N)
kill $W1 $W2; wait $W1 $W2 2>/dev/null
node bin/mecrl.mjs run $ARGS --workers 2 --out "$D/local" > "$D/local.out" 2>&1; echo "in process: exit $?"
t2=$(date +%s.%N)
redis-cli -p $PORT -a "$MECRL_REDIS_PASSWORD" --no-auth-warning shutdown nosave
echo "through Redis $(echo "$t1 - $t0" | bc) s; in process $(echo "$t2 - $t1" | bc) s"
for run in $( [ "$MODE" = sweep ] && ls "$D/local" | grep '=' || echo . ); do
  cmp "$D/local/$run/metrics.jsonl" "$D/redis/$run/metrics.jsonl" && echo "$run: metrics.jsonl identical"
  python3 -c "
import json
a=json.load(open('$D/local/$run/summary.json')); b=json.load(open('$D/redis/$run/summary.json'))
a.pop('wallSeconds',None); b.pop('wallSeconds',None)
print('$run: summary.json', 'identical apart from wallSeconds' if a==b else 'DIFFERENT')"
done
