package io.custos.server.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** maxClientCnxns (per client IP) and maxCnxns (in all); 0 means no limit. */
final class ConnectionLimits {
    private final int perAddressMax;
    private final int totalMax;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> byAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    ConnectionLimits(int perAddressMax, int totalMax) {
        this.perAddressMax = perAddressMax;
        this.totalMax = totalMax;
    }

    /** Counts the connection in, or returns why it is refused (and counts nothing). */
    String admit(InetSocketAddress remote) {
        InetAddress address = remote.getAddress();
        int fromAddress = byAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        int all = total.incrementAndGet();
        if (perAddressMax > 0 && fromAddress > perAddressMax) {
            release(remote);
            return "too many connections from " + address.getHostAddress() + " - max is " + perAddressMax
                    + " (maxClientCnxns)";
        }
        if (totalMax > 0 && all > totalMax) {
            release(remote);
            return "too many connections in all - max is " + totalMax + " (maxCnxns)";
        }
        return null;
    }

    void release(InetSocketAddress remote) {
        total.decrementAndGet();
        byAddress.computeIfPresent(remote.getAddress(), (a, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}
