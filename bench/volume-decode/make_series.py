"""Writes a synthetic axial CT series of N slices (default 300) from one real 512x512 slice of the shared
data (cornerstone CTImage.dcm, explicit VR little endian): each slice gets its own SOP Instance UID,
Instance Number and Image Position (1 mm apart, files in shuffled order), and its pixel data rolled by a
few columns so no two slices are identical. Usage: make_series.py SOURCE.dcm OUTDIR [N]"""
import os, random, sys
import numpy as np
import pydicom
from pydicom.uid import generate_uid

src, out = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 300
os.makedirs(out, exist_ok=True)
base = pydicom.dcmread(src)
pixels = base.pixel_array
series = generate_uid()
order = list(range(n))
random.Random(1).shuffle(order)
for k, i in enumerate(order):
    ds = base.copy()
    ds.SeriesInstanceUID = series
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.InstanceNumber = i + 1
    x, y, _ = [float(v) for v in base.ImagePositionPatient]
    ds.ImagePositionPatient = [x, y, float(i)]
    ds.SliceLocation = float(i)
    ds.PixelData = np.roll(pixels, i % 7, axis=1).astype(pixels.dtype).tobytes()
    ds.save_as(os.path.join(out, 'IM%04d.dcm' % k), write_like_original=True)
