package org.covidmtl.volume.io.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeFormatException;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.volume.io.Geometry;
import org.covidmtl.volume.io.IoUtil;
import org.covidmtl.volume.io.Limits;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;

/**
 * Reads a CT volume from DICOM: a folder (searched recursively), a single file, or a file list. Files
 * are grouped into studies and series; the CT series is chosen by explicit rules, reported in the
 * description: modality CT; localizer/scout and derived images excluded; ORIGINAL and AXIAL preferred;
 * then most slices. Slices are sorted by ImagePositionPatient · normal, the slice spacing comes from
 * positions (not SliceThickness); duplicates, missing slices and non-uniform spacing are typed errors
 * unless {@code allow-gaps=true}, which interpolates onto a uniform grid and reports it. Stored values
 * are converted with Rescale Slope/Intercept to HU; padding and outside-FOV voxels become −1024 HU
 * (reported) unless {@code padding=keep}. A gantry tilt is a typed error. An RTSTRUCT found with the
 * series is rasterised onto the image grid as the mask ({@code rtstruct=false} skips it).
 *
 * <p>Options: {@code allow-gaps}, {@code padding=air|keep}, {@code rtstruct=true|false},
 * {@code roi=<name>}, {@code series=<SeriesInstanceUID>}, {@code modality=CT|any}.
 */
public final class DicomSeriesReader implements VolumeReader {
    public static final String FORMAT = "dicom";
    static final Set<String> OPTIONS = Set.of("allow-gaps", "padding", "rtstruct", "roi", "series", "modality");
    /** HU at or below this are taken as outside the field of view (scanners write −2000, −3024, …). */
    static final double OUTSIDE_FOV_HU = -1500;
    static final String RTSTRUCT_SOP = "1.2.840.10008.5.1.4.1.1.481.3";

    public DicomSeriesReader() {
        Dicom.registerCodecs();
    }

