package no.varde.platform.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import no.varde.streamjobs.detect.DetectCsv;

/**
 * A NAB corpus on disk: {@code data/<category>/<file>.csv} and {@code labels/combined_windows.json}.
 * Only the files named in the labels are loaded (as NAB's scorer does).
 */
public final class NabCorpus {
    private final List<NabFile> files;

    private NabCorpus(List<NabFile> files) {
        this.files = List.copyOf(files);
    }

    public static NabCorpus load(Path root) throws IOException {
        Path labels = root.resolve("labels").resolve("combined_windows.json");
        if (!Files.isRegularFile(labels)) {
            throw new IOException(root + " is not a NAB corpus (no labels/combined_windows.json)");
        }
        JsonNode windows = new ObjectMapper().readTree(labels.toFile());
        Map<String, JsonNode> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = windows.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sorted.put(e.getKey(), e.getValue());
        }
        List<NabFile> files = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
            files.add(read(root.resolve("data").resolve(e.getKey()), e.getKey(), e.getValue()));
        }
        return new NabCorpus(files);
    }

    public List<NabFile> files() {
        return files;
    }

    /** Categories in name order. */
    public List<String> categories() {
        return files.stream().map(NabFile::category).distinct().sorted().toList();
    }

    private static NabFile read(Path csv, String key, JsonNode windowList) throws IOException {
        List<String> stamps = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(csv)) {
            String header = in.readLine();
            if (header == null) {
                throw new IOException(csv + ": empty file");
            }
            String line;
            int row = 1;
            while ((line = in.readLine()) != null) {
                row++;
                if (line.isBlank()) {
                    continue;
                }
                int comma = line.indexOf(',');
                if (comma < 0) {
                    throw new IOException(csv + ":" + row + ": expected timestamp,value");
                }
                stamps.add(line.substring(0, comma).strip());
                values.add(Double.parseDouble(line.substring(comma + 1).strip()));
            }
        }
        Map<String, Integer> index = new HashMap<>();
        long[] millis = new long[stamps.size()];
        double[] v = new double[stamps.size()];
        for (int i = 0; i < stamps.size(); i++) {
            index.putIfAbsent(stamps.get(i), i);
            millis[i] = DetectCsv.parseTime(stamps.get(i));
            v[i] = values.get(i);
        }
        List<int[]> windows = new ArrayList<>();
        for (JsonNode w : windowList) {
            windows.add(new int[] {row(index, w.get(0).asText(), key), row(index, w.get(1).asText(), key)});
        }
        int slash = key.indexOf('/');
        return new NabFile(key, slash < 0 ? "" : key.substring(0, slash), millis, v, windows);
    }

    private static int row(Map<String, Integer> index, String stamp, String key) throws IOException {
        String s = stamp.contains(".") ? stamp.substring(0, stamp.indexOf('.')) : stamp;
        Integer row = index.get(s);
        if (row == null) {
            throw new IOException(key + ": window bound " + stamp + " is not a row of the file");
        }
        return row;
    }
}
