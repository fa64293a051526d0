"""Compares our decode of the 8-bit baseline JPEG transfer-syntax file (HU, from DumpHu.java) with Pillow's
(libjpeg-turbo) decode of the same frame, and both with the lossless original CTImage.dcm.
Usage: baseline_jpeg_vs_pillow.py OURS.f32 SHARED_DIR"""
import io, sys
import numpy as np
import pydicom
from pydicom.encaps import generate_pixel_data_frame
from PIL import Image

ours = np.fromfile(sys.argv[1], dtype='<f4')
d = sys.argv[2] + '/data/dicom/cornerstone_ct_transfer_syntaxes/'
ds = pydicom.dcmread(d + 'CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm')
frame = next(generate_pixel_data_frame(ds.PixelData))
pil = np.array(Image.open(io.BytesIO(frame))).astype(np.float64)
pil_hu = (pil * float(ds.RescaleSlope) + float(ds.RescaleIntercept)).astype(np.float32).ravel()
ref = pydicom.dcmread(d + 'CTImage.dcm')
ref_hu = (ref.pixel_array.astype(np.float64) * float(ref.RescaleSlope) + float(ref.RescaleIntercept)).ravel()
print('pixels %d; max |ours - Pillow| %.4f HU (%d differ); max error vs lossless: ours %.4f HU, Pillow %.4f HU; '
      'pixels over 64 HU: ours %d, Pillow %d' % (ours.size, np.abs(ours - pil_hu).max(), int((ours != pil_hu).sum()),
      np.abs(ours - ref_hu).max(), np.abs(pil_hu - ref_hu).max(), int((np.abs(ours - ref_hu) > 64).sum()),
      int((np.abs(pil_hu - ref_hu) > 64).sum())))