    @Override
    public boolean canRead(Path input) {
        if (Files.isDirectory(input)) {
            try (Stream<Path> s = Files.walk(input, 8)) {
                return s.filter(Files::isRegularFile).limit(2000).anyMatch(DicomSeriesReader::looksLikeDicom);
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return looksLikeDicom(input);
    }

    static boolean looksLikeDicom(Path p) {
        return looksLikeDicom(IoUtil.head(p, 512));
    }

    /** Whether a file whose first (up to) 512 bytes are {@code h} looks like DICOM. */
    static boolean looksLikeDicom(byte[] h) {
        if (h.length >= 132 && h[128] == 'D' && h[129] == 'I' && h[130] == 'C' && h[131] == 'M') {
            // the COVID-MTL compressed format is DICOM-like but not DICOM
            return !org.covidmtl.volume.io.CovidMtlFormat.looksLikeCovidMtl(h);
        }
        // no preamble: a group 0008 element at the start (implicit or explicit VR little endian)
        return h.length >= 8 && h[0] == 0x08 && h[1] == 0x00 && (h[3] == 0x00);
    }

    /** One image frame's header facts. */
    static final class Frame {
        Path file;
        int frame;
        int framesInFile;
        String study = "";
        String series = "";
        String modality = "";
        String sopClass = "";
        String imageType = "";
        String seriesDescription = "";
        String transferSyntax = "";
        int seriesNumber;
        int instance;
        double[] ipp;
        double[] iop;
        double[] pixelSpacing;
        int rows;
        int cols;
        double tilt;
        double sliceThickness;
        double spacingBetween;
        double slope = 1;
        double intercept = 0;
        boolean perFramePosition;
        /** The header read up to Pixel Data, and where that read stopped (reused by the pixel decoder). */
        AttributeList header;
        long headerStop = -1;
        /** The structural walk of the file (what pixel data it holds). */
        DicomPreflight.Facts facts;
    }

    @Override
    public LoadedVolume read(Path input, Map<String, String> options, Progress progress) {
        if (Files.isDirectory(input)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(input)) {
                files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            } catch (IOException e) {
                throw new VolumeFormatException(input.toString(), "cannot list folder: " + e, e);
            }
            if (files.isEmpty()) {
                throw new VolumeFormatException(input.toString(), "empty folder: no files");
            }
            return read(input.toString(), files, options, progress);
        }
        if (!Files.isRegularFile(input)) {
            throw new VolumeFormatException(input.toString(), "no such file or folder");
        }
        return read(input.toString(), List.of(input), options, progress);
    }

    /** Reads from an explicit file list; {@code source} names the input in errors and the result. */
    public LoadedVolume read(String source, List<Path> files, Map<String, String> options, Progress progress) {
        Map<String, String> opt = options == null ? Map.of() : options;
        for (String k : opt.keySet()) {
            if (!OPTIONS.contains(k)) {
                throw new VolumeFormatException(source, "unknown reader option '" + k + "' (known: " + OPTIONS + ")");
            }
        }
        boolean allowGaps = Boolean.parseBoolean(opt.getOrDefault("allow-gaps", "false"));
        String padding = opt.getOrDefault("padding", "air");
        if (!padding.equals("air") && !padding.equals("keep")) {
            throw new VolumeFormatException(source, "option padding must be 'air' or 'keep'");
        }
        List<String> warnings = new ArrayList<>();
        // 1. scan headers
        progress.setProgress(0, "scanning " + files.size() + " files");
        List<Frame> frames = new ArrayList<>();
        List<Path> rtstructs = new ArrayList<>();
        List<String> nonImage = new ArrayList<>();
        List<String> skippedFiles = new ArrayList<>();
        int skipped = 0;
        boolean single = files.size() == 1;
        // headers are read in parallel (many small reads: latency-bound on a cold disk), then taken in file order
        List<ScannedFile> scanned = java.util.stream.IntStream.range(0, files.size()).parallel().mapToObj(f -> {
            progress.checkCanceled();
            return ScannedFile.read(files.get(f));
        }).toList();
        for (int f = 0; f < files.size(); f++) {
            progress.checkCanceled();
            Path p = files.get(f);
            ScannedFile hd = scanned.get(f);
            if (!hd.dicom()) {
                if (single) {
                    throw new VolumeFormatException(p.toString(), "not a DICOM file (no DICM magic, no recognisable data set)");
                }
                skipped++;
                continue;
            }
            if (hd.error() != null) {
                Throwable e = hd.error();
                if (single) {
                    throw new VolumeFormatException(p.toString(), "unreadable DICOM: " + Dicom.describe(e), e);
                }
                skippedFiles.add(p + " (" + Dicom.describe(e) + ")");
                warnings.add("unreadable DICOM file skipped: " + p + " (" + Dicom.describe(e) + ")");
                continue;
            }
            AttributeList l = hd.list();
            long stop = hd.stop();
            String sop = Dicom.str(l, TagFromName.SOPClassUID);
            if (sop.isEmpty()) {
                sop = Dicom.str(l, TagFromName.MediaStorageSOPClassUID);
            }
            if (sop.equals(RTSTRUCT_SOP)) {
                rtstructs.add(p);
                if (single) {
                    throw new VolumeFormatException(p.toString(), "an RTSTRUCT (non-image SOP class " + sop + "), not an image");
                }
                continue;
            }
            if (l.get(TagFromName.Rows) == null || l.get(TagFromName.Columns) == null || (!sop.isEmpty() && SOPClass.isNonImageStorage(sop))) {
                String what = sop.isEmpty() ? "no image pixel module" : "non-image SOP class " + sop;
                if (single) {
                    throw new VolumeFormatException(p.toString(), "not an image: " + what + (l.get(TagFromName.Rows) == null ? " (no Rows/Columns, no pixel data)" : ""));
                }
                nonImage.add(p.getFileName() + " (" + what + ")");
                continue;
            }
            List<Frame> fromFile;
            try {
                fromFile = headerFrames(p, l, hd.facts(), warnings);
            } catch (VolumeFormatException e) {
                if (single) {
                    throw e;
                }
                skippedFiles.add(p + " (" + e.problem() + ")");
                warnings.add("DICOM file skipped: " + p + " (" + e.problem() + ")");
                continue;
            }
            for (Frame fr : fromFile) {
                fr.header = l;
                fr.headerStop = stop;
                fr.facts = hd.facts();
            }
            frames.addAll(fromFile);
            progress.setProgress(0.2 * (f + 1) / files.size(), null);
        }
        if (skipped > 0) {
            warnings.add(skipped + " non-DICOM files skipped");
        }
        if (!nonImage.isEmpty()) {
            warnings.add(nonImage.size() + " non-image DICOM files skipped"
                    + (nonImage.size() <= 5 ? ": " + String.join(", ", nonImage) : ""));
        }
        if (frames.isEmpty()) {
            throw new VolumeFormatException(source, "no DICOM image found (" + files.size() + " files, " + skipped + " not DICOM, "
                    + nonImage.size() + " non-image)");
        }
        // 2. choose a series
        Map<String, List<Frame>> bySeries = new LinkedHashMap<>();
        for (Frame fr : frames) {
            bySeries.computeIfAbsent(fr.study + "|" + fr.series, k -> new ArrayList<>()).add(fr);
        }
        StringBuilder why = new StringBuilder();
        List<Frame> chosen = choose(source, bySeries, opt, why, warnings);
        Frame first = chosen.get(0);
        // 3. decode and assemble
        Progress sub = progress.sub(0.2, 0.95);
        Assembled a = assemble(source, chosen, allowGaps, padding.equals("air"), skippedFiles, warnings, sub);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("study-uid", first.study);
        meta.put("series-uid", first.series);
        meta.put("modality", first.modality);
        meta.put("series-description", first.seriesDescription);
        meta.put("image-type", first.imageType);
        meta.put("slices", Integer.toString(chosen.size()));
        meta.put("transfer-syntaxes", a.transferSyntaxes);
        meta.put("series-count", Integer.toString(bySeries.size()));
        // 4. RTSTRUCT
        Mask mask = null;
        if (!rtstructs.isEmpty() && Boolean.parseBoolean(opt.getOrDefault("rtstruct", "true"))) {
            for (Path rs : rtstructs) {
                RtStruct.Result r = RtStruct.rasterize(rs, a.volume.geometry(), opt.get("roi"));
                if (r.referencesSeries(first.series) || rtstructs.size() == 1) {
                    mask = r.mask();
                    meta.put("rtstruct", rs.toString());
                    meta.put("rtstruct-rois", String.join(",", r.roiNames()));
                    warnings.addAll(r.warnings());
                    break;
                }
            }
        }
        progress.setProgress(1, null);
        return new LoadedVolume(a.volume, mask, source, why.toString(), warnings, meta);
    }

    /**
     * The frames of one file with their header facts: Number of Frames checked against the pixel data the file holds,
     * positions, orientation, pixel spacing and rescale checked (a typed error naming the file when malformed).
     */
    private static List<Frame> headerFrames(Path p, AttributeList l, DicomPreflight.Facts facts, List<String> warnings) {
        String name = p.toString();
        PixelModule pixels = PixelModule.of(name, l, facts);
        int n = pixels.frames();
        Frame base = new Frame();
        base.file = p;
        base.framesInFile = n;
        base.study = Dicom.str(l, TagFromName.StudyInstanceUID);
        base.series = Dicom.str(l, TagFromName.SeriesInstanceUID);
        base.modality = Dicom.str(l, TagFromName.Modality).toUpperCase(Locale.ROOT);
        base.sopClass = Dicom.str(l, TagFromName.SOPClassUID);
        base.imageType = Dicom.all(l, TagFromName.ImageType).toUpperCase(Locale.ROOT);
        base.seriesDescription = Dicom.str(l, TagFromName.SeriesDescription);
        base.transferSyntax = Dicom.str(l, TagFromName.TransferSyntaxUID);
        base.seriesNumber = Dicom.integer(l, TagFromName.SeriesNumber, 0);
        base.instance = Dicom.integer(l, TagFromName.InstanceNumber, 0);
        base.rows = pixels.rows();
        base.cols = pixels.cols();
        base.tilt = Dicom.dbl(l, Tags.GantryDetectorTilt, 0);
        base.sliceThickness = Dicom.dbl(l, TagFromName.SliceThickness, 0);
        base.spacingBetween = Dicom.dbl(l, TagFromName.SpacingBetweenSlices, 0);
        base.ipp = Dicom.vector(name, l, TagFromName.ImagePositionPatient, 3);
        base.iop = Dicom.vector(name, l, TagFromName.ImageOrientationPatient, 6);
        base.pixelSpacing = Dicom.vector(name, l, TagFromName.PixelSpacing, 2);
        base.slope = Dicom.dbl(l, TagFromName.RescaleSlope, 1);
        base.intercept = Dicom.dbl(l, TagFromName.RescaleIntercept, 0);
        AttributeList shared = Dicom.item(l, TagFromName.SharedFunctionalGroupsSequence, 0);
        if (shared != null) {
            applyFunctionalGroups(name, base, shared);
        }
        checkRescale(name, base);
        List<Frame> out = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            Frame fr = copy(base);
            fr.frame = f;
            AttributeList per = Dicom.item(l, TagFromName.PerFrameFunctionalGroupsSequence, f);
            if (per != null) {
                applyFunctionalGroups(name, fr, per);
                checkRescale(name, fr);
            }
            if (n > 1 && !fr.perFramePosition && fr.ipp != null && fr.iop != null) {
                // legacy multi-frame: frames step along the normal by SpacingBetweenSlices (or SliceThickness)
                double step = fr.spacingBetween > 0 ? fr.spacingBetween : fr.sliceThickness;
                if (step > 0) {
                    double[] nrm = Geometry.cross(Arrays.copyOfRange(fr.iop, 0, 3), Arrays.copyOfRange(fr.iop, 3, 6));
                    fr.ipp = new double[] {fr.ipp[0] + f * step * nrm[0], fr.ipp[1] + f * step * nrm[1], fr.ipp[2] + f * step * nrm[2]};
                    if (f == 0) {
                        warnings.add(p.getFileName() + ": multi-frame without per-frame positions; frames placed "
                                + step + " mm apart along the normal");
                    }
                }
            }
            out.add(fr);
        }
        return out;
    }

