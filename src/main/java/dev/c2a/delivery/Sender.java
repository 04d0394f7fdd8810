package dev.c2a.delivery;

import dev.c2a.queue.Outbox;

import java.util.List;

/** Delivers one sink's due deliveries ({@link Outbox#take}), and says how each went. */
interface Sender {

    /** The sink it takes from: {@code results:<adapter>}, {@code callback}, {@code webhook:<name>}. */
    String sink();

    /** Delivers {@code due}, marking each delivered or failed in the outbox. */
    void send(List<Outbox.Delivery> due) throws Exception;
}
