package io.corridor.supervisor;

/**
 * One group's outcome of {@link Supervisor#update()}: {@code action} is {@code removed}, {@code updated} or
 * {@code added}; {@code fault} is SUCCESS, or what refused it with its message.
 */
public record GroupUpdate(String group, String action, Fault fault, String message) {
    public boolean ok() {
        return fault == Fault.SUCCESS;
    }
}