    /** Rescale slope and intercept must be finite, the slope non-zero. */
    private static void checkRescale(String name, Frame f) {
        if (!Double.isFinite(f.slope) || f.slope == 0 || !Double.isFinite(f.intercept)) {
            throw new VolumeFormatException(name, "rescale slope " + f.slope + ", intercept " + f.intercept + ": not a usable rescale");
        }
    }

    private static void applyFunctionalGroups(String name, Frame fr, AttributeList g) {
        AttributeList pos = Dicom.item(g, TagFromName.PlanePositionSequence, 0);
        double[] ipp = Dicom.vector(name, pos, TagFromName.ImagePositionPatient, 3);
        if (ipp != null) {
            fr.ipp = ipp;
            fr.perFramePosition = true;
        }
        AttributeList ori = Dicom.item(g, TagFromName.PlaneOrientationSequence, 0);
        double[] iop = Dicom.vector(name, ori, TagFromName.ImageOrientationPatient, 6);
        if (iop != null) {
            fr.iop = iop;
        }
        AttributeList pm = Dicom.item(g, TagFromName.PixelMeasuresSequence, 0);
        double[] ps = Dicom.vector(name, pm, TagFromName.PixelSpacing, 2);
        if (ps != null) {
            fr.pixelSpacing = ps;
        }
        if (pm != null) {
            fr.sliceThickness = Dicom.dbl(pm, TagFromName.SliceThickness, fr.sliceThickness);
            fr.spacingBetween = Dicom.dbl(pm, TagFromName.SpacingBetweenSlices, fr.spacingBetween);
        }
        AttributeList pvt = Dicom.item(g, TagFromName.PixelValueTransformationSequence, 0);
        if (pvt != null) {
            fr.slope = Dicom.dbl(pvt, TagFromName.RescaleSlope, fr.slope);
            fr.intercept = Dicom.dbl(pvt, TagFromName.RescaleIntercept, fr.intercept);
        }
        AttributeList ft = Dicom.item(g, TagFromName.CTImageFrameTypeSequence, 0);
        if (ft != null && fr.imageType.isEmpty()) {
            fr.imageType = Dicom.all(ft, TagFromName.FrameType).toUpperCase(Locale.ROOT);
        }
    }

