package org.covidmtl.volume.io.dicom;

import com.pixelmed.dicom.AttributeTag;

/** Tags PixelMed's TagFromName lacks (its dictionary knows them). */
final class Tags {
    static final AttributeTag GantryDetectorTilt = new AttributeTag(0x0018, 0x1120);
    static final AttributeTag StructureSetROISequence = new AttributeTag(0x3006, 0x0020);
    static final AttributeTag ROINumber = new AttributeTag(0x3006, 0x0022);
    static final AttributeTag ROIName = new AttributeTag(0x3006, 0x0026);
    static final AttributeTag ROIContourSequence = new AttributeTag(0x3006, 0x0039);
    static final AttributeTag ContourSequence = new AttributeTag(0x3006, 0x0040);
    static final AttributeTag ContourGeometricType = new AttributeTag(0x3006, 0x0042);
    static final AttributeTag ReferencedROINumber = new AttributeTag(0x3006, 0x0084);

    private Tags() {
    }
}
