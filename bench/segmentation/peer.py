#!/usr/bin/env python3
"""scikit-image/scipy peer of the reference's LungSegmentation.py, on the same NIfTI volume as Bench.java.

classical: HU+1024 scale (negatives 0), air = value < 604 (-420 HU); clear_border per axial slice;
3-D labels, 26-connectivity; largest component; holes filled per slice.
refined (the paper's Algorithm 1): per slice, < 2 regions or < 15000 px -> closing disk(5); else the
largest region and the union of the others each get a seed (find_contours at 0.8 of closing disk(10)),
active_contour(alpha 0.02, beta 20, gamma 0.01, w_line 0, w_edge 1, max_px_move 1, 20 iterations,
convergence 0.1, periodic) on the slice with non-lung = 0 (int16 / 32767 as img_as_float), vertices
truncated, polygon filled; union with the mask; 2 largest regions, each eroded disk(2), closed disk(10).

--snake-slices N caps the refinement: every slice that needs only a closing is processed, but only N
evenly spaced active-contour slices are; their time is extrapolated to all of them (printed as such).
"""
import argparse
import resource
import time

import nibabel as nib
import numpy as np
from scipy import ndimage as ndi
from skimage import measure, morphology
from skimage.draw import polygon
from skimage.segmentation import active_contour, clear_border


def classical(vol):
    binary = vol < 604
    for k in range(binary.shape[0]):
        binary[k] = clear_border(binary[k])
    labels = measure.label(binary, connectivity=3)
    counts = np.bincount(labels.ravel())
    counts[0] = 0
    mask = labels == counts.argmax()
    for k in range(mask.shape[0]):
        mask[k] = ndi.binary_fill_holes(mask[k])
    return mask


def needs_snake(m):
    return m.sum() >= 15000 and measure.label(m).max() >= 2


def close_only(m):
    return morphology.binary_closing(m, morphology.disk(5))


def snake_slice(img_slice, m):
    lab = measure.label(m)
    sizes = np.bincount(lab.ravel())
    sizes[0] = 0
    a = lab == sizes.argmax()
    b = m & ~a
    img = np.where(m, img_slice, 0).astype(np.float64) / 32767.0
    out = m.copy()
    for part in (a, b):
        closed = morphology.binary_closing(part, morphology.disk(10))
        contours = measure.find_contours(closed.astype(np.float64), 0.8)
        if not contours:
            continue
        seed = max(contours, key=len)
        snake = active_contour(img, seed, alpha=0.02, beta=20, gamma=0.01, w_line=0, w_edge=1, max_px_move=1,
                               max_num_iter=20, convergence=0.1, boundary_condition='periodic')
        rr, cc = polygon(snake[:, 0].astype(int), snake[:, 1].astype(int), m.shape)
        fill = np.zeros_like(m)
        fill[rr, cc] = True
        out |= ndi.binary_fill_holes(fill)
    lab2 = measure.label(out)
    sizes = np.bincount(lab2.ravel())
    sizes[0] = 0
    result = np.zeros_like(m)
    for l in np.argsort(sizes)[::-1][:2]:
        if sizes[l] == 0:
            continue
        r = morphology.binary_erosion(lab2 == l, morphology.disk(2))
        result |= morphology.binary_closing(r, morphology.disk(10))
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('method', choices=['classical', 'refined'])
    ap.add_argument('nii')
    ap.add_argument('--snake-slices', type=int, default=0, help='0: all; N: time N snake slices and extrapolate')
    a = ap.parse_args()
    img = nib.load(a.nii)
    hu = np.asanyarray(img.dataobj)
    # (x, y, z) -> (z, y, x): axial slices first, as the reference's arrays
    vol = np.clip(np.round(np.transpose(hu, (2, 1, 0))) + 1024, 0, 4095).astype(np.int16)
    c0 = time.process_time()
    t0 = time.perf_counter()
    mask = classical(vol)
    t_classical = time.perf_counter() - t0
    c_classical = time.process_time() - c0
    note = '%d lung voxels' % mask.sum()
    total = t_classical
    cpu = c_classical
    if a.method == 'refined':
        c1 = time.process_time()
        t1 = time.perf_counter()
        snake = [k for k in range(mask.shape[0]) if needs_snake(mask[k])]
        for k in range(mask.shape[0]):
            if k not in snake:
                mask[k] = close_only(mask[k])
        t_close = time.perf_counter() - t1
        c_close = time.process_time() - c1
        chosen = snake
        if a.snake_slices and len(snake) > a.snake_slices:
            chosen = [snake[int(i * len(snake) / a.snake_slices)] for i in range(a.snake_slices)]
        c2 = time.process_time()
        t2 = time.perf_counter()
        for k in chosen:
            mask[k] = snake_slice(vol[k], mask[k])
        t_snake = time.perf_counter() - t2
        c_snake = time.process_time() - c2
        per = t_snake / max(1, len(chosen))
        total = t_classical + t_close + per * len(snake)
        cpu = c_classical + c_close + c_snake / max(1, len(chosen)) * len(snake)
        note = '%d snake slices (2 contours each), %d timed: %.2f s each%s' % (
            len(snake), len(chosen), per, ', extrapolated' if len(chosen) < len(snake) else '')
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    z, y, x = vol.shape
    print('| %s %d×%d×%d | %s | scikit-image peer | %.2f (%.2f) | — | %d | %s |' % (
        a.nii.split('/')[-1], x, y, z, a.method, total, cpu, peak, note))


if __name__ == '__main__':
    main()
