#!/usr/bin/python3
"""PyTorch peer of mecrl's benchmarks (run by bench/peers/run.ts, one process per round).

The workloads are exactly those of shared/bench/reference.cjs (W1-W3) plus W5:
  W1 ddpg-update   actor 60->64 ReLU->40 sigmoid, critic 100->64 ReLU->1, batch 32: critic MSE vs
                   FIXED targets (no target networks in the loss) + Adam(1e-3); actor forward, critic
                   on the actor's output, backward of -mean(Q) into the actor (critic weights get no
                   gradient: `backward(inputs=actor params)`, as the reference skips them) + Adam;
                   Polyak(0.01) of both target nets.
  W2 maddpg-critic 600->64 ReLU->1, batch 32, forward + backward + Adam(1e-3).
  W3 act-latency   actor forward (60->64 ReLU->40 sigmoid), batch 1, under torch.no_grad().
  W5 maddpg-step-paper1  one full MADDPG training step of paper 1 at the paper's sizes: 6 agents,
                   actor 206->64 ReLU->190 sigmoid, centralised critic 2376->64 ReLU->1, batch 32,
                   Adam(1e-3), gamma 0.9, tau 0.01, random fixed batch. Target actions of all agents
                   first (target actors, no grad); then per agent: y = r_i + gamma*Q'_i(s', a') (target
                   critic, no grad), critic MSE + Adam, actor step through the critic (other agents'
                   actions from the batch, critic weights get no gradient) + Adam, Polyak of actor and
                   critic.
Timing protocol = shared/bench/harness.cjs: throughput runs the update in blocks of 10 until >= ms
have elapsed (updates/s); latency is the median of per-call times over N calls (microseconds).

Usage: /usr/bin/python3 torch_workloads.py --dtype f64|f32 [--reps 3] [--ms 400] [--w5-ms 1500]
       [--workloads W1,W2,W3,W5]
Prints one JSON line. Threads: torch.set_num_threads(1) (and the runner sets OMP/OPENBLAS=1).
"""
import argparse
import json
import os
import re
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def now_ms():
    return time.perf_counter_ns() / 1e6


def throughput(fn, ms):
    n = 0
    t0 = now_ms()
    t = t0
    while t - t0 < ms:
        for _ in range(10):
            fn()
        n += 10
        t = now_ms()
    return n / ((t - t0) / 1000)


def latency(fn, calls):
    ts = [0.0] * calls
    pc = time.perf_counter_ns
    for i in range(calls):
        a = pc()
        fn()
        ts[i] = (pc() - a) / 1000
    ts.sort()
    return ts[calls >> 1]


def median(a):
    s = sorted(a)
    n = len(s)
    return s[n >> 1] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def rand(gen, *shape):
    return torch.rand(*shape, generator=gen) * 2 - 1


def mlp(i, h, o, out_act):
    layers = [nn.Linear(i, h), nn.ReLU(), nn.Linear(h, o)]
    if out_act == 'sigmoid':
        layers.append(nn.Sigmoid())
    return nn.Sequential(*layers)


def target_of(net):
    import copy
    t = copy.deepcopy(net)
    for p in t.parameters():
        p.requires_grad_(False)
    return t


@torch.no_grad()
def polyak(tgt_params, src_params, tau):
    # theta' <- tau*theta + (1-tau)*theta', in place (foreach kernels: one dispatch per list).
    torch._foreach_mul_(tgt_params, 1 - tau)
    torch._foreach_add_(tgt_params, src_params, alpha=tau)


def make_w1(seed=1):
    torch.manual_seed(seed)
    B, OBS, ACT, H, tau = 32, 60, 40, 64, 0.01
    actor, critic = mlp(OBS, H, ACT, 'sigmoid'), mlp(OBS + ACT, H, 1, 'none')
    actor_t, critic_t = target_of(actor), target_of(critic)
    a_params, c_params = list(actor.parameters()), list(critic.parameters())
    at_params, ct_params = list(actor_t.parameters()), list(critic_t.parameters())
    a_opt, c_opt = torch.optim.Adam(a_params, lr=1e-3), torch.optim.Adam(c_params, lr=1e-3)
    g = torch.Generator().manual_seed(seed)
    obs, act, y = rand(g, B, OBS), rand(g, B, ACT), rand(g, B, 1)

    def update():
        q = critic(torch.cat([obs, act], 1))
        loss = F.mse_loss(q, y)
        c_opt.zero_grad(set_to_none=True)
        loss.backward()
        c_opt.step()
        a_opt.zero_grad(set_to_none=True)
        actor_loss = -critic(torch.cat([obs, actor(obs)], 1)).mean()
        actor_loss.backward(inputs=a_params)
        a_opt.step()
        polyak(at_params, a_params, tau)
        polyak(ct_params, c_params, tau)
        return loss

    return update


