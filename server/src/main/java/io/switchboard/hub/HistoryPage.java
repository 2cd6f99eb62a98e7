package io.switchboard.hub;

import io.switchboard.protocol.ServerFrame;
import io.switchboard.topic.HistorySlice;
import io.switchboard.topic.Publication;

/** A page of history as the {@code history} frame carries it, over WebSocket and REST alike. */
public final class HistoryPage {

    private HistoryPage() {
    }

    public static ServerFrame.History frame(String id, HistorySlice slice) {
        return new ServerFrame.History(id, slice.topic().value(), slice.epoch(), slice.recovered(),
                slice.messages().stream().map(Publication::toFrame).toList(),
                slice.next() == null ? null : new ServerFrame.History.Cursor(slice.next().offset(), slice.next().epoch()));
    }
}
