package io.corridor.supervisor.ctl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One client invocation's observable result: exit status, stdout, stderr. */
public record CtlRun(int exitStatus, String out, String err) {

    /** corridorctl in-process. */
    public static CtlRun corridorctl(String stdin, Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e,
                    environment, null);
        }
        return new CtlRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static CtlRun corridorctl(String... args) {
        return corridorctl("", Map.of(), args);
    }

    /** The reference supervisorctl as a child process. */
    public static CtlRun supervisorctlWithInput(Path workDir, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(SupervisordFixture.supervisorctl());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().put("LANG", "C.UTF-8");
        Path outFile = workDir.resolve("ctl.out");
        Path errFile = workDir.resolve("ctl.err");
        Process process = builder.redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
        try {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("supervisorctl " + List.of(args) + " did not finish");
            }
        } finally {
            process.destroyForcibly();
        }
        return new CtlRun(process.exitValue(), java.nio.file.Files.readString(outFile),
                java.nio.file.Files.readString(errFile));
    }

    public static CtlRun supervisorctl(Path workDir, String... args) throws IOException, InterruptedException {
        return supervisorctlWithInput(workDir, "", args);
    }

    /** Removes what legitimately differs between the two clients: uptimes, tracebacks' file/line, program name. */
    public CtlRun normalized() {
        return new CtlRun(exitStatus, normalize(out), normalize(err));
    }

    private static String normalize(String text) {
        return text.replaceAll("uptime \\d+:\\d\\d:\\d\\d", "uptime H:MM:SS")
                .replaceAll("(?m)^(error: <class [^>]*>, .*?): file: .* line: \\d+$", "$1")
                .replaceAll("For help, use \\S+ -h", "For help, use PROGRAM -h");
    }

    @Override
    public String toString() {
        return "exit " + exitStatus + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
