#!/bin/bash
# 2-worker sweep through Redis vs the in-process run (issue 18), same machine, same command.
set -u
cd "$(dirname "$0")/.."
export MECRL_REDIS_PASSWORD=cmp-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
export MECRL_HMAC_KEY="$(head -c 24 /dev/urandom | base64)"
D=/tmp/mecrl-redis-cmp; rm -rf $D; mkdir -p $D/data
redis-server --bind 127.0.0.1 --port 6390 --requirepass "$MECRL_REDIS_PASSWORD" --appendonly yes --dir $D/data --daemonize yes --logfile $D/redis.log
sleep 1
ARGS="small-cell --preset beta-sweep --seeds 1,2 --set train.episodes=50"
node bin/mecrl.mjs worker --queue redis://127.0.0.1:6390 --concurrency 1 > $D/w1.log 2>&1 &
W1=$!
node bin/mecrl.mjs worker --queue redis://127.0.0.1:6390 --concurrency 1 > $D/w2.log 2>&1 &
W2=$!
sleep 3
t0=$(date +%s.%N)
node bin/mecrl.mjs run $ARGS --queue redis://127.0.0.1:6390 --out $D/redis > $D/redis.out 2>&1; echo "redis rc=$?"
t1=$(date +%s.%N)
kill $W1 $W2; wait $W1 $W2 2>/dev/null
node bin/mecrl.mjs run $ARGS --workers 2 --out $D/local > $D/local.out 2>&1; echo "local rc=$?"
t2=$(date +%s.%N)
redis-cli -p 6390 -a "$MECRL_REDIS_PASSWORD" --no-auth-warning shutdown nosave
echo "redis wall $(echo "$t1 - $t0" | bc) s; in-process wall $(echo "$t2 - $t1" | bc) s"
for v in $(ls $D/local | grep env.beta); do
  cmp $D/local/$v/metrics.jsonl $D/redis/$v/metrics.jsonl && echo "$v metrics.jsonl identical"
  python3 -c "
import json,sys
a=json.load(open('$D/local/$v/summary.json')); b=json.load(open('$D/redis/$v/summary.json'))
a.pop('wallSeconds',None); b.pop('wallSeconds',None)
print('$v summary.json', 'identical apart from wallSeconds' if a==b else 'DIFFERENT')"
done
