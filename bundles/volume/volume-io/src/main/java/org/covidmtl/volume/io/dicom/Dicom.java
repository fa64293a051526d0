package org.covidmtl.volume.io.dicom;

import java.io.File;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.VolumeFormatException;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;

/** PixelMed access helpers and explicit ImageIO codec registration (META-INF/services is not seen inside OSGi). */
public final class Dicom {
    private static volatile boolean registered;

    private Dicom() {
    }

    /**
     * Registers the JPEG 2000 (jai-imageio) and lossless JPEG (PixelMed) ImageIO readers, created from
     * this bundle's class loader, in the global registry. Idempotent.
     */
    public static synchronized void registerCodecs() {
        if (registered) {
            return;
        }
        IIORegistry r = IIORegistry.getDefaultInstance();
        register(r, new com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi());
        register(r, new com.pixelmed.imageio.JPEGLosslessImageReaderSpi());
        registered = true;
    }

    private static void register(IIORegistry r, ImageReaderSpi spi) {
        Iterator<ImageReaderSpi> it = r.getServiceProviders(ImageReaderSpi.class, true);
        while (it.hasNext()) {
            if (it.next().getClass().getName().equals(spi.getClass().getName())) {
                return;
            }
        }
        r.registerServiceProvider(spi, ImageReaderSpi.class);
    }

    static String str(AttributeList l, AttributeTag t) {
        return Attribute.getSingleStringValueOrEmptyString(l, t).trim();
    }

    static String all(AttributeList l, AttributeTag t) {
        return Attribute.getDelimitedStringValuesOrEmptyString(l, t).trim();
    }

    static int integer(AttributeList l, AttributeTag t, int dflt) {
        return Attribute.getSingleIntegerValueOrDefault(l, t, dflt);
    }

    static double dbl(AttributeList l, AttributeTag t, double dflt) {
        String s = str(l, t);
        if (s.isEmpty()) {
            return dflt;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** All double values, or null when absent or unparsable. */
    static double[] doubles(AttributeList l, AttributeTag t) {
        if (l == null) {
            return null;
        }
        Attribute a = l.get(t);
        if (a == null || a.getVM() == 0) {
            return null;
        }
        try {
            return a.getDoubleValues();
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * A multi-valued decimal attribute that must hold {@code count} finite values: null when absent or unparsable,
     * a typed error naming the file when it holds another number of values or a non-finite one.
     */
    static double[] vector(String name, AttributeList l, AttributeTag t, int count) {
        double[] v = doubles(l, t);
        if (v == null) {
            return null;
        }
        if (v.length != count) {
            throw new VolumeFormatException(name, t + " " + l.getDictionary().getNameFromTag(t) + " has " + v.length + " values, needs " + count);
        }
        for (double x : v) {
            if (!Double.isFinite(x)) {
                throw new VolumeFormatException(name, t + " " + l.getDictionary().getNameFromTag(t) + " holds " + x);
            }
        }
        return v;
    }

    /** What went wrong, for a message: a typed error's problem, or the throwable's class and message. */
    static String describe(Throwable e) {
        if (e instanceof StageException s) {
            return s.problem();
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** The attribute list of item {@code index} of a sequence, or null. */
    static AttributeList item(AttributeList l, AttributeTag seq, int index) {
        if (l == null) {
            return null;
        }
        Attribute a = l.get(seq);
        if (!(a instanceof SequenceAttribute s) || s.getNumberOfItems() <= index) {
            return null;
        }
        return s.getItem(index).getAttributeList();
    }

    static String name(Path p) {
        return p.toString();
    }

    static File file(Path p) {
        return p.toFile();
    }
}
