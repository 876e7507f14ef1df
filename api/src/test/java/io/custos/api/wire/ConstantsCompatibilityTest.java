package io.custos.api.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.junit.jupiter.api.Test;

/** Op codes, error codes, event types, states, create modes and perms equal ZooKeeper 3.9.3's. */
class ConstantsCompatibilityTest {

    /** "getChildren2" and "GET_CHILDREN2" both become "getchildren2". */
    private static String normalize(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> Map<String, E> byName(Class<E> type) {
        Map<String, E> out = new HashMap<>();
        for (E value : type.getEnumConstants()) {
            out.put(normalize(value.name()), value);
        }
        return out;
    }

    @Test
    void opCodes() throws IllegalAccessException {
        Map<String, OpCode> ours = byName(OpCode.class);
        int checked = 0;
        for (Field field : ZooDefs.OpCode.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                OpCode op = ours.get(normalize(field.getName()));
                assertNotNull(op, "missing op " + field.getName());
                assertEquals(field.getInt(null), op.code, field.getName());
                checked++;
            }
        }
        assertEquals(ours.size(), checked, "ours has ops ZooKeeper lacks");
    }

    @Test
    void errorCodes() {
        Map<String, ErrorCode> ours = byName(ErrorCode.class);
        for (KeeperException.Code code : KeeperException.Code.values()) {
            ErrorCode ourCode = ours.get(normalize(code.name()));
            assertNotNull(ourCode, "missing error " + code);
            assertEquals(code.intValue(), ourCode.code, code.name());
        }
    }

    @Test
    void eventTypesStatesModesPerms() {
        for (Watcher.Event.EventType type : Watcher.Event.EventType.values()) {
            assertEquals(type.getIntValue(), byName(EventType.class).get(normalize(type.name())).code, type.name());
        }
        for (Watcher.Event.KeeperState state : Watcher.Event.KeeperState.values()) {
            KeeperState ours = byName(KeeperState.class).get(normalize(state.name()));
            assertNotNull(ours, "missing state " + state);
            assertEquals(state.getIntValue(), ours.code, state.name());
        }
        for (org.apache.zookeeper.CreateMode mode : org.apache.zookeeper.CreateMode.values()) {
            assertEquals(mode.toFlag(), CreateMode.valueOf(mode.name()).flag, mode.name());
        }
        assertEquals(ZooDefs.Perms.READ, Perms.READ);
        assertEquals(ZooDefs.Perms.WRITE, Perms.WRITE);
        assertEquals(ZooDefs.Perms.CREATE, Perms.CREATE);
        assertEquals(ZooDefs.Perms.DELETE, Perms.DELETE);
        assertEquals(ZooDefs.Perms.ADMIN, Perms.ADMIN);
        assertEquals(ZooDefs.Perms.ALL, Perms.ALL);
    }
}
