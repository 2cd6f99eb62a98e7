package io.switchboard.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What one class logs while a test runs: open it before, read {@link #records()}, close it after. */
public final class LogLines implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogLines(Class<?> source) {
        this.logger = Logger.getLogger(source.getName());
        logger.addHandler(capture);
    }

    public static LogLines of(Class<?> source) {
        return new LogLines(source);
    }

    public List<LogRecord> records() {
        return records;
    }

    @Override
    public void close() {
        logger.removeHandler(capture);
    }
}
