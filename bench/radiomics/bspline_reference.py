#!/usr/bin/python3
"""Reference values for BSplineResamplingTest (bundles/radiomics): cubic B-spline resampling of real CT by SciPy.

A 20 x 20 x 10 voxel crop (x 135-154, y 90-109, z 22-31) of the IBSI CT radiomics phantom (0.977 x 0.977 x 3 mm; at the
edge of the GTV, lung and tumour) resampled to 2 mm isotropic on IBSI's grid ("fit to original grid centres": per axis
m = ceil(n s / s') voxels, the grid's centre on the original grid's centre, positions (n - 1 - (m - 1) s'/s) / 2 + j s'/s
in input voxels; here 10 x 10 x 15, and in z the first and last positions lie 1/6 voxel outside the crop) by
scipy.ndimage.map_coordinates(order=3, mode='nearest'): cubic B-spline with SciPy's exact prefilter, the input
extended by its edge values (SciPy pre-pads 12 edge copies per side and filters the padded array).

Writes the crop, the positions per axis, and the 1500 resampled values (double precision).

  apt-get install -y python3-scipy python3-nibabel   # Debian 12: SciPy 1.10.1
  /usr/bin/python3 bench/radiomics/bspline_reference.py ../shared \
      > bundles/radiomics/src/test/resources/bspline-reference.csv
"""
import math
import sys

import nibabel
import numpy
import scipy
from scipy import ndimage

FILE = "ibsi/ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz"
CROP = (135, 90, 22)
SIZE = (20, 20, 10)
TARGET = 2.0


def positions(n, spacing, target):
    m = math.ceil(n * spacing / target - 1e-9)
    ratio = target / spacing
    offset = ((n - 1) - (m - 1) * ratio) / 2
    return [offset + j * ratio for j in range(m)]


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else "../shared"
    img = nibabel.load(shared + "/data/" + FILE)
    data = numpy.asarray(img.dataobj, dtype=numpy.float32).astype(numpy.float64)
    spacing = [float(z) for z in img.header.get_zooms()[:3]]
    x0, y0, z0 = CROP
    crop = data[x0:x0 + SIZE[0], y0:y0 + SIZE[1], z0:z0 + SIZE[2]]
    pos = [positions(SIZE[a], spacing[a], TARGET) for a in range(3)]
    grid = numpy.meshgrid(*pos, indexing="ij")
    out = ndimage.map_coordinates(crop, grid, order=3, mode="nearest", output=numpy.float64)
    print("# bench/radiomics/bspline_reference.py, scipy %s numpy %s; map_coordinates(order=3, mode='nearest')"
          % (scipy.__version__, numpy.__version__))
    print("file,%s" % FILE)
    print("crop,%d,%d,%d,%d,%d,%d" % (x0, y0, z0, SIZE[0], SIZE[1], SIZE[2]))
    print("spacing,%r,%r,%r,%r" % (spacing[0], spacing[1], spacing[2], TARGET))
    for a in range(3):
        print("pos,%d,%s" % (a, ",".join(repr(p) for p in pos[a])))
    for k in range(out.shape[2]):
        for j in range(out.shape[1]):
            for i in range(out.shape[0]):
                print("v,%d,%d,%d,%r" % (i, j, k, float(out[i, j, k])))


if __name__ == "__main__":
    main()