def make_w2(seed=2):
    torch.manual_seed(seed)
    B, IN, H = 32, 600, 64
    critic = mlp(IN, H, 1, 'none')
    opt = torch.optim.Adam(critic.parameters(), lr=1e-3)
    g = torch.Generator().manual_seed(seed)
    x, y = rand(g, B, IN), rand(g, B, 1)

    def update():
        loss = F.mse_loss(critic(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    return update


def make_w3(seed=3):
    torch.manual_seed(seed)
    actor = mlp(60, 64, 40, 'sigmoid')
    g = torch.Generator().manual_seed(seed)
    obs = rand(g, 1, 60)

    def act():
        with torch.no_grad():
            return actor(obs)

    return act


def make_w5(seed=5):
    torch.manual_seed(seed)
    N, OBS, ACT, H, B, gamma, tau = 6, 206, 190, 64, 32, 0.9, 0.01
    O, A = N * OBS, N * ACT  # 1236, 1140; critic input 2376
    agents = []
    for _ in range(N):
        actor, critic = mlp(OBS, H, ACT, 'sigmoid'), mlp(O + A, H, 1, 'none')
        ap, cp = list(actor.parameters()), list(critic.parameters())
        actor_t, critic_t = target_of(actor), target_of(critic)
        agents.append(dict(actor=actor, critic=critic, actor_t=actor_t, critic_t=critic_t, ap=ap, cp=cp,
                           atp=list(actor_t.parameters()), ctp=list(critic_t.parameters()),
                           a_opt=torch.optim.Adam(ap, lr=1e-3), c_opt=torch.optim.Adam(cp, lr=1e-3)))
    g = torch.Generator().manual_seed(seed)
    obs, next_obs = rand(g, B, O), rand(g, B, O)
    act = torch.rand(B, A, generator=g)  # sigmoid actions live in [0, 1]
    reward = rand(g, B, N)
    not_done = torch.ones(B, N)  # paper 1 never terminates (time-limit truncation bootstraps)

    def update():
        with torch.no_grad():
            target_act = torch.cat([agents[j]['actor_t'](next_obs[:, j * OBS:(j + 1) * OBS]) for j in range(N)], 1)
            next_x = torch.cat([next_obs, target_act], 1)
        x = torch.cat([obs, act], 1)
        for i, ag in enumerate(agents):
            with torch.no_grad():
                y = reward[:, i:i + 1] + gamma * not_done[:, i:i + 1] * ag['critic_t'](next_x)
            loss = F.mse_loss(ag['critic'](x), y)
            ag['c_opt'].zero_grad(set_to_none=True)
            loss.backward()
            ag['c_opt'].step()
            ag['a_opt'].zero_grad(set_to_none=True)
            a_i = ag['actor'](obs[:, i * OBS:(i + 1) * OBS])
            joint = torch.cat([obs, act[:, :i * ACT], a_i, act[:, (i + 1) * ACT:]], 1)
            actor_loss = -ag['critic'](joint).mean()
            actor_loss.backward(inputs=ag['ap'])
            ag['a_opt'].step()
            polyak(ag['atp'], ag['ap'], tau)
            polyak(ag['ctp'], ag['cp'], tau)

    return update


def loaded_blas():
    """Paths of the BLAS/LAPACK shared objects actually mapped into this process."""
    out = set()
    try:
        with open('/proc/self/maps') as f:
            for line in f:
                p = line.split()[-1]
                base = os.path.basename(p)
                if p.startswith('/') and ('blas' in base or 'lapack' in base):
                    out.add(os.path.realpath(p))
    except OSError:
        pass
    return sorted(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dtype', choices=['f64', 'f32'], default='f64')
    ap.add_argument('--reps', type=int, default=3)
    ap.add_argument('--ms', type=float, default=400)
    ap.add_argument('--w5-ms', type=float, default=1500)
    ap.add_argument('--workloads', default='W1,W2,W3,W5')
    ap.add_argument('--impl', default='torch')
    args = ap.parse_args()
    if args.reps < 1 or args.ms <= 0 or args.w5_ms <= 0:
        sys.exit('reps must be >= 1 and ms, w5-ms > 0')
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64 if args.dtype == 'f64' else torch.float32)
    wanted = [w for w in args.workloads.split(',') if w]
    makers = {'W1': make_w1, 'W2': make_w2, 'W3': make_w3, 'W5': make_w5}
    for w in wanted:
        if w not in makers:
            sys.exit(f'unknown workload {w}; expected some of {",".join(makers)}')
    fns = {w: makers[w]() for w in wanted}
    # Warm-up, as reference.cjs: 300 ms of each throughput workload, 2000 calls of W3.
    for w in wanted:
        if w == 'W3':
            latency(fns[w], 2000)
        else:
            throughput(fns[w], 300)
    r = {'impl': args.impl, 'dtype': args.dtype}
    for w in wanted:
        r[w] = []
    for _ in range(args.reps):
        for w in wanted:
            if w == 'W3':
                r[w].append(latency(fns[w], 5000))
            else:
                r[w].append(throughput(fns[w], args.w5_ms if w == 'W5' else args.ms))
    for w in wanted:
        r[w + '_med'] = median(r[w])
    r['versions'] = {
        'torch': torch.__version__,
        'python': sys.version.split()[0],
        'threads': torch.get_num_threads(),
        'interopThreads': torch.get_num_interop_threads(),
        'blasLoaded': loaded_blas(),
        'blasInfo': (re.search(r'BLAS_INFO=([^,\s]+)', torch.__config__.show()) or [None, 'unknown'])[1],
        'mkldnn': torch.backends.mkldnn.is_available(),
        'config': torch.__config__.show(),
    }
    print(json.dumps(r))


if __name__ == '__main__':
    main()
