package io.corridor.supervisor;

/** One entry of a group/all operation's result: {@code status} is SUCCESS with "OK", or the fault and its text. */
public record ActionResult(String name, String group, Fault status, String description) {
    public String namespec() {
        return group.equals(name) ? name : group + ":" + name;
    }
}
