package io.corridor.supervisor.server;

/** corridor-supervisord's command line (skeleton; the server lands with the control plane). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.err.println("corridor-supervisord: not implemented yet");
        System.exit(2);
    }
}