    private static Frame copy(Frame b) {
        Frame f = new Frame();
        f.file = b.file;
        f.framesInFile = b.framesInFile;
        f.study = b.study;
        f.series = b.series;
        f.modality = b.modality;
        f.sopClass = b.sopClass;
        f.imageType = b.imageType;
        f.seriesDescription = b.seriesDescription;
        f.transferSyntax = b.transferSyntax;
        f.seriesNumber = b.seriesNumber;
        f.instance = b.instance;
        f.ipp = b.ipp;
        f.iop = b.iop;
        f.pixelSpacing = b.pixelSpacing;
        f.rows = b.rows;
        f.cols = b.cols;
        f.tilt = b.tilt;
        f.sliceThickness = b.sliceThickness;
        f.spacingBetween = b.spacingBetween;
        f.slope = b.slope;
        f.intercept = b.intercept;
        f.perFramePosition = b.perFramePosition;
        f.header = b.header;
        f.headerStop = b.headerStop;
        f.facts = b.facts;
        return f;
    }

    /** The series-choice rules. */
    static List<Frame> choose(String source, Map<String, List<Frame>> bySeries, Map<String, String> opt, StringBuilder why,
            List<String> warnings) {
        String wanted = opt.get("series");
        if (wanted != null) {
            for (List<Frame> s : bySeries.values()) {
                if (s.get(0).series.equals(wanted)) {
                    why.append("series ").append(wanted).append(" as requested; ").append(describe(s));
                    return s;
                }
            }
            throw new VolumeFormatException(source, "no series with SeriesInstanceUID " + wanted);
        }
        boolean anyModality = "any".equalsIgnoreCase(opt.get("modality"));
        List<String> excluded = new ArrayList<>();
        List<List<Frame>> candidates = new ArrayList<>();
        List<List<Frame>> derived = new ArrayList<>();
        for (List<Frame> s : bySeries.values()) {
            Frame f = s.get(0);
            String it = f.imageType;
            if (it.contains("LOCALIZER") || it.contains("SCOUT")) {
                excluded.add(describe(s) + ": localizer/scout");
            } else if (!anyModality && !f.modality.equals("CT")) {
                excluded.add(describe(s) + ": modality " + (f.modality.isEmpty() ? "missing" : f.modality));
            } else if (it.startsWith("DERIVED")) {
                derived.add(s);
            } else {
                candidates.add(s);
            }
        }
        if (candidates.isEmpty() && !derived.isEmpty()) {
            candidates.addAll(derived);
            warnings.add("only derived series found: using a derived series");
        } else {
            for (List<Frame> s : derived) {
                excluded.add(describe(s) + ": derived");
            }
        }
        if (candidates.isEmpty()) {
            throw new VolumeFormatException(source, "no usable CT series among " + bySeries.size() + " series: "
                    + String.join("; ", excluded) + (anyModality ? "" : " (option modality=any accepts other modalities)"));
        }
        Comparator<List<Frame>> rank = Comparator.<List<Frame>>comparingInt(s -> s.get(0).imageType.startsWith("ORIGINAL") ? 1 : 0)
                .thenComparingInt(s -> isAxial(s.get(0)) ? 1 : 0)
                .thenComparingInt(List::size);
        candidates.sort(rank.reversed());
        List<Frame> best = candidates.get(0);
        why.append("chose ").append(describe(best)).append(" — rules: modality ").append(anyModality ? "any" : "CT")
                .append(", localizer/scout and derived excluded, ORIGINAL then AXIAL preferred, then most slices");
        if (candidates.size() > 1) {
            why.append("; other candidates: ").append(candidates.subList(1, candidates.size()).stream().map(DicomSeriesReader::describe)
                    .collect(Collectors.joining("; ")));
            warnings.add(candidates.size() + " candidate series; chose " + best.get(0).series);
        }
        if (!excluded.isEmpty()) {
            why.append("; excluded: ").append(String.join("; ", excluded));
        }
        return best;
    }

