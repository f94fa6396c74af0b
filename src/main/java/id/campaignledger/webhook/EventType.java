package id.campaignledger.webhook;

import java.util.Arrays;
import java.util.Optional;

/** The events a subscription can ask for, by their wire names. */
public enum EventType {
    TRANSACTION_RECORDED("transaction.recorded"),
    TRANSACTION_REVERSED("transaction.reversed"),
    IMPORT_COMPLETED("import.completed"),
    TARGET_REVISED("target.revised"),
    TARGET_MILESTONE("target.milestone");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<EventType> of(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
    }
}
