package dev.c2a.testing;

import dev.c2a.job.QueueUnavailableException;
import dev.c2a.queue.Coordination;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link Coordination} whose database a test takes away and gives back: while away, every call fails as a down server's would. */
public final class Unreachable {
    private final AtomicBoolean away = new AtomicBoolean();
    private final Coordination coordination;

    public Unreachable(Coordination real) {
        this.coordination = (Coordination) Proxy.newProxyInstance(Coordination.class.getClassLoader(),
                new Class<?>[] {Coordination.class}, (proxy, method, args) -> {
                    if (away.get()) {
                        throw new QueueUnavailableException("connection refused (the test took the database away)",
                                null);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    public Coordination coordination() {
        return coordination;
    }

    public void away() {
        away.set(true);
    }

    public void back() {
        away.set(false);
    }
}
