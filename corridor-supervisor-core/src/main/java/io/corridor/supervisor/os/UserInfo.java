package io.corridor.supervisor.os;

/** A passwd entry. */
public record UserInfo(String name, int uid, int gid, String home, String shell) {
}