    static boolean isAxial(Frame f) {
        if (f.imageType.contains("AXIAL")) {
            return true;
        }
        if (f.iop == null || f.iop.length != 6) {
            return false;
        }
        double[] n = Geometry.cross(Arrays.copyOfRange(f.iop, 0, 3), Arrays.copyOfRange(f.iop, 3, 6));
        return Math.abs(n[2]) > 0.9;
    }

    static String describe(List<Frame> s) {
        Frame f = s.get(0);
        return "series " + f.series + (f.seriesDescription.isEmpty() ? "" : " '" + f.seriesDescription + "'") + " ("
                + (f.modality.isEmpty() ? "?" : f.modality) + ", " + (f.imageType.isEmpty() ? "no image type" : f.imageType) + ", "
                + s.size() + (s.size() == 1 ? " image" : " images") + ")";
    }

    record Assembled(Volume volume, String transferSyntaxes) {
    }

    /** A slice: its HU are {@code data[offset .. offset + rows·cols)}. */
    record Slice(Frame frame, float[] data, int offset, double dist) {
    }

    /**
     * @param skippedFiles DICOM files of the input that were skipped as unreadable or malformed (named when the series
     *            has gaps: they may be its missing slices)
     */
    static Assembled assemble(String source, List<Frame> series, boolean allowGaps, boolean paddingToAir, List<String> skippedFiles,
            List<String> warnings, Progress progress) {
        Frame f0 = series.get(0);
        for (Frame f : series) {
            if (f.rows != f0.rows || f.cols != f0.cols) {
                throw new VolumeFormatException(source, "mixed series: " + f.file + " is " + f.cols + "x" + f.rows + ", "
                        + f0.file + " is " + f0.cols + "x" + f0.rows);
            }
            if ((f.iop == null) != (f0.iop == null) || (f.iop != null && !close(f.iop, f0.iop, 1e-4))) {
                throw new VolumeFormatException(source, "mixed series: image orientation of " + f.file + " differs from " + f0.file);
            }
            if (f.pixelSpacing != null && f0.pixelSpacing != null && !close(f.pixelSpacing, f0.pixelSpacing, 1e-4)) {
                throw new VolumeFormatException(source, "mixed series: pixel spacing of " + f.file + " differs from " + f0.file);
            }
            if (Math.abs(f.tilt) > 1e-3) {
                throw new VolumeFormatException(f.file.toString(), "gantry tilt " + f.tilt + "° is not supported (non-orthogonal grid)");
            }
        }
        double[] row = {1, 0, 0};
        double[] col = {0, 1, 0};
        if (f0.iop != null && f0.iop.length == 6) {
            row = Arrays.copyOfRange(f0.iop, 0, 3);
            col = Arrays.copyOfRange(f0.iop, 3, 6);
            double nr = Geometry.norm(row);
            double nc = Geometry.norm(col);
            if (nr < 0.5 || nc < 0.5 || Math.abs(Geometry.dot(row, col)) > 1e-3 * nr * nc) {
                throw new VolumeFormatException(source, "image orientation " + Arrays.toString(f0.iop) + " is not orthonormal");
            }
            for (int i = 0; i < 3; i++) {
                row[i] /= nr;
                col[i] /= nc;
            }
        } else {
            warnings.add("no ImageOrientationPatient: axial orientation assumed");
        }
        double[] normal = Geometry.cross(row, col);
        double[] ps = f0.pixelSpacing;
        if (ps == null || ps.length < 2 || !(ps[0] > 0) || !(ps[1] > 0)) {
            warnings.add("no PixelSpacing: 1 mm assumed");
            ps = new double[] {1, 1};
        }
        if (series.size() > 1 && series.stream().anyMatch(f -> f.ipp == null)) {
            throw new VolumeFormatException(source, "slices without ImagePositionPatient cannot be ordered");
        }
        // slice order along the normal comes from the headers, so every frame's HU go straight to their place in
        // one volume array (no per-slice arrays to copy)
        int plane = f0.rows * f0.cols;
        long total = Limits.product(source, "slices × rows × columns", series.size(), f0.rows, f0.cols);
        Limits.checkVoxels(source, total, 4);
        float[] all = new float[(int) total];
        java.util.function.ToDoubleFunction<Frame> position = f -> f.ipp != null ? Geometry.dot(f.ipp, normal) : f.instance;
        List<Frame> ordered = new ArrayList<>(series);
        ordered.sort(Comparator.comparingDouble(position));
        List<Slice> slices = new ArrayList<>();
        Map<Frame, Integer> offsets = new java.util.IdentityHashMap<>();
        for (int k = 0; k < ordered.size(); k++) {
            Frame f = ordered.get(k);
            slices.add(new Slice(f, all, k * plane, position.applyAsDouble(f)));
            offsets.put(f, k * plane);
        }
        // decode all files (each once) and convert their frames to HU, in parallel
        Map<Path, List<Frame>> byFile = new LinkedHashMap<>();
        for (Frame f : series) {
            byFile.computeIfAbsent(f.file, k -> new ArrayList<>()).add(f);
        }
        List<Path> filesToRead = new ArrayList<>(byFile.keySet());
        java.util.Set<String> tss = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicLong paddedCount = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong outsideCount = new java.util.concurrent.atomic.AtomicLong();
        AtomicInteger done = new AtomicInteger();
        Map<HuKey, HuTable> tables = new java.util.concurrent.ConcurrentHashMap<>();
        Map<Path, String> failed = new java.util.concurrent.ConcurrentHashMap<>();
        filesToRead.parallelStream().forEach(p -> {
            progress.checkCanceled();
            if (!allowGaps && !failed.isEmpty()) {
                return; // the series is refused anyway
            }
            List<Frame> framesOfFile = byFile.get(p);
            Frame first = framesOfFile.get(0);
            try {
                PixelDecoder.Decoded d = PixelDecoder.decode(p, first.transferSyntax, first.header, first.headerStop, first.facts);
                if (d.rows() != f0.rows || d.cols() != f0.cols) {
                    throw new VolumeFormatException(p.toString(), "decoded size " + d.cols() + "x" + d.rows() + " differs from the header");
                }
                tss.add(d.transferSyntax());
                for (Frame f : framesOfFile) {
                    long[] counts = toHu(d, f, paddingToAir, all, offsets.get(f), plane, tables);
                    paddedCount.addAndGet(counts[0]);
                    outsideCount.addAndGet(counts[1]);
                }
            } catch (VolumeFormatException e) {
                failed.put(p, e.problem());
            }
            progress.setProgress(0.9 * done.incrementAndGet() / filesToRead.size(), "decoding " + p.getFileName());
        });
        if (!failed.isEmpty()) {
            dropUndecodable(filesToRead, failed, allowGaps, slices, warnings);
        }
        long padded = paddedCount.get();
        long outside = outsideCount.get();
        if (padded > 0) {
            warnings.add(padded + " padding voxels (PixelPaddingValue) set to -1024 HU");
        }
        if (outside > 0) {
            warnings.add(outside + " outside-FOV voxels (<= " + (int) OUTSIDE_FOV_HU + " HU) set to -1024 HU");
        }
        if (series.stream().anyMatch(f -> f.ipp == null)) {
            warnings.add("no ImagePositionPatient: origin 0");
        }
        double[] origin = f0.ipp != null ? slices.get(0).frame().ipp.clone() : new double[3];
        int n = slices.size();
        double dz;
        List<Slice> grid = slices;
        if (n == 1) {
            dz = f0.spacingBetween > 0 ? f0.spacingBetween : (f0.sliceThickness > 0 ? f0.sliceThickness : 1);
            warnings.add("single slice: slice spacing " + dz + " mm from the header");
        } else {
            // in-plane offsets must be zero (else: tilted/sheared acquisition)
            for (Slice s : slices) {
                double[] d = {s.frame().ipp[0] - origin[0], s.frame().ipp[1] - origin[1], s.frame().ipp[2] - origin[2]};
                double along = Geometry.dot(d, normal);
                double perp = Math.sqrt(Math.max(0, Geometry.dot(d, d) - along * along));
                if (perp > 0.05 + 1e-3 * Math.abs(along)) {
                    throw new VolumeFormatException(s.frame().file.toString(), String.format(Locale.ROOT,
                            "slice positions are not along the slice normal (%.3f mm off): gantry tilt or sheared series", perp));
                }
            }
            double[] diffs = new double[n - 1];
            for (int k = 0; k < n - 1; k++) {
                diffs[k] = slices.get(k + 1).dist() - slices.get(k).dist();
                if (diffs[k] < 1e-3) {
                    throw new VolumeFormatException(source, String.format(Locale.ROOT,
                            "duplicate slice position %.3f mm along the normal: %s and %s", slices.get(k).dist(),
                            slices.get(k).frame().file.getFileName() + (slices.get(k).frame().framesInFile > 1 ? "#" + slices.get(k).frame().frame : ""),
                            slices.get(k + 1).frame().file.getFileName() + (slices.get(k + 1).frame().framesInFile > 1 ? "#" + slices.get(k + 1).frame().frame : "")));
                }
            }
            double[] sorted = diffs.clone();
            Arrays.sort(sorted);
            double median = sorted[sorted.length / 2];
            double tol = Math.max(0.01, 0.01 * median);
            double minD = sorted[0];
            double maxD = sorted[sorted.length - 1];
            if (maxD - minD <= tol) {
                dz = (slices.get(n - 1).dist() - slices.get(0).dist()) / (n - 1);
            } else {
                double step = minD;
                boolean multiples = true;
                int missing = 0;
                for (double d : diffs) {
                    double r = d / step;
                    if (Math.abs(r - Math.round(r)) * step > tol) {
                        multiples = false;
                    }
                    missing += (int) Math.round(r) - 1;
                }
                String problem = multiples
                        ? String.format(Locale.ROOT, "missing slices: %d gap(s) in a %.4f mm spacing (largest step %.4f mm)", missing, step, maxD)
                        : String.format(Locale.ROOT, "non-uniform slice spacing: steps from %.4f to %.4f mm", minD, maxD);
                if (!allowGaps) {
                    throw new VolumeFormatException(source, problem + " (option allow-gaps=true interpolates)" + (skippedFiles.isEmpty() ? ""
                            : "; skipped as unreadable: " + skippedFiles.size() + " file(s), the first " + skippedFiles.get(0)));
                }
                double span = slices.get(n - 1).dist() - slices.get(0).dist();
                dz = span / Math.max(1, Math.round(span / step));
                long nz = Math.round(span / dz) + 1;
                if (nz > 16L * n) {
                    throw new VolumeFormatException(source, problem + ": filling the gaps would make " + nz + " slices of " + n
                            + " (not a series with a few gaps)");
                }
                Limits.checkMemory(source, nz * plane, 4 * nz * plane);
                grid = interpolate(slices, dz, plane);
                warnings.add(problem + "; interpolated onto a uniform " + String.format(Locale.ROOT, "%.4f", step) + " mm grid ("
                        + (grid.size() - n) + " slices added)");
            }
        }
        int nz = grid.size();
        float[] vox = all;
        if (grid != slices || !failed.isEmpty()) {
            vox = new float[plane * nz];
            for (int k = 0; k < nz; k++) {
                Slice s = grid.get(k);
                System.arraycopy(s.data(), s.offset(), vox, k * plane, plane);
            }
        }
        double[] dir = {row[0], col[0], normal[0], row[1], col[1], normal[1], row[2], col[2], normal[2]};
        // PixelSpacing is (row spacing = between rows, along j; column spacing = along i)
        VolumeGeometry g;
        try {
            g = new VolumeGeometry(new int[] {f0.cols, f0.rows, nz}, new double[] {ps[1], ps[0], dz}, origin, dir);
        } catch (IllegalArgumentException e) {
            throw new VolumeFormatException(source, "inconsistent geometry: " + e.getMessage(), e);
        }
        if (f0.sliceThickness > 0 && Math.abs(f0.sliceThickness - dz) > 0.01 && n > 1) {
            warnings.add(String.format(Locale.ROOT, "slice spacing from positions %.4f mm differs from SliceThickness %.4f mm", dz, f0.sliceThickness));
        }
        progress.setProgress(1, null);
        return new Assembled(new Volume(g, vox), String.join(",", new java.util.TreeSet<>(tss)));
    }

