package io.corridor.supervisor.os;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** /proc parsing and the tree rules, on made-up tables and on this JVM itself. */
class ProcTableTest {

    @Test
    void parsesACommandNameWithSpacesAndParentheses() {
        ProcStat s = ProcStat.parse("4242 (a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 "
                + "123456 1000000 250 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0");
        assertThat(s).isEqualTo(new ProcStat(4242, 'S', 1, 4242, 4242, 7, 3, 123456, 250));
        assertThat(s.cpuTicks()).isEqualTo(10);
    }

    @Test
    void readsThisJvm() {
        ProcStat self = ProcStat.read((int) ProcessHandle.current().pid()).orElseThrow();
        assertThat(self.ppid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(self.rssPages()).isPositive();
        assertThat(ProcTable.snapshot().get(self.pid())).isNotNull();
        assertThat(ProcStat.read(Integer.MAX_VALUE)).isEmpty();
    }

    @Test
    void aTreeHasDescendantsAndTheOrphansStillInItsSessionButNotLaterStrangers() {
        ProcTable t = ProcTable.of(List.of(
                stat(100, 'S', 1, 100, 100, 1000),     // the leader (a managed child)
                stat(101, 'S', 100, 100, 100, 1001),   // its child
                stat(102, 'S', 101, 100, 100, 1002),   // grandchild
                stat(103, 'Z', 100, 100, 100, 1003),   // a zombie child: dead already
                stat(200, 'S', 1, 100, 100, 1004),     // double-forked orphan, same session
                stat(201, 'S', 200, 201, 201, 1005),   // its child that called setsid: found through its parent
                stat(300, 'S', 1, 300, 100, 900),      // same session number but older than the leader: a stranger
                stat(400, 'S', 1, 400, 400, 1006)));   // unrelated
        assertThat(t.descendants(100)).extracting(ProcStat::pid).containsExactly(101, 102);
        assertThat(t.tree(100, 1000)).extracting(ProcStat::pid).containsExactlyInAnyOrder(101, 102, 200, 201);
        assertThat(t.children(100)).extracting(ProcStat::pid).containsExactly(101);
    }

    private static ProcStat stat(int pid, char state, int ppid, int pgrp, int session, long start) {
        return new ProcStat(pid, state, ppid, pgrp, session, 0, 0, start, 1);
    }
}
