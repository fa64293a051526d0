#!/usr/bin/python3
"""Reference values for HogTest (bundles/radiomics): scikit-image's HOG as the COVID-MTL reference computes it.

The reference (guoqingbao/COVID-MTL, HOGFeatureExtractor.py) reads the cropped, lung-masked volume (HU+1024, 0
outside the lung, 340 x 390 x 390 after CropSave.py), takes the axial slice with the most pixels > 0 (label +
regionprops areas, the first on a tie), frame - min, frame / max, and

    skimage.feature.hog(frame, orientations=32, pixels_per_cell=(16, 16), cells_per_block=(1, 1), block_norm='L1',
                        transform_sqrt=True, feature_vector=True, visualize=False)

(then stores float16 and optionally fits a 100-component PCA over the whole cohort). This script does the same on
TotalSegmentator's example CT (shared/data/totalsegmentator/example_ct_sm.nii.gz, 122 x 101 x 30, 3 mm) and writes
one CSV row per case to stdout: `case,n,slice,scaledSum,values`: the vector length, the chosen z, the sum of the
scaled slice (checks the slice's orientation and selection) and the non-zero features as space-separated
`index:value` (10 significant digits; every other feature is exactly 0).

Cases (HogTest defines the same ones):
  paper       the reference's pipeline and parameters on a lung-masked image (lobes 10..14 of example_seg.nii.gz,
              value clip(HU + 1024, 0, 4095) in the lung, 0 outside; mask = value > 0), the slice as it is (101 x 122)
  paper-390   the same, zero-padded to the reference's 390 x 390 (CropSave.py's rule: start = |n - size| // 2)
  liver-*     the raw HU image, mask = liver (label 5), other parameters, window centre-cropped / padded per axis,
              the slice with the most mask pixels inside the window (or a fixed one)

Run with Debian 12's scikit-image 0.19.3 / numpy 1.24:
  apt-get install -y python3-skimage python3-nibabel
  /usr/bin/python3 bench/radiomics/hog_peer.py ../shared > bundles/radiomics/src/test/resources/hog-reference.csv
"""
import os
import sys

import nibabel
import numpy
import skimage
from skimage import feature as ft
from skimage.measure import label, regionprops

# name, image ('paper' or 'hu'), mask label, orientations, pixels_per_cell, cells_per_block, block_norm,
# transform_sqrt, slice size (rows, cols), fixed slice or None
CASES = [
    ("paper", "paper", 1, 32, (16, 16), (1, 1), "L1", True, (101, 122), None),
    ("paper-390", "paper", 1, 32, (16, 16), (1, 1), "L1", True, (390, 390), None),
    ("liver-l2hys", "hu", 5, 6, (8, 6), (2, 3), "L2-Hys", False, (24, 24), None),
    ("liver-l1sqrt", "hu", 5, 6, (12, 12), (2, 2), "L1-sqrt", True, (24, 130), None),
    ("liver-l2", "hu", 5, 9, (10, 14), (3, 1), "L2", True, (40, 42), 12),
]


def largest_lung_slice(frames):
    """HOGFeatureExtractor.IdxOfLargestLungAreas, as in the reference."""
    lung_areas = 0
    largest = 0
    for i in range(len(frames)):
        areas = [r.area for r in regionprops(label(frames[i] > 0))]
        if lung_areas < numpy.sum(areas):
            lung_areas = numpy.sum(areas)
            largest = i
    return largest


def window(volume, size):
    """Centre crop / zero pad of the last two axes (rows, cols), per axis, start = |n - size| // 2 (CropSave.py)."""
    out = numpy.zeros(volume.shape[:1] + tuple(size), dtype=volume.dtype)
    src = [slice(None)]
    dst = [slice(None)]
    for n, t in zip(volume.shape[1:], size):
        start = abs(n - t) // 2
        if n >= t:
            src.append(slice(start, start + t))
            dst.append(slice(None))
        else:
            src.append(slice(None))
            dst.append(slice(start, start + n))
    out[tuple(dst)] = volume[tuple(src)]
    return out


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else "../shared"
    base = os.path.join(shared, "data", "totalsegmentator")
    # nibabel's array is (i, j, k); the slices as (k, rows = j, cols = i), as the engine reads them
    hu = numpy.asarray(nibabel.load(os.path.join(base, "example_ct_sm.nii.gz")).dataobj).transpose(2, 1, 0)
    seg = numpy.asarray(nibabel.load(os.path.join(base, "example_seg.nii.gz")).dataobj).transpose(2, 1, 0)
    lung = numpy.isin(seg, [10, 11, 12, 13, 14])
    paper = numpy.where(lung, numpy.clip(hu.astype(numpy.int32) + 1024, 0, 4095), 0).astype(numpy.uint16)
    print("# bench/radiomics/hog_peer.py, scikit-image %s, numpy %s" % (skimage.__version__, numpy.__version__))
    print("case,n,slice,scaledSum,values")
    for name, kind, lab, orient, ppc, cpb, norm, sqrt, size, fixed in CASES:
        if kind == "paper":
            frames = window(paper, size)
            idx = largest_lung_slice(frames)
            frame = frames[idx]
            frame = frame - numpy.min(frame)
            frame = frame / numpy.max(frame)
        else:
            frames = window(hu.astype(numpy.float64), size)
            masks = window((seg == lab).astype(numpy.uint8), size)
            counts = masks.reshape(masks.shape[0], -1).sum(axis=1)
            idx = int(numpy.argmax(counts)) if fixed is None else fixed
            frame = frames[idx]
            frame = frame - numpy.min(frame)
            frame = frame / numpy.max(frame)
        features = ft.hog(frame, orientations=orient, pixels_per_cell=ppc, cells_per_block=cpb, block_norm=norm,
                          transform_sqrt=sqrt, feature_vector=True, visualize=False)
        values = " ".join("%d:%.10g" % (i, v) for i, v in enumerate(features) if v != 0)
        print("%s,%d,%d,%r,%s" % (name, features.size, idx, float(numpy.sum(frame)), values))


if __name__ == "__main__":
    main()
