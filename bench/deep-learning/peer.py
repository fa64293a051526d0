#!/usr/bin/env python3
"""PyTorch peer of bench/deep-learning (Debian python3-torch 1.13, CPU), written for this benchmark.

  peer.py fnn <data dir> <runs>           fnn-mtl: 375-256-128-64-32 trunk, per task ReLU -> Dropout(0.3) -> Linear(32, n),
                                          CE per task combined with random weights (softmax of N(0,1) draws, one per
                                          iteration), SGD(lr 0.005, momentum 0.9, Nesterov, weight decay 5e-5), cosine
                                          LR per epoch to 5e-5, batch 10, 80 epochs, rows reshuffled each epoch, on the
                                          930 training rows of the paper's split (min-max scaled); then predicts the 399
                                          test rows (eval, no_grad, softmax)
  peer.py volume <D> <S> <batch> <warm> <runs> <infer|train|both>
                                          COVID-MTL VOLUME_RADIO as VolumeRadioGraph builds it (SqueezeNet3D trunk with
                                          Shift3D after the stem, radiomic FNN, three heads), random inputs
  peer.py matmul <n> <runs>               torch.mm of float32 n x n, GFLOP/s
Threads: torch.set_num_threads(THREADS env, default 1) and OMP_NUM_THREADS (set by run.sh).
Prints 'RESULT <row> <seconds>' lines (fastest timed run), as Bench.java does.
"""
import csv
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(int(os.environ.get("THREADS", "1")))


def fnn(data, runs):
    ids_train = [l.strip() for l in open(os.path.join(data, "split-seed11-train.txt")) if l.strip()]
    ids_test = [l.strip() for l in open(os.path.join(data, "split-seed11-test.txt")) if l.strip()]
    with open(os.path.join(data, "radiomics.csv")) as f:
        r = csv.reader(f)
        header = next(r)
        feats = {row[0]: [float(v) for v in row[1:]] for row in r}
    with open(os.path.join(data, "cohort.csv")) as f:
        lab = {row["PID"]: [int(row["COVIDCT"]), int(row["COVIDNC"]), int(row["COVIDSeverity"])] for row in csv.DictReader(f)}
    xtr = np.array([feats[i] for i in ids_train], dtype=np.float64)
    xte = np.array([feats[i] for i in ids_test], dtype=np.float64)
    lo, hi = xtr.min(0), xtr.max(0)
    rng = np.where(hi > lo, hi - lo, 1.0)
    x = torch.tensor((xtr - lo) / rng, dtype=torch.float32)
    xt = torch.tensor((xte - lo) / rng, dtype=torch.float32)
    y = torch.tensor([lab[i] for i in ids_train], dtype=torch.long)
    classes = [2, 2, 3]

    class FnnMtl(nn.Module):
        def __init__(self):
            super().__init__()
            self.trunk = nn.Sequential(nn.Linear(x.shape[1], 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                                       nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 32))
            self.heads = nn.ModuleList([nn.Sequential(nn.ReLU(), nn.Dropout(0.3), nn.Linear(32, c)) for c in classes])
            for m in self.modules():
                if isinstance(m, nn.Linear):
                    nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                    nn.init.zeros_(m.bias)

        def forward(self, v):
            t = self.trunk(v)
            return [h(t) for h in self.heads]

    epochs, bs, lr0, lrmin = 80, 10, 0.005, 5e-5
    fits = []
    for run in range(runs):
        torch.manual_seed(run + 1)
        net = FnnMtl()
        opt = torch.optim.SGD(net.parameters(), lr=lr0, momentum=0.9, nesterov=True, weight_decay=5e-5)
        n = x.shape[0]
        t0 = time.perf_counter()
        net.train()
        for e in range(epochs):
            for g in opt.param_groups:
                g["lr"] = lrmin + 0.5 * (lr0 - lrmin) * (1 + math.cos(math.pi * e / epochs))
            perm = torch.randperm(n)
            total = 0.0
            for s in range(0, n, bs):
                idx = perm[s:s + bs]
                out = net(x[idx])
                yb = y[idx]
                w = torch.softmax(torch.randn(3), 0)
                losses = [F.cross_entropy(out[k], yb[:, k]) for k in range(3)]
                loss = sum(w[k] * losses[k] for k in range(3))
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += loss.item()
        fits.append(time.perf_counter() - t0)
        net.eval()
        t0 = time.perf_counter()
        with torch.no_grad():
            p = [torch.softmax(o, 1) for o in net(xt)]
        first = time.perf_counter() - t0
    # inference at steady state, as Bench.java times it: the fastest of 30 forward + softmax passes of the test rows
    times = []
    with torch.no_grad():
        for _ in range(30):
            t0 = time.perf_counter()
            p = [torch.softmax(o, 1) for o in net(xt)]
            times.append(time.perf_counter() - t0)
    pred = min(times)
    print("fnn-mtl PyTorch: first predict after the last fit %.4f s, fastest of 30: %.4f s" % (first, pred))
    print("fnn-mtl PyTorch: %d train rows, fit s: %s; predict %d rows %.4f s; last epoch mean loss %.4f"
          % (n, " ".join("%.2f" % f for f in fits), xt.shape[0], pred, total / math.ceil(n / bs)))
    print("RESULT fnn-train %.3f" % min(fits))
    print("RESULT fnn-infer %.4f" % pred)


