package io.corridor.supervisor.server;

import io.corridor.supervisor.config.SupervisordSettings;
import io.corridor.supervisor.os.Errno;
import io.corridor.supervisor.os.OwnProcess;
import io.corridor.supervisor.os.UserInfo;
import io.corridor.supervisor.os.Users;

import java.util.ArrayList;
import java.util.List;

/**
 * What supervisord does to itself before it opens its log ({@code supervisord.py main}, {@code options.py
 * set_uid_or_exit}, {@code set_rlimits_or_exit}, {@code _daemonize}), with its messages: drop root to
 * {@code [supervisord] user}, raise {@code RLIMIT_NOFILE}/{@code RLIMIT_NPROC} to {@code minfds}/{@code minprocs}
 * or refuse to start, and, when daemonized, {@code chdir} to {@code directory} and set {@code umask}. The messages
 * are logged once the main log exists, criticals first, then the configuration's warnings, then the infos, as
 * supervisord's {@code make_logger} does.
 */
final class StartupSteps {
    static final String RUNNING_AS_ROOT = "Supervisor is running as root.  Privileges were not dropped because no "
            + "user is specified in the config file.  If you intend to run as root, you can set user=root in the "
            + "config file to avoid this message.";

    /** supervisord's {@code usage(msg)}: start-up stops with this message. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    final List<String> criticals = new ArrayList<>();
    final List<String> infos = new ArrayList<>();

    /**
     * @param apply     false in tests: only the messages that need no change to this JVM are produced
     * @param daemonize true for the detached copy of {@code corridor-supervisord} (supervisord's daemon mode)
     */
    static StartupSteps run(SupervisordSettings s, boolean apply, boolean daemonize) throws Refused {
        StartupSteps steps = new StartupSteps();
        if (s.user().isEmpty()) {
            if (Users.currentUid() == 0) steps.criticals.add(RUNNING_AS_ROOT);
        } else if (apply) {
            steps.setUid(s.user().get());
        }
        if (!apply) return steps;
        steps.raise(OwnProcess.RLIMIT_NOFILE, "RLIMIT_NOFILE", s.minfds(), "The minimum number of file descriptors "
                + "required to run this process is %1$d as per the \"minfds\" command-line argument or config file "
                + "setting. The current environment will only allow you to open %2$d file descriptors.  Either "
                + "raise the number of usable file descriptors in your environment (see README.rst) or lower the "
                + "minfds setting in the config file to allow the process to start.");
        steps.raise(OwnProcess.RLIMIT_NPROC, "RLIMIT_NPROC", s.minprocs(), "The minimum number of available "
                + "processes required to run this program is %1$d as per the \"minprocs\" command-line argument or "
                + "config file setting. The current environment will only allow you to open %2$d processes.  Either "
                + "raise the number of usable processes in your environment (see README.rst) or lower the minprocs "
                + "setting in the config file to allow the program to start.");
        if (daemonize) {
            if (s.directory().isPresent()) {
                int rc = OwnProcess.chdir(s.directory().get().toString());
                if (rc != 0) {
                    steps.criticals.add("can't chdir into '" + s.directory().get() + "': " + Errno.name(rc));
                }
            }
            OwnProcess.umask(s.umask());
        }
        return steps;
    }

    private void setUid(String user) throws Refused {
        UserInfo info = Users.lookup(user).orElseThrow(() -> new Refused(user.chars().allMatch(Character::isDigit)
                ? "Can't find uid " + user : "Can't find username '" + user + "'"));
        int current = Users.currentUid();
        if (current != info.uid()) {
            if (current != 0) throw new Refused("Can't drop privilege as nonroot user");
            int rc = OwnProcess.becomeUser(info);
            if (rc != 0) throw new Refused("Could not set user id of effective user: " + Errno.name(rc));
        }
        infos.add("Set uid to user " + info.uid() + " succeeded");
    }

    private void raise(int resource, String name, int min, String refusal) throws Refused {
        OwnProcess.Limit l = OwnProcess.getrlimit(resource);
        long soft = l.soft(), hard = l.hard();
        if (soft == OwnProcess.UNLIMITED || soft >= min) return;
        if (hard != OwnProcess.UNLIMITED && hard < min) hard = min; // only root may raise the hard limit
        if (OwnProcess.setrlimit(resource, new OwnProcess.Limit(min, hard)) != 0) {
            throw new Refused(refusal.formatted(min, hard));
        }
        infos.add("Increased " + name + " limit to " + min);
    }
}
