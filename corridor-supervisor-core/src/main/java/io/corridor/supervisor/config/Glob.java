package io.corridor.supervisor.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Python's {@code glob.glob(pattern)} (non-recursive) for {@code [include] files=}: {@code *}, {@code ?} and
 * {@code [...]} in any path component, hidden names only matched by a pattern starting with a dot, results spelled
 * with the pattern's own directory prefix. Unsorted, like Python; the caller sorts.
 */
final class Glob {
    private Glob() {}

    static List<String> glob(String pattern) {
        List<String> out = new ArrayList<>();
        glob(pattern, false, out);
        return out;
    }

    private static void glob(String pathname, boolean dirsOnly, List<String> out) {
        String[] split = split(pathname);
        String dirname = split[0], basename = split[1];
        if (!hasMagic(pathname)) {
            if (!basename.isEmpty() ? lexists(pathname) : isDir(dirname)) out.add(pathname);
            return;
        }
        if (dirname.isEmpty()) {
            for (String name : glob1(".", basename, dirsOnly)) out.add(name);
            return;
        }
        List<String> dirs = new ArrayList<>();
        if (!dirname.equals(pathname) && hasMagic(dirname)) glob(dirname, true, dirs);
        else dirs.add(dirname);
        for (String dir : dirs) {
            List<String> names = hasMagic(basename) ? glob1(dir, basename, dirsOnly) : glob0(dir, basename);
            for (String name : names) out.add(join(dir, name));
        }
    }

    private static List<String> glob1(String dir, String pattern, boolean dirsOnly) {
        List<String> names = new ArrayList<>();
        Pattern regex = translate(pattern);
        try (Stream<Path> entries = Files.list(Path.of(dir))) {
            entries.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && !pattern.startsWith(".")) return;
                if (dirsOnly && !Files.isDirectory(p)) return;
                if (regex.matcher(name).matches()) names.add(name);
            });
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return names;
    }

    private static List<String> glob0(String dir, String basename) {
        if (basename.isEmpty()) return isDir(dir) ? List.of(basename) : List.of();
        return lexists(join(dir, basename)) ? List.of(basename) : List.of();
    }

    /** {@code os.path.split}: the head loses its trailing slashes unless it is only slashes. */
    private static String[] split(String p) {
        int i = p.lastIndexOf('/') + 1;
        String head = p.substring(0, i), tail = p.substring(i);
        if (!head.isEmpty() && !head.chars().allMatch(c -> c == '/')) head = head.replaceAll("/+$", "");
        return new String[] {head, tail};
    }

    static String join(String dir, String name) {
        if (name.startsWith("/")) return name;
        if (dir.isEmpty() || dir.endsWith("/")) return dir + name;
        return dir + "/" + name;
    }

    private static boolean hasMagic(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    private static boolean lexists(String p) {
        return Files.exists(Path.of(p), LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean isDir(String p) {
        return Files.isDirectory(Path.of(p.isEmpty() ? "." : p));
    }

    /** {@code fnmatch.translate}: a whole-name match, case-sensitive, {@code [!..]} negates, a lone {@code [} is literal. */
    static Pattern translate(String pattern) {
        StringBuilder re = new StringBuilder();
        int i = 0, n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i++);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && pattern.charAt(j) == '!') j++;
                if (j < n && pattern.charAt(j) == ']') j++;
                while (j < n && pattern.charAt(j) != ']') j++;
                if (j >= n) {
                    re.append("\\[");
                } else {
                    String stuff = pattern.substring(i, j);
                    i = j + 1;
                    boolean negate = stuff.startsWith("!");
                    if (negate) stuff = stuff.substring(1);
                    StringBuilder cls = new StringBuilder();
                    for (char s : stuff.toCharArray()) {
                        if (s == '\\' || s == '[' || s == ']' || s == '^' || s == '&') cls.append('\\');
                        cls.append(s);
                    }
                    re.append('[').append(negate ? "^" : "").append(cls).append(']');
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
