package io.custos.server.txn;

import io.custos.api.wire.ACL;
import io.custos.api.wire.JuteReader;
import io.custos.api.wire.JuteRecord;
import io.custos.api.wire.JuteWriter;
import io.custos.api.wire.MalformedRecordException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a transaction does to the tree. Every decision (versions, sequential names, ACL expansion,
 * ownership) was made when the request was prepared, so applying a body is deterministic and
 * every replica that applies the same transactions in zxid order ends in the same state.
 */
public sealed interface TxnBody extends JuteRecord {

    /**
     * Creates {@code path}. {@code ephemeralOwner} is the stored owner (session, container or TTL
     * marker, see {@code EphemeralOwner}); {@code parentCversion} is the parent's new stored
     * child-create count.
     */
    record CreateTxn(String path, byte[] data, List<ACL> acl, long ephemeralOwner, int parentCversion)
            implements TxnBody {
        @Override
        public void write(JuteWriter writer) {
            writer.writeString(path).writeBuffer(data).writeRecordList(acl);
            writer.writeLong(ephemeralOwner).writeInt(parentCversion);
        }

        static CreateTxn read(JuteReader reader) {
            return new CreateTxn(reader.readString(), reader.readBuffer(), ACL.readList(reader),
                    reader.readLong(), reader.readInt());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CreateTxn that && path.equals(that.path) && Arrays.equals(data, that.data)
                    && acl.equals(that.acl) && ephemeralOwner == that.ephemeralOwner
                    && parentCversion == that.parentCversion;
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, Arrays.hashCode(data), acl, ephemeralOwner, parentCversion);
        }

        @Override
        public String toString() {
            return "CreateTxn[path=" + path + ", dataBytes=" + (data == null ? -1 : data.length)
                    + ", acl=" + acl + ", ephemeralOwner=0x" + Long.toHexString(ephemeralOwner)
                    + ", parentCversion=" + parentCversion + "]";
        }
    }

    record DeleteTxn(String path) implements TxnBody {
        @Override
        public void write(JuteWriter writer) {
            writer.writeString(path);
        }

        static DeleteTxn read(JuteReader reader) {
            return new DeleteTxn(reader.readString());
        }
    }

    /** {@code version} is the node's new data version. */
    record SetDataTxn(String path, byte[] data, int version) implements TxnBody {
        @Override
        public void write(JuteWriter writer) {
            writer.writeString(path).writeBuffer(data).writeInt(version);
        }

        static SetDataTxn read(JuteReader reader) {
            return new SetDataTxn(reader.readString(), reader.readBuffer(), reader.readInt());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SetDataTxn that && path.equals(that.path) && Arrays.equals(data, that.data)
                    && version == that.version;
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, Arrays.hashCode(data), version);
        }

        @Override
        public String toString() {
            return "SetDataTxn[path=" + path + ", dataBytes=" + (data == null ? -1 : data.length)
                    + ", version=" + version + "]";
        }
    }

    /** {@code aversion} is the node's new ACL version. */
    record SetACLTxn(String path, List<ACL> acl, int aversion) implements TxnBody {
        @Override
        public void write(JuteWriter writer) {
            writer.writeString(path).writeRecordList(acl).writeInt(aversion);
        }

        static SetACLTxn read(JuteReader reader) {
            return new SetACLTxn(reader.readString(), ACL.readList(reader), reader.readInt());
        }
    }

    /** A passed version check inside a multi; changes nothing. */
    record CheckVersionTxn(String path, int version) implements TxnBody {
        @Override
        public void write(JuteWriter writer) {
            writer.writeString(path).writeInt(version);
        }

        static CheckVersionTxn read(JuteReader reader) {
            return new CheckVersionTxn(reader.readString(), reader.readInt());
        }
    }

    /** A write that failed when prepared: it still uses up its zxid, as in ZooKeeper. */
    record ErrorTxn(int err) implements TxnBody {
        @Override
        public void write(JuteWriter writer) {
            writer.writeInt(err);
        }

        static ErrorTxn read(JuteReader reader) {
            return new ErrorTxn(reader.readInt());
        }
    }

    /** One op of a multi, with the op type that shapes its result. */
    record SubTxn(int type, TxnBody body) {
    }

    /**
     * A multi. All ops share the multi's zxid. A failed multi holds only {@link ErrorTxn}s: 0 for
     * the ops before the failure (rolled back), the failure's code, then RUNTIMEINCONSISTENCY.
     */
    record MultiTxn(List<SubTxn> ops) implements TxnBody {
        @Override
        public void write(JuteWriter writer) {
            writer.writeInt(ops.size());
            for (SubTxn op : ops) {
                writer.writeInt(op.type());
                op.body().write(writer);
            }
        }

        public boolean failed() {
            return !ops.isEmpty() && ops.get(0).body() instanceof ErrorTxn;
        }
    }

    /**
     * Starts a session. The password travels in the transaction so that every server of an
     * ensemble can check it when the client moves.
     */
    record CreateSessionTxn(int timeOutMs, byte[] passwd) implements TxnBody {
        @Override
        public void write(JuteWriter writer) {
            writer.writeInt(timeOutMs).writeBuffer(passwd);
        }

        static CreateSessionTxn read(JuteReader reader) {
            return new CreateSessionTxn(reader.readInt(), reader.readBuffer());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CreateSessionTxn that && timeOutMs == that.timeOutMs
                    && Arrays.equals(passwd, that.passwd);
        }

        @Override
        public int hashCode() {
            return Objects.hash(timeOutMs, Arrays.hashCode(passwd));
        }

        @Override
        public String toString() {
            return "CreateSessionTxn[timeOutMs=" + timeOutMs + "]";
        }
    }

    /**
     * Ends the header's session (close or expiry) and deletes the ephemerals listed, in that
     * order, as ZooKeeper's CloseSessionTxn {@code paths2Delete}: prep decides the set, so apply
     * (and a replay of the log) deletes exactly what prep saw.
     */
    record CloseSessionTxn(List<String> paths2Delete) implements TxnBody {
        public CloseSessionTxn {
            paths2Delete = List.copyOf(paths2Delete);
        }

        @Override
        public void write(JuteWriter writer) {
            writer.writeStringList(paths2Delete);
        }

        static CloseSessionTxn read(JuteReader reader) {
            List<String> paths = reader.readStringList();
            if (paths == null || paths.contains(null)) {
                throw new MalformedRecordException("closeSession txn without its paths");
            }
            return new CloseSessionTxn(paths);
        }
    }
}
