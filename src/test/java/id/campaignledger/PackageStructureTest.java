package id.campaignledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the guide, read from the source text: feature packages (the first package
 * below {@code id.campaignledger}) import each other one way only, and no source file is longer
 * than 300 lines unless it is reference data named below.
 */
class PackageStructureTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final Path ROOT = MAIN.resolve("id/campaignledger");
    private static final int MAX_LINES = 300;

    /**
     * Files allowed past the limit, each with why. Reference data (tables of facts rather than
     * logic) may be long; code may not.
     */
    private static final Map<String, String> LONG_FILES_ALLOWED = Map.of();

    /** Any mention of a class of another feature package: an import, a static import or a qualified name. */
    private static final Pattern REFERENCE = Pattern.compile("\\bid\\.campaignledger\\.([a-z][a-z0-9_]*)\\.");
    private static final Pattern COMMENT_OR_STRING = Pattern.compile(
            "//[^\\n]*|/\\*.*?\\*/|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\])'", Pattern.DOTALL);

    @Test
    void featurePackagesImportEachOtherOneWayOnly() {
        Map<String, Map<String, String>> uses = dependencies();
        assertTrue(uses.size() > 10, "the feature packages were found: " + uses.keySet());
        List<String> cycles = cycles(uses);
        assertEquals(List.of(), cycles, "package cycles (each edge names a file that makes it)");
    }

    @Test
    void noSourceFileIsLongerThanThreeHundredLinesExceptReferenceData() {
        Map<String, Long> tooLong = new TreeMap<>();
        Set<String> allowedSeen = new TreeSet<>();
        for (Path file : javaFiles(MAIN)) {
            String name = ROOT.relativize(file).toString().replace('\\', '/');
            long lines = lines(file);
            if (lines <= MAX_LINES) {
                continue;
            }
            if (LONG_FILES_ALLOWED.containsKey(name)) {
                allowedSeen.add(name);
            } else {
                tooLong.put(MAIN.relativize(file).toString(), lines);
            }
        }
        assertEquals(Map.of(), tooLong, "files over " + MAX_LINES + " lines (split them by job)");
        assertEquals(new TreeSet<>(LONG_FILES_ALLOWED.keySet()), allowedSeen,
                "an allowed file that is no longer over the limit leaves the list");
    }

    @Test
    void aCycleIsFoundAndNamedWithItsPath() {
        Map<String, Map<String, String>> uses = new TreeMap<>();
        uses.put("a", Map.of("b", "a/A.java"));
        uses.put("b", Map.of("c", "b/B.java"));
        uses.put("c", Map.of("a", "c/C.java", "d", "c/C2.java"));
        uses.put("d", Map.of());
        assertEquals(List.of("a -> b (a/A.java) -> c (b/B.java) -> a (c/C.java)"), cycles(uses));
        uses.put("c", Map.of("d", "c/C2.java"));
        assertEquals(List.of(), cycles(uses));
    }

    @Test
    void referencesInCommentsAndStringsDoNotCount() {
        String source = """
                package id.campaignledger.a;

                import id.campaignledger.b.B;
                // id.campaignledger.c.C is only mentioned
                /** See {@link id.campaignledger.d.D}. */
                class A {
                    String s = "id.campaignledger.e.E";
                    Object o = new id.campaignledger.f.F();
                }
                """;
        assertEquals(Set.of("b", "f"), referenced(source));
    }

    /** For each feature package: the packages it uses, each with one file that uses it. */
    private static Map<String, Map<String, String>> dependencies() {
        Map<String, Map<String, String>> uses = new TreeMap<>();
        for (Path file : javaFiles(ROOT)) {
            Path relative = ROOT.relativize(file);
            if (relative.getNameCount() < 2) {
                continue; // a class directly in id.campaignledger belongs to no feature
            }
            String feature = relative.getName(0).toString();
            Map<String, String> edges = uses.computeIfAbsent(feature, f -> new TreeMap<>());
            for (String other : referenced(read(file))) {
                if (!other.equals(feature)) {
                    edges.putIfAbsent(other, relative.toString().replace('\\', '/'));
                }
            }
        }
        return uses;
    }

    static Set<String> referenced(String source) {
        String code = COMMENT_OR_STRING.matcher(source).replaceAll(" ");
        code = code.replaceFirst("(?m)^\\s*package\\s+[\\w.]+\\s*;", "");
        Set<String> packages = new TreeSet<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            packages.add(m.group(1));
        }
        return packages;
    }

    /** One cycle per back edge of a depth-first walk, as "a -> b (file) -> ... -> a (file)". */
    static List<String> cycles(Map<String, Map<String, String>> uses) {
        List<String> found = new ArrayList<>();
        Map<String, Integer> state = new TreeMap<>(); // absent: unseen, 1: on the path, 2: done
        for (String start : uses.keySet()) {
            walk(start, uses, state, new LinkedHashMap<>(), found);
        }
        return found;
    }

    private static void walk(String node, Map<String, Map<String, String>> uses, Map<String, Integer> state,
            LinkedHashMap<String, String> path, List<String> found) {
        if (state.containsKey(node)) {
            return;
        }
        state.put(node, 1);
        path.put(node, null);
        for (Map.Entry<String, String> edge : uses.getOrDefault(node, Map.of()).entrySet()) {
            String next = edge.getKey();
            path.put(node, edge.getValue());
            if (Integer.valueOf(1).equals(state.get(next))) {
                found.add(describe(path, next));
            } else {
                walk(next, uses, state, path, found);
            }
        }
        path.remove(node);
        state.put(node, 2);
    }

    private static String describe(LinkedHashMap<String, String> path, String back) {
        StringBuilder s = new StringBuilder(back);
        boolean inCycle = false;
        for (Map.Entry<String, String> step : path.entrySet()) {
            inCycle |= step.getKey().equals(back);
            if (!inCycle) {
                continue;
            }
            String to = nextAfter(path, step.getKey(), back);
            s.append(" -> ").append(to).append(" (").append(step.getValue()).append(')');
        }
        return s.toString();
    }

    private static String nextAfter(LinkedHashMap<String, String> path, String key, String back) {
        boolean take = false;
        for (String k : path.keySet()) {
            if (take) {
                return k;
            }
            take = k.equals(key);
        }
        return back;
    }

    private static List<Path> javaFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
