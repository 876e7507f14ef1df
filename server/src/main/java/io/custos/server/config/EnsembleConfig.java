package io.custos.server.config;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ensemble this server belongs to, from zoo.cfg's {@code server.N} lines and {@code dataDir/myid}
 * ({@link ConfigParser} checks them; {@link ServerConfig#ensemble()} is null when the server runs
 * standalone). Every address is resolved once, at parse time.
 *
 * <p>Limits come in two units on purpose: {@code initLimit} and {@code syncLimit} keep ZooKeeper's
 * meaning (ticks of {@code tickTime}), while the ZAB core ticks every {@link #peerTickMs}. A driver
 * converts with {@code initLimitTicks * tickTimeMs / peerTickMs}.
 */
public record EnsembleConfig(
        /** This server's id: {@code dataDir/myid}, or {@code custos.myid}. Always a key of {@link #members}. */
        long myId,
        /** Every member, this server included, in ascending id order; unmodifiable. */
        Map<Long, Member> members,
        /** {@code initLimit}: ticks of tickTime a follower may take to connect to and sync with a leader. */
        int initLimitTicks,
        /** {@code syncLimit}: ticks of tickTime a follower may fall behind before the leader drops it. */
        int syncLimitTicks,
        /** {@code custos.peerTickMs}: the ZAB core's tick, at most tickTime. */
        int peerTickMs) {

    /** ZooKeeper's LearnerType: participants vote and may lead; observers only follow. */
    public enum Role { PARTICIPANT, OBSERVER }

    /** One {@code server.N} line, first address only (further {@code |} addresses are not used yet). */
    public record Member(
            long id,
            InetSocketAddress quorumAddress,
            InetSocketAddress electionAddress,
            Role role,
            /** The line's {@code ;[clientHost:]clientPort} part (the wildcard address when no host); null without one. */
            InetSocketAddress clientAddress) {

        public Member {
            Objects.requireNonNull(quorumAddress, "quorumAddress");
            Objects.requireNonNull(electionAddress, "electionAddress");
            Objects.requireNonNull(role, "role");
            if (id < 1 || id > 254) {
                throw new IllegalArgumentException("member id " + id + " outside 1..254");
            }
        }
    }

    /** The parser guarantees these; a failure here is a bug in whoever built the record. */
    public EnsembleConfig {
        members = Collections.unmodifiableMap(new TreeMap<>(members));
        members.forEach((id, member) -> {
            if (member.id() != id) {
                throw new IllegalArgumentException("member " + member.id() + " stored under id " + id);
            }
        });
        if (!members.containsKey(myId)) {
            throw new IllegalArgumentException("myId " + myId + " is not among the members " + members.keySet());
        }
        if (members.values().stream().noneMatch(m -> m.role() == Role.PARTICIPANT)) {
            throw new IllegalArgumentException("an ensemble needs a participant: " + members.keySet());
        }
        if (initLimitTicks < 1 || syncLimitTicks < 1 || peerTickMs < 1) {
            throw new IllegalArgumentException("limits must be positive: initLimitTicks=" + initLimitTicks
                    + ", syncLimitTicks=" + syncLimitTicks + ", peerTickMs=" + peerTickMs);
        }
    }

    /** This server's own member. */
    public Member me() {
        return members.get(myId);
    }

    /** Ids of the participants, the servers whose acks and votes count toward a quorum; ascending. */
    public Set<Long> voters() {
        return ids(Role.PARTICIPANT);
    }

    /** Ids of the observers; ascending, possibly empty. */
    public Set<Long> observers() {
        return ids(Role.OBSERVER);
    }

    private Set<Long> ids(Role role) {
        Set<Long> ids = new TreeSet<>();
        members.values().stream().filter(m -> m.role() == role).forEach(m -> ids.add(m.id()));
        return Collections.unmodifiableSet(ids);
    }
}
