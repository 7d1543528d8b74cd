package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/requirements.md stays the catalogue the repository cites: every requirement id written
 * anywhere in the repository ({@code OPT-14}, or a range {@code MAIL-2..5}) is one of its
 * headings, and every test it names exists; the routes, settings and gateway classes it and the
 * glossary name exist too. Reads the files of the repository, not the build.
 */
class RequirementsCatalogueTest {
    /** An id ({@code OPT-14}) or a range of ids ({@code MAIL-2..5}). */
    private static final Pattern TAG = Pattern.compile("\\b([A-Z]{2,6})-(\\d{1,3})(?:\\.\\.(\\d{1,3}))?\\b");
    /** Names of standards written like ids: UTF-8, UCS-2, SHA-256, UTC-4, GSM-7, ISO-8859-1. */
    private static final Set<String> NOT_REQUIREMENTS = Set.of("UTF", "UCS", "SHA", "UTC", "GSM", "ISO");
    /** A requirement of the catalogue: a heading that starts with its id. */
    private static final Pattern HEADING = Pattern.compile("(?m)^#{2,4} ([A-Z]{2,6}-\\d{1,3})\\b");
    /** A test the catalogue names: {@code SendingRulesTest} or {@code SendingRulesTest.flash_format_sends_message_class_zero}. */
    private static final Pattern TEST_NAMED = Pattern.compile("\\b([A-Z][A-Za-z0-9]*[a-z](?:Test|IT))(?:\\.([a-z][A-Za-z0-9_]*))?\\b");
    /** A route file or a setting: {@code routes/accept.yaml}, {@code etc/io.colibri.mail.cfg}. */
    private static final Pattern FILE_NAMED = Pattern.compile("\\b(?:routes|etc)/[A-Za-z0-9._-]+\\.(?:yaml|cfg|xml)\\b");
    /** A gateway class by its package, perhaps with a method: {@code message/Recorder.recordBulk}. */
    private static final Pattern CLASS_NAMED = Pattern.compile("\\b([a-z]+)/([A-Z][A-Za-z0-9]*)(?:\\.([a-z][A-Za-z0-9_]*))?\\b");
    private static final String GATEWAY_SOURCES = "bundles/colibri-gateway/src/main/java/io/colibri/gateway/";
    private static final List<String> DOCUMENTS = List.of("docs/requirements.md", "docs/glossary.md");
    private static final Set<String> NOT_SOURCES = Set.of(".git", "target", "node_modules", ".idea");
    private static final long LARGEST_FILE = 2_000_000;

    private static Path root;
    private static String catalogue;

    @BeforeAll
    static void readCatalogue() throws IOException {
        root = repositoryRoot(Paths.get("").toAbsolutePath());
        catalogue = Files.readString(root.resolve("docs/requirements.md"), StandardCharsets.UTF_8);
    }

    @Test
    void a_tag_cited_in_the_code_is_in_the_catalogue() {
        Set<String> ids = ids(catalogue);
        Map<String, List<String>> missing = new TreeMap<>();
        for (Path file : sourceFiles()) {
            String[] lines = text(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (String tag : tags(lines[i])) {
                    if (!ids.contains(tag)) {
                        missing.computeIfAbsent(tag, t -> new ArrayList<>()).add(root.relativize(file) + ":" + (i + 1));
                    }
                }
            }
        }
        assertThat(missing)
                .as("ids cited in the repository that are no heading of docs/requirements.md (a typo, or a requirement to add there)")
                .isEmpty();
    }

    @Test
    void the_scan_finds_ids_and_ranges_and_leaves_standards_alone() {
        String unknown = "OPT-" + 99; // written whole, this file would cite it
        assertThat(tags("cites " + unknown + ", MAIL-2..4 and HTTP-5; UTF-8, UCS-2, SHA-256, UTC-10, GSM-7, DOM-TOM, 2024-01"))
                .containsExactly(unknown, "MAIL-2", "MAIL-3", "MAIL-4", "HTTP-5");
        assertThat(ids(catalogue)).contains("OPT-14", "MAIL-10", "SCALE-1").doesNotContain(unknown);
    }