class Fire(nn.Module):
    def __init__(self, cin, s, e1, e3, bypass):
        super().__init__()
        self.bypass = bypass
        self.squeeze = nn.Conv3d(cin, s, 1)
        self.squeeze_bn = nn.BatchNorm3d(s, eps=1e-3, momentum=0.01)
        self.expand1x1 = nn.Conv3d(s, e1, 1)
        self.expand1x1_bn = nn.BatchNorm3d(e1, eps=1e-3, momentum=0.01)
        self.expand3x3 = nn.Conv3d(s, e3, 3, padding=1)
        self.expand3x3_bn = nn.BatchNorm3d(e3, eps=1e-3, momentum=0.01)

    def forward(self, x):
        s = F.relu(self.squeeze_bn(self.squeeze(x)))
        out = torch.cat([self.expand1x1_bn(self.expand1x1(s)), self.expand3x3_bn(self.expand3x3(s))], 1)
        if self.bypass:
            out = out + x
        return F.relu(out)


def shift3d(x, chance=0.25, pct=0.2):
    """The reference's Shift3D (wrap-around): per sample with probability 1/int(1/chance), per channel a roll."""
    out = x.clone()
    for n in range(x.shape[0]):
        if random.randint(1, int(1 / chance)) != 1:
            continue
        for c in range(x.shape[1]):
            d = random.randint(0, 2)
            s = random.randint(0, int(pct * x.shape[2 + d]))
            sign = -1 if random.randint(0, 1) else 1
            out[n, c] = torch.roll(x[n, c], sign * s, d)
    return out


class VolumeRadio(nn.Module):
    def __init__(self, radio=375, classes=(2, 2, 3)):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv3d(1, 64, 3, stride=2, padding=1), nn.BatchNorm3d(64, eps=1e-3, momentum=0.01),
                                  nn.ReLU())
        pool = lambda: nn.MaxPool3d(3, 2, 1)
        self.features = nn.Sequential(pool(), Fire(64, 32, 64, 64, False), Fire(128, 32, 64, 64, True), pool(),
                                      Fire(128, 64, 128, 128, False), Fire(256, 64, 128, 128, True), pool(),
                                      Fire(256, 96, 192, 192, False), Fire(384, 96, 192, 192, True), pool(),
                                      Fire(384, 128, 256, 256, False), Fire(512, 128, 256, 256, True))
        self.fnn = nn.Sequential(nn.Linear(radio, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 64),
                                 nn.ReLU(), nn.Linear(64, 32))
        self.cnn_heads = nn.ModuleList([nn.Sequential(nn.Dropout(0.3), nn.Conv3d(512, 32, 1), nn.ReLU(),
                                                      nn.AdaptiveAvgPool3d(1)) for _ in classes])
        self.out = nn.ModuleList([nn.Linear(64, c) for c in classes])

    def forward(self, v, r):
        x = self.stem(v)
        if self.training:
            x = shift3d(x)
        x = self.features(x)
        f = self.fnn(r)
        return [o(F.relu(torch.cat([h(x).flatten(1), f], 1))) for h, o in zip(self.cnn_heads, self.out)]


def forward_gflop(net, v, r):
    """Multiply-adds ×2 of every Conv3d and Linear in one forward (eval mode)."""
    flop = [0]

    def hook(m, i, o):
        if isinstance(m, nn.Conv3d):
            flop[0] += 2 * o.numel() * (m.in_channels // m.groups) * int(np.prod(m.kernel_size))
        else:
            flop[0] += 2 * o.numel() * m.in_features
    hs = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, (nn.Conv3d, nn.Linear))]
    net.eval()
    with torch.no_grad():
        net(v, r)
    for h in hs:
        h.remove()
    return flop[0] / 1e9


