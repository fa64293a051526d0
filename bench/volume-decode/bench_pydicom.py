"""Median wall time (ms) of reading a DICOM file or folder to a HU volume with pydicom + numpy
(sort by ImagePositionPatient along the normal, rescale), the same work as our reader."""
import os, sys, time
import numpy as np
import pydicom

def read(path):
    files = [path] if os.path.isfile(path) else sorted(
        os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs)
    ds = []
    for f in files:
        try:
            x = pydicom.dcmread(f)
        except Exception:
            continue
        if 'PixelData' in x:
            ds.append(x)
    iop = np.array(ds[0].ImageOrientationPatient, dtype=float)
    n = np.cross(iop[:3], iop[3:])
    ds.sort(key=lambda x: float(np.dot(n, np.array(x.ImagePositionPatient, dtype=float))))
    vol = np.stack([x.pixel_array.astype(np.float32) * float(getattr(x, 'RescaleSlope', 1))
                    + float(getattr(x, 'RescaleIntercept', 0)) for x in ds])
    return vol

path, reps = sys.argv[1], int(sys.argv[2])
cold = len(sys.argv) > 3 and sys.argv[3] == 'cold'
for _ in range(2):
    read(path)
t = []
for _ in range(reps):
    if cold:  # drop the page cache before the timed run (needs root)
        os.system('sync; echo 3 > /proc/sys/vm/drop_caches')
    s = time.perf_counter()
    read(path)
    t.append((time.perf_counter() - s) * 1000)
t.sort()
print('%.1f' % t[len(t) // 2])
