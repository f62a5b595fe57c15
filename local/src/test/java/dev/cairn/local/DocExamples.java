package dev.cairn.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runnable examples of a Markdown document: a fenced code block right after an HTML comment
 * {@code <!-- example: NAME -->}, by name, exactly as a reader copies it.
 */
final class DocExamples {

    record Example(String name, String language, String code) {}

    private static final Pattern EXAMPLE =
            Pattern.compile("<!-- example: ([a-z0-9-]+) -->\\s*\\n```([a-z]+)\\n(.*?)\\n```", Pattern.DOTALL);

    private DocExamples() {}

    static Map<String, Example> read(Path markdown) throws IOException {
        Map<String, Example> examples = new LinkedHashMap<>();
        Matcher m = EXAMPLE.matcher(Files.readString(markdown));
        while (m.find()) {
            if (examples.put(m.group(1), new Example(m.group(1), m.group(2), m.group(3) + "\n")) != null) {
                throw new IllegalStateException(markdown + ": two examples named " + m.group(1));
            }
        }
        return examples;
    }
}
