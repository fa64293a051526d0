#!/usr/bin/python3
"""Reference values for LaplacianOfGaussianTest (bundles/radiomics): LoG and gradient magnitude of real CT.

SciPy: sigma^2 * sum_d d2/dx_d^2 (G_sigma * I), x in mm, by scipy.ndimage.gaussian_filter (sampled Gaussian
kernels truncated at 8 sigma, mode 'nearest' = the edge value repeated, as ITK's recursive filters assume),
per-axis sigma = sigma / spacing voxels, the per-voxel second derivative divided by spacing^2: the definition
that PyRadiomics' LoG (SimpleITK LaplacianRecursiveGaussianImageFilter, NormalizeAcrossScale) approximates.
Gradient: numpy central differences, edge voxels repeated, per mm.

ITK (optional second argument, the binary built from itk_filters.cxx): the very filters SimpleITK runs for
PyRadiomics, LaplacianRecursiveGaussianImageFilter and GradientMagnitudeImageFilter (ITK 5.2).

Writes, per volume and filter, the whole-image RMS and the values at 30 voxels drawn with a fixed seed.

  apt-get install -y python3-scipy python3-nibabel libinsighttoolkit5-dev   # Debian 12
  L="-l:libITKSmoothing-5.2.so.1 -l:libITKCommon-5.2.so.1 -l:libitkvnl-5.2.so.1 -l:libitkvnl_algo-5.2.so.1 \
     -l:libitksys-5.2.so.1 -l:libITKVNLInstantiation-5.2.so.1 -l:libitkv3p_netlib-5.2.so.1"
  g++ -O2 -std=c++17 -I/usr/include/ITK-5.2 bench/radiomics/itk_filters.cxx -o /tmp/itk_filters -L/usr/lib $L -lpthread
  /usr/bin/python3 bench/radiomics/log_reference.py ../shared /tmp/itk_filters \
      > bundles/radiomics/src/test/resources/log-reference.csv
"""
import os
import subprocess
import sys
import tempfile

import nibabel
import numpy
from scipy import ndimage

CASES = [  # name, file under shared/data, sigmas (mm)
    ("lung", "totalsegmentator/pulmonary_ct_cropped.nii.gz", [1.0, 3.0, 5.0]),
    ("phantom", "ibsi/ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz", [1.0, 3.0, 5.0]),
]
SAMPLES = 30


def scipy_log(image, spacing, sigma):
    sig = [sigma / s for s in spacing]
    out = numpy.zeros(image.shape)
    for d in range(3):
        order = [0, 0, 0]
        order[d] = 2
        out += ndimage.gaussian_filter(image, sig, order=order, mode="nearest", truncate=8.0) / spacing[d] ** 2
    return sigma ** 2 * out


def numpy_gradient(image, spacing):
    p = numpy.pad(image, 1, mode="edge")
    g = [(p[2:, 1:-1, 1:-1] - p[:-2, 1:-1, 1:-1]) / 2 / spacing[0],
         (p[1:-1, 2:, 1:-1] - p[1:-1, :-2, 1:-1]) / 2 / spacing[1],
         (p[1:-1, 1:-1, 2:] - p[1:-1, 1:-1, :-2]) / 2 / spacing[2]]
    return numpy.sqrt(sum(x * x for x in g))


def itk(binary, mode, image32, spacing, sigma):
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "in.raw")
        numpy.ascontiguousarray(image32.T).tofile(raw)  # x fastest
        args = [binary, mode, raw] + [str(n) for n in image32.shape] + [repr(s) for s in spacing] + [repr(sigma)]
        out = subprocess.run(args, check=True, stdout=subprocess.PIPE).stdout
    return numpy.frombuffer(out, dtype=numpy.float64).reshape(image32.shape[::-1]).T


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else "../shared"
    binary = sys.argv[2] if len(sys.argv) > 2 else None
    print("# bench/radiomics/log_reference.py, scipy %s numpy %s, ITK %s; rows: file,name,path or"
          " name,filter,i,j,k,scipy,itk (k = rms: whole-image RMS)"
          % (__import__("scipy").__version__, numpy.__version__, "5.2" if binary else "-"))
    for name, rel, _ in CASES:
        print("file,%s,%s" % (name, rel))
    for name, rel, sigmas in CASES:
        img = nibabel.load(shared + "/data/" + rel)
        image32 = numpy.asarray(img.dataobj, dtype=numpy.float32)
        data = image32.astype(numpy.float64)
        spacing = [float(z) for z in img.header.get_zooms()[:3]]
        rng = numpy.random.default_rng(20240611)
        idx = [rng.integers(0, n, SAMPLES) for n in data.shape]
        filters = [("log-%r" % s, scipy_log(data, spacing, s), "log", s) for s in sigmas]
        filters.append(("gradient", numpy_gradient(data, spacing), "gradient", 0.0))
        for label, f, mode, sigma in filters:
            g = itk(binary, mode, image32, spacing, sigma) if binary else None
            rms = lambda a: "%.7g" % numpy.sqrt(numpy.mean(a * a)) if a is not None else ""
            print("%s,%s,,,rms,%s,%s" % (name, label, rms(f), rms(g)))
            for n in range(SAMPLES):
                i, j, k = int(idx[0][n]), int(idx[1][n]), int(idx[2][n])
                print("%s,%s,%d,%d,%d,%.7g,%s" % (name, label, i, j, k, f[i, j, k],
                                                  "%.9g" % g[i, j, k] if g is not None else ""))


main()
