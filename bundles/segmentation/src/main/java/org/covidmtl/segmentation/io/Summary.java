package org.covidmtl.segmentation.io;

import java.util.Locale;

import org.covidmtl.api.segmentation.SegmentationResult;

/**
 * The JSON summary of one segmentation: source, method, description, seconds, each region (label, name,
 * voxels, volume in ml), the total volume, the warnings and the names of the files written beside it.
 */
public final class Summary {
    private Summary() {
    }

    public static String json(String source, String method, double seconds, SegmentationResult r, OutputNames names) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"source\": ").append(quote(source)).append(",\n");
        sb.append("  \"method\": ").append(quote(method)).append(",\n");
        sb.append("  \"description\": ").append(quote(r.description())).append(",\n");
        sb.append("  \"seconds\": ").append(number(seconds)).append(",\n");
        sb.append("  \"regions\": [");
        double total = 0;
        for (int i = 0; i < r.regions().size(); i++) {
            SegmentationResult.Region g = r.regions().get(i);
            total += g.volumeMl();
            sb.append(i == 0 ? "\n" : ",\n");
            sb.append("    {\"label\": ").append(g.label()).append(", \"name\": ").append(quote(g.name()))
                    .append(", \"voxels\": ").append(g.voxels()).append(", \"volume_ml\": ").append(number(g.volumeMl()))
                    .append('}');
        }
        sb.append("\n  ],\n");
        sb.append("  \"total_ml\": ").append(number(total)).append(",\n");
        sb.append("  \"warnings\": [");
        for (int i = 0; i < r.warnings().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(quote(r.warnings().get(i)));
        }
        sb.append("],\n");
        sb.append("  \"mask\": ").append(quote(names.mask().getFileName().toString())).append(",\n");
        sb.append("  \"masked_ct\": ").append(quote(names.maskedCt().getFileName().toString())).append('\n');
        return sb.append("}\n").toString();
    }

    static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "null";
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