    /**
     * The series policy for slices that cannot be decoded: refused (a typed error naming the first such file) unless
     * {@code allow-gaps} is set and some slices decoded; then they are dropped, like missing slices, and reported.
     */
    private static void dropUndecodable(List<Path> files, Map<Path, String> failed, boolean allowGaps, List<Slice> slices,
            List<String> warnings) {
        List<Path> bad = files.stream().filter(failed::containsKey).toList();
        Path first = bad.get(0);
        String others = bad.size() > 1 ? " (and " + (bad.size() - 1) + " more slice files cannot be decoded)" : "";
        if (!allowGaps || bad.size() == files.size()) {
            throw new VolumeFormatException(first.toString(), failed.get(first) + others
                    + (allowGaps || files.size() == 1 ? "" : "; option allow-gaps=true drops undecodable slices"));
        }
        slices.removeIf(s -> failed.containsKey(s.frame().file));
        warnings.add(bad.size() + " undecodable slice file(s) dropped: " + bad.stream().limit(5)
                .map(p -> p.getFileName() + " (" + failed.get(p) + ")").collect(Collectors.joining(", ")) + (bad.size() > 5 ? ", …" : ""));
    }

    /** What decides the HU of a stored value: the rescale, the padding range, the outside-FOV rule, the bits. */
    record HuKey(double slope, double intercept, boolean checkPadding, int padLo, int padHi, boolean checkOutside,
            int bitsStored, boolean signed) {
        /** What value v is: 0 a value, 1 padding, 2 outside the field of view. */
        int kind(int v) {
            if (checkPadding && v >= padLo && v <= padHi) {
                return 1;
            }
            return checkOutside && v * slope + intercept <= OUTSIDE_FOV_HU ? 2 : 0;
        }

        /** HU of value v of the given kind: slope·v + intercept, or −1024 for padding and outside the FOV. */
        float hu(int v, int kind) {
            return kind == 0 ? (float) (v * slope + intercept) : -1024f;
        }
    }