    @Test
    void each_requirement_is_one_heading_and_says_where_it_stands() {
        List<String> headings = new ArrayList<>();
        Matcher m = HEADING.matcher(catalogue);
        while (m.find()) {
            headings.add(m.group(1));
        }
        assertThat(headings).hasSizeGreaterThan(50).doesNotHaveDuplicates();
        for (String section : catalogue.split("(?m)^(?=#{2,4} [A-Z]{2,6}-\\d)")) {
            if (HEADING.matcher(section).lookingAt()) {
                assertThat(section).as(section.lines().findFirst().orElseThrow())
                        .containsAnyOf("**Built**", "**Not built**");
            }
        }
    }

    @Test
    void a_test_the_catalogue_names_exists() {
        Map<String, Path> javaFiles = new HashMap<>();
        for (Path file : sourceFiles()) {
            String name = file.getFileName().toString();
            if (name.endsWith(".java")) {
                javaFiles.put(name.substring(0, name.length() - ".java".length()), file);
            }
        }
        Set<String> unknown = new LinkedHashSet<>();
        Matcher m = TEST_NAMED.matcher(catalogue);
        while (m.find()) {
            Path file = javaFiles.get(m.group(1));
            if (file == null) {
                unknown.add(m.group(1));
            } else if (m.group(2) != null && !text(file).contains(" " + m.group(2) + "(")) {
                unknown.add(m.group());
            }
        }
        assertThat(unknown).as("tests named in docs/requirements.md that the repository does not have").isEmpty();
    }

    @Test
    void a_route_setting_or_class_the_documents_name_exists() throws IOException {
        Set<String> unknown = new LinkedHashSet<>();
        for (String document : DOCUMENTS) {
            String text = Files.readString(root.resolve(document), StandardCharsets.UTF_8);
            Matcher file = FILE_NAMED.matcher(text);
            while (file.find()) {
                if (!Files.isRegularFile(root.resolve(file.group()))) {
                    unknown.add(document + ": " + file.group());
                }
            }
            Matcher type = CLASS_NAMED.matcher(text);
            while (type.find()) {
                Path source = root.resolve(GATEWAY_SOURCES + type.group(1) + "/" + type.group(2) + ".java");
                if (!Files.isRegularFile(source) || type.group(3) != null && !text(source).contains(" " + type.group(3) + "(")) {
                    unknown.add(document + ": " + type.group());
                }
            }
        }
        assertThat(unknown).as("files, classes and methods named in the documents that the repository does not have").isEmpty();
    }

    /** The ids a text cites, ranges spelled out: {@code MAIL-2..4} is MAIL-2, MAIL-3, MAIL-4. */
    static List<String> tags(String text) {
        List<String> tags = new ArrayList<>();
        Matcher m = TAG.matcher(text);
        while (m.find()) {
            if (NOT_REQUIREMENTS.contains(m.group(1))) {
                continue;
            }
            int from = Integer.parseInt(m.group(2));
            int to = m.group(3) == null ? from : Integer.parseInt(m.group(3));
            for (int n = from; n <= Math.max(from, to); n++) {
                tags.add(m.group(1) + "-" + n);
            }
        }
        return tags;
    }

    static Set<String> ids(String catalogue) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = HEADING.matcher(catalogue);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The folder holding docs/requirements.md, from the module's folder up. */
    static Path repositoryRoot(Path from) {
        for (Path p = from; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/requirements.md"))) {
                return p;
            }
        }
        throw new IllegalStateException("no docs/requirements.md in " + from + " or above");
    }

    /** Every file of the repository up to 2 MB, build output and version control left out. */
    static List<Path> sourceFiles() {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return NOT_SOURCES.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && attrs.size() <= LARGEST_FILE) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }

    /** The file as text; a binary file (a NUL byte) as nothing. Ids are ASCII: any charset reads them. */
    private static String text(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            for (byte b : bytes) {
                if (b == 0) {
                    return "";
                }
            }
            return new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
