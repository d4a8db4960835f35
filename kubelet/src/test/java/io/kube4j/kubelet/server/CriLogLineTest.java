package io.kube4j.kubelet.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CriLogLineTest {

    private static CriLogLine parse(String s) {
        return CriLogLine.parse(s.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void parsesAFullLine() {
        CriLogLine line = parse("2016-10-06T00:17:09.669794202Z stdout F log content 1");
        assertEquals(Instant.parse("2016-10-06T00:17:09.669794202Z"), line.time());
        assertEquals("stdout", line.stream());
        assertFalse(line.partial());
        assertArrayEquals("log content 1".getBytes(StandardCharsets.UTF_8), line.content());
    }

    @Test
    void parsesAPartialStderrLineAndKeepsSpacesInContent() {
        CriLogLine line = parse("2016-10-06T00:17:10.113242941Z stderr P  two  spaces ");
        assertTrue(line.partial());
        assertEquals("stderr", line.stream());
        assertEquals(" two  spaces ", new String(line.content(), StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyLineWithoutTrailingSpaceIsEmptyContent() {
        assertEquals(0, parse("2016-10-06T00:17:10Z stdout F").content().length);
    }

    @Test
    void theTagMayCarryMoreFields() {
        assertTrue(parse("2016-10-06T00:17:10Z stdout P:extra x").partial());
    }

    @Test
    void rejectsWhatIsNotCri() {
        for (String bad : new String[] {"", "hello world", "notatime stdout F x", "2016-10-06T00:17:10Z stdin F x",
                "2016-10-06T00:17:10Z stdout X x"}) {
            assertTrue(CriLogLine.parse(bad.getBytes(StandardCharsets.UTF_8)).isEmpty(), bad);
        }
    }
}
