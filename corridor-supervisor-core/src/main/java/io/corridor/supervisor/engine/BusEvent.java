package io.corridor.supervisor.engine;

import io.corridor.supervisor.ProcessState;
import io.corridor.supervisor.config.EventType;
import io.corridor.supervisor.logging.PythonRepr;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * An event for {@code [eventlistener:x]} pools, with its payload in supervisord's text format
 * ({@code supervisor/events.py}). Values are captured when the event is raised, as supervisord renders them eagerly.
 */
sealed interface BusEvent {
    EventType type();

    String payload();

    /** {@code processname:X groupname:G from_state:S} and the type's extra tokens ({@code tries}, {@code pid}, ...). */
    record ProcessStateChanged(EventType type, String processName, String groupName, ProcessState from,
                               String extras) implements BusEvent {
        static ProcessStateChanged of(io.corridor.supervisor.StateChange c) {
            EventType type = EventType.valueOf("PROCESS_STATE_" + c.to().name());
            String extras = switch (c.to()) {
                case STARTING, BACKOFF -> " tries:" + c.tries();
                case EXITED -> " expected:" + (c.expected() ? 1 : 0) + " pid:" + c.pid();
                case RUNNING, STOPPING, STOPPED -> " pid:" + c.pid();
                case FATAL, UNKNOWN -> "";
            };
            return new ProcessStateChanged(type, c.name(), c.group(), c.from(), extras);
        }

        @Override
        public String payload() {
            return "processname:" + processName + " groupname:" + groupName + " from_state:" + from.name() + extras;
        }
    }

    /** PROCESS_LOG_STDOUT/_STDERR: one read of a child's output (needs {@code *_events_enabled=true}). */
    record ProcessLog(EventType type, String processName, String groupName, int pid, byte[] data)
            implements BusEvent {
        @Override
        public String payload() {
            String channel = type == EventType.PROCESS_LOG_STDOUT ? "stdout" : "stderr";
            return "processname:" + processName + " groupname:" + groupName + " pid:" + pid + " channel:" + channel
                    + "\n" + text(data);
        }
    }

    /** PROCESS_COMMUNICATION_STDOUT/_STDERR: what a child wrote between the capture-mode tokens. */
    record ProcessCommunication(EventType type, String processName, String groupName, int pid, byte[] data)
            implements BusEvent {
        @Override
        public String payload() {
            return "processname:" + processName + " groupname:" + groupName + " pid:" + pid + "\n" + text(data);
        }
    }

    /** REMOTE_COMMUNICATION, raised by XML-RPC {@code supervisor.sendRemoteCommEvent(type, data)}. */
    record RemoteCommunication(String kind, String data) implements BusEvent {
        @Override public EventType type() { return EventType.REMOTE_COMMUNICATION; }

        @Override public String payload() { return "type:" + kind + "\n" + data; }
    }

    /** SUPERVISOR_STATE_CHANGE_RUNNING/_STOPPING: an empty payload. */
    record SupervisorStateChanged(EventType type) implements BusEvent {
        @Override public String payload() { return ""; }
    }

    /** TICK_5/60/3600: {@code when} is the start of the time slice that has just begun. */
    record Tick(EventType type, long when) implements BusEvent {
        @Override public String payload() { return "when:" + when; }
    }

    /** PROCESS_GROUP_ADDED/_REMOVED (supervisord ends this payload with a newline). */
    record GroupChanged(EventType type, String group) implements BusEvent {
        @Override public String payload() { return "groupname:" + group + "\n"; }
    }

    /** supervisord's {@code as_string(data)}, or {@code Undecodable: b'...'} when the bytes are not UTF-8. */
    static String text(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return "Undecodable: " + PythonRepr.bytes(data, 0, data.length);
        }
    }
}