    /** HU and kind ({@link HuKey#kind}) of every 16-bit word; built once per distinct {@link HuKey} of a series. */
    record HuTable(float[] hu, byte[] kind) {
        static HuTable of(HuKey k) {
            float[] hu = new float[65536];
            byte[] kind = new byte[65536];
            for (int w = 0; w < 65536; w++) {
                int v = PixelDecoder.stored(w, k.bitsStored(), k.signed());
                kind[w] = (byte) k.kind(v);
                hu[w] = k.hu(v, kind[w]);
            }
            return new HuTable(hu, kind);
        }
    }

    /**
     * Stored values of one frame → HU (slope, intercept); with {@code paddingToAir}, padding values and, for CT,
     * values at or below {@link #OUTSIDE_FOV_HU} become −1024. Returns {padded, outside} counts. Native 16-bit
     * data goes through a lookup table per distinct rescale (one pass, no per-voxel arithmetic).
     */
    static long[] toHu(PixelDecoder.Decoded d, Frame f, boolean paddingToAir, float[] hu, int at, int plane,
            Map<HuKey, HuTable> tables) {
        boolean checkPadding = paddingToAir && d.padding() != null;
        int padLo = 0;
        int padHi = 0;
        if (checkPadding) {
            int a = d.padding();
            int b = d.paddingLimit() == null ? a : d.paddingLimit();
            padLo = Math.min(a, b);
            padHi = Math.max(a, b);
        }
        HuKey key = new HuKey(f.slope, f.intercept, checkPadding, padLo, padHi, paddingToAir && f.modality.equals("CT"),
                d.bitsStored(), d.signed());
        long padded = 0;
        long outside = 0;
        if (d.raw16() != null) {
            HuTable t = tables.computeIfAbsent(key, HuTable::of);
            java.nio.ShortBuffer s = d.raw16();
            int base = f.frame * plane;
            float[] lut = t.hu();
            byte[] kind = t.kind();
            for (int i = 0; i < plane; i++) {
                int w = s.get(base + i) & 0xffff;
                hu[at + i] = lut[w];
                int k = kind[w];
                padded += k & 1;
                outside += k >> 1;
            }
            return new long[] {padded, outside};
        }
        int[] raw = d.frame(f.frame);
        for (int i = 0; i < plane; i++) {
            int v = raw[i];
            int k = key.kind(v);
            hu[at + i] = key.hu(v, k);
            padded += k & 1;
            outside += k >> 1;
        }
        return new long[] {padded, outside};
    }

