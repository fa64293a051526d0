package org.covidmtl.cohort;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.covidmtl.api.cohort.DataValidationException;

/**
 * A minimal reader of the cell values of an Office Open XML workbook (.xlsx): shared strings, inline strings,
 * numbers and booleans as text; formulas give their cached value. Only the JDK (ZIP + StAX), so the bundle needs
 * no POI. Dates stay serial numbers.
 */
public final class XlsxReader {

    /**
     * One sheet: rows by 1-based row number, each a map of 0-based column index → text.
     *
     * @param name the sheet's name
     * @param rows the rows that have cells
     */
    public record Sheet(String name, TreeMap<Integer, Map<Integer, String>> rows) {
        /** The cells of row {@code r} (1-based), empty if none. */
        public Map<Integer, String> row(int r) {
            return rows.getOrDefault(r, Map.of());
        }
    }

    private XlsxReader() {
    }

    /** Every sheet, in workbook order. */
    public static List<Sheet> read(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> strings = sharedStrings(zip);
            Map<String, String> rels = relationships(zip);
            List<Sheet> sheets = new ArrayList<>();
            XMLStreamReader x = open(zip, "xl/workbook.xml");
            List<String[]> declared = new ArrayList<>();
            while (x.hasNext()) {
                if (x.next() == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("sheet")) {
                    String rid = null;
                    for (int i = 0; i < x.getAttributeCount(); i++) {
                        if (x.getAttributeLocalName(i).equals("id")) {
                            rid = x.getAttributeValue(i);
                        }
                    }
                    declared.add(new String[] { x.getAttributeValue(null, "name"), rid });
                }
            }
            x.close();
            for (String[] d : declared) {
                String target = rels.get(d[1]);
                if (target == null) {
                    throw new DataValidationException(file + " sheet " + d[0], "no relationship " + d[1]);
                }
                String entry = target.startsWith("/") ? target.substring(1) : "xl/" + target;
                sheets.add(new Sheet(d[0], sheet(zip, entry, strings, file + " sheet " + d[0])));
            }
            return sheets;
        } catch (IOException | XMLStreamException e) {
            throw new DataValidationException(file.toString(), "unreadable workbook: " + e.getMessage(), e);
        }
    }

    private static XMLStreamReader open(ZipFile zip, String entry) throws IOException, XMLStreamException {
        ZipEntry e = zip.getEntry(entry);
        if (e == null) {
            throw new IOException("missing part " + entry);
        }
        InputStream in = zip.getInputStream(e);
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f.createXMLStreamReader(in, "UTF-8");
    }

    private static List<String> sharedStrings(ZipFile zip) throws IOException, XMLStreamException {
        List<String> out = new ArrayList<>();
        if (zip.getEntry("xl/sharedStrings.xml") == null) {
            return out;
        }
        XMLStreamReader x = open(zip, "xl/sharedStrings.xml");
        StringBuilder cur = null;
        boolean inRunProps = false;
        while (x.hasNext()) {
            int ev = x.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                switch (x.getLocalName()) {
                case "si" -> cur = new StringBuilder();
                case "rPh" -> inRunProps = true; // phonetic runs are not part of the text
                case "t" -> {
                    if (cur != null && !inRunProps) {
                        cur.append(x.getElementText());
                    }
                }
                default -> {
                }
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                if (x.getLocalName().equals("si") && cur != null) {
                    out.add(cur.toString());
                    cur = null;
                } else if (x.getLocalName().equals("rPh")) {
                    inRunProps = false;
                }
            }
        }
        x.close();
        return out;
    }

    private static Map<String, String> relationships(ZipFile zip) throws IOException, XMLStreamException {
        Map<String, String> out = new HashMap<>();
        XMLStreamReader x = open(zip, "xl/_rels/workbook.xml.rels");
        while (x.hasNext()) {
            if (x.next() == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("Relationship")) {
                out.put(x.getAttributeValue(null, "Id"), x.getAttributeValue(null, "Target"));
            }
        }
        x.close();
        return out;
    }

    private static TreeMap<Integer, Map<Integer, String>> sheet(ZipFile zip, String entry, List<String> strings,
            String where) throws IOException, XMLStreamException {
        TreeMap<Integer, Map<Integer, String>> rows = new TreeMap<>();
        XMLStreamReader x = open(zip, entry);
        int rowNo = 0;
        Map<Integer, String> row = null;
        String ref = null;
        String type = null;
        String value = null;
        int nextCol = 0;
        while (x.hasNext()) {
            int ev = x.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                switch (x.getLocalName()) {
                case "row" -> {
                    String r = x.getAttributeValue(null, "r");
                    rowNo = r == null ? rowNo + 1 : Integer.parseInt(r);
                    row = new LinkedHashMap<>();
                    nextCol = 0;
                }
                case "c" -> {
                    ref = x.getAttributeValue(null, "r");
                    type = x.getAttributeValue(null, "t");
                    value = null;
                }
                case "v" -> value = x.getElementText();
                case "t" -> {
                    if ("inlineStr".equals(type)) {
                        value = (value == null ? "" : value) + x.getElementText();
                    }
                }
                default -> {
                }
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                if (x.getLocalName().equals("c") && row != null) {
                    int col = ref == null ? nextCol : column(ref);
                    nextCol = col + 1;
                    if (value != null) {
                        String text = value;
                        if ("s".equals(type)) {
                            int i = Integer.parseInt(value.trim());
                            if (i < 0 || i >= strings.size()) {
                                throw new DataValidationException(where + " cell " + ref, "shared string " + i
                                        + " out of range");
                            }
                            text = strings.get(i);
                        } else if ("b".equals(type)) {
                            text = value.equals("1") ? "TRUE" : "FALSE";
                        }
                        row.put(col, text);
                    }
                } else if (x.getLocalName().equals("row") && row != null) {
                    if (!row.isEmpty()) {
                        rows.put(rowNo, row);
                    }
                    row = null;
                }
            }
        }
        x.close();
        return rows;
    }

    /** 0-based column of a cell reference such as {@code AB12}. */
    static int column(String ref) {
        int c = 0;
        for (int i = 0; i < ref.length(); i++) {
            char ch = ref.charAt(i);
            if (ch >= 'A' && ch <= 'Z') {
                c = c * 26 + (ch - 'A' + 1);
            } else {
                break;
            }
        }
        return c - 1;
    }
}
