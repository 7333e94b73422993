package io.corridor.supervisor.ctl;

/** corridorctl's command line (skeleton). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.err.println("corridorctl: not implemented yet");
        System.exit(2);
    }
}
