package io.switchboard.hub;

import io.switchboard.protocol.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the WebSocket side since start: deliveries and errors answered, by code. */
@ApplicationScoped
public class HubCounters {

    private final LongAdder delivered = new LongAdder();
    private final Map<ErrorCode, LongAdder> errors = new EnumMap<>(ErrorCode.class);

    public HubCounters() {
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, new LongAdder());
        }
    }

    /** The delivery counter, for each connection to count on directly. */
    LongAdder deliveries() {
        return delivered;
    }

    public void error(ErrorCode code) {
        errors.get(code).increment();
    }

    public long deliveredTotal() {
        return delivered.sum();
    }

    public Map<ErrorCode, Long> errorsTotal() {
        Map<ErrorCode, Long> totals = new EnumMap<>(ErrorCode.class);
        errors.forEach((code, count) -> totals.put(code, count.sum()));
        return totals;
    }
}
