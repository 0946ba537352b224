// The hand case shared by model.test.ts and env.test.ts: 3 users, 2 servers (f = [1e10, 2e10]),
// W = 3e6 Hz, N0 = 1e−20 W/Hz, p = 0.5 W, μ = 1e9 bit/s, f_local = 4e8, Δt = 0.2 s, ω1 = ω2 = 1.

// Step 1: actions [1, 1, 2]; N_up = 3 ⇒ w = 1e6, w·N0 = 1e−14.
//   u0: L 2e6, C 1e9, g 6e−14 ⇒ SNR 0.5·6e−14/1e−14 = 3 ⇒ r = 1e6·log2 4 = 2e6 ⇒ t_up = 1 s
//   u1: L 2e6, C 2e9, g 6e−14 ⇒ t_up = 1 s — the same arrival as u0 (tie ⇒ u0 first)
//   u2: L 4e6, C 3e9, g 1.4e−13 ⇒ SNR 7 ⇒ r = 3e6 ⇒ t_up = 4/3 s; forwarded: t_tran = 4e6/1e9 = 0.004 s
export const STEP1 = { actions: [1, 1, 2], taskBits: [2e6, 2e6, 4e6], taskCycles: [1e9, 2e9, 3e9], gain: [6e-14, 6e-14, 1.4e-13] };
// Step 2: actions [0, 2, 2]; N_up = 2 ⇒ w = 1.5e6, w·N0 = 1.5e−14.
//   u0 local: C 1e9 / 4e8 = 2.5 s
//   u1: L 3e6, C 2e9, g 9e−14 ⇒ SNR 3 ⇒ r = 3e6 ⇒ t_up = 1 s, t_tran = 0.003 ⇒ arr 1.003
//   u2: L 1.5e6, C 1e9, g 2.1e−13 ⇒ SNR 7 ⇒ r = 4.5e6 ⇒ t_up = 1/3 s, t_tran = 0.0015 ⇒ arr 0.3348333
//   ⇒ at server 2, u2 is served before u1 (order by arrival, not by index)
export const STEP2 = { actions: [0, 2, 2], taskBits: [1e6, 3e6, 1.5e6], taskCycles: [1e9, 2e9, 1e9], gain: [1e-13, 9e-14, 2.1e-13] };