    /** Linear interpolation of sorted slices onto positions first + k·step. */
    static List<Slice> interpolate(List<Slice> s, double step, int plane) {
        double first = s.get(0).dist();
        double last = s.get(s.size() - 1).dist();
        int nz = (int) Math.round((last - first) / step) + 1;
        List<Slice> out = new ArrayList<>(nz);
        int j = 0;
        for (int k = 0; k < nz; k++) {
            double z = first + k * step;
            while (j < s.size() - 2 && s.get(j + 1).dist() < z - 1e-6) {
                j++;
            }
            Slice a = s.get(j);
            Slice b = s.get(Math.min(j + 1, s.size() - 1));
            double t = b.dist() > a.dist() ? (z - a.dist()) / (b.dist() - a.dist()) : 0;
            t = Math.max(0, Math.min(1, t));
            if (t < 1e-3) {
                out.add(new Slice(a.frame(), a.data(), a.offset(), z));
            } else if (t > 1 - 1e-3) {
                out.add(new Slice(b.frame(), b.data(), b.offset(), z));
            } else {
                float[] h = new float[plane];
                float ta = (float) (1 - t);
                float tb = (float) t;
                for (int i = 0; i < plane; i++) {
                    h[i] = ta * a.data()[a.offset() + i] + tb * b.data()[b.offset() + i];
                }
                out.add(new Slice(a.frame(), h, 0, z));
            }
        }
        return out;
    }

    static boolean close(double[] a, double[] b, double tol) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > tol) {
                return false;
            }
        }
        return true;
    }

    /** True when the attribute list holds a non-empty value for the tag (helper for tests). */
    static boolean has(AttributeList l, com.pixelmed.dicom.AttributeTag t) {
        Attribute a = l.get(t);
        return a != null && a.getVM() > 0;
    }
}
