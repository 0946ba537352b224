#!/bin/bash
set -u
cd "$(dirname "$0")/.."
export MECRL_REDIS_PASSWORD=cmp-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
export MECRL_HMAC_KEY="$(head -c 24 /dev/urandom | base64)"
D=/tmp/mecrl-fed-cmp; rm -rf $D; mkdir -p $D/data
redis-server --bind 127.0.0.1 --port 6391 --requirepass "$MECRL_REDIS_PASSWORD" --appendonly yes --dir $D/data --daemonize yes --logfile $D/redis.log
sleep 1
node bin/mecrl.mjs worker --queue redis://127.0.0.1:6391 --concurrency 2 > $D/w1.log 2>&1 & W1=$!
node bin/mecrl.mjs worker --queue redis://127.0.0.1:6391 --concurrency 2 > $D/w2.log 2>&1 & W2=$!
sleep 3
ARGS="smart-community --preset quick --methods pfr-oa,mcf-td3 --seeds 1"
t0=$(date +%s.%N)
node bin/mecrl.mjs federated $ARGS --queue redis://127.0.0.1:6391 --out $D/fed > $D/fed.out 2>&1; echo "federated rc=$?"
t1=$(date +%s.%N)
kill $W1 $W2; wait $W1 $W2 2>/dev/null
node bin/mecrl.mjs run $ARGS --workers 2 --out $D/local > $D/local.out 2>&1; echo "local rc=$?"
t2=$(date +%s.%N)
redis-cli -p 6391 -a "$MECRL_REDIS_PASSWORD" --no-auth-warning shutdown nosave
echo "federated wall $(echo "$t1 - $t0" | bc) s; in-process wall $(echo "$t2 - $t1" | bc) s"
cmp $D/local/metrics.jsonl $D/fed/metrics.jsonl && echo "metrics.jsonl identical"
python3 -c "
import json
a=json.load(open('$D/local/summary.json')); b=json.load(open('$D/fed/summary.json'))
a.pop('wallSeconds',None); b.pop('wallSeconds',None)
print('summary.json', 'identical apart from wallSeconds' if a==b else 'DIFFERENT', [k for k in a if a.get(k)!=b.get(k)])"
tail -5 $D/fed/transport.jsonl 2>/dev/null | cut -c1-200; grep -n -A8 "Transport" $D/fed/REPORT.md | head -14
