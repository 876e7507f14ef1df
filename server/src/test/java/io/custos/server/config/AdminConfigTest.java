package io.custos.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The admin.* keys: ZooKeeper's defaults, their values checked, and ZooKeeper's other admin keys still ignored. */
class AdminConfigTest {
    @Test
    void defaultsAreZooKeepers() throws ConfigException {
        assertEquals(new AdminConfig(true, "0.0.0.0", 8080), ConfigParser.defaults().admin());
    }

    @Test
    void keysSetIt() throws ConfigException {
        assertEquals(new AdminConfig(false, "127.0.0.1", 0),
                ConfigParserTest.parse("admin.enableServer=false", "admin.serverAddress=127.0.0.1", "admin.serverPort=0").admin());
        assertEquals(new AdminConfig(true, "0.0.0.0", 9090), ConfigParserTest.parse("admin.enableServer=yes", "admin.serverPort=9090").admin());
    }

    @Test
    void otherAdminKeysAreStillAcceptedAndIgnored() throws ConfigException {
        assertEquals(new AdminConfig(true, "0.0.0.0", 8080),
                ConfigParserTest.parse("admin.commandURL=/cmds", "admin.idleTimeout=1000", "admin.forceHttps=false").admin());
    }

    @Test
    void badValuesAreProblems() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParserTest.parse("admin.enableServer=maybe", "admin.serverPort=70000"));
        assertEquals(List.of("admin.enableServer=maybe: expected yes/no or true/false",
                "admin.serverPort=70000: expected a port number 0..65535 (0 = any free port)"), e.problems());
    }
}
