package io.switchboard.store;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.SwitchboardException;
import io.switchboard.testing.LogLines;
import io.switchboard.topic.TopicName;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopicRecordsTest {

    @Test
    void aClaimThatFailsIsReportedForItsOwnFailureEvenWhenTheRollbackFailsToo() {
        TopicRecords records = new TopicRecords(failing(), new FrameCodec(), Clock.systemUTC());
        try (LogLines log = LogLines.of(TopicRecords.class)) {
            SwitchboardException refused = assertThrows(SwitchboardException.class,
                    () -> records.claim(TopicName.of("orders.eu"), "e1", 10, Instant.EPOCH));
            assertEquals(ErrorCode.UNAVAILABLE, refused.code());

            LogRecord logged = log.records().get(0);
            assertEquals("the claim failed", logged.getThrown().getMessage());
            assertEquals("the rollback failed", logged.getThrown().getSuppressed()[0].getMessage());
        }
    }

    /** A database whose connections open, then fail every statement and every rollback. */
    private static DataSource failing() {
        Connection connection = (Connection) Proxy.newProxyInstance(TopicRecordsTest.class.getClassLoader(),
                new Class<?>[]{Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "prepareStatement" -> throw new SQLException("the claim failed");
                    case "rollback" -> throw new SQLException("the rollback failed");
                    default -> null;
                });
        return (DataSource) Proxy.newProxyInstance(TopicRecordsTest.class.getClassLoader(),
                new Class<?>[]{DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return connection;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