def volume(depth, size, batch, warm, runs, what):
    torch.manual_seed(0)
    random.seed(0)
    net = VolumeRadio()
    gen = torch.Generator().manual_seed(61)
    v = torch.randn(batch, 1, depth, size, size, generator=gen)
    r = torch.rand(batch, 375, generator=gen)
    labels = [torch.tensor([i % 2 for i in range(batch)]), torch.tensor([(i + 1) % 2 for i in range(batch)]),
              torch.tensor([i % 3 for i in range(batch)])]
    row = "volume_b%d_%dx%dx%d" % (batch, depth, size, size)
    if os.environ.get("COUNT_FLOP", "1") == "1":
        print("FLOP %s %.2f" % (row, forward_gflop(net, v, r)))
    if what != "train":
        net.eval()
        times = []
        for i in range(warm + runs):
            t0 = time.perf_counter()
            with torch.no_grad():
                net(v, r)
            times.append(time.perf_counter() - t0)
            print("%s infer run %d: %.3f s" % (row, i + 1, times[-1]), flush=True)
        print("RESULT %s infer %.4f" % (row, min(times[warm:])))
    if what != "infer":
        net.train()
        opt = torch.optim.SGD(net.parameters(), lr=0.005, momentum=0.9, nesterov=True, weight_decay=5e-5)
        w = [0.5, 0.3, 0.2]
        times = []
        for i in range(warm + runs):
            t0 = time.perf_counter()
            out = net(v, r)
            loss = sum(w[k] * F.cross_entropy(out[k], labels[k]) for k in range(3))
            opt.zero_grad()
            loss.backward()
            opt.step()
            times.append(time.perf_counter() - t0)
            print("%s train step %d: %.3f s (loss %.4f)" % (row, i + 1, times[-1], loss.item()), flush=True)
        print("RESULT %s train %.4f" % (row, min(times[warm:])))


def convs(depth, size, batch):
    """Every trunk Conv3d of VolumeRadio on its own, as LayerTimes.java times ours: an input of the layer's shape in
    that network, forward, then backward of a random output gradient, the fastest of 12 each (the stem's input needs
    no gradient, the others' do)."""
    d, s = (depth - 1) // 2 + 1, (size - 1) // 2 + 1  # the stem's output (kernel 3, stride 2, padding 1)
    layers = [(1, 64, 3, 2, 1, (depth, size, size))]
    fires = [(64, 32, 64), (128, 32, 64), (128, 64, 128), (256, 64, 128), (256, 96, 192), (384, 96, 192),
             (384, 128, 256), (512, 128, 256)]
    for i, (cin, squeeze, expand) in enumerate(fires):
        if i % 2 == 0:  # a max pool before Fire 1, 4, 7 and 10
            d, s = (d - 1) // 2 + 1, (s - 1) // 2 + 1
        dhw = (d, s, s)
        layers += [(cin, squeeze, 1, 1, 0, dhw), (squeeze, expand, 1, 1, 0, dhw), (squeeze, expand, 3, 1, 1, dhw)]
    total_f = total_b = 0.0
    for cin, cout, k, stride, pad, dhw in layers:
        conv = nn.Conv3d(cin, cout, k, stride=stride, padding=pad)
        x = torch.randn(batch, cin, *dhw, requires_grad=cin != 1)
        bf = bb = float("inf")
        for _ in range(12):
            t0 = time.perf_counter()
            y = conv(x)
            t1 = time.perf_counter()
            g = torch.randn_like(y)
            t2 = time.perf_counter()
            y.backward(g)
            t3 = time.perf_counter()
            conv.zero_grad()
            x.grad = None
            bf, bb = min(bf, t1 - t0), min(bb, t3 - t2)
        total_f, total_b = total_f + bf, total_b + bb
        print("conv %3d->%3d k%d input %s: forward %.2f ms, backward %.2f ms" % (cin, cout, k, dhw, bf * 1e3, bb * 1e3))
    print("TOTAL conv forward %.1f ms, backward %.1f ms" % (total_f * 1e3, total_b * 1e3))


def matmul(n, runs):
    a, b = torch.rand(n, n), torch.rand(n, n)
    torch.mm(a, b)
    best = min(_timed(lambda: torch.mm(a, b)) for _ in range(runs))
    print("RESULT matmul %.2f" % (2.0 * n ** 3 / best / 1e9))


def _timed(f):
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


if __name__ == "__main__":
    a = sys.argv[1:]
    if a[0] == "fnn":
        fnn(a[1], int(a[2]))
    elif a[0] == "volume":
        volume(int(a[1]), int(a[2]), int(a[3]), int(a[4]), int(a[5]), a[6])
    elif a[0] == "convs":
        convs(int(a[1]), int(a[2]), int(a[3]))
    else:
        matmul(int(a[1]), int(a[2]))
